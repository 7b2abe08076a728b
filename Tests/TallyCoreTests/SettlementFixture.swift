import Foundation
import TallyCore
import TallyTesting

/// Builders for settlement tests: agreements between TTXVN (the payee) and UBND tỉnh Bến Tre (the payer), and
/// deliveries with ids, recorded at the test clock.
enum SettlementFixture {
    /// When the tests run: well after the periods they settle.
    static let clock = TestClock.at("2024-10-10T09:00:00+07:00")
    static let today = CivilDate(clock.now, in: Fixture.hcm)
    static let payee = "Thông tấn xã Việt Nam"
    static let payer = "UBND tỉnh Bến Tre"

    static func terms(
        value: Money = 1_500_000_000, vat: SettlementTerms.VAT = .included(rate: nil),
        overDelivery: SettlementTerms.OverDelivery = .unpaid, every: SettlementTerms.Every = .quarter
    ) -> SettlementTerms {
        SettlementTerms(value: value, payer: payer, vat: vat, overDelivery: overDelivery, every: every)
    }

    static func agreement(
        start: String = "2024-01-01", end: String = "2024-12-31", quotas: [Quota], amendments: [Amendment] = [],
        terms: SettlementTerms = terms()
    ) -> Agreement {
        Agreement(
            id: "ben-tre-2024", title: "TTXVN – UBND tỉnh Bến Tre", reference: "15/HĐ-TTXVN", parties: [payee, payer],
            start: Fixture.date(start), end: Fixture.date(end), timeZone: Fixture.hcm, quotas: quotas,
            amendments: amendments, settlement: terms)
    }

    /// Delivery `id`, published at `published` (a date, or a date-time in the agreement's zone or with an offset).
    static func item(
        _ id: Int64, _ published: String, kind: String = "article", language: String = "vi", count: Int = 1
    ) -> DeliveryRecord {
        guard let time = PublicationTime(parsing: published) else { fatalError("bad test time \(published)") }
        return DeliveryRecord(
            id: id,
            delivery: Delivery(agreement: "ben-tre-2024", published: time, kind: kind, language: language,
                               title: "Bài \(id)", url: "https://baotintuc.vn/\(id).htm", count: count),
            day: time.date(in: Fixture.hcm), recordedAt: clock.now, recordedBy: 1000)
    }

    /// `item`, voided.
    static func voided(_ item: DeliveryRecord) -> DeliveryRecord {
        var item = item
        item.void = VoidInfo(at: clock.now, by: 1000, reason: "trùng bài")
        return item
    }

    /// `count` items of one each, ids from `firstID`, published on consecutive days from `from`.
    static func items(_ count: Int, from: String, firstID: Int64, kind: String = "article") -> [DeliveryRecord] {
        (0..<count).map { item(firstID + Int64($0), Fixture.date(from).adding(days: $0).description, kind: kind) }
    }

    static func quarter(_ q: Int, of year: Int = 2024) -> ReportPeriod { .quarter(year: year, quarter: q) }

    /// The draft of `period` over these values, on ``today``.
    static func draft(
        _ agreement: Agreement, _ deliveries: [DeliveryRecord], records: [AcceptanceRecord] = [],
        payments: [Payment] = [], period: ReportPeriod
    ) throws -> AcceptanceDraft {
        try Settlement(agreement: agreement, deliveries: deliveries, records: records, payments: payments)
            .draft(period: period, today: today, policy: EvaluationPolicy())
    }

    /// The draft of `period`, signed as `number` on the day after the period ends.
    static func sign(
        _ agreement: Agreement, _ deliveries: [DeliveryRecord], records: [AcceptanceRecord] = [], period: ReportPeriod,
        number: String
    ) throws -> AcceptanceRecord {
        let settlement = try Settlement(agreement: agreement, deliveries: deliveries, records: records)
        let draft = try settlement.draft(period: period, today: today, policy: EvaluationPolicy())
        return try settlement.sign(draft, number: number, date: period.end.adding(days: 5))
    }
}
