import Foundation
import Testing
@testable import TallyCore

@Suite struct CalendarTests {
    @Test func dayNumbersRoundTrip() {
        for n in stride(from: -800_000, through: 2_000_000, by: 997) {
            #expect(CivilDate(dayNumber: n).dayNumber == n)
        }
        #expect(CivilDate(dayNumber: 0).description == "1970-01-01")
    }

    /// A date is eight bytes (a daemon keeps hundreds of thousands), and orders as its day number does, across
    /// negative years, year ends and leap days.
    @Test func aDateIsEightBytesAndOrdersAsItsDayNumber() {
        #expect(MemoryLayout<CivilDate>.size <= 8)
        var previous = CivilDate(dayNumber: -800_001)
        for n in stride(from: -800_000, through: 3_000_000, by: 367) {
            for date in [CivilDate(dayNumber: n), CivilDate(dayNumber: n + 1)] {
                #expect((previous < date) == (previous.dayNumber < date.dayNumber))
                #expect((previous == date) == (previous.dayNumber == date.dayNumber))
                #expect(CivilDate(year: date.year, month: date.month, day: date.day).map { $0 == date } ?? !(1...9999).contains(date.year))
                previous = date
            }
        }
        let leap = CivilDate(year: 2024, month: 2, day: 29)!
        #expect(leap < CivilDate(year: 2024, month: 3, day: 1)! && CivilDate(year: 2023, month: 12, day: 31)! < leap)
        #expect(Set([leap, CivilDate(iso: "2024-02-29")!]).count == 1)
    }

    /// The date written in place is the zero-padded `YYYY-MM-DD`, also outside years 0–9999 (written the slow way).
    @Test func descriptionsArePaddedDigits() {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        for n in stride(from: -800_000, through: 3_000_000, by: 331) {
            let date = CivilDate(dayNumber: n)
            #expect(date.description == padded(date.year, 4) + "-" + padded(date.month, 2) + "-" + padded(date.day, 2))
        }
        #expect(CivilDate(year: 9999, month: 12, day: 31)?.description == "9999-12-31")
        #expect(CivilDate(year: 1, month: 1, day: 1)?.description == "0001-01-01")
    }

    @Test(arguments: [
        ("2024-12-30", "2025-W01"), ("2026-12-31", "2026-W53"), ("2027-01-03", "2026-W53"), ("2027-01-04", "2027-W01"),
        ("2021-01-03", "2020-W53"), ("2024-02-29", "2024-W09"), ("2022-09-18", "2022-W37"),
    ])
    func isoWeekLabels(date: String, label: String) {
        let window = QuotaWindow.containing(Fixture.date(date), cadence: .week, agreementStart: Fixture.date("2000-01-03"),
                                            agreementEnd: Fixture.date("2099-12-31"))
        #expect(window.label == label)
        #expect(window.start.isoWeekday == 1)
        #expect(window.start.days(to: window.end) == 6)
    }

    @Test func leapDayAndRejectedDates() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(iso: "2024-13-01") == nil)
        #expect(CivilDate(iso: "2024-1-01") == nil)
        #expect(CivilDate(dayMonthYear: "15/05/2024") == Fixture.date("2024-05-15"))
        #expect(CivilDate(dayMonthYear: "31/02/2024") == nil)
    }

    /// The hand-written ISO parser and formatter agree with each other on every day of four centuries and
    /// refuse everything that is not exactly `YYYY-MM-DD` in ASCII digits.
    @Test func isoTextRoundTripsAndRefusesNearMisses() {
        for number in stride(from: CivilDate(year: 1900, month: 1, day: 1)!.dayNumber,
                             through: CivilDate(year: 2300, month: 12, day: 31)!.dayNumber, by: 1) {
            let date = CivilDate(dayNumber: number)
            #expect(CivilDate(iso: date.description) == date)
        }
        #expect(CivilDate(year: 987, month: 6, day: 5)?.description == "0987-06-05")
        for text in ["", "2024-05-1", "2024-05-155", "2024/05/15", "2024-05-15 ", " 2024-05-15", "2024-5-015",
                     "２０２４-05-15", "2024-٠٥-15", "2024-02-30", "0000-01-01", "2024-00-10", "+024-05-15", "2024--5-15"] {
            #expect(CivilDate(iso: text) == nil, "\(text)")
        }
        #expect(CivilDate(iso: "2024-02-29"[...]) == CivilDate(year: 2024, month: 2, day: 29))
    }

    @Test func zoneDecidesTheDate() throws {
        // 2024-03-31T23:30Z is 06:30 on 1 April in Ho Chi Minh City: the second quarter.
        let time = try #require(PublicationTime(parsing: "2024-03-31T23:30Z"))
        let local = time.date(in: Fixture.hcm)
        #expect(local == Fixture.date("2024-04-01"))
        let window = QuotaWindow.containing(local, cadence: .quarter, agreementStart: Fixture.date("2024-01-01"),
                                            agreementEnd: Fixture.date("2024-12-31"))
        #expect(window.label == "2024-Q2")
        // Without an offset the time is already local.
        #expect(PublicationTime(parsing: "2024-03-31T23:30")?.date(in: Fixture.hcm) == Fixture.date("2024-03-31"))
        #expect(PublicationTime(parsing: "2024-03-31T23:30+07:00")?.date(in: Fixture.hcm) == Fixture.date("2024-03-31"))
        #expect(PublicationTime(parsing: "2024-03-31T25:30") == nil)
        #expect(PublicationTime(parsing: "2024-03-31T10:30+7") == nil)
    }

    @Test func endOfDayInstantIsThatDayInItsZone() {
        let day = Fixture.date("2024-02-29")
        for zone in [Fixture.hcm, TimeZone(identifier: "America/New_York")!, TimeZone(identifier: "Pacific/Kiritimati")!] {
            #expect(CivilDate(day.endInstant(in: zone), in: zone) == day)
            #expect(CivilDate(day.startInstant(in: zone), in: zone) == day)
            #expect(CivilDate(day.endInstant(in: zone).addingTimeInterval(1), in: zone) == day.adding(days: 1))
        }
    }

    @Test func blackoutCalendarCountsAndMerges() {
        let calendar = BlackoutCalendar([
            Blackout(from: Fixture.date("2024-02-08"), to: Fixture.date("2024-02-14")),
            Blackout(from: Fixture.date("2024-02-12"), to: Fixture.date("2024-02-16")),
            Blackout(from: Fixture.date("2024-02-20"), to: Fixture.date("2024-02-19")),  // reversed: ignored
        ])
        #expect(calendar.countableDays(from: Fixture.date("2024-02-01"), through: Fixture.date("2024-02-29")) == 29 - 9)
        #expect(calendar.contains(Fixture.date("2024-02-16")))
        #expect(!calendar.contains(Fixture.date("2024-02-17")))
        #expect(calendar.countableDays(from: Fixture.date("2024-02-10"), through: Fixture.date("2024-02-09")) == 0)
    }
}
