import Foundation
import Testing
@testable import TallyCore

/// Boundary cases of SPEC §3, one table row per rule or edge.
@Suite struct EvaluationRuleTests {
    typealias F = Fixture

    static func quota(_ target: Int, _ per: Cadence, prorate: Bool = true, filter: DeliveryFilter = .init(),
                      atRisk: Double? = nil, behind: Double? = nil) -> Quota {
        Quota(id: "q", target: target, per: per, filter: filter, atRiskBelow: atRisk, behindBelow: behind, prorate: prorate)
    }

    static func one(_ agreement: Agreement, at day: String, _ entries: [DeliveryLedger.Entry] = [],
                    policy: EvaluationPolicy = .init()) throws -> QuotaEvaluation {
        try #require(try F.evaluate(agreement, at: day, entries: entries, policy: policy).quotas.first)
    }

    static func items(_ n: Int, on day: String) -> [DeliveryLedger.Entry] {
        n == 0 ? [] : [F.delivery(day, count: n)]
    }

    @Test func lastDayOfQuarter() throws {
        let a = F.agreement(quotas: [Self.quota(3, .quarter)])
        let e = try Self.one(a, at: "2024-06-30", Self.items(2, on: "2024-06-30"))
        #expect(e.window.label == "2024-Q2")
        #expect((e.windowDays, e.elapsedDays, e.leftDays) == (91, 91, 0))
        #expect(e.status == .behind)  // 2 of expected 3
        #expect(e.requiredPerWeek == nil)
        let next = try Self.one(a, at: "2024-07-01", Self.items(2, on: "2024-06-30"))
        #expect(next.window.label == "2024-Q3")
        #expect(next.delivered == 0)
    }

    @Test func leapDayMonth() throws {
        let a = F.agreement(quotas: [Self.quota(29, .month)])
        let e = try Self.one(a, at: "2024-02-29", Self.items(29, on: "2024-02-29"))
        #expect(e.window.label == "2024-02")
        #expect(e.window.end == F.date("2024-02-29"))
        #expect((e.windowDays, e.elapsedDays) == (29, 29))
        #expect(e.status == .met)
    }

    @Test(arguments: [
        // cadence, prorate, agreement start, date, expected target
        (Cadence.month, true, "2024-05-16", "2024-05-20", 5),  // 10 × 16/31 = 5.16
        (Cadence.month, false, "2024-05-16", "2024-05-20", 10),
        (Cadence.year, true, "2021-07-09", "2021-08-01", 58),  // 120/10 × … see quota below
        (Cadence.total, true, "2021-07-09", "2021-08-01", 10),
        (Cadence.quarter, true, "2024-09-30", "2024-09-30", 1),  // 10 × 1/92, at least 1
    ])
    func proratedTargets(cadence: Cadence, prorate: Bool, start: String, date: String, target: Int) throws {
        let base = cadence == .year ? 120 : 10
        let a = F.agreement(start: start, end: "2025-12-31", quotas: [Self.quota(base, cadence, prorate: prorate)])
        #expect(try Self.one(a, at: date).target == target)
    }

    @Test func halfRoundsUp() {
        // 3 × 46/92 = 1.5 → 2.
        let w = QuotaWindow(label: "x", start: F.date("2024-08-16"), end: F.date("2024-09-30"),
                            fullStart: F.date("2024-07-01"), fullEnd: F.date("2024-09-30"))
        #expect(Evaluator.target(of: Self.quota(3, .quarter), in: w) == 2)
    }

    @Test func agreementStartingMidMonthCountsFromItsStart() throws {
        let a = F.agreement(start: "2024-05-16", quotas: [Self.quota(10, .month)])
        let e = try Self.one(a, at: "2024-05-23")
        #expect(e.window.start == F.date("2024-05-16"))
        #expect((e.windowDays, e.elapsedDays) == (16, 8))
        #expect(abs(e.expected - 2.5) < 1e-9)
    }

    @Test func blackoutSpanningAWindowsStart() throws {
        let tet = Blackout(from: F.date("2024-12-28"), to: F.date("2025-01-03"))
        let a = F.agreement(quotas: [Self.quota(28, .month)], blackouts: [tet])
        let first = try Self.one(a, at: "2025-01-02")
        #expect((first.windowDays, first.elapsedDays, first.expected) == (28, 0, 0))
        #expect(first.projected == nil && first.currentPerWeek == nil)
        #expect(first.status == .onTrack)
        let later = try Self.one(a, at: "2025-01-10")
        #expect(later.elapsedDays == 7)
        #expect(abs(later.expected - 7) < 1e-9)
    }

    @Test func windowMadeOnlyOfBlackoutDays() throws {
        let week = Blackout(from: F.date("2024-04-29"), to: F.date("2024-05-05"))
        let a = F.agreement(quotas: [Self.quota(2, .week)], blackouts: [week])
        let e = try Self.one(a, at: "2024-05-05")
        #expect((e.windowDays, e.elapsedDays, e.leftDays) == (0, 0, 0))
        #expect(e.expected == 0)
        #expect(e.status == .onTrack)  // nothing is expected of a week of holidays
        #expect(e.projected == nil && e.requiredPerWeek == nil && e.currentPerWeek == nil)
        // Once it has ended unmet it is MISSED all the same.
        #expect(try Self.one(a, at: "2024-05-06").window.label == "2024-W19")
    }

    @Test(arguments: [
        // rule 4, the closing window: target 1, nothing delivered, expected still under 1
        (Cadence.quarter, "2024-06-22", QuotaStatus.onTrack),  // 8 days left of 91
        (Cadence.quarter, "2024-06-23", QuotaStatus.atRisk),  // 7 left ≤ min(7, 91/4)
        (Cadence.month, "2024-04-22", QuotaStatus.onTrack),  // 8 left
        (Cadence.month, "2024-04-23", QuotaStatus.atRisk),  // 7 left ≤ min(7, 30/4)
        (Cadence.week, "2024-04-26", QuotaStatus.onTrack),  // Friday: 2 left > 7/4
        (Cadence.week, "2024-04-27", QuotaStatus.atRisk),  // Saturday: 1 left
    ])
    func closingWindow(cadence: Cadence, date: String, status: QuotaStatus) throws {
        let a = F.agreement(quotas: [Self.quota(1, cadence)])
        let e = try Self.one(a, at: date)
        #expect(e.expected < 1)
        #expect(e.status == status)
    }

    @Test(arguments: [
        // delivered of expected 10 (total quota of 366 over a leap year, 10 days in)
        (9, nil, nil, QuotaStatus.onTrack),  // exactly 0.9 is not below 0.9
        (8, nil, nil, QuotaStatus.atRisk),
        (7, nil, nil, QuotaStatus.atRisk),  // exactly 0.7 is not below 0.7
        (6, nil, nil, QuotaStatus.behind),
        (8, 0.8, nil, QuotaStatus.onTrack),  // per-quota at_risk_below
        (7, 0.8, 0.75, QuotaStatus.behind),  // per-quota behind_below
        (7, 0.8, 0.7, QuotaStatus.atRisk),
    ] as [(Int, Double?, Double?, QuotaStatus)])
    func paceThresholds(delivered: Int, atRisk: Double?, behind: Double?, status: QuotaStatus) throws {
        let a = F.agreement(end: "2024-12-31", quotas: [Self.quota(366, .total, atRisk: atRisk, behind: behind)])
        let e = try Self.one(a, at: "2024-01-10", Self.items(delivered, on: "2024-01-05"))
        #expect(e.expected == 10)
        #expect(e.status == status)
    }

    @Test func globalThresholdsComeFromPolicy() throws {
        let a = F.agreement(end: "2024-12-31", quotas: [Self.quota(366, .total)])
        let strict = EvaluationPolicy(pace: PaceThresholds(atRiskBelow: 0.95, behindBelow: 0.92))
        #expect(try Self.one(a, at: "2024-01-10", Self.items(9, on: "2024-01-05"), policy: strict).status == .behind)
    }

    @Test func beforeStartAndAfterEnd() throws {
        let a = F.agreement(start: "2024-03-15", end: "2024-08-20", quotas: [Self.quota(5, .month)])
        let before = try F.evaluate(a, at: "2024-01-01")
        #expect(before.state == .notStarted)
        #expect(before.quotas[0].window.label == "2024-03")
        #expect(before.quotas[0].elapsedDays == 0)
        let after = try F.evaluate(a, at: "2024-09-30")
        #expect(after.state == .ended)
        #expect(after.quotas[0].window.label == "2024-08")
        #expect(after.quotas[0].window.end == F.date("2024-08-20"))
        #expect(after.quotas[0].status == .missed)
        #expect(after.quotas[0].leftDays == 0)
    }

    @Test func metWinsOverEverything() throws {
        let a = F.agreement(end: "2024-03-31", quotas: [Self.quota(2, .quarter)])
        let e = try Self.one(a, at: "2024-05-01", Self.items(2, on: "2024-01-02"))
        #expect(e.status == .met)
        #expect(e.remaining == 0)
    }

    // MARK: Matching

    @Test(arguments: [
        (DeliveryFilter(kinds: ["video"]), DeliveryAttributes(kind: "video"), true),
        (DeliveryFilter(kinds: ["video"]), DeliveryAttributes(kind: "article"), false),
        (DeliveryFilter(languages: ["vi"]), DeliveryAttributes(kind: "a", language: "vi-VN"), true),
        (DeliveryFilter(languages: ["vi-VN"]), DeliveryAttributes(kind: "a", language: "vi"), false),
        (DeliveryFilter(languages: ["en", "fr"]), DeliveryAttributes(kind: "a", language: "FR-ca"), true),
        (DeliveryFilter(languages: ["vi"]), DeliveryAttributes(kind: "a", language: "vie"), false),
        (DeliveryFilter(outlets: ["Báo Tin tức"]), DeliveryAttributes(kind: "a", outlet: "BÁO TIN TỨC"), true),
        (DeliveryFilter(outlets: ["Báo Tin tức"]), DeliveryAttributes(kind: "a", outlet: "Ba\u{301}o Tin tư\u{301}c"), true),
        (DeliveryFilter(outlets: ["Báo Tin tức"]), DeliveryAttributes(kind: "a"), false),
        (DeliveryFilter(tags: ["dai-hoi", "kinh-te"]), DeliveryAttributes(kind: "a", tags: ["xa-hoi", "kinh-te"]), true),
        (DeliveryFilter(tags: ["dai-hoi"]), DeliveryAttributes(kind: "a", tags: []), false),
        (DeliveryFilter(kinds: ["video"], tags: ["dai-hoi"]), DeliveryAttributes(kind: "video", tags: ["x"]), false),
        (DeliveryFilter(), DeliveryAttributes(kind: "anything"), true),
    ])
    func filters(filter: DeliveryFilter, attributes: DeliveryAttributes, matches: Bool) {
        #expect(filter.matches(attributes) == matches)
    }

    @Test func oneDeliveryCountsInEveryMatchingQuota() throws {
        let quotas = [
            Quota(id: "all", target: 10, per: .year),
            Quota(id: "video", target: 10, per: .year, filter: DeliveryFilter(kinds: ["video"])),
            Quota(id: "en", target: 10, per: .year, filter: DeliveryFilter(languages: ["en"])),
        ]
        let a = F.agreement(quotas: quotas)
        let e = try F.evaluate(a, at: "2024-03-01", entries: [F.delivery("2024-02-01", kind: "video", count: 3)])
        #expect(e.quotas.map(\.delivered) == [3, 3, 0])
    }

    @Test func voidedDeliveriesDoNotCount() throws {
        let a = F.agreement(quotas: [Self.quota(10, .year)])
        var entry = F.delivery("2024-02-01", count: 4)
        entry.voided = true
        #expect(try Self.one(a, at: "2024-03-01", [entry, F.delivery("2024-02-02")]).delivered == 1)
    }
}
