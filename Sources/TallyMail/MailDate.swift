import Foundation

/// Dates as mail writes them, computed from the offset alone so that no locale or calendar setting can change
/// the English names.
enum MailDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 5322 §3.3 date-time: `Fri, 05 Dec 2025 13:02:11 +0700`, the local time in `zone` (whole seconds, the
    /// offset in whole minutes as the format requires).
    static func rfc5322(_ date: Date, in zone: TimeZone) -> String {
        let offsetMinutes = zone.secondsFromGMT(for: date) / 60
        let local = civil(seconds(date) + offsetMinutes * 60)
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = abs(offsetMinutes)
        return "\(days[local.weekday]), \(pad(local.day, 2)) \(months[local.month - 1]) \(pad(local.year, 4)) "
            + "\(pad(local.hour, 2)):\(pad(local.minute, 2)):\(pad(local.second, 2)) "
            + "\(sign)\(pad(offset / 60, 2))\(pad(offset % 60, 2))"
    }

    /// `20251205060211`, the time in UTC.
    static func compactUTC(_ date: Date) -> String {
        let t = civil(seconds(date))
        return pad(t.year, 4) + pad(t.month, 2) + pad(t.day, 2) + pad(t.hour, 2) + pad(t.minute, 2) + pad(t.second, 2)
    }

    /// Whole seconds since 1970, held to the years 1 to 9999 (and 0 for a date that is not a number).
    private static func seconds(_ date: Date) -> Int {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite else { return 0 }
        return Int(min(max(interval, -62_135_596_800), 253_402_300_799).rounded(.down))
    }

    /// Year, month, day, weekday (0 = Sunday) and time of a count of seconds since 1970 (H. Hinnant's
    /// days-to-civil algorithm).
    private static func civil(_ seconds: Int) -> (year: Int, month: Int, day: Int, weekday: Int, hour: Int, minute: Int, second: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        return (year, month, day, weekday, time / 3600, time % 3600 / 60, time % 60)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
