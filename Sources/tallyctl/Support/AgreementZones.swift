import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol

/// Each agreement's time zone, to show feed times and candidates as the agreement's people read them.
struct AgreementZones {
    private var zones: [String: TimeZone]
    /// The zone of an agreement tallyd did not name: the local one ($TZ).
    var fallback: TimeZone

    /// Zones by agreement id; an unknown zone name falls back to `fallback`.
    init(_ agreements: [AgreementSummary], fallback: TimeZone = .current) {
        self.fallback = fallback
        zones = [:]
        for agreement in agreements {
            if let zone = TimeZone(identifier: agreement.timezone) { zones[agreement.id] = zone }
        }
    }

    /// The agreements tallyd has, asked over `daemon`.
    static func fetch(_ daemon: TallydConnection) throws -> AgreementZones {
        AgreementZones(try daemon.callTyped(IOTally.listAgreements, VarlinkEmpty()).agreements)
    }

    /// The zone of `agreement`.
    func zone(of agreement: String) -> TimeZone { zones[agreement] ?? fallback }

    /// `2024-05-15 09:30`: `instant` in the agreement's zone, to the minute, without the offset.
    func minute(_ instant: Date, agreement: String) -> String {
        Self.withoutOffset(PublicationTime(instant, in: zone(of: agreement)))
    }

    /// A publication time in the agreement's zone, to the minute; a date alone stays a date.
    func minute(_ time: PublicationTime, agreement: String) -> String {
        guard time.secondOfDay != nil, time.offsetSeconds != nil else { return Self.withoutOffset(time) }
        return minute(time.instant(in: zone(of: agreement)), agreement: agreement)
    }

    private static func withoutOffset(_ time: PublicationTime) -> String {
        PublicationTime(date: time.writtenDate, secondOfDay: time.secondOfDay).toTheMinute
    }
}
