import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTPCompression
import NIOPosix
import NIOSSL

extension FeedFetcher {
    /// The one sentence a failed fetch of `url` reports for `error`, raised while waiting for the answer's head or,
    /// `inBody`, while reading its body.
    func sentence(for error: any Error, url: String, inBody: Bool = false) -> String {
        let host = URL(string: url)?.host ?? url
        let place = URL(string: url).map { u in u.port.map { "\(host):\($0)" } ?? host } ?? host
        let timeout = configuration.requestTimeout.spoken
        switch error {
        case is BodyTooLarge, NIOHTTPDecompression.DecompressionError.limit:
            return "the body is larger than \(configuration.maximumBytes.spokenBytes)"
        case NIOHTTPDecompression.DecompressionError.inflationError, NIOHTTPDecompression.DecompressionError.initializationError,
             is NIOHTTPDecompression.ExtraDecompressionError:
            return "the body is not the gzip or deflate data its Content-Encoding says"
        case let error as HTTPClientError:
            return sentence(for: error, host: host, place: place, timeout: timeout, inBody: inBody)
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return "the name \(host) cannot be resolved"
            }
            return error.connectionErrors.first.map { attempt in
                if let tls = attempt.error as? NIOSSLError { return tlsSentence(tls, host: host) }
                if attempt.error is BoringSSLError { return handshakeSentence(attempt.error, host: host) }
                return connectionSentence(attempt.error, place: place)
            } ?? "cannot connect to \(place)"
        case let error as IOError:
            return connectionSentence(error, place: place)
        case let error as NIOSSLError:
            return tlsSentence(error, host: host)
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return "the certificate of \(host) is not valid for that name"
        case let error as NIOSSLExtraError:
            return "the TLS handshake with \(host) failed: \(error)"
        case is CancellationError:
            return "the fetch was cancelled"
        default:
            if String(describing: type(of: error)).contains("UnknownHost") || "\(error)".contains("UnknownHost") {
                return "the name \(host) cannot be resolved"
            }
            return "the fetch of \(url) failed: \(error)"
        }
    }

    private func sentence(for error: HTTPClientError, host: String, place: String, timeout: String, inBody: Bool) -> String {
        switch error {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
            inBody ? "the answer was not complete within \(timeout)" : "no answer within \(timeout)"
        case .connectTimeout, .tlsHandshakeTimeout:
            "no connection to \(place) within \(min(configuration.connectTimeout, configuration.requestTimeout).spoken)"
        case .remoteConnectionClosed:
            "the server closed the connection before its answer was complete"
        case .invalidURL, .emptyHost, .emptyScheme:
            "the URL is not a valid http or https URL"
        case .cancelled:
            "the fetch was cancelled"
        default:
            error.shortDescription == "Unsupported scheme" ? "the URL is not an http or https URL"
                : "the HTTP exchange with \(host) failed: \(error.shortDescription.lowercased())"
        }
    }

    private func connectionSentence(_ error: any Error, place: String) -> String {
        guard let error = error as? IOError else { return "cannot connect to \(place): \(error)" }
        switch error.errnoCode {
        case ECONNREFUSED: return "the connection to \(place) was refused"
        case ETIMEDOUT: return "no connection to \(place) within \(configuration.connectTimeout.spoken)"
        case ENETUNREACH, EHOSTUNREACH: return "\(place) is not reachable from here"
        case ECONNRESET: return "the server reset the connection"
        default: return "cannot connect to \(place): \(String(cString: strerror(error.errnoCode)).lowercased())"
        }
    }

    /// A handshake that BoringSSL refused without a reason of its own: on a machine without a CA store that is why.
    private func handshakeSentence(_ error: any Error, host: String) -> String {
        guard Self.hasSystemStore else {
            return "no CA certificate to check the certificate of \(host) against: the system's store (/etc/ssl/certs) is "
                + "missing; install ca-certificates, or name a CA in [fetch] ca_file"
        }
        return "the TLS handshake with \(host) failed: \(error)"
    }

    private func tlsSentence(_ error: NIOSSLError, host: String) -> String {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the certificate of \(host) is not trusted: it is not signed by a CA of the system's store "
                + (configuration.caFile.map { "or of ca_file \($0)" } ?? "(a private CA goes in [fetch] ca_file)")
        }
        if case .uncleanShutdown = error { return "the server closed the TLS connection before its answer was complete" }

        return "the TLS handshake with \(host) failed: \(text)"
    }
}
