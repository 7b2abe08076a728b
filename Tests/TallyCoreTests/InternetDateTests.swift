import Foundation
import Testing

@testable import TallyCore

/// The dates feeds and `Retry-After` write (SPEC §10), as `InternetDate` reads them: the canonical text of the
/// `PublicationTime` each gives, or nil.
@Suite struct InternetDateTests {
    @Test(arguments: [
        // RFC 822 / 1123 as feeds write it.
        ("Sat, 05 Dec 2026 09:30:00 +0700", "2026-12-05T09:30:00+07:00"),
        ("Sat, 05 Dec 2026 09:30:00 GMT", "2026-12-05T09:30:00Z"),
        ("Sat, 05 Dec 2026 09:30:00 UT", "2026-12-05T09:30:00Z"),
        ("Sat, 05 Dec 2026 09:30:00 UTC", "2026-12-05T09:30:00Z"),
        ("Sat, 05 Dec 2026 09:30:00 Z", "2026-12-05T09:30:00Z"),
        ("Sat, 05 Dec 2026 09:30:00 EST", "2026-12-05T09:30:00-05:00"),
        ("Sat, 05 Dec 2026 09:30:00 PDT", "2026-12-05T09:30:00-07:00"),
        ("Sat, 05 Dec 2026 09:30:00 ICT", "2026-12-05T09:30:00+07:00"),
        ("Sat, 05 Dec 2026 09:30:00 ict", "2026-12-05T09:30:00+07:00"),
        ("Sat, 05 Dec 2026 09:30:00 IST", "2026-12-05T09:30:00+05:30"),
        ("Sat, 05 Dec 2026 09:30:00 -0330", "2026-12-05T09:30:00-03:30"),
        ("Sat, 05 Dec 2026 09:30:00 +07:00", "2026-12-05T09:30:00+07:00"),
        ("Sat, 05 Dec 2026 09:30:00 +07", "2026-12-05T09:30:00+07:00"),
        ("Sat, 05 Dec 2026 09:30:00 GMT+7", "2026-12-05T09:30:00+07:00"),
        ("Sat, 05 Dec 2026 09:30:00 GMT+07:00", "2026-12-05T09:30:00+07:00"),
        ("Sat, 05 Dec 2026 09:30:00 UTC-0500", "2026-12-05T09:30:00-05:00"),
        ("Sat, 05 Dec 2026 09:30:00 +0700 (ICT)", "2026-12-05T09:30:00+07:00"),
        // No seconds, no weekday, two-digit years, full names, one-digit day, odd spacing.
        ("Sat, 05 Dec 2026 09:30 +0700", "2026-12-05T09:30:00+07:00"),
        ("05 Dec 2026 09:30:00 +0700", "2026-12-05T09:30:00+07:00"),
        ("Sat, 05 Dec 26 09:30:00 +0700", "2026-12-05T09:30:00+07:00"),
        ("Sun, 05 Dec 99 09:30:00 GMT", "1999-12-05T09:30:00Z"),
        ("Saturday, 05 December 2026 09:30:00 +0700", "2026-12-05T09:30:00+07:00"),
        ("Sat, 5 Dec 2026 9:30:00 +0700", "2026-12-05T09:30:00+07:00"),
        ("  Sat,05 Dec 2026  09:30:00\t+0700 \n", "2026-12-05T09:30:00+07:00"),
        ("Dec 05 2026 09:30:00 +0700", "2026-12-05T09:30:00+07:00"),
        ("Sat, 05 Dec 2026 09:30:00", "2026-12-05T09:30:00"),
        ("Sat, 05 Dec 2026", "2026-12-05"),
        ("Tue, 29 Feb 2028 23:59:59 +0700", "2028-02-29T23:59:59+07:00"),
        // RFC 3339 / ISO 8601.
        ("2026-12-05T09:30:00+07:00", "2026-12-05T09:30:00+07:00"),
        ("2026-12-05T09:30:00Z", "2026-12-05T09:30:00Z"),
        ("2026-12-05T09:30:00z", "2026-12-05T09:30:00Z"),
        ("2026-12-05t09:30:00+07:00", "2026-12-05T09:30:00+07:00"),
        ("2026-12-05 09:30:00+07:00", "2026-12-05T09:30:00+07:00"),
        ("2026-12-05T09:30:00+0700", "2026-12-05T09:30:00+07:00"),
        ("2026-12-05T09:30:00+07", "2026-12-05T09:30:00+07:00"),
        ("2026-12-05T09:30:00.123Z", "2026-12-05T09:30:00Z"),
        ("2026-12-05T09:30:00,5+07:00", "2026-12-05T09:30:00+07:00"),
        ("2026-12-05T09:30:00.123456789-05:00", "2026-12-05T09:30:00-05:00"),
        ("2026-12-05T09:30+07:00", "2026-12-05T09:30:00+07:00"),
        ("2026-12-05T09:30:00", "2026-12-05T09:30:00"),
        ("2026-12-05", "2026-12-05"),
        ("2028-02-29", "2028-02-29"),
        (" 2026-12-05T09:30:00Z ", "2026-12-05T09:30:00Z"),
    ])
    func reads(text: String, canonical: String) {
        #expect(InternetDate.parse(text)?.description == canonical, "\(text.debugDescription)")
    }

    @Test(arguments: [
        "", "   ", "not a date", "hôm nay", "Sat, 30 Feb 2026 09:30:00 +0700", "2026-02-30", "2027-02-29",
        "Sat, 05 Foo 2026 09:30:00 +0700", "Sat, 32 Dec 2026 09:30:00 +0700", "Sat, 05 Dec 2026 24:00:00 +0700",
        "Sat, 05 Dec 2026 09:60:00 +0700", "Sat, 05 Dec 2026 09:30:00 +2500", "Sat, 05 Dec 2026 09:30:00 XYZ",
        "2026-12-05T25:00:00Z", "2026-13-05", "2026-12-05T09:30:00+7", "2026-12-05T09:30:00.abcZ",
        "Sat, 05 Dec 202 09:30:00 +0700", String(repeating: "9", count: 500), "1 2 3", "Dec",
    ])
    func refuses(text: String) {
        #expect(InternetDate.parse(text) == nil, "\(text.debugDescription)")
    }

    @Test func aTimeWithoutAZoneIsInTheAgreementsZone() throws {
        let time = try #require(InternetDate.parse("Sat, 05 Dec 2026 23:30:00"))
        #expect(time.offsetSeconds == nil)
        #expect(time.secondOfDay == 23 * 3600 + 1800)
        // With an offset, the date that counts is the agreement's: 23:30 UTC is the next day in Hà Nội.
        let utc = try #require(InternetDate.parse("Sat, 05 Dec 2026 23:30:00 GMT"))
        #expect(utc.date(in: .init(identifier: "Asia/Ho_Chi_Minh") ?? .gmt) == CivilDate(year: 2026, month: 12, day: 6))
    }
}
