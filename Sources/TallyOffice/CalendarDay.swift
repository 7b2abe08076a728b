import Foundation

/// A day of the Gregorian calendar without a time or a zone, from 1900-03-01 to 9999-12-31: what a spreadsheet's
/// date cell holds.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, 1900 to 9999.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, from 1.
    public let day: Int
    /// Excel's serial number of the day: 1 is 1900-01-01, counted with Lotus's phantom 1900-02-29, so from March
    /// 1900 on it is the number of days since 1899-12-30. The days before March 1900 are refused for that reason.
    let serial: Int

    /// The day, when it exists (not 2025-02-29) and a spreadsheet can hold it.
    public init(year: Int, month: Int, day: Int) throws {
        // Foundation turns 2025-02-29 into March 1st: a day that does not read back as given does not exist.
        guard let date = Self.calendar.date(from: DateComponents(year: year, month: month, day: day)),
              Self.calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { throw OfficeError(.day(year: year, month: month, day: day)) }
        let serial = Int((date.timeIntervalSince1970 / 86_400).rounded()) + 25_569
        guard (61...2_958_465).contains(serial) else { throw OfficeError(.day(year: year, month: month, day: day)) }
        self.year = year
        self.month = month
        self.day = day
        self.serial = serial
    }

    /// The proleptic Gregorian calendar in UTC: from 1900 on Foundation's Gregorian calendar is exactly that.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// `2025-03-31`.
    public var description: String {
        "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
    }

    /// Whether `lhs` comes before `rhs`.
    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        lhs.serial < rhs.serial
    }

    /// `value` in decimal with leading zeros up to `width` digits.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
