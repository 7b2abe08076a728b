import Foundation
import TallyCore

/// The daemon's one clock.
///
/// Normally the system clock. For end-to-end tests only, `TALLY_TEST_NOW` replaces it: either an
/// instant (`2025-06-30T10:00:00+07:00`, fixed) or `@PATH`, a file holding such an instant that is
/// read again at every reading, so a test can move time by rewriting the file. It is never on unless
/// that variable is set, and the daemon logs a warning when it is.
public struct DaemonClock: Sendable {
    enum Source: Sendable {
        case system
        case fixed(Date)
        case file(String)
    }

    let source: Source

    /// The system clock.
    public static let system = DaemonClock(source: .system)

    /// The clock `environment` asks for, or an error naming what is wrong with `TALLY_TEST_NOW`.
    public static func from(environment: [String: String]) throws -> DaemonClock {
        guard let value = environment["TALLY_TEST_NOW"], !value.isEmpty else { return .system }
        if value.hasPrefix("@") {
            let path = String(value.dropFirst())
            let clock = DaemonClock(source: .file(path))
            _ = try clock.readFile(path)
            return clock
        }
        guard let instant = parseInstant(value) else {
            throw ClockError(description: "TALLY_TEST_NOW=\(value) is not an instant such as 2025-06-30T10:00:00+07:00 or @FILE")
        }
        return DaemonClock(source: .fixed(instant))
    }

    /// Whether the test seam is on.
    public var isTestClock: Bool {
        if case .system = source { return false }
        return true
    }

    /// Now.
    public func now() -> Date {
        switch source {
        case .system: return Date()
        case .fixed(let instant): return instant
        case .file(let path): return (try? readFile(path)) ?? Date()
        }
    }

    func readFile(_ path: String) throws -> Date {
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let instant = Self.parseInstant(text) else {
            throw ClockError(description: "\(path) does not hold an instant such as 2025-06-30T10:00:00+07:00")
        }
        return instant
    }

    /// A date-time with an offset (`…Z` or `…+07:00`).
    static func parseInstant(_ text: String) -> Date? {
        guard let time = PublicationTime(parsing: text), time.secondOfDay != nil, time.offsetSeconds != nil else { return nil }
        return time.instant(in: .gmt)
    }

    /// A clock that cannot be read.
    public struct ClockError: Error, CustomStringConvertible {
        public var description: String
    }
}
