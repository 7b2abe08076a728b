/// The blackout days that apply to one agreement: the global ones and its own.
public struct BlackoutCalendar: Sendable, Equatable {
    /// Merged, sorted, non-overlapping day-number ranges.
    private let ranges: [ClosedRange<Int>]

    public init(_ blackouts: [Blackout]) {
        let sorted = blackouts.filter { $0.from <= $0.to }
            .map { $0.from.dayNumber...$0.to.dayNumber }
            .sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// Whether `date` is a blackout day.
    public func contains(_ date: CivilDate) -> Bool {
        let n = date.dayNumber
        return ranges.contains { $0.contains(n) }
    }

    /// Days from `from` through `through` inclusive that are not blackout days (0 for an empty range).
    public func countableDays(from: CivilDate, through: CivilDate) -> Int {
        let lo = from.dayNumber
        let hi = through.dayNumber
        guard lo <= hi else { return 0 }
        let blocked = ranges.reduce(0) { sum, range in
            let a = max(lo, range.lowerBound)
            let b = min(hi, range.upperBound)
            return sum + max(0, b - a + 1)
        }
        return hi - lo + 1 - blocked
    }
}
