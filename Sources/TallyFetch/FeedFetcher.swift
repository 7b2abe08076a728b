import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL
import Synchronization
import TallyCore
import TallyFeeds
import TallyInterface

/// Fetches feeds over HTTP(S) the way SPEC §10 says (conditional GET, redirects followed by hand, a deadline, a size
/// limit, gzip) and tells what each answered; it keeps no state between fetches.
///
/// One fetcher, and one `HTTPClient`, serve a round: ``withFetcher(_:parse:_:)`` makes it and shuts it down.
public final class FeedFetcher: Sendable {
    /// The limits and settings every fetch obeys.
    public let configuration: FetchConfiguration
    private let client: HTTPClient
    private let parse: FeedParsing

    private init(configuration: FetchConfiguration, parse: @escaping FeedParsing) throws(FetchSetupError) {
        self.configuration = configuration
        self.parse = parse
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = configuration.caFile {
            let certificates = try Self.certificates(in: caFile)
            // Without a system store (no ca-certificates, or a root that has no /etc/ssl) BoringSSL fails every
            // handshake before it looks at the additional roots: the ca_file is then the only store.
            if Self.hasSystemStore {
                tls.additionalTrustRoots = [.certificates(certificates)]
            } else {
                tls.trustRoots = .certificates(certificates)
            }
        }
        var http = HTTPClient.Configuration(
            tlsConfiguration: tls,
            // Redirects are followed by `fetch`: it reports where permanent ones led and names a loop.
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.requestTimeout)),
            decompression: .enabled(limit: .size(configuration.maximumBytes)))
        http.httpVersion = .automatic
        // A refused connection is a failed fetch at once, not retried until the deadline.
        http.connectionPool.retryConnectionEstablishment = false
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, configuration.parallel)
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Runs `body` with a fetcher for `configuration` that reads bodies with `parse` (TallyFeeds' parser unless a test
    /// gives another), then shuts its client down.
    public static func withFetcher<Result: Sendable>(
        _ configuration: FetchConfiguration, parse: @escaping FeedParsing = FeedFetcher.parseFeed,
        _ body: (FeedFetcher) async throws -> Result
    ) async throws -> Result {
        let fetcher = try FeedFetcher(configuration: configuration, parse: parse)
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(fetcher))
        } catch {
            result = .failure(error)
        }
        try? await fetcher.client.shutdown()
        return try result.get()
    }

    /// Fetches `feed` (its URL, with its validators) and says what came of it; never throws: every failure is a
    /// ``FetchReport/Result/failed(status:reason:)`` with one sentence.
    ///
    /// The deadline bounds the whole fetch, redirects and body included: AsyncHTTPClient's own deadline ends when
    /// the headers arrive, and its read timeout only bounds the gap between two reads, so a server that sends a
    /// byte now and then would otherwise hold the round (and every feed after it) for as long as it likes.
    public func fetch(_ feed: DueFeed) async -> FetchOutcome {
        let answered = AnsweredStatus()
        let timeout = configuration.requestTimeout
        return await withTaskGroup(of: FetchOutcome?.self) { group in
            group.addTask { await self.fetch(feed, answered: answered) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let outcome = first { return outcome }
            // The deadline passed first: the fetch is cancelled (AsyncHTTPClient closes its connection).
            let status = answered.status.withLock { $0 }
            let reason = status == nil ? "no answer within \(timeout.spoken)" : "the answer was not complete within \(timeout.spoken)"
            return FetchOutcome(FetchReport(.failed(status: status, reason: reason)))
        }
    }

    private func fetch(_ feed: DueFeed, answered: AnsweredStatus) async -> FetchOutcome {
        let deadline = NIODeadline.now() + TimeAmount(configuration.requestTimeout)
        var trail = RedirectTrail(from: feed.url, limit: configuration.maximumRedirects)
        while true {
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request(for: feed, url: trail.current), deadline: deadline)
            } catch {
                return failure(nil, sentence(for: error, url: trail.current), trail)
            }
            let status = Int(response.status.code)
            guard RedirectTrail.isRedirect(status) else {
                answered.status.withLock { $0 = status }
                return await answer(response, feed: feed, trail: trail)
            }
            await Self.discard(response.body)
            if case .failure(let refusal) = trail.follow(status, to: response.headers.first(name: "location")) {
                return failure(status, refusal.sentence, trail)
            }
        }
    }

    private func request(for feed: DueFeed, url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: FetchConfiguration.accept)
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        if let etag = feed.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified = feed.lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        return request
    }

    /// What a final (non-redirect) answer means.
    private func answer(_ response: HTTPClientResponse, feed: DueFeed, trail: RedirectTrail) async -> FetchOutcome {
        let status = Int(response.status.code)
        let movedTo = trail.movedTo
        switch status {
        case 200:
            break
        case 304:
            await Self.discard(response.body)
            return FetchOutcome(FetchReport(.notModified, movedTo: movedTo))
        case 410:
            await Self.discard(response.body)
            return FetchOutcome(FetchReport(.gone, movedTo: movedTo))
        case 429, 503:
            await Self.discard(response.body)
            let header = response.headers.first(name: "retry-after")
            return FetchOutcome(FetchReport(.throttled(status: status, retryAfter: header.flatMap(RetryAfter.init(header:))),
                                            movedTo: movedTo), retryAfterHeader: header)
        default:
            await Self.discard(response.body)
            return failure(status, "the server answered HTTP \(status) \(response.status.reasonPhrase)", trail)
        }
        let bytes: [UInt8]
        do {
            bytes = try await read(response)
        } catch {
            return failure(status, sentence(for: error, url: trail.current, inBody: true), trail)
        }
        let content: FeedContent
        do {
            content = try parse(bytes, response.headers.first(name: "content-type"), trail.current)
        } catch {
            return failure(status, String(describing: error), trail)
        }
        let validators = FetchReport.Result.fetched(etag: response.headers.first(name: "etag"),
                                                    lastModified: response.headers.first(name: "last-modified"))
        return FetchOutcome(FetchReport(validators, movedTo: movedTo), language: content.language, items: content.items)
    }

    private func failure(_ status: Int?, _ reason: String, _ trail: RedirectTrail) -> FetchOutcome {
        FetchOutcome(FetchReport(.failed(status: status, reason: reason), movedTo: trail.movedTo))
    }

    /// The body, decompressed, refused past ``FetchConfiguration/maximumBytes`` as soon as that is known.
    private func read(_ response: HTTPClientResponse) async throws -> [UInt8] {
        let limit = configuration.maximumBytes
        // An uncompressed body says its size up front; a compressed one is measured as it inflates.
        if response.headers.first(name: "content-encoding") == nil,
           let length = response.headers.first(name: "content-length").flatMap(Int.init), length > limit {
            throw BodyTooLarge()
        }
        var bytes: [UInt8] = []
        for try await chunk in response.body {
            guard bytes.count + chunk.readableBytes <= limit else { throw BodyTooLarge() }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    /// Reads and drops up to 64 KiB of a body nobody needs, so that a short one leaves its connection reusable; a
    /// longer one is abandoned (its connection closed).
    private static func discard(_ body: HTTPClientResponse.Body) async {
        var left = 64 * 1024
        do {
            for try await chunk in body {
                left -= chunk.readableBytes
                if left < 0 { return }
            }
        } catch {}
    }

    /// The certificates of the PEM file `path`, or the sentence that says why they cannot be read.
    private static func certificates(in path: String) throws(FetchSetupError) -> [NIOSSLCertificate] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw FetchSetupError("the ca_file \(path) cannot be read; name a PEM certificate file in [fetch] ca_file")
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw FetchSetupError("the ca_file \(path) holds no PEM certificate; name a PEM certificate file in [fetch] ca_file")
        }
        guard !certificates.isEmpty else {
            throw FetchSetupError("the ca_file \(path) holds no PEM certificate; name a PEM certificate file in [fetch] ca_file")
        }
        return certificates
    }
}

extension FeedFetcher {
    /// TallyFeeds' parser: RSS, RDF, Atom and news sitemaps, entity-safe.
    public static let parseFeed: FeedParsing = { bytes, contentType, baseURL in
        let parsed = try FeedParser.parse(bytes, contentType: contentType, baseURL: baseURL)
        return FeedContent(language: parsed.language, items: parsed.items)
    }
}

extension FeedFetcher {
    /// Where the system's CA store may be (Debian's first, as NIOSSL looks for it).
    static let systemStores = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
                               "/etc/pki/tls/cacert.pem", "/etc/ssl/certs", "/etc/pki/tls/certs"]

    /// Whether this machine has a system CA store.
    static var hasSystemStore: Bool { systemStores.contains { FileManager.default.fileExists(atPath: $0) } }
}

/// The status of a fetch's final answer, once its headers arrived: what a deadline reached while reading its body
/// reports.
final class AnsweredStatus: Sendable {
    let status = Mutex<Int?>(nil)
}

/// The body passed the size limit.
struct BodyTooLarge: Error {}

/// Why a round cannot fetch at all (not one feed's failure): one sentence.
public struct FetchSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sentence.
    public let description: String

    init(_ description: String) { self.description = description }
}
