import Foundation
import TallyCore

/// How io.tally writes times and fractional numbers: the one place for both (SPEC §5, §6).
public enum WireFormat {
    /// UTC, the zone of times that belong to no agreement.
    public static let utc = TimeZone(identifier: "UTC") ?? .gmt

    /// RFC 3339 to the second with the zone's offset (`Z` for UTC), e.g. `2024-05-15T09:00:00+07:00`.
    public static func timestamp(_ instant: Date, in zone: TimeZone = utc) -> String {
        PublicationTime(instant, in: zone).description
    }

    /// An RFC 3339 time read back; nil when the text is not a date-time (one without an offset is UTC).
    public static func instant(_ text: String) -> Date? {
        guard let time = PublicationTime(parsing: text), time.secondOfDay != nil else { return nil }
        return time.instant(in: utc)
    }

    /// Two decimals: how every fractional number goes on the wire; statuses use unrounded values.
    public static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

extension KeyedDecodingContainer {
    /// A `YYYY-MM-DD` date at `key`.
    func decodeDate(forKey key: Key) throws -> CivilDate {
        let text = try decode(String.self, forKey: key)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(text) is not a date")
        }
        return date
    }

    /// A `YYYY-MM-DD` date at `key`, or nil when the key is absent or null.
    func decodeDateIfPresent(forKey key: Key) throws -> CivilDate? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeDate(forKey: key)
    }

    /// One of a closed set of upper-case words (a status, a state) at `key`.
    func decodeWord<Word: RawRepresentable>(forKey key: Key) throws -> Word where Word.RawValue == String {
        let text = try decode(String.self, forKey: key)
        guard let word = Word(rawValue: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(text) is not a known value")
        }
        return word
    }

    /// One of a closed set of upper-case words at `key`, or nil when the key is absent or null.
    func decodeWordIfPresent<Word: RawRepresentable>(forKey key: Key) throws -> Word? where Word.RawValue == String {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeWord(forKey: key)
    }

    /// An RFC 3339 time at `key`; any other text is a decoding error naming the key.
    func decodeInstant(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let instant = WireFormat.instant(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(text) is not an RFC 3339 time")
        }
        return instant
    }
}

// A quota window on the wire: label, first and last day, and its calendar bounds only when the agreement
// clips it (so that an unclipped window writes exactly the keys it always did).

extension KeyedDecodingContainer {
    /// The window at these keys; without full bounds it is not clipped.
    func decodeWindow(label: Key, start: Key, end: Key, fullStart: Key, fullEnd: Key) throws -> QuotaWindow {
        let first = try decodeDate(forKey: start), last = try decodeDate(forKey: end)
        return QuotaWindow(
            label: try decode(String.self, forKey: label), start: first, end: last,
            fullStart: try decodeDateIfPresent(forKey: fullStart) ?? first, fullEnd: try decodeDateIfPresent(forKey: fullEnd) ?? last)
    }
}

extension KeyedEncodingContainer {
    /// Writes `value` rounded to two decimals, or an explicit null, without going through `Optional`'s own
    /// encoding (a nested encoder per value, on the hot path of a status of all agreements).
    mutating func encodeRounded(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(WireFormat.round2(value), forKey: key) } else { try encodeNil(forKey: key) }
    }

    /// Writes `value`, or an explicit null (see ``encodeRounded(_:forKey:)``).
    mutating func encodeOrNull(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    /// Writes `value`, or an explicit null (see ``encodeRounded(_:forKey:)``).
    mutating func encodeOrNull(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
