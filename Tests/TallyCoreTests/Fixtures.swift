import Foundation
import TallyCore

/// Small builders for core tests.
enum Fixture {
    static let hcm = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    static func date(_ text: String) -> CivilDate {
        guard let date = CivilDate(iso: text) else { fatalError("bad test date \(text)") }
        return date
    }

    static func agreement(
        id: String = "a", start: String = "2024-01-01", end: String = "2025-12-31", quotas: [Quota] = [],
        campaigns: [Campaign] = [], blackouts: [Blackout] = []
    ) -> Agreement {
        Agreement(id: id, title: id, start: date(start), end: date(end), timeZone: hcm, blackouts: blackouts,
                  quotas: quotas, campaigns: campaigns)
    }

    static func delivery(
        _ published: String, agreement: String = "a", kind: String = "article", language: String = "vi",
        outlet: String? = nil, tags: [String] = [], count: Int = 1
    ) -> DeliveryLedger.Entry {
        guard let time = PublicationTime(parsing: published) else { fatalError("bad test time \(published)") }
        return DeliveryLedger.Entry(
            delivery: Delivery(agreement: agreement, published: time, kind: kind, language: language, outlet: outlet,
                               tags: tags, count: count),
            recordedAt: time.date(in: hcm).startInstant(in: hcm))
    }

    static func ledger(_ agreement: Agreement, _ entries: [DeliveryLedger.Entry], completions: [String: CivilDate] = [:])
        -> DeliveryLedger
    {
        DeliveryLedger(agreements: [agreement], entries: entries, completions: [agreement.id: completions])
    }

    static func evaluate(
        _ agreement: Agreement, at day: String, entries: [DeliveryLedger.Entry] = [], policy: EvaluationPolicy = .init()
    ) throws -> AgreementEvaluation {
        try Evaluator(policy: policy).evaluate(agreement, at: .endOfDay(date(day)), counts: ledger(agreement, entries))
    }
}
