import Foundation

/// `[fetch]` in the main file: what tallyd tells the fetcher to run with (SPEC §10).
public struct FetchSettings: Sendable, Hashable {
    /// Feeds fetched at once, 1…64.
    public var parallel: Int
    /// A CA certificate (PEM) trusted in addition to the system's store.
    public var caFile: String?

    public init(parallel: Int = 8, caFile: String? = nil) {
        self.parallel = parallel
        self.caFile = caFile
    }

    /// `[access] feeders` when the file sets none.
    public static let defaultFeeders = ["tally-fetch"]
}

/// What one fetch of a feed answered, as the fetcher reports it: the facts, not what to do about them.
public struct FetchReport: Sendable, Hashable {
    /// What the last response (after redirects) was.
    public enum Result: Sendable, Hashable {
        /// 200 with a feed: the validators to send next time (nil when the server gave none).
        case fetched(etag: String?, lastModified: String?)
        /// 304.
        case notModified
        /// 410.
        case gone
        /// 429 or 503, with its `Retry-After` when readable.
        case throttled(status: Int, retryAfter: RetryAfter?)
        /// Anything else: an HTTP status that is not a feed, a network error, a body that is not a feed. `reason` is
        /// one sentence.
        case failed(status: Int?, reason: String)

        /// The HTTP status, when the server answered.
        public var status: Int? {
            switch self {
            case .fetched: 200
            case .notModified: 304
            case .gone: 410
            case .throttled(let status, _): status
            case .failed(let status, _): status
            }
        }

        /// Whether the feed was read (or is unchanged).
        public var isSuccess: Bool {
            switch self {
            case .fetched, .notModified: true
            case .gone, .throttled, .failed: false
            }
        }
    }

    public var result: Result
    /// Where a chain of permanent redirects (301, 308) from the feed's URL led, when it did.
    public var movedTo: String?

    public init(_ result: Result, movedTo: String? = nil) {
        self.result = result
        self.movedTo = movedTo
    }
}

/// A `Retry-After` value: seconds, or an HTTP date.
public enum RetryAfter: Sendable, Hashable {
    case seconds(Int)
    case date(Date)

    /// Reads the header: a non-negative integer, or an HTTP date (RFC 9110 IMF-fixdate and the obsolete forms
    /// that ``InternetDate`` reads). Nil for anything else.
    public init?(header: String) {
        let text = header.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }) {
            self = .seconds(Int(text) ?? Int.max)
            return
        }
        guard let time = InternetDate.parse(text), time.offsetSeconds != nil else { return nil }
        self = .date(time.instant(in: .gmt))
    }

    /// The delay it asks for from `now`, never negative.
    public func delay(from now: Date) -> TimeInterval {
        switch self {
        case .seconds(let s): TimeInterval(max(0, s))
        case .date(let d): max(0, d.timeIntervalSince(now))
        }
    }
}

/// A feed's health, as `feeds` shows it (SPEC §10).
public enum FeedHealth: String, Sendable, Hashable, CaseIterable {
    /// Never fetched.
    case new = "NEW"
    /// The last fetch succeeded.
    case ok = "OK"
    /// The last fetch failed; the next is backed off.
    case failing = "FAILING"
    /// The server said 410: paused until the URL changes or a forced fetch.
    case gone = "GONE"
}

/// Everything tallyd keeps about one feed between fetches, and the rules that move it (SPEC §10): a value the
/// daemon stores, changed only by ``after(_:every:at:)``, ``reconciled(withFileURL:)`` and ``forced()``.
public struct FeedState: Sendable, Hashable {
    /// The URL as the agreement file wrote it when this state was made; a new one starts the feed afresh.
    public var fileURL: String
    /// Where a permanent redirect moved the feed, fetched from then on instead of ``fileURL``.
    public var movedTo: String?
    public var health: FeedHealth
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    /// The HTTP status of the last attempt, when the server answered.
    public var lastStatus: Int?
    /// One sentence, while failing.
    public var lastError: String?
    /// Nil: due now (never fetched), or paused (``FeedHealth/gone``).
    public var nextAttempt: Date?
    /// Consecutive failed attempts.
    public var failures: Int
    /// The first failure since the last success (or since the feed was first tried).
    public var failingSince: Date?
    /// Validators of the last success, sent as `If-None-Match` / `If-Modified-Since`.
    public var etag: String?
    public var lastModified: String?

    /// A feed never fetched.
    public init(fileURL: String) {
        self.fileURL = fileURL
        health = .new
        failures = 0
    }

    /// The URL to fetch.
    public var url: String { movedTo ?? fileURL }

    /// The longest any delay grows: 24 hours.
    public static let maximumDelay: TimeInterval = 86_400

    /// Whether a fetch is due at `now`: never for a gone feed (until forced), else once `nextAttempt` passed.
    public func isDue(at now: Date) -> Bool {
        guard health != .gone else { return false }
        return nextAttempt.map { $0 <= now } ?? true
    }

    /// Whether the feed, failing now, has gone `threshold` without a success at `now` (`feed-failing`): counted
    /// from its last success, or from its first failure when it never succeeded.
    public func isFailing(at now: Date, threshold: TimeInterval) -> Bool {
        guard failures > 0, let since = lastSuccess ?? failingSince else { return false }
        return now.timeIntervalSince(since) >= threshold
    }

    /// The state for the file's URL: unchanged when the file still names the same URL, else a new feed (a new URL
    /// also lifts `GONE`).
    public func reconciled(withFileURL url: String) -> FeedState {
        url == fileURL ? self : FeedState(fileURL: url)
    }

    /// `fetch --force`: due now, a gone feed tried again.
    public func forced() -> FeedState {
        var state = self
        state.nextAttempt = nil
        if state.health == .gone { state.health = state.lastSuccess == nil ? .new : .failing }
        return state
    }

    /// The state after `report`, for a feed polled every `every` seconds, at `now`.
    public func after(_ report: FetchReport, every: Int, at now: Date) -> FeedState {
        var state = self
        state.lastAttempt = now
        state.lastStatus = report.result.status
        switch report.result {
        case .fetched(let etag, let lastModified):
            state.etag = etag
            state.lastModified = lastModified
            state.succeeded(every: every, at: now)
        case .notModified:
            state.succeeded(every: every, at: now)
        case .gone:
            state.failed(reason: "the server says the feed is gone (HTTP 410); update its url, or fetch it with --force",
                         at: now)
            state.health = .gone
            state.nextAttempt = nil
        case .throttled(let status, let retryAfter):
            state.failed(reason: "the server asks to wait (HTTP \(status))", at: now)
            let delay = retryAfter.map { min($0.delay(from: now), Self.maximumDelay) } ?? state.backoff(every: every)
            state.nextAttempt = now.addingTimeInterval(delay)
        case .failed(_, let reason):
            state.failed(reason: reason, at: now)
            state.nextAttempt = now.addingTimeInterval(state.backoff(every: every))
        }
        // A permanent redirect is followed from then on, but only once it led to a feed: a moved URL that fails is
        // no reason to forget the file's.
        if report.result.isSuccess, let movedTo = report.movedTo, movedTo != state.url {
            state.movedTo = movedTo == fileURL ? nil : movedTo
        }
        return state
    }

    private mutating func succeeded(every: Int, at now: Date) {
        health = .ok
        lastSuccess = now
        lastError = nil
        failures = 0
        failingSince = nil
        nextAttempt = now.addingTimeInterval(TimeInterval(every))
    }

    private mutating func failed(reason: String, at now: Date) {
        health = .failing
        lastError = reason
        failures += 1
        if failingSince == nil { failingSince = now }
    }

    /// `every × 2^(failures−1)`, at most 24 hours.
    private func backoff(every: Int) -> TimeInterval {
        let doublings = max(0, min(failures - 1, 20))
        return min(TimeInterval(every) * TimeInterval(1 << doublings), Self.maximumDelay)
    }
}

/// A feed's state with what it brought, as `feeds` lists it.
public struct FeedStatus: Sendable, Hashable {
    public var agreement: String
    public var feed: String
    public var state: FeedState
    /// Distinct items the feed has listed since tally first read it.
    public var seen: Int
    /// Deliveries recorded from it (at once, or accepted from the inbox).
    public var recorded: Int
    /// Candidates waiting in the inbox.
    public var waiting: Int

    public init(agreement: String, feed: String, state: FeedState, seen: Int = 0, recorded: Int = 0, waiting: Int = 0) {
        self.agreement = agreement
        self.feed = feed
        self.state = state
        self.seen = seen
        self.recorded = recorded
        self.waiting = waiting
    }
}
