import Foundation
import TallyCore
import TallyFetch
import TallyInterface
import TallyTesting

/// Stands in for TallyFeeds' parser until it lands: anything with `<rss` or `<feed` is a feed, its `<title>`s after
/// the first are items and its `<language>` the language; anything else is "not a feed".
let stubParse: FeedParsing = { bytes, contentType, _ in
    let text = String(decoding: bytes, as: UTF8.self)
    guard text.contains("<rss") || text.contains("<feed") else {
        throw StubParseError(description: "not a feed: got \(contentType ?? "no content type"), expected RSS, Atom or a news sitemap")
    }
    let titles = text.components(separatedBy: "<item>").dropFirst().map { item in
        item.components(separatedBy: "<title>").dropFirst().first?.components(separatedBy: "</title>").first ?? ""
    }
    let language = text.components(separatedBy: "<language>").dropFirst().first?.components(separatedBy: "</language>").first
    return FeedContent(language: language, items: titles.map { FeedItem(title: $0) })
}

struct StubParseError: Error, CustomStringConvertible {
    var description: String
}

/// One server for the tests that do not count connections (each uses its own paths or query strings, so the
/// request log tells them apart).
let sharedServer = Result { try FeedServer() }

/// The fetcher configuration of the tests: 10 s a request (the tests run at once on a small machine), 2 s for the
/// tests of the deadline.
func testConfiguration(caFile: String? = nil, parallel: Int = 8, timeout: Duration = .seconds(10)) -> FetchConfiguration {
    FetchConfiguration(settings: FetchSettings(parallel: parallel, caFile: caFile), version: "9.9", requestTimeout: timeout)
}

/// Fetches one URL (with validators) with a fresh fetcher.
func fetchOne(
    _ url: String, etag: String? = nil, lastModified: String? = nil, caFile: String? = nil, timeout: Duration = .seconds(10)
) async throws -> FetchOutcome {
    try await FeedFetcher.withFetcher(testConfiguration(caFile: caFile, timeout: timeout), parse: stubParse) { fetcher in
        await fetcher.fetch(DueFeed(agreement: "a", feed: "f", url: url, etag: etag, lastModified: lastModified))
    }
}

extension FetchOutcome {
    /// The failure's sentence, or nil.
    var reason: String? {
        if case .failed(_, let reason) = report.result { reason } else { nil }
    }
}
