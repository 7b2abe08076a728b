import Foundation
import TallyCommandLine

/// A progress bar on standard error, shown only on a terminal and only once a task has run for a
/// second, so quick runs and scripts see nothing.
final class ProgressReporter {
    private let label: String
    /// The bytes of the whole work, when known (a file's size); without it the bar shows only the rows.
    private let totalBytes: Int?
    private let enabled: Bool
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var drawn = false
    /// How long the work runs before the bar appears: short work draws nothing.
    private let delay: Duration

    /// A reporter for work of `totalBytes` (nil when unknown) labelled `label`; silent unless `enabled`.
    init(label: String, totalBytes: Int?, enabled: Bool = Terminal.standardErrorIsTTY, delay: Duration = ProgressReporter.delay) {
        self.label = label
        self.totalBytes = totalBytes
        self.enabled = enabled
        self.delay = delay
    }

    /// One second, or `TALLYCTL_PROGRESS_AFTER_MS` milliseconds (a testing aid: imports got too fast for a
    /// test to see the bar otherwise).
    static var delay: Duration {
        ProcessInfo.processInfo.environment["TALLYCTL_PROGRESS_AFTER_MS"].flatMap(Int.init).map { .milliseconds(max(0, $0)) }
            ?? .seconds(1)
    }

    /// Shows `rows` done, `bytes` of the work into it, at most ten times a second.
    func update(rows: Int, bytes: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - started >= delay else { return }
        if let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
        lastDrawn = now
        drawn = true
        var standardError = StandardError()
        print("\r" + Self.line(label: label, rows: rows, bytes: bytes, totalBytes: totalBytes), terminator: "",
              to: &standardError)
    }

    /// Clears the bar's line.
    func finish() {
        guard drawn else { return }
        var standardError = StandardError()
        print("\r\u{1B}[2K", terminator: "", to: &standardError)
    }

    /// `importing  [█████░░░░░░░░░░░░░░░] 25%  25000 rows`, or `importing  25000 rows` when the size is unknown
    /// (standard input): the file is read as it is sent, so its rows are counted, not known, beforehand.
    static func line(label: String, rows: Int, bytes: Int, totalBytes: Int?) -> String {
        guard let totalBytes else { return "\(label)  \(rows) rows" }
        let fraction = totalBytes > 0 ? Double(bytes) / Double(totalBytes) : 1
        return "\(label)  [\(Formatting.bar(fraction: fraction, width: 20))] \(Formatting.percent(bytes, of: max(totalBytes, 1)))  \(rows) rows"
    }
}
