import Foundation

/// A clock that stands still: the instant a test takes as now, written as ISO 8601 with its offset,
/// so the test says when it runs instead of counting seconds since 1970.
public struct TestClock: Sendable, CustomStringConvertible {
    /// The instant this clock shows.
    public let now: Date
    /// The instant as it was written, e.g. `2024-05-15T10:00:00+07:00`.
    public let description: String

    /// The clock at `instant` (`2024-05-15T10:00:00+07:00`, `2024-05-15T03:00:00Z`). The instant is a
    /// literal in a test, so a malformed one stops the run with the reason.
    public static func at(_ instant: String) -> TestClock {
        guard let now = try? Date(instant, strategy: .iso8601) else {
            preconditionFailure(
                "TestClock.at(\"\(instant)\"): not an ISO 8601 instant with an offset, such as 2024-05-15T10:00:00+07:00")
        }
        return TestClock(now: now, description: instant)
    }
}
