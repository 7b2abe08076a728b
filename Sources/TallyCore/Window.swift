import Foundation

/// A quota window: the calendar period containing a date, clipped to the agreement's dates.
public struct QuotaWindow: Sendable, Equatable, Hashable {
    /// `total`, `2024`, `2024-Q2`, `2024-05`, `2025-W01`.
    public var label: String
    /// First and last day of the clipped window.
    public var start: CivilDate
    public var end: CivilDate
    /// First and last day of the full calendar period, before clipping.
    public var fullStart: CivilDate
    public var fullEnd: CivilDate

    public init(label: String, start: CivilDate, end: CivilDate, fullStart: CivilDate, fullEnd: CivilDate) {
        self.label = label
        self.start = start
        self.end = end
        self.fullStart = fullStart
        self.fullEnd = fullEnd
    }

    /// Whether the agreement's dates cut the calendar period short.
    public var isClipped: Bool { start != fullStart || end != fullEnd }

    /// The window of `cadence` containing `date`, clipped to `agreement` (SPEC §3). A date outside the
    /// agreement is clamped to it: before the start the first window, after the end the last.
    public static func containing(_ date: CivilDate, cadence: Cadence, agreementStart: CivilDate, agreementEnd: CivilDate)
        -> QuotaWindow
    {
        let clamped = min(max(date, agreementStart), agreementEnd)
        let (label, fullStart, fullEnd) = period(of: cadence, containing: clamped, agreementStart: agreementStart,
                                                 agreementEnd: agreementEnd)
        return QuotaWindow(
            label: label, start: max(fullStart, agreementStart), end: min(fullEnd, agreementEnd),
            fullStart: fullStart, fullEnd: fullEnd)
    }

    /// Every window of `cadence` of an agreement, in order.
    public static func all(cadence: Cadence, agreementStart: CivilDate, agreementEnd: CivilDate) -> [QuotaWindow] {
        var windows: [QuotaWindow] = []
        var date = agreementStart
        while date <= agreementEnd {
            let window = containing(date, cadence: cadence, agreementStart: agreementStart, agreementEnd: agreementEnd)
            windows.append(window)
            date = window.end.adding(days: 1)
        }
        return windows
    }

    /// The label and full bounds of the calendar period of `cadence` containing `date`.
    static func period(of cadence: Cadence, containing date: CivilDate, agreementStart: CivilDate,
                       agreementEnd: CivilDate) -> (String, CivilDate, CivilDate)
    {
        switch cadence {
        case .total:
            return ("total", agreementStart, agreementEnd)
        case .year:
            return (CivilDate.padded(date.year, 4), ymd(date.year, 1, 1), ymd(date.year, 12, 31))
        case .quarter:
            let q = (date.month - 1) / 3 + 1
            let first = ymd(date.year, 3 * q - 2, 1)
            let lastMonth = 3 * q
            return (CivilDate.padded(date.year, 4) + "-Q\(q)", first,
                    ymd(date.year, lastMonth, CivilDate.daysInMonth(year: date.year, month: lastMonth)))
        case .month:
            return (CivilDate.padded(date.year, 4) + "-" + CivilDate.padded(date.month, 2), ymd(date.year, date.month, 1),
                    ymd(date.year, date.month, CivilDate.daysInMonth(year: date.year, month: date.month)))
        case .week:
            let monday = date.adding(days: 1 - date.isoWeekday)
            let (weekYear, week) = date.isoWeek
            return (CivilDate.padded(weekYear, 4) + "-W" + CivilDate.padded(week, 2), monday, monday.adding(days: 6))
        }
    }

    private static func ymd(_ y: Int, _ m: Int, _ d: Int) -> CivilDate {
        // Components computed above are always valid; fall back to the day number form rather than trap.
        CivilDate(year: y, month: m, day: d) ?? CivilDate(dayNumber: 0)
    }
}
