import Foundation
import TallyCore
import TallyFetch
import TallyInterface
import TallyTesting

/// One server for the tests that do not count connections (each uses its own paths or query strings, so the
/// request log tells them apart).
let sharedServer = Result { try FeedServer() }

/// The fetcher configuration of the tests: 60 s a request, 2 s for the tests of the deadline. The deadline is not
/// what these tests are about, and `make test` runs them beside every other suite on two cores: with other builds
/// on the machine (load average 10) a 20,000-item feed and a chain of six redirects took more than 10 s.
func testConfiguration(caFile: String? = nil, parallel: Int = 8, timeout: Duration = .seconds(60)) -> FetchConfiguration {
    FetchConfiguration(settings: FetchSettings(parallel: parallel, caFile: caFile), version: "9.9", requestTimeout: timeout)
}

/// Fetches one URL (with validators) with a fresh fetcher.
func fetchOne(
    _ url: String, etag: String? = nil, lastModified: String? = nil, caFile: String? = nil, timeout: Duration = .seconds(60)
) async throws -> FetchOutcome {
    try await FeedFetcher.withFetcher(testConfiguration(caFile: caFile, timeout: timeout)) { fetcher in
        await fetcher.fetch(DueFeed(agreement: "a", feed: "f", url: url, etag: etag, lastModified: lastModified))
    }
}

extension FetchOutcome {
    /// The failure's sentence, or nil.
    var reason: String? {
        if case .failed(_, let reason) = report.result { reason } else { nil }
    }
}
