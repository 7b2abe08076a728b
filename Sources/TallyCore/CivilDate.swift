import Foundation

/// A calendar date without a time or a zone (proleptic Gregorian), as agreements and windows use them.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    // Eight bytes rather than three Ints: a daemon keeps hundreds of thousands of dates (every window of every
    // kept evaluation, schedule and bookkeeping entry), and the 16 bytes saved per date were megabytes of its RSS.
    // A year outside Int32 is clamped; no calendar date of an agreement comes near it.
    private let storedYear: Int32
    private let storedMonth: UInt8
    private let storedDay: UInt8

    /// Year, e.g. 2024.
    public var year: Int { Int(storedYear) }
    /// Month, 1…12.
    public var month: Int { Int(storedMonth) }
    /// Day of the month, 1…31.
    public var day: Int { Int(storedDay) }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        storedYear = Int32(clamping: year)
        storedMonth = UInt8(truncatingIfNeeded: month)
        storedDay = UInt8(truncatingIfNeeded: day)
    }

    /// Creates a date, or nil when the components do not name a real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.init(unchecked: year, month, day)
    }

    /// The date `dayNumber` days after 1970-01-01 (negative before it).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `n` days later (earlier for negative `n`).
    public func adding(days n: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + n) }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: CivilDate) -> Int { other.dayNumber - dayNumber }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    /// ISO 8601 week-year and week number: 2024-12-30 is in 2025-W01.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - isoWeekday)
        let jan1 = CivilDate(year: thursday.year, month: 1, day: 1)!
        return (thursday.year, jan1.days(to: thursday) / 7 + 1)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        guard (0...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else {
            return Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
        }
        // Ten ASCII digits and dashes written in place: every date on the wire is one, thousands per status reply.
        return String(unsafeUninitializedCapacity: 10) { text in
            func write(_ value: Int, at offset: Int, width: Int) {
                var rest = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            write(year, at: 0, width: 4)
            text[4] = UInt8(ascii: "-")
            write(month, at: 5, width: 2)
            text[7] = UInt8(ascii: "-")
            write(day, at: 8, width: 2)
            return 10
        }
    }

    /// `value` in decimal, zero-padded to `width` digits. By hand: `String(format:)` goes through Foundation
    /// and showed in profiles of every evaluation pass.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.storedYear, lhs.storedMonth, lhs.storedDay) < (rhs.storedYear, rhs.storedMonth, rhs.storedDay)
    }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days in the month, 28…31.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `YYYY-MM-DD` exactly.
    public init?(iso text: some StringProtocol) {
        // Over the UTF-8 bytes: the store reads one of these per counter row, so this is on the hot path.
        var fields = (0, 0, 0)
        var length = 0
        for byte in text.utf8 {
            length += 1
            switch length {
            case 5, 8:
                guard byte == UInt8(ascii: "-") else { return nil }
            case 1...10:
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if length <= 4 {
                    fields.0 = fields.0 * 10 + digit
                } else if length <= 7 {
                    fields.1 = fields.1 * 10 + digit
                } else {
                    fields.2 = fields.2 * 10 + digit
                }
            default:
                return nil
            }
        }
        guard length == 10 else { return nil }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// Parses `DD/MM/YYYY`, the form Vietnamese documents use.
    public init?(dayMonthYear text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
            parts[2].count == 4, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date of `instant` in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        self.init(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// The first instant of this date in `zone`.
    public func startInstant(in zone: TimeZone) -> Date {
        Self.instant(localSeconds: Double(dayNumber) * 86_400, in: zone)
    }

    /// The instant a wall clock in `zone` shows as `localSeconds` after 1970-01-01 00:00: the zone's offset at
    /// that time, not at midnight; two passes settle it across a daylight-saving change.
    static func instant(localSeconds local: Double, in zone: TimeZone) -> Date {
        var guess = Date(timeIntervalSince1970: local - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local))))
        guess = Date(timeIntervalSince1970: local - Double(zone.secondsFromGMT(for: guess)))
        return guess
    }

    /// The last instant of this date in `zone` (one second before the next day starts).
    public func endInstant(in zone: TimeZone) -> Date {
        adding(days: 1).startInstant(in: zone).addingTimeInterval(-1)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD, got \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
