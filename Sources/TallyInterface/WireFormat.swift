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
    /// An RFC 3339 time at `key`; any other text is a decoding error naming the key.
    func decodeInstant(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let instant = WireFormat.instant(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(text) is not an RFC 3339 time")
        }
        return instant
    }
}
