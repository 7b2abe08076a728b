import Foundation

/// A real HTTP and HTTPS server on 127.0.0.1 (ephemeral ports) serving the feed fixtures of SPEC §10, for the
/// fetcher's tests and benchmarks: a Python 3 `http.server` child process written by ``script``.
///
/// Three listeners: plain HTTP, HTTPS with a certificate of a test CA generated at start (trust it with
/// ``caFile``), and HTTPS with a self-signed certificate nobody trusts. Fixtures, by path:
///
/// - `/feed`: a small RSS 2.0 feed with `ETag: "v1"` and a `Last-Modified`; 304 for a matching `If-None-Match`
///   (or, without one, `If-Modified-Since`). `/files/NAME` does the same for a file put in ``documents``
///   (`?type=` overrides its content type). `/html`: an HTML page.
/// - `/status/CODE[?retry-after=VALUE]`: that status, with the header when given.
/// - `/chain/301,302,308/TARGET`: one redirect per listed status (relative `Location`, the query kept), then `/TARGET`;
///   `/hops/N`: N redirects (302) to `/feed`; `/loop/a`: 301s between `/loop/a` and `/loop/b` for ever;
///   `/redirect?status=S&to=URL`: one redirect to any URL.
/// - `/stall/headers`: headers, 40 bytes of a 100,000-byte body, then nothing; `/stall/silent`: nothing at all;
///   `/stall/drip`: headers, then one byte every half second for an hour.
/// - `/gzip`, `/deflate`: the feed compressed; `/bomb`: 30 MiB of spaces gzipped to 30 KiB.
/// - `/big[?mib=N][&length=no]`: an N MiB (default 25) body, with `Content-Length` or until the connection closes.
/// - Any fixture takes `?delay=SECONDS` before answering (to see how many requests run at once).
public final class FeedServer: Sendable {
    /// The port of the plain HTTP listener.
    public let httpPort: Int
    /// The port of the HTTPS listener whose certificate the test CA (``caFile``) signed, for `127.0.0.1` and
    /// `localhost`.
    public let httpsPort: Int
    /// The port of the HTTPS listener with a self-signed certificate that no store trusts.
    public let untrustedPort: Int
    /// The test CA's certificate (PEM), as `[fetch] ca_file` names one.
    public let caFile: String
    /// Files served under `/files/`.
    public let documents: String

    private let directory: TemporaryDirectory
    private let logPath: String
    private let server: PythonServer

    /// Which of the server's listeners a URL points at.
    public enum Listener: Sendable {
        /// Plain HTTP.
        case http
        /// HTTPS with a certificate of the test CA.
        case https
        /// HTTPS with an untrusted certificate.
        case untrusted
    }

    /// Generates the certificates, starts the server and waits until it listens.
    public init() throws {
        directory = try TemporaryDirectory(prefix: "tally-feeds")
        documents = try directory.makeDirectory("documents")
        logPath = directory.path("requests.jsonl")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let certificates = try TestCertificates(in: directory.makeDirectory("pki"))
        caFile = certificates.caFile
        let script = try directory.write("feed_server.py", Self.script)

        server = try PythonServer(
            script: script,
            arguments: [documents, logPath, certificates.serverCertificate, certificates.serverKey,
                        certificates.untrustedCertificate, certificates.untrustedKey],
            errorPath: directory.path("server.err"), what: "the feed server")
        guard let ports = try? JSONDecoder().decode([String: Int].self, from: Data(server.firstLine.utf8)),
              let http = ports["http"], let https = ports["https"], let untrusted = ports["untrusted"]
        else {
            server.stop()
            throw Executables.Failure(description: "the feed server printed \(server.firstLine) instead of its ports")
        }
        httpPort = http
        httpsPort = https
        untrustedPort = untrusted
    }

    /// Stops the server (and every request it still holds).
    public func stop() { server.stop() }

    /// The URL of `path` (starting with `/`) on `listener`, by IP address or, with `host`, by name.
    public func url(_ path: String, on listener: Listener = .http, host: String = "127.0.0.1") -> String {
        switch listener {
        case .http: "http://\(host):\(httpPort)\(path)"
        case .https: "https://\(host):\(httpsPort)\(path)"
        case .untrusted: "https://\(host):\(untrustedPort)\(path)"
        }
    }

    /// One request the server received.
    public struct Request: Sendable, Decodable, Hashable {
        /// The path with its query, as sent.
        public var path: String
        /// The listener's port.
        public var port: Int
        /// The request's headers, names lower-cased.
        public var headers: [String: String]
        /// How many requests were in progress when it arrived, itself included.
        public var concurrent: Int
    }

    /// Every request received so far, in arrival order.
    public func requests() -> [Request] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// The requests received for paths starting with `prefix`.
    public func requests(to prefix: String) -> [Request] {
        requests().filter { $0.path.hasPrefix(prefix) }
    }
}

extension Component {
    /// python3 and the openssl command, for ``FeedServer``.
    public static let feedServer = Component(
        "python3 and the openssl command", remedy: "make deps installs them (or: apt-get install python3 openssl)"
    ) { feedServerTools }

    private static let feedServerTools: Bool = {
        let python = (try? Executables.run("/usr/bin/env", ["python3", "-c", "import ssl, http.server"]))?.status == 0
        let openssl = (try? Executables.run("/usr/bin/env", ["openssl", "version"]))?.status == 0
        return python && openssl
    }()
}
