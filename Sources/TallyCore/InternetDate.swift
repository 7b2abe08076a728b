import Foundation

/// The dates feeds and HTTP write (SPEC §10): RFC 822/1123 with the variants real feeds use, and RFC 3339 /
/// ISO 8601. One reader for the feed parser and for `Retry-After`.
public enum InternetDate {
    /// Reads `text` as RFC 822/1123 (`Thu, 05 Dec 2026 09:30:00 +0700`: weekday optional, seconds optional,
    /// two-digit years, full month names, named zones, `+07:00`, `+07`, `GMT+7`) or RFC 3339 / ISO 8601 (a date
    /// alone, fractional seconds, `+0700`). A time with no zone is kept without an offset: it is in the agreement's
    /// zone. Nil when the text is neither.
    public static func parse(_ text: some StringProtocol) -> PublicationTime? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 100 else { return nil }
        if let first = trimmed.utf8.first, (48...57).contains(first), let iso = iso8601(trimmed) { return iso }
        return rfc822(trimmed)
    }

    // MARK: RFC 3339 / ISO 8601

    private static func iso8601(_ text: String) -> PublicationTime? {
        if let time = PublicationTime(parsing: text) { return time }
        // Drop fractional seconds and write a `+0700` offset as `+07:00`, then read it the common way.
        var s = Substring(text)
        guard s.count >= 16, let t = s.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) else { return nil }
        var clock = String(s[s.index(after: t)...])
        s = s[..<t]
        var zone = ""
        if clock.hasSuffix("Z") || clock.hasSuffix("z") {
            zone = "Z"
            clock.removeLast()
        } else if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            zone = String(clock[sign...])
            clock = String(clock[..<sign])
            if zone.count == 5, !zone.contains(":") {
                zone.insert(":", at: zone.index(zone.startIndex, offsetBy: 3))
            } else if zone.count == 3 {
                zone += ":00"
            }
        }
        if let dot = clock.firstIndex(where: { $0 == "." || $0 == "," }) {
            guard clock[clock.index(after: dot)...].allSatisfy(\.isASCIIDigit) else { return nil }
            clock = String(clock[..<dot])
        }
        return PublicationTime(parsing: s + "T" + clock + zone)
    }

    // MARK: RFC 822 / 1123

    private static func rfc822(_ text: String) -> PublicationTime? {
        var words = text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "\t" })
            .map(String.init)
        if let first = words.first, weekday(first) { words.removeFirst() }
        // RFC 850 (`Saturday, 05-Dec-26 12:00:00 GMT`), which HTTP recipients must still read.
        if let first = words.first, first.filter({ $0 == "-" }).count == 2 {
            words.replaceSubrange(0..<1, with: first.split(separator: "-").map(String.init))
        }
        // asctime (`Sat Dec  5 12:00:00 2026`, no zone: GMT in HTTP), the third form of RFC 9110.
        if words.count == 4, month(words[0]) != nil, Int(words[1]) != nil, words[2].contains(":"), words[3].count == 4 {
            words = [words[1], words[0], words[3], words[2], "GMT"]
        }
        // `Dec 05 2026` (month first) as some feeds write it.
        if words.count >= 3, month(words[0]) != nil, Int(words[1]) != nil { words.swapAt(0, 1) }
        guard words.count >= 3, let day = Int(words[0]), let month = month(words[1]), let rawYear = Int(words[2]),
            words[2].count == 2 || words[2].count == 4
        else { return nil }
        let year = words[2].count == 2 ? (rawYear < 50 ? 2000 + rawYear : 1900 + rawYear) : rawYear
        guard let date = CivilDate(year: year, month: month, day: day) else { return nil }
        guard words.count >= 4 else { return PublicationTime(date: date) }
        let clock = words[3].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }),
            let h = Int(clock[0]), let m = Int(clock[1]), h < 24, m < 60
        else { return nil }
        let s = clock.count == 3 ? Int(clock[2]) ?? 60 : 0
        guard s < 61 else { return nil }
        let second = h * 3600 + m * 60 + min(s, 59)
        guard words.count >= 5 else { return PublicationTime(date: date, secondOfDay: second) }
        guard let offset = zoneOffset(words[4]) else { return nil }
        return PublicationTime(date: date, secondOfDay: second, offsetSeconds: offset)
    }

    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func weekday(_ word: String) -> Bool {
        let w = word.lowercased()
        return w.count >= 3 && weekdays.contains(String(w.prefix(3))) && w.allSatisfy(\.isLetter)
    }

    private static func month(_ word: String) -> Int? {
        let w = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        guard w.count >= 3, w.allSatisfy(\.isLetter), let index = months.firstIndex(of: String(w.prefix(3))) else { return nil }
        return index + 1
    }

    /// Named zones of RFC 822 and the ones feeds use besides.
    private static let namedZones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "ICT": 7, "WIB": 7, "SGT": 8, "HKT": 8, "JST": 9, "KST": 9, "CET": 1, "CEST": 2, "BST": 1,
    ]

    private static func zoneOffset(_ word: String) -> Int? {
        var upper = Substring(word.uppercased())
        if upper == "IST" { return 5 * 3600 + 1800 }
        if let hours = namedZones[String(upper)] { return hours * 3600 }
        // `GMT+7`, `UTC+07:00`, as some Vietnamese publishers write it: an offset after a name for UTC.
        if let name = ["GMT", "UTC", "UT"].first(where: { upper.hasPrefix($0) }) { upper = upper.dropFirst(name.count) }
        guard let sign = upper.first, sign == "+" || sign == "-" else { return nil }
        let plain = upper.dropFirst().filter { $0 != ":" }
        guard plain.allSatisfy(\.isASCIIDigit) else { return nil }
        let h: Int?
        let m: Int?
        switch plain.count {
        case 4: (h, m) = (Int(plain.prefix(2)), Int(plain.suffix(2)))
        case 1, 2: (h, m) = (Int(plain), 0)
        default: return nil
        }
        guard let h, let m, h <= 14, m < 60 else { return nil }
        return (h * 3600 + m * 60) * (sign == "-" ? -1 : 1)
    }
}
