import Foundation
import TallyCommandLine

/// A progress bar on standard error, shown only on a terminal and only once a task has run for a
/// second, so quick runs and scripts see nothing.
final class ProgressReporter {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var drawn = false
    /// How long the work runs before the bar appears: short work draws nothing.
    private let delay: Duration

    /// A reporter for `total` units of `label`; silent unless `enabled`.
    init(label: String, total: Int, enabled: Bool = Terminal.standardErrorIsTTY, delay: Duration = ProgressReporter.delay) {
        self.label = label
        self.total = total
        self.enabled = enabled
        self.delay = delay
    }

    /// One second, or `TALLYCTL_PROGRESS_AFTER_MS` milliseconds (a testing aid: imports got too fast for a
    /// test to see the bar otherwise).
    static var delay: Duration {
        ProcessInfo.processInfo.environment["TALLYCTL_PROGRESS_AFTER_MS"].flatMap(Int.init).map { .milliseconds(max(0, $0)) }
            ?? .seconds(1)
    }

    /// Shows `done` of `total`, at most ten times a second.
    func update(_ done: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - started >= delay else { return }
        if let lastDrawn, now - lastDrawn < .milliseconds(100), done < total { return }
        lastDrawn = now
        drawn = true
        var standardError = StandardError()
        print("\r" + Self.line(label: label, done: done, total: total), terminator: "", to: &standardError)
    }

    /// Clears the bar's line.
    func finish() {
        guard drawn else { return }
        var standardError = StandardError()
        print("\r\u{1B}[2K", terminator: "", to: &standardError)
    }

    /// `importing  [█████░░░░░░░░░░░░░░░]  25%  25000/100000 rows`.
    static func line(label: String, done: Int, total: Int) -> String {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        return "\(label)  [\(Formatting.bar(fraction: fraction, width: 20))] \(Formatting.percent(done, of: max(total, 1)))  \(done)/\(total) rows"
    }
}
