import Foundation

/// A compliance report's period (SPEC §7): a calendar year, quarter, month or ISO week, or a range of dates.
public struct ReportPeriod: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// What kind of calendar period it is, for labels in the reader's language.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case year, quarter, month, week, range
    }

    public var kind: Kind
    /// `2024`, `2024-Q2`, `2024-05`, `2024-W19` or `2024-05-01..2024-05-20`: also the report directory's name.
    public var label: String
    /// First and last day, inclusive.
    public var start: CivilDate
    public var end: CivilDate
    /// Whether the period was cut at today's date (the default period: the current quarter to date).
    public var toDate: Bool

    /// A period; `label` names it in files and on the wire.
    public init(kind: Kind, label: String, start: CivilDate, end: CivilDate, toDate: Bool = false) {
        self.kind = kind
        self.label = label
        self.start = start
        self.end = end
        self.toDate = toDate
    }

    public var description: String { label }

    /// Calendar days in the period.
    public var days: Int { start.days(to: end) + 1 }

    /// Parses a `--period` value relative to `today`; nil or empty gives the current quarter to date.
    ///
    /// Accepts `2024`, `2024-Q2`, `2024-05`, `2024-W19`, `previous-month`, `previous-quarter`,
    /// `previous-year`, and `FROM..TO` with dates as `2024-05-01`, `01/05/2024`, `today` or `yesterday`.
    public static func parse(_ text: String?, today: CivilDate) throws(ReportPeriodError) -> ReportPeriod {
        let raw = (text ?? "").trimmingCharacters(in: .whitespaces)
        if raw.isEmpty {
            var period = quarter(year: today.year, quarter: (today.month - 1) / 3 + 1)
            period.end = today
            period.toDate = true
            return period
        }
        switch raw.lowercased() {
        case "previous-month":
            return today.month == 1 ? month(year: today.year - 1, month: 12) : month(year: today.year, month: today.month - 1)
        case "previous-quarter":
            let q = (today.month - 1) / 3 + 1
            return q == 1 ? quarter(year: today.year - 1, quarter: 4) : quarter(year: today.year, quarter: q - 1)
        case "previous-year":
            return year(today.year - 1)
        default:
            break
        }
        if let range = raw.range(of: "..") {
            let from = raw[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let to = raw[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard let start = date(from, today: today) else {
                throw ReportPeriodError(raw, "\(from.isEmpty ? "nothing" : "'\(from)'") is not a date before '..'")
            }
            guard let end = date(to, today: today) else {
                throw ReportPeriodError(raw, "\(to.isEmpty ? "nothing" : "'\(to)'") is not a date after '..'")
            }
            guard start <= end else { throw ReportPeriodError(raw, "the range ends (\(end)) before it starts (\(start))") }
            return ReportPeriod(kind: .range, label: "\(start)..\(end)", start: start, end: end)
        }
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let y = Int(first), first.allSatisfy(\.isASCIIDigit),
            (1...9998).contains(y)
        else { throw ReportPeriodError(raw, nil) }
        if parts.count == 1 { return year(y) }
        guard parts.count == 2 else { throw ReportPeriodError(raw, nil) }
        let second = parts[1]
        if let letter = second.first, letter == "Q" || letter == "q" {
            guard second.count == 2, let q = Int(second.dropFirst()), (1...4).contains(q) else {
                throw ReportPeriodError(raw, "a quarter is Q1 to Q4")
            }
            return quarter(year: y, quarter: q)
        }
        if let letter = second.first, letter == "W" || letter == "w" {
            guard second.count == 3, let w = Int(second.dropFirst()), w >= 1, let period = week(year: y, week: w) else {
                throw ReportPeriodError(raw, "\(y) has ISO weeks W01 to W\(weeksInISOYear(y))")
            }
            return period
        }
        guard second.count == 2, second.allSatisfy(\.isASCIIDigit), let m = Int(second), (1...12).contains(m) else {
            throw ReportPeriodError(raw, "a month is 01 to 12")
        }
        return month(year: y, month: m)
    }

    /// `2024-05-15`, `15/05/2024`, `today` or `yesterday` (SPEC §6 dates).
    private static func date(_ text: String, today: CivilDate) -> CivilDate? {
        switch text.lowercased() {
        case "today": today
        case "yesterday": today.adding(days: -1)
        default: CivilDate(iso: text) ?? CivilDate(dayMonthYear: text)
        }
    }

    /// The calendar year `y`.
    public static func year(_ y: Int) -> ReportPeriod {
        ReportPeriod(kind: .year, label: pad(y, 4), start: date(y, 1, 1), end: date(y, 12, 31))
    }

    /// Quarter `q` (1…4) of `y`.
    public static func quarter(year y: Int, quarter q: Int) -> ReportPeriod {
        let last = 3 * q
        return ReportPeriod(kind: .quarter, label: "\(pad(y, 4))-Q\(q)", start: date(y, last - 2, 1),
                            end: date(y, last, CivilDate.daysInMonth(year: y, month: last)))
    }

    /// Month `m` (1…12) of `y`.
    public static func month(year y: Int, month m: Int) -> ReportPeriod {
        ReportPeriod(kind: .month, label: "\(pad(y, 4))-\(pad(m, 2))", start: date(y, m, 1),
                     end: date(y, m, CivilDate.daysInMonth(year: y, month: m)))
    }

    /// ISO week `w` of week-year `y` (Monday to Sunday), or nil when that year has no such week.
    public static func week(year y: Int, week w: Int) -> ReportPeriod? {
        guard w >= 1, w <= weeksInISOYear(y) else { return nil }
        // 4 January is always in week 1.
        let jan4 = date(y, 1, 4)
        let monday = jan4.adding(days: 1 - jan4.isoWeekday + 7 * (w - 1))
        return ReportPeriod(kind: .week, label: "\(pad(y, 4))-W\(pad(w, 2))", start: monday, end: monday.adding(days: 6))
    }

    /// 52 or 53: the ISO week of 28 December is the year's last.
    static func weeksInISOYear(_ y: Int) -> Int { date(y, 12, 28).isoWeek.week }

    private static func date(_ y: Int, _ m: Int, _ d: Int) -> CivilDate {
        CivilDate(year: y, month: m, day: d) ?? CivilDate(dayNumber: 0)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// A `--period` value that names no period; its description says what would be right.
public struct ReportPeriodError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// What was wrong, when more can be said than "not a period".
    public let reason: String?

    init(_ text: String, _ reason: String?) {
        self.text = text
        self.reason = reason
    }

    public var description: String {
        let expected = "expected 2024, 2024-Q2, 2024-05, 2024-W19, previous-month, previous-quarter, previous-year "
            + "or FROM..TO dates such as 2024-05-01..2024-05-31"
        if let reason { return "'\(text)' is not a report period: \(reason); \(expected)" }
        return "'\(text)' is not a report period; \(expected)"
    }
}
