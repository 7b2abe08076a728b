import Foundation
import PropertyBased
import TallyCore
import TallyTesting
import Testing

/// SPEC §12's invariants over random agreements signed quarter after quarter, with items recorded late, voided
/// after signing and repriced by a retroactive amendment on the way.
@Suite struct SettlementPropertyTests {
    typealias S = SettlementFixture
    typealias F = Fixture

    /// An agreement over 2024–2025 with 1 to 3 quotas, its deliveries, and what happens at each of its 8 quarters.
    struct Case {
        var agreement: Agreement
        /// The agreement from the repricing step on: one of its quotas has a new price, possibly from a day already
        /// settled.
        var repriced: Agreement
        var repricedFrom: Int
        var deliveries: [DeliveryRecord]
        /// The quarter (0…7) from which each delivery is known: its own or a later one.
        var recordedAt: [Int64: Int]
        /// The deliveries voided at each quarter.
        var voids: [Int: Set<Int64>]
    }

    static let quarters = (0..<8).map { S.quarter($0 % 4 + 1, of: 2024 + $0 / 4) }

    static func randomCase(_ seed: Int, overDelivery: SettlementTerms.OverDelivery? = nil, value: Money? = nil,
                           changes: Bool = true) -> Case {
        var r = SeededGenerator(state: UInt64(seed))
        let kinds = ["article", "video", "photo"]
        let quotas = (0..<Int.random(in: 1...3, using: &r)).map { index in
            let per = [Cadence.total, .year, .quarter, .month].randomElement(using: &r) ?? .quarter
            return Quota(
                id: "q\(index)", target: Int.random(in: 1...20, using: &r), per: per,
                filter: Bool.random(using: &r) ? DeliveryFilter(kinds: [kinds.randomElement(using: &r) ?? "article"]) : DeliveryFilter(),
                carry: per == .total ? .none : Carry.allCases.randomElement(using: &r) ?? .none,
                price: Int.random(in: 0..<4, using: &r) == 0 ? nil : Money(dong: Int64.random(in: 0...5_000_000, using: &r)))
        }
        let terms = S.terms(
            value: value ?? (Bool.random(using: &r) ? Money.maximumValue : Money(dong: Int64.random(in: 1...80_000_000, using: &r))),
            overDelivery: overDelivery ?? (Bool.random(using: &r) ? .unpaid : .paid))
        let agreement = S.agreement(end: "2025-12-31", quotas: quotas, terms: terms)
        let start = F.date("2024-01-01")
        let deliveries = (0..<Int.random(in: 0...70, using: &r)).map { index in
            S.item(Int64(index + 1), start.adding(days: Int.random(in: 0...730, using: &r)).description,
                   kind: kinds.randomElement(using: &r) ?? "article", count: Int.random(in: 1...5, using: &r))
        }
        var recordedAt: [Int64: Int] = [:]
        var voids: [Int: Set<Int64>] = [:]
        for delivery in deliveries {
            let own = quarters.firstIndex { delivery.day <= $0.end } ?? 7
            let known = min(7, own + (changes ? Int.random(in: 0...2, using: &r) : 0))
            recordedAt[delivery.id] = known
            if changes, Int.random(in: 0..<6, using: &r) == 0 {
                voids[Int.random(in: known...7, using: &r), default: []].insert(delivery.id)
            }
        }
        var repriced = agreement
        let repricedFrom = changes ? Int.random(in: 1...7, using: &r) : 8
        if let quota = quotas.randomElement(using: &r) {
            repriced = S.agreement(end: "2025-12-31", quotas: quotas, amendments: [Amendment(
                id: "pl-01", title: "Phụ lục 01", effective: start.adding(days: Int.random(in: 0...600, using: &r)),
                quotas: [QuotaAmendment(id: quota.id, change: .amend(QuotaChanges(
                    price: Money(dong: Int64.random(in: 0...6_000_000, using: &r)))))])],
                terms: terms)
        }
        return Case(agreement: agreement, repriced: repriced, repricedFrom: repricedFrom, deliveries: deliveries,
                    recordedAt: recordedAt, voids: voids)
    }

    /// What signing every quarter's draft gives, checking at each quarter that the signed records stay within the
    /// contract value and that a draft made right after signing, nothing changed, is empty.
    static func signEveryQuarter(_ c: Case, seed: Int) throws -> (records: [AcceptanceRecord], deliveries: [DeliveryRecord]) {
        var records: [AcceptanceRecord] = []
        var voided: Set<Int64> = []
        var known: [DeliveryRecord] = []
        for (step, period) in quarters.enumerated() {
            voided.formUnion(c.voids[step] ?? [])
            known = c.deliveries.filter { c.recordedAt[$0.id, default: 0] <= step }
                .map { voided.contains($0.id) ? S.voided($0) : $0 }
            let agreement = step >= c.repricedFrom ? c.repriced : c.agreement
            let settlement = try Settlement(agreement: agreement, deliveries: known, records: records)
            let draft = try settlement.draft(period: period, today: S.today, policy: EvaluationPolicy())
            guard !draft.lines.isEmpty else { continue }
            records.append(try settlement.sign(draft, number: "\(step + 1)/BB-NT", date: period.end.adding(days: 3)))

            let again = try Settlement(agreement: agreement, deliveries: known, records: records)
                .draft(period: period, today: S.today, policy: EvaluationPolicy())
            #expect(again.lines.isEmpty, "seed \(seed), \(period.label): \(again.lines)")
            let total = try Money.sum(records.map(\.subtotal))
            #expect(total <= agreement.settlement?.value ?? 0, "seed \(seed), \(period.label): \(total)")
        }
        return (records, known)
    }

    @Test func anItemIsNeverPaidTwiceAndTheRecordsStayWithinTheValue() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000)) { seed in
            let c = Self.randomCase(seed)
            do {
                let (records, _) = try Self.signEveryQuarter(c, seed: seed)
                var settledBy: [Int64: String] = [:]
                for record in records {
                    for line in record.lines where line.isItem {
                        #expect(settledBy[line.deliveryID] == nil, "seed \(seed): item \(line.deliveryID) settled twice")
                        settledBy[line.deliveryID] = record.number
                        #expect(line.paidCount >= 0 && line.overTargetCount >= 0 && line.overValueCount >= 0)
                        #expect(line.paidCount + line.overTargetCount + line.overValueCount == line.item.count)
                        #expect(line.amount == (try line.unitPrice.times(line.paidCount)))
                    }
                    for line in record.lines where !line.isItem {
                        // An adjustment corrects an item an earlier record settled.
                        #expect(settledBy[line.deliveryID] == line.corrects, "seed \(seed): \(line)")
                    }
                }
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test func withOverDeliveryPaidTheAmountIsTheCountTimesThePrice() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000)) { seed in
            let c = Self.randomCase(seed, overDelivery: .paid, value: Money.maximumValue, changes: false)
            do {
                let (records, deliveries) = try Self.signEveryQuarter(c, seed: seed)
                var expected = Money.zero
                for delivery in deliveries {
                    guard let payer = Settlement.payer(of: delivery.delivery.attributes, on: delivery.day, in: c.agreement)
                    else { continue }
                    expected = try expected.adding(payer.price.times(delivery.count))
                }
                #expect(try Money.sum(records.map(\.subtotal)) == expected, "seed \(seed)")
                #expect(records.allSatisfy { $0.lines.allSatisfy { $0.overTargetCount == 0 && $0.overValueCount == 0 } })
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }
}
