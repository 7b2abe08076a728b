import Foundation
import PropertyBased
import Testing
@testable import TallyCore
import TallyTesting

/// Invariants of evaluation over generated deliveries.
@Suite struct PropertyTests {
    typealias F = Fixture

    static let agreement = F.agreement(
        start: "2024-01-01", end: "2024-12-31",
        quotas: [
            Quota(id: "year", target: 60, per: .year),
            Quota(id: "quarter", target: 15, per: .quarter, filter: DeliveryFilter(kinds: ["article"])),
            Quota(id: "month", target: 5, per: .month, filter: DeliveryFilter(tags: ["t"])),
            Quota(id: "week", target: 2, per: .week),
        ],
        campaigns: [
            Campaign(id: "c", start: F.date("2024-03-01"), end: F.date("2024-09-30"),
                     milestones: [Milestone(id: "m", due: F.date("2024-06-30"), completion: .counted(target: 12))])
        ])

    /// (day of 2024, count, kind is article, tagged)
    static let deliveries = PropertyBased.zip(Gen.int(in: 0...365), Gen.int(in: 1...6), Gen.bool(), Gen.bool()).array(of: 0...40)

    static func entries(_ raw: [(Int, Int, Bool, Bool)]) -> [DeliveryLedger.Entry] {
        raw.map { day, count, article, tagged in
            F.delivery(F.date("2024-01-01").adding(days: day).description, kind: article ? "article" : "video",
                       tags: tagged ? ["t"] : [], count: count)
        }
    }

    /// Evaluation over the in-memory ledger, which cannot fail; a failure is recorded as an issue.
    static func evaluate(_ entries: [DeliveryLedger.Entry], at day: CivilDate, blackouts: [Blackout] = [])
        -> AgreementEvaluation?
    {
        do {
            return try Evaluator(policy: EvaluationPolicy(blackouts: blackouts))
                .evaluate(agreement, at: .endOfDay(day), counts: F.ledger(agreement, entries))
        } catch {
            Issue.record(error)
            return nil
        }
    }

    static let days = Gen.int(in: 0...365).map { F.date("2024-01-01").adding(days: $0) }

    @Test func splittingADeliveryChangesNothing() async {
        await propertyCheck(input: Self.deliveries, Self.days) { raw, day in
            let whole = Self.entries(raw)
            let split = whole.flatMap { entry in
                (0..<entry.delivery.count).map { _ in
                    var one = entry
                    one.delivery.count = 1
                    return one
                }
            }
            #expect(Self.evaluate(whole, at: day) == Self.evaluate(split, at: day))
        }
    }

    @Test func milestoneReachedDateIgnoresRecordingOrder() async {
        await propertyCheck(input: Self.deliveries, Gen.int(in: 0...1000)) { raw, seed in
            let entries = Self.entries(raw)
            var generator = SeededGenerator(state: UInt64(seed))
            let shuffled = entries.shuffled(using: &generator)
            let day = F.date("2024-12-31")
            #expect(Self.evaluate(entries, at: day)?.milestones == Self.evaluate(shuffled, at: day)?.milestones)
        }
    }

    @Test func expectedNeverDecreasesWithinAWindow() async {
        await propertyCheck(input: Self.deliveries, Self.days) { raw, day in
            let entries = Self.entries(raw)
            guard let today = Self.evaluate(entries, at: day), let tomorrow = Self.evaluate(entries, at: day.adding(days: 1))
            else { return }
            for (a, b) in zip(today.quotas, tomorrow.quotas) where a.window == b.window {
                #expect(b.expected >= a.expected)
            }
        }
    }

    /// Blackout days already past never raise expected: elapsed and window days shrink together.
    /// (A holiday still ahead does raise it — fewer days remain for the same target — which is SPEC §3's formula.)
    @Test func pastBlackoutDaysNeverRaiseExpected() async {
        await propertyCheck(input: Self.days, Gen.int(in: 0...365), Gen.int(in: 0...20)) { day, from, length in
            let start = F.date("2024-01-01").adding(days: from)
            let blackout = Blackout(from: start, to: min(start.adding(days: length), day))
            guard blackout.from <= blackout.to else { return }
            guard let plain = Self.evaluate([], at: day), let withHolidays = Self.evaluate([], at: day, blackouts: [blackout])
            else { return }
            for (a, b) in zip(plain.quotas, withHolidays.quotas) {
                #expect(b.expected <= a.expected + 1e-9, "\(a.quotaID) at \(day) with \(blackout)")
            }
        }
    }

    @Test func anAddedMatchingDeliveryNeverMakesAStatusWorse() async {
        let rank: [QuotaStatus: Int] = [.met: 0, .onTrack: 1, .atRisk: 2, .behind: 3, .missed: 4]
        await propertyCheck(input: Self.deliveries, Self.days, Gen.int(in: 0...365)) { raw, day, offset in
            let entries = Self.entries(raw)
            let extraDay = F.date("2024-01-01").adding(days: offset)
            guard extraDay <= day else { return }
            let extra = F.delivery(extraDay.description, kind: "article", tags: ["t"])
            guard let before = Self.evaluate(entries, at: day), let after = Self.evaluate(entries + [extra], at: day)
            else { return }
            for (a, b) in zip(before.quotas, after.quotas) {
                #expect(rank[b.status, default: 9] <= rank[a.status, default: 9], "\(a.quotaID) at \(day)")
            }
        }
    }
}

