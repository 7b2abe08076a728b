import Foundation
import Testing

@testable import TallyCore

/// SPEC §10's fetch rules as the state machine applies them, with the clock injected: every answer from every
/// state, backoff, Retry-After, GONE, permanent moves, and the failing threshold.
@Suite struct FeedStateTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_900_000)
    static let url = "https://baotinh.vn/rss/kinh-te.rss"
    static let hour = 3600

    static func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    static func failed(_ s: FeedState, times: Int, every: Int = hour) -> FeedState {
        var state = s
        for i in 0..<times { state = state.after(FetchReport(.failed(status: 500, reason: "HTTP 500")), every: every, at: at(Double(i))) }
        return state
    }

    @Test func aNewFeedIsDueAtOnceAndNotFailing() {
        let state = FeedState(fileURL: Self.url)
        #expect(state.health == .new && state.isDue(at: Self.t0) && state.url == Self.url)
        #expect(!state.isFailing(at: Self.at(1e6), threshold: 6 * 3600))
    }

    @Test func aFetchIsASuccessThatKeepsTheValidatorsAndWaitsEvery() {
        let state = FeedState(fileURL: Self.url).after(FetchReport(.fetched(etag: "\"v1\"", lastModified: "Sat, 05 Dec 2026 01:00:00 GMT")),
                                                       every: Self.hour, at: Self.t0)
        #expect(state.health == .ok && state.failures == 0 && state.lastSuccess == Self.t0 && state.lastStatus == 200)
        #expect(state.etag == "\"v1\"" && state.lastModified == "Sat, 05 Dec 2026 01:00:00 GMT")
        #expect(state.nextAttempt == Self.at(3600))
        #expect(!state.isDue(at: Self.at(3599)) && state.isDue(at: Self.at(3600)))
    }

    @Test func notModifiedIsASuccessThatKeepsTheOldValidators() {
        let fetched = FeedState(fileURL: Self.url).after(FetchReport(.fetched(etag: "e1", lastModified: nil)), every: 600, at: Self.t0)
        let same = fetched.after(FetchReport(.notModified), every: 600, at: Self.at(600))
        #expect(same.health == .ok && same.etag == "e1" && same.lastStatus == 304 && same.lastSuccess == Self.at(600))
        #expect(same.nextAttempt == Self.at(1200))
        // A later 200 without validators clears them: the server stopped sending them.
        let cleared = same.after(FetchReport(.fetched(etag: nil, lastModified: nil)), every: 600, at: Self.at(1200))
        #expect(cleared.etag == nil)
    }

    /// `every × 2^(failures−1)`, at most 24 h.
    @Test(arguments: [(1, 3600.0), (2, 7200.0), (3, 14_400.0), (4, 28_800.0), (5, 57_600.0), (6, 86_400.0), (30, 86_400.0)])
    func failuresBackOffDoublingToADay(failures: Int, delay: TimeInterval) {
        let state = Self.failed(FeedState(fileURL: Self.url), times: failures)
        #expect(state.failures == failures && state.health == .failing)
        #expect(state.nextAttempt == Self.at(Double(failures - 1) + delay))
        #expect(state.lastError == "HTTP 500" && state.lastStatus == 500)
    }

    @Test func aSuccessAfterFailuresResetsEverything() {
        let failing = Self.failed(FeedState(fileURL: Self.url), times: 3)
        #expect(failing.failingSince == Self.t0)
        let ok = failing.after(FetchReport(.notModified), every: Self.hour, at: Self.at(100))
        #expect(ok.health == .ok && ok.failures == 0 && ok.failingSince == nil && ok.lastError == nil)
        #expect(ok.nextAttempt == Self.at(100 + 3600))
    }

    /// "No success for feed_failing_after": from the last success, or from the first failure of a feed that
    /// never succeeded; never while the last attempt succeeded.
    @Test func failingIsMeasuredFromTheLastSuccess() {
        let threshold: TimeInterval = 6 * 3600
        let never = Self.failed(FeedState(fileURL: Self.url), times: 2)
        #expect(!never.isFailing(at: Self.at(threshold - 1), threshold: threshold))
        #expect(never.isFailing(at: Self.at(threshold), threshold: threshold))
        let once = FeedState(fileURL: Self.url).after(FetchReport(.notModified), every: Self.hour, at: Self.t0)
            .after(FetchReport(.failed(status: nil, reason: "no answer within 30 s")), every: Self.hour, at: Self.at(3600))
        #expect(!once.isFailing(at: Self.at(threshold - 1), threshold: threshold))
        #expect(once.isFailing(at: Self.at(threshold), threshold: threshold))
        let ok = once.after(FetchReport(.notModified), every: Self.hour, at: Self.at(threshold + 60))
        #expect(!ok.isFailing(at: Self.at(10 * threshold), threshold: threshold))
    }

    @Test func retryAfterSecondsIsHonouredAndCappedAtADay() {
        let wait = FeedState(fileURL: Self.url).after(FetchReport(.throttled(status: 429, retryAfter: .seconds(120))),
                                                      every: Self.hour, at: Self.t0)
        #expect(wait.health == .failing && wait.nextAttempt == Self.at(120) && wait.lastStatus == 429)
        let long = FeedState(fileURL: Self.url).after(FetchReport(.throttled(status: 503, retryAfter: .seconds(999_999))),
                                                      every: Self.hour, at: Self.t0)
        #expect(long.nextAttempt == Self.at(86_400))
    }

    @Test func retryAfterADateIsHonouredAndAPastDateMeansNow() {
        let date = FeedState(fileURL: Self.url).after(FetchReport(.throttled(status: 503, retryAfter: .date(Self.at(900)))),
                                                      every: Self.hour, at: Self.t0)
        #expect(date.nextAttempt == Self.at(900))
        let past = FeedState(fileURL: Self.url).after(FetchReport(.throttled(status: 503, retryAfter: .date(Self.at(-900)))),
                                                      every: Self.hour, at: Self.t0)
        #expect(past.nextAttempt == Self.t0)
    }

    @Test func throttledWithoutAReadableRetryAfterBacksOff() {
        let state = Self.failed(FeedState(fileURL: Self.url), times: 2)
            .after(FetchReport(.throttled(status: 429, retryAfter: nil)), every: Self.hour, at: Self.at(10))
        #expect(state.failures == 3 && state.nextAttempt == Self.at(10 + 4 * 3600))
    }

        /// The three HTTP date forms of RFC 9110 (IMF-fixdate, RFC 850, asctime) name the same instant.
    @Test(arguments: ["Sat, 05 Dec 2026 12:00:00 GMT", "Saturday, 05-Dec-26 12:00:00 GMT", "Sat Dec  5 12:00:00 2026",
                      "Sat, 5 Dec 2026 12:00:00 +0000"])
    func retryAfterDatesAreRead(header: String) {
        #expect(RetryAfter(header: header) == .date(Date(timeIntervalSince1970: 1_796_472_000)))
    }

    @Test(arguments: [("120", 120), (" 0 ", 0)])
    func retryAfterSecondsAreRead(header: String, seconds: Int) {
        #expect(RetryAfter(header: header) == .seconds(seconds))
    }

    @Test(arguments: ["", "-5", "soon", "12.5", "Sat, 05 Dec 2026 12:00:00"])
    func unreadableRetryAfterHeadersAreNil(header: String) {
        #expect(RetryAfter(header: header) == nil)
    }

    @Test func goneIsPausedUntilForcedOrTheURLChanges() {
        let gone = FeedState(fileURL: Self.url).after(FetchReport(.gone), every: Self.hour, at: Self.t0)
        #expect(gone.health == .gone && gone.nextAttempt == nil && gone.lastStatus == 410)
        #expect(!gone.isDue(at: Self.at(10 * 86_400)))
        let forced = gone.forced()
        #expect(forced.health == .new && forced.isDue(at: Self.t0))
        let renamed = gone.reconciled(withFileURL: "https://baotinh.vn/rss/kinh-te-moi.rss")
        #expect(renamed.health == .new && renamed.isDue(at: Self.t0) && renamed.failures == 0)
        #expect(gone.reconciled(withFileURL: Self.url) == gone)
    }

    @Test func aFeedThatSucceededOnceIsFailingAfterAForcedGone() {
        let gone = FeedState(fileURL: Self.url).after(FetchReport(.notModified), every: Self.hour, at: Self.t0)
            .after(FetchReport(.gone), every: Self.hour, at: Self.at(3600))
        #expect(gone.forced().health == .failing)
    }

    @Test func aPermanentMoveIsFollowedFromThenOnOnlyAfterASuccess() {
        let moved = "https://www.baotinh.vn/rss/kinh-te.rss"
        let failed = FeedState(fileURL: Self.url).after(FetchReport(.failed(status: 404, reason: "HTTP 404"), movedTo: moved),
                                                        every: Self.hour, at: Self.t0)
        #expect(failed.movedTo == nil && failed.url == Self.url)
        let ok = FeedState(fileURL: Self.url).after(FetchReport(.fetched(etag: nil, lastModified: nil), movedTo: moved),
                                                    every: Self.hour, at: Self.t0)
        #expect(ok.movedTo == moved && ok.url == moved && ok.fileURL == Self.url)
        // Moving back to the file's URL forgets the move; the file naming the new URL starts the feed afresh.
        let back = ok.after(FetchReport(.notModified, movedTo: Self.url), every: Self.hour, at: Self.at(3600))
        #expect(back.movedTo == nil && back.url == Self.url)
        #expect(ok.reconciled(withFileURL: moved).movedTo == nil && ok.reconciled(withFileURL: moved).health == .new)
    }

    /// Every answer from every state: the invariants hold whatever came before.
    @Test func everyAnswerFromEveryStateKeepsTheInvariants() {
        let answers: [FetchReport.Result] = [
            .fetched(etag: "e", lastModified: nil), .notModified, .gone, .throttled(status: 429, retryAfter: .seconds(60)),
            .throttled(status: 503, retryAfter: nil), .failed(status: nil, reason: "no answer within 30 s"),
        ]
        var states = [FeedState(fileURL: Self.url)]
        for first in answers { states.append(states[0].after(FetchReport(first), every: 300, at: Self.t0)) }
        for second in answers {
            for s in states.prefix(answers.count + 1) { states.append(s.after(FetchReport(second), every: 300, at: Self.at(60))) }
        }
        for state in states.dropFirst() {
            switch state.health {
            case .ok: #expect(state.failures == 0 && state.nextAttempt != nil && state.lastError == nil && state.failingSince == nil)
            case .failing: #expect(state.failures > 0 && state.nextAttempt != nil && state.lastError != nil && state.failingSince != nil)
            case .gone: #expect(state.failures > 0 && state.nextAttempt == nil && !state.isDue(at: Self.at(1e9)))
            case .new: Issue.record("a fetched feed is never NEW")
            }
            if let next = state.nextAttempt, let last = state.lastAttempt {
                #expect(next >= last && next.timeIntervalSince(last) <= FeedState.maximumDelay)
            }
        }
    }
}
