import Foundation

/// One published item as recorded: what it is, where and when it appeared, and how much it counts.
public struct Delivery: Sendable, Hashable {
    /// Agreement id.
    public var agreement: String
    /// When it was published, as given.
    public var published: PublicationTime
    public var kind: String
    /// BCP 47 tag, default `vi`.
    public var language: String
    public var outlet: String?
    public var title: String?
    public var url: String?
    public var tags: [String]
    /// 1…10,000: a series or bundle may count for more than one item.
    public var count: Int
    /// The partner's or the newsroom's own id; with the URL, what makes recording idempotent.
    public var externalID: String?

    public init(
        agreement: String, published: PublicationTime, kind: String, language: String = "vi", outlet: String? = nil,
        title: String? = nil, url: String? = nil, tags: [String] = [], count: Int = 1, externalID: String? = nil
    ) {
        self.agreement = agreement
        self.published = published
        self.kind = kind
        self.language = language
        self.outlet = outlet
        self.title = title
        self.url = url
        self.tags = tags
        self.count = count
        self.externalID = externalID
    }

    /// The attributes filters match on.
    public var attributes: DeliveryAttributes {
        DeliveryAttributes(kind: kind, language: language, outlet: outlet, tags: tags)
    }

    /// What identifies the item within its agreement: the external id, else the URL.
    public var key: String? {
        if let externalID, !externalID.isEmpty { return "id:" + externalID }
        if let url, !url.isEmpty { return "url:" + url }
        return nil
    }

    /// Allowed range of `count`.
    public static let countRange = 1...10_000
}

/// A publication date, or a date-time with or without an offset.
///
/// A date-time without an offset, and a bare date, are in the agreement's zone; the date in that
/// zone is what counts (`date(in:)`).
public struct PublicationTime: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The local date as written (for a date-time: its date part).
    public let writtenDate: CivilDate
    /// Seconds after midnight, when a time was given.
    public let secondOfDay: Int?
    /// Offset from UTC in seconds, when one was given.
    public let offsetSeconds: Int?

    public init(date: CivilDate, secondOfDay: Int? = nil, offsetSeconds: Int? = nil) {
        self.writtenDate = date
        self.secondOfDay = secondOfDay
        self.offsetSeconds = secondOfDay == nil ? nil : offsetSeconds
    }

    /// Parses `2024-05-15`, `15/05/2024`, `2024-05-15T09:30`, `2024-05-15T09:30:00`, with an optional
    /// `Z` or `±HH:MM` offset after a time.
    public init?(parsing raw: some StringProtocol) {
        if let canonical = Self(canonical: raw) {
            self = canonical
            return
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let date = CivilDate(iso: text) ?? CivilDate(dayMonthYear: text) {
            self.init(date: date)
            return
        }
        guard let t = text.firstIndex(where: { $0 == "T" || $0 == " " }),
            let date = CivilDate(iso: text[..<t])
        else { return nil }
        var rest = Substring(text[text.index(after: t)...])
        var offset: Int?
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            offset = 0
            rest = rest.dropLast()
        } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: sign)...].split(separator: ":", omittingEmptySubsequences: false)
            guard zone.count == 2, zone[0].count == 2, zone[1].count == 2,
                let h = Int(zone[0]), let m = Int(zone[1]), h <= 14, m < 60
            else { return nil }
            offset = (h * 3600 + m * 60) * (rest[sign] == "-" ? -1 : 1)
            rest = rest[..<sign]
        }
        let clock = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
            let h = Int(clock[0]), let m = Int(clock[1]), h < 24, m < 60
        else { return nil }
        let s = clock.count == 3 ? Int(clock[2]) ?? 60 : 0
        guard s < 60 else { return nil }
        self.init(date: date, secondOfDay: h * 3600 + m * 60 + s, offsetSeconds: offset)
    }

    /// `2024-05-15` and `2024-05-15T09:30[:00][Z|±07:00]` without surrounding spaces, read byte by byte: the
    /// forms exports and most files use. Nil for anything else, which `init?(parsing:)` reads the general way.
    private init?(canonical raw: some StringProtocol) {
        var scanner = ASCIIScanner(raw.utf8)
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), let date = CivilDate(year: year, month: month, day: day)
        else { return nil }
        if scanner.atEnd {
            self.init(date: date)
            return
        }
        guard scanner.skip("T") || scanner.skip(" "), let h = scanner.number(2), scanner.skip(":"), let m = scanner.number(2)
        else { return nil }
        var s = 0
        if scanner.skip(":") {
            guard let seconds = scanner.number(2) else { return nil }
            s = seconds
        }
        var offset: Int?
        if scanner.skip("Z") || scanner.skip("z") {
            offset = 0
        } else if let sign = scanner.skip("+") ? 1 : scanner.skip("-") ? -1 : nil {
            guard let oh = scanner.number(2), scanner.skip(":"), let om = scanner.number(2), oh <= 14, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        }
        guard scanner.atEnd, h < 24, m < 60, s < 60 else { return nil }
        self.init(date: date, secondOfDay: h * 3600 + m * 60 + s, offsetSeconds: offset)
    }

    /// `instant` as the date and time it is in `zone`, to the second, with the zone's offset then.
    public init(_ instant: Date, in zone: TimeZone) {
        let date = CivilDate(instant, in: zone)
        let offset = zone.secondsFromGMT(for: instant)
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
        self.init(date: date, secondOfDay: local - date.dayNumber * 86_400, offsetSeconds: offset)
    }

    /// The instant this time names: a time without an offset is read in `zone`, a date alone is its first instant.
    public func instant(in zone: TimeZone) -> Date {
        guard let secondOfDay else { return writtenDate.startInstant(in: zone) }
        let local = Double(writtenDate.dayNumber) * 86_400 + Double(secondOfDay)
        if let offsetSeconds { return Date(timeIntervalSince1970: local - Double(offsetSeconds)) }
        return CivilDate.instant(localSeconds: local, in: zone)
    }

    /// The date that counts, in the agreement's zone.
    public func date(in zone: TimeZone) -> CivilDate {
        guard let secondOfDay, let offsetSeconds else { return writtenDate }
        let utc = Double(writtenDate.dayNumber) * 86_400 + Double(secondOfDay - offsetSeconds)
        return CivilDate(Date(timeIntervalSince1970: utc), in: zone)
    }

    /// For people, to the minute: `2024-05-15 09:30 +07:00` (`Z` for UTC); a date alone as it is.
    public var toTheMinute: String {
        guard let secondOfDay else { return writtenDate.description }
        let zone = zoneSuffix
        return writtenDate.description + " " + Self.twoDigits(secondOfDay / 3600) + ":" + Self.twoDigits(secondOfDay / 60 % 60)
            + (zone.isEmpty ? "" : " " + zone)
    }

    /// Canonical text: `2024-05-15`, `2024-05-15T09:30:00` or `2024-05-15T09:30:00+07:00`.
    public var description: String {
        guard let secondOfDay else { return writtenDate.description }
        return writtenDate.description + "T" + Self.twoDigits(secondOfDay / 3600) + ":" + Self.twoDigits(secondOfDay / 60 % 60)
            + ":" + Self.twoDigits(secondOfDay % 60) + zoneSuffix
    }

    /// `Z`, `+07:00`, or nothing when no offset was given.
    private var zoneSuffix: String {
        guard let offsetSeconds else { return "" }
        if offsetSeconds == 0 { return "Z" }
        let a = abs(offsetSeconds)
        return (offsetSeconds < 0 ? "-" : "+") + Self.twoDigits(a / 3600) + ":" + Self.twoDigits(a / 60 % 60)
    }

    // Written digit by digit: String(format:) is slow, and `description` runs once per imported row.
    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
}

/// Reads fixed-width ASCII fields from UTF-8 text.
private struct ASCIIScanner<Bytes: Collection<UInt8>> {
    let bytes: Bytes
    var index: Bytes.Index

    init(_ bytes: Bytes) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var atEnd: Bool { index == bytes.endIndex }

    /// Consumes `character` if it is next.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index != bytes.endIndex, bytes[index] == UInt8(ascii: character) else { return false }
        bytes.formIndex(after: &index)
        return true
    }

    /// Consumes exactly `digits` decimal digits and returns their value.
    mutating func number(_ digits: Int) -> Int? {
        var value = 0
        for _ in 0..<digits {
            guard index != bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            bytes.formIndex(after: &index)
        }
        return value
    }
}

/// A delivery read from a numbered line of an import (the line names it in error messages).
public struct NumberedDelivery: Sendable, Equatable {
    public var line: Int
    public var delivery: Delivery

    public init(line: Int, delivery: Delivery) {
        self.line = line
        self.delivery = delivery
    }
}

/// Who voided a delivery, when and why.
public struct VoidInfo: Sendable, Hashable {
    public var at: Date
    /// The peer uid.
    public var by: UInt32
    public var reason: String

    public init(at: Date, by: UInt32, reason: String) {
        self.at = at
        self.by = by
        self.reason = reason
    }
}

/// A delivery as recorded: its id, the item, the day it counts on, who recorded it and when, and its void if
/// any; the item's fields read through (`record.kind`).
@dynamicMemberLookup
public struct DeliveryRecord: Sendable, Hashable {
    public var id: Int64
    public var delivery: Delivery
    /// The publication date in the agreement's zone.
    public var day: CivilDate
    public var recordedAt: Date
    /// The peer uid.
    public var recordedBy: UInt32
    public var void: VoidInfo?

    public init(id: Int64, delivery: Delivery, day: CivilDate, recordedAt: Date, recordedBy: UInt32, void: VoidInfo? = nil) {
        self.id = id
        self.delivery = delivery
        self.day = day
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.void = void
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<Delivery, T>) -> T { delivery[keyPath: keyPath] }
}
