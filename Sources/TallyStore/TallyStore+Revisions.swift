import Foundation
import GRDB
import TallyCore

extension TallyStore {
    /// The recorded outcomes of closed windows that contain any of the given days, per agreement, by quota then
    /// window start: what a change of deliveries on those days may revise.
    ///
    /// One read transaction for all agreements (a committed import touches thousands), and a window is
    /// decoded only when one of the days falls in it; days compare as `YYYY-MM-DD` text, which sorts as dates.
    public func windowOutcomes(containing changes: [String: Set<CivilDate>]) throws -> [String: [RecordedOutcome]] {
        try guarded("reading window outcomes") {
            try dbPool.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT quota, window_label, window_start, window_end, target, delivered, outcome, closed_at, updated_at
                    FROM window_outcome WHERE agreement = ? AND window_end >= ? AND window_start <= ?
                    ORDER BY quota, window_start, window_label
                    """)
                var result: [String: [RecordedOutcome]] = [:]
                for (agreement, days) in changes {
                    let sorted = days.sorted().map(\.description)
                    guard let first = sorted.first, let last = sorted.last else { continue }
                    let rows = try Row.fetchCursor(statement, arguments: [agreement, first, last])
                    while let row = try rows.next() {
                        let start: String = row[2]
                        let end: String = row[3]
                        // The first changed day on or after the window's start must not be after its end.
                        var low = 0
                        var high = sorted.count
                        while low < high {
                            let middle = (low + high) / 2
                            if sorted[middle] < start { low = middle + 1 } else { high = middle }
                        }
                        guard low < sorted.count, sorted[low] <= end else { continue }
                        result[agreement, default: []].append(try RecordedOutcome.read(
                            agreement: agreement, quota: row[0], label: row[1], start: start, end: end, target: row[4],
                            delivered: row[5], outcome: row[6], closedAt: row[7], updatedAt: row[8]))
                    }
                }
                return result
            }
        }
    }
}
