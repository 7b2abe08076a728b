import Foundation
import TallyCommandLine
import TallyCore
import TallyFetch
import TallyInterface

/// One feed of a `fetch` round as the user sees it: what the server answered and what tallyd made of it.
struct FetchedFeed: Encodable, Equatable {
    var agreement: String
    var feed: String
    var url: String
    /// FETCHED, NOT_MODIFIED, GONE, THROTTLED or FAILED, as `SubmitFetch` takes it.
    var outcome: String
    var status: Int?
    /// The fetch's one sentence, when it failed.
    var error: String?
    var movedTo: String?
    var retryAfter: String?
    /// Items the feed listed.
    var items: Int
    var recorded = 0
    var waiting = 0
    var skipped = 0
    /// Why tallyd did not take the result, when it refused it.
    var submitError: String?

    private enum CodingKeys: String, CodingKey {
        case agreement, error, feed, items, outcome, recorded, skipped, status, url, waiting
        case movedTo = "moved_to", retryAfter = "retry_after", submitError = "submit_error"
    }

    /// Every key, null ones too, as the other documents write them.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(agreement, forKey: .agreement)
        try c.encode(error, forKey: .error)
        try c.encode(feed, forKey: .feed)
        try c.encode(items, forKey: .items)
        try c.encode(movedTo, forKey: .movedTo)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(recorded, forKey: .recorded)
        try c.encode(retryAfter, forKey: .retryAfter)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(status, forKey: .status)
        try c.encode(submitError, forKey: .submitError)
        try c.encode(url, forKey: .url)
        try c.encode(waiting, forKey: .waiting)
    }

    init(_ due: DueFeed, _ outcome: FetchOutcome) {
        let result = FetchResultInput(outcome.report, retryAfterHeader: outcome.retryAfterHeader)
        agreement = due.agreement
        feed = due.feed
        url = due.url
        self.outcome = result.outcome
        status = result.status
        error = result.error
        movedTo = result.movedTo
        retryAfter = result.retryAfter
        items = outcome.items.count
    }

    /// Whether the feed was read (or is unchanged) and tallyd took it.
    var succeeded: Bool { submitError == nil && (outcome == "FETCHED" || outcome == "NOT_MODIFIED") }

    /// The outcome as the summary counts it.
    var word: String {
        if submitError != nil { return "not recorded" }
        return switch outcome {
        case "FETCHED": "fetched"
        case "NOT_MODIFIED": "not modified"
        case "GONE": "gone"
        case "THROTTLED": "throttled"
        default: "failed"
        }
    }

    /// `AGREEMENT/FEED  outcome: details`, the name padded to `nameWidth` (ids are ASCII) so a round's lines
    /// align, and a note under it for a permanent move.
    func lines(nameWidth: Int = 0) -> [String] {
        var name = "\(agreement)/\(feed)"
        if name.count < nameWidth { name += String(repeating: " ", count: nameWidth - name.count) }
        var line: String
        switch outcome {
        case "FETCHED":
            line = "\(name)  fetched: \(plural(items, "item")), \(recorded) recorded, \(waiting) waiting, \(skipped) skipped"
        case "NOT_MODIFIED":
            line = "\(name)  not modified"
        case "GONE":
            line = "\(name)  gone: the server says HTTP 410; paused until its url changes or "
                + "`tallyctl fetch \(agreement) --feed \(feed) --force`"
        case "THROTTLED":
            line = "\(name)  throttled: the server answered HTTP \(status.map(String.init) ?? "?") and asks to wait"
                + (retryAfter.map { " (Retry-After: \($0))" } ?? "")
        default:
            line = "\(name)  failed: \(error ?? "no reason given")"
        }
        if let submitError { line = "\(name)  not recorded: \(submitError)" }
        var lines = [line]
        if let movedTo { lines.append("    moved permanently to \(movedTo); update its url in the agreement's file") }
        return lines
    }
}

/// `fetch --json`.
struct FetchDocument: Encodable {
    var feeds: [FetchedFeed]
}

/// `fetching 3/12 …` on standard error while a round runs, only on a terminal; cleared at the end.
final class FetchProgress {
    private let total: Int
    private let enabled: Bool
    private var done = 0
    private var drawn = false

    init(total: Int, enabled: Bool = Terminal.standardErrorIsTTY) {
        self.total = total
        self.enabled = enabled && total > 0
    }

    /// Shows `done` of the total.
    func draw(done: Int) {
        self.done = done
        guard enabled else { return }
        drawn = true
        var standardError = StandardError()
        print("\r\u{1B}[2Kfetching \(min(done + 1, total))/\(total) …", terminator: "", to: &standardError)
    }

    /// Clears the line, runs `body` (which prints to standard output), and draws the line again.
    func printing(_ body: () -> Void) {
        finish()
        body()
        fflush(nil)
        if enabled { draw(done: done) }
    }

    /// Clears the line.
    func finish() {
        guard drawn else { return }
        drawn = false
        var standardError = StandardError()
        print("\r\u{1B}[2K", terminator: "", to: &standardError)
    }
}
