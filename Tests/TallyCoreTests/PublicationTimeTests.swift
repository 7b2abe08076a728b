import Foundation
import Testing

@testable import TallyCore

/// A publication time and the instant it names, both ways, across offsets and daylight-saving changes.
@Suite struct PublicationTimeTests {
    private static func zone(_ id: String) -> TimeZone { TimeZone(identifier: id) ?? .gmt }

    @Test(arguments: [
        // A wall-clock time without an offset is read in the zone as it was then: Paris is +02:00 from 31 March 2024.
        ("2024-03-31T12:00", "Europe/Paris", 1_711_879_200.0),
        ("2024-03-31T01:30", "Europe/Paris", 1_711_845_000.0),
        ("2024-10-27T12:00", "Europe/Paris", 1_730_026_800.0),
        ("2024-05-15T09:00", "Asia/Ho_Chi_Minh", 1_715_738_400.0),
        // An offset given wins over the zone; a date alone is its first instant.
        ("2024-05-15T09:00:00+07:00", "Europe/Paris", 1_715_738_400.0),
        ("2024-05-15", "Asia/Ho_Chi_Minh", 1_715_706_000.0),
    ])
    func instants(text: String, zone: String, seconds: Double) throws {
        let time = try #require(PublicationTime(parsing: text))
        #expect(time.instant(in: Self.zone(zone)) == Date(timeIntervalSince1970: seconds))
    }

    @Test func anInstantSeenInAZoneIsThatInstant() {
        for seconds in stride(from: 1_711_800_000.0, to: 1_711_900_000, by: 1_800) {
            let instant = Date(timeIntervalSince1970: seconds)
            #expect(PublicationTime(instant, in: Self.zone("Europe/Paris")).instant(in: .gmt) == instant)
        }
    }
}
