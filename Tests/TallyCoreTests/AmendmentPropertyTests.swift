import Foundation
import PropertyBased
import Testing
@testable import TallyCore
import TallyTesting

/// SPEC §9's invariants over random agreements: without amendments or carry-over nothing changes, an amendment
/// that changes nothing changes nothing, and how amendments are split does not matter.
@Suite struct AmendmentPropertyTests {
    typealias F = Fixture

    /// A random agreement of 1 to 4 years with 1 to 4 quotas, deliveries over its life and a day to evaluate.
    struct Case {
        var agreement: Agreement
        var entries: [DeliveryLedger.Entry]
        var day: CivilDate
    }

    static func randomCase(_ seed: Int) -> Case {
        var r = SeededGenerator(state: UInt64(seed))
        let start = F.date("2023-01-01").adding(days: Int.random(in: 0...900, using: &r))
        let end = start.adding(days: Int.random(in: 30...1400, using: &r))
        let quotas = (0..<Int.random(in: 1...4, using: &r)).map { index in
            Quota(id: "q\(index)", target: Int.random(in: 1...200, using: &r),
                  per: Cadence.allCases.randomElement(using: &r) ?? .year,
                  filter: Bool.random(using: &r) ? DeliveryFilter(kinds: ["article"]) : DeliveryFilter(),
                  prorate: Bool.random(using: &r))
        }
        let entries = (0..<Int.random(in: 0...60, using: &r)).map { _ in
            F.delivery(start.adding(days: Int.random(in: -10...(start.days(to: end) + 10), using: &r)).description,
                       kind: Bool.random(using: &r) ? "article" : "video", count: Int.random(in: 1...5, using: &r))
        }
        let day = start.adding(days: Int.random(in: -20...(start.days(to: end) + 40), using: &r))
        let agreement = Agreement(id: "a", title: "a", start: start, end: end, timeZone: F.hcm, quotas: quotas)
        return Case(agreement: agreement, entries: entries, day: day)
    }

    static func evaluate(_ agreement: Agreement, _ c: Case) -> AgreementEvaluation? {
        do {
            return try Evaluator(policy: EvaluationPolicy()).evaluate(
                agreement, at: .endOfDay(c.day), counts: F.ledger(agreement, c.entries))
        } catch {
            Issue.record(error)
            return nil
        }
    }

    /// The evaluation without the amendments' names, to compare what the terms give.
    static func terms(_ evaluation: AgreementEvaluation?) -> AgreementEvaluation? {
        guard var evaluation else { return nil }
        evaluation.amendments = []
        for index in evaluation.quotas.indices { evaluation.quotas[index].amendments = [] }
        return evaluation
    }

    /// SPEC §3's target before §9, as the evaluator computed it: prorated only where the agreement clips a window.
    static func targetBeforeAmendments(_ quota: Quota, _ window: QuotaWindow) -> Int {
        guard quota.per != .total, quota.prorate, window.isClipped else { return quota.target }
        let clipped = window.start.days(to: window.end) + 1
        let full = window.fullStart.days(to: window.fullEnd) + 1
        return max(1, (2 * quota.target * clipped + full) / (2 * full))
    }

    @Test func withoutAmendmentsOrCarryEveryResultIsSPEC3s() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000)) { seed in
            let c = Self.randomCase(seed)
            guard let evaluation = Self.evaluate(c.agreement, c) else { return }
            let evaluator = Evaluator(policy: EvaluationPolicy())
            let calendar = evaluator.blackoutCalendar(for: c.agreement)
            let ledger = F.ledger(c.agreement, c.entries)
            #expect(evaluation.quotas.count == c.agreement.quotas.count)
            for (quota, got) in zip(c.agreement.quotas, evaluation.quotas) {
                let window = QuotaWindow.containing(c.day, cadence: quota.per, agreementStart: c.agreement.start,
                                                    agreementEnd: c.agreement.end)
                let delivered = c.day < window.start ? 0 : ledger.delivered(
                    agreement: "a", quota: quota.id, from: window.start, through: min(c.day, window.end))
                let expected = evaluator.evaluate(
                    quota, in: window, target: WindowTarget(base: Self.targetBeforeAmendments(quota, window), carried: nil),
                    delivered: delivered, on: c.day, calendar: calendar)
                #expect(got == expected, "seed \(seed), quota \(quota.id)")
            }
            #expect(evaluation.amendments.isEmpty && evaluation.originalEnd == nil)
        }
    }

    @Test func anAmendmentThatChangesNothingChangesNothing() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000)) { seed in
            let c = Self.randomCase(seed)
            var r = SeededGenerator(state: UInt64(seed) &+ 1)
            let effective = c.agreement.start.adding(days: Int.random(in: 0...c.agreement.start.days(to: c.agreement.end), using: &r))
            let same = c.agreement.quotas.map { quota in
                QuotaAmendment(id: quota.id, change: .amend(QuotaChanges(target: quota.target, kinds: quota.filter.kinds)))
            }
            let amended = Agreement(
                id: "a", title: "a", start: c.agreement.start, end: c.agreement.end, timeZone: F.hcm, quotas: c.agreement.quotas,
                amendments: [Amendment(id: "same", title: "same", effective: effective, end: c.agreement.end, quotas: same)])
            #expect(amended.originalEnd == nil)
            #expect(Self.terms(Self.evaluate(amended, c)) == Self.terms(Self.evaluate(c.agreement, c)), "seed \(seed)")
        }
    }

    @Test func splittingAnAmendmentChangesNothing() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000)) { seed in
            let c = Self.randomCase(seed)
            var r = SeededGenerator(state: UInt64(seed) &+ 2)
            let effective = c.agreement.start.adding(days: Int.random(in: 0...c.agreement.start.days(to: c.agreement.end), using: &r))
            let changes = c.agreement.quotas.map { quota in
                (quota.id, Int.random(in: 1...300, using: &r), Bool.random(using: &r) ? ["video"] : ["article", "video"])
            }
            func agreement(_ amendments: [Amendment]) -> Agreement {
                Agreement(id: "a", title: "a", start: c.agreement.start, end: c.agreement.end, timeZone: F.hcm,
                          quotas: c.agreement.quotas, amendments: amendments)
            }
            let whole = agreement([Amendment(id: "whole", title: "w", effective: effective, quotas: changes.map {
                QuotaAmendment(id: $0.0, change: .amend(QuotaChanges(target: $0.1, kinds: $0.2)))
            })])
            let halves = agreement([
                Amendment(id: "targets", title: "t", effective: effective, quotas: changes.map {
                    QuotaAmendment(id: $0.0, change: .amend(QuotaChanges(target: $0.1)))
                }),
                Amendment(id: "filters", title: "f", effective: effective, quotas: changes.map {
                    QuotaAmendment(id: $0.0, change: .amend(QuotaChanges(kinds: $0.2)))
                }),
            ])
            let twice = agreement(whole.amendments + [Amendment(id: "again", title: "w", effective: effective, quotas: changes.map {
                QuotaAmendment(id: $0.0, change: .amend(QuotaChanges(target: $0.1, kinds: $0.2)))
            })])
            let reference = Self.terms(Self.evaluate(whole, c))
            #expect(Self.terms(Self.evaluate(halves, c)) == reference, "seed \(seed)")
            #expect(Self.terms(Self.evaluate(twice, c)) == reference, "seed \(seed)")
        }
    }

    @Test func carryNoneIsNoCarryAndAMetChainCarriesNothing() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000)) { seed in
            let c = Self.randomCase(seed)
            func with(_ carry: Carry, target: Int? = nil) -> Agreement {
                Agreement(id: "a", title: "a", start: c.agreement.start, end: c.agreement.end, timeZone: F.hcm,
                          quotas: c.agreement.quotas.map { quota in
                              var quota = quota
                              if quota.per != .total { quota.carry = carry }
                              if let target { quota.target = target }
                              return quota
                          })
            }
            #expect(Self.evaluate(with(.none), c) == Self.evaluate(c.agreement, c), "seed \(seed)")
            // With a target of 1 and one delivery of every kind on every day of the agreement, every window is met
            // with excess, so `deficit` carries nothing in: the targets are those without carry-over.
            var everyDay = c
            var day = c.agreement.start
            everyDay.entries = []
            while day <= c.agreement.end {
                everyDay.entries.append(F.delivery(day.description, kind: "article"))
                day = day.adding(days: 1)
            }
            let plain = Self.evaluate(with(.none, target: 1), everyDay)
            let deficit = Self.evaluate(with(.deficit, target: 1), everyDay)
            #expect(plain?.quotas.map(\.target) == deficit?.quotas.map(\.target), "seed \(seed)")
            #expect(deficit?.quotas.allSatisfy { $0.carried == nil || $0.carried == 0 } == true, "seed \(seed)")
        }
    }
}
