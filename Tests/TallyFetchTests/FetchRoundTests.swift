import Foundation
import Synchronization
import TallyCore
import TallyFetch
import TallyInterface
import TallyProtocol
import TallyTesting
import Testing

/// A round: at most `parallel` feeds at once, outcomes handed on in tallyd's order.
struct FetchRoundTests {
    @Test(arguments: [1, 3, 8])
    func outcomesComeInOrderAndNoMoreThanParallelAreHeld(parallel: Int) async throws {
        let feeds = (0..<25).map { DueFeed(agreement: "a", feed: "f\($0)", url: "http://example.org/\($0)") }
        let held = Mutex((now: 0, most: 0))
        var delivered: [String] = []
        try await FetchRound.run(feeds, parallel: parallel, fetch: { feed in
            held.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            // Later feeds finish first, so that the round must hold them back.
            let index = Int(feed.feed.dropFirst()) ?? 0
            try? await Task.sleep(for: .milliseconds(5 * (index % 4 == 0 ? 8 : 1)))
            return FetchOutcome(FetchReport(.notModified))
        }, deliver: { index, feed, _ in
            #expect(feeds[index] == feed)
            delivered.append(feed.feed)
            held.withLock { $0.now -= 1 }
        })
        #expect(delivered == feeds.map(\.feed))
        #expect(held.withLock { $0.most } <= parallel)
        #expect(held.withLock { $0.most } == min(parallel, feeds.count))
    }

    @Test func anErrorOfDeliveryEndsTheRound() async throws {
        struct Stop: Error {}
        let feeds = (0..<10).map { DueFeed(agreement: "a", feed: "f\($0)", url: "http://example.org/\($0)") }
        var delivered = 0
        await #expect(throws: Stop.self) {
            try await FetchRound.run(feeds, parallel: 2, fetch: { _ in FetchOutcome(FetchReport(.notModified)) }) { index, _, _ in
                if index == 3 { throw Stop() }
                delivered += 1
            }
        }
        #expect(delivered == 3)
    }

    @Test(.requires(.feedServer))
    func theServerSeesAtMostParallelFetchesAtOnce() async throws {
        let server = try FeedServer()
        let feeds = (0..<12).map { DueFeed(agreement: "a", feed: "f\($0)", url: server.url("/feed?delay=0.3&n=\($0)")) }
        var outcomes: [FetchOutcome] = []
        try await FeedFetcher.withFetcher(testConfiguration(parallel: 3)) { fetcher in
            try await FetchRound.run(feeds, parallel: 3, fetch: { await fetcher.fetch($0) }) { _, _, outcome in
                outcomes.append(outcome)
            }
        }
        #expect(outcomes.count == 12)
        #expect(outcomes.allSatisfy { $0.report.result.isSuccess })
        let concurrency = server.requests().map(\.concurrent)
        #expect(concurrency.count == 12)
        #expect(concurrency.max() == 3, "\(concurrency)")
    }

    @Test func aSubmissionCarriesWhatTallydNeeds() throws {
        let feed = DueFeed(agreement: "ben-tre-2024", feed: "vnp", url: "https://example.org/rss", etag: "\"1\"")
        let fetched = FetchOutcome(FetchReport(.fetched(etag: "\"2\"", lastModified: nil), movedTo: "https://example.org/new"),
                                   language: "vi", items: [FeedItem(guid: "g", url: "https://example.org/a", title: "A")])
        let submissions = fetched.submissions(for: feed)
        #expect(submissions.count == 1)
        let submission = submissions.first
        #expect(submission?.result == FetchResultInput(outcome: "FETCHED", status: 200, etag: "\"2\"", movedTo: "https://example.org/new"))
        #expect(submission?.items == [FeedItemInput(guid: "g", url: "https://example.org/a", title: "A")])
        #expect(submission?.language == "vi")
        #expect(submission?.url == "https://example.org/rss")
        #expect(submission?.partial == nil)

        let throttled = FetchOutcome(FetchReport(.throttled(status: 429, retryAfter: .seconds(120))), retryAfterHeader: "120",
                                     language: "vi", items: [FeedItem(title: "ignored")])
        #expect(throttled.submissions(for: feed) == [SubmitFetchParameters(
            agreement: "ben-tre-2024", feed: "vnp", url: "https://example.org/rss",
            result: FetchResultInput(outcome: "THROTTLED", status: 429, retryAfter: "120"))])
    }

    @Test func manyItemsGoInSeveralCallsUnderTheRequestLimit() throws {
        let summary = String(repeating: "Bình Dương ", count: 360)
        let items = (0..<1_000).map { FeedItem(guid: "g\($0)", url: "https://example.org/\($0)", title: "Tin \($0)", summary: summary) }
        let outcome = FetchOutcome(FetchReport(.fetched(etag: nil, lastModified: nil)), items: items)
        let submissions = outcome.submissions(for: DueFeed(agreement: "a", feed: "f", url: "https://example.org/rss"))
        #expect(submissions.count > 1)
        #expect(submissions.flatMap { $0.items ?? [] }.map(\.guid) == items.map(\.guid))
        #expect(submissions.dropLast().allSatisfy { $0.partial == true && $0.result == submissions[0].result })
        #expect(submissions.last?.partial == nil)
        for submission in submissions {
            let bytes = try VarlinkJSON.encode(submission).count
            #expect(bytes < 600 * 1024, "a call of \(bytes) bytes")
        }
    }
}
