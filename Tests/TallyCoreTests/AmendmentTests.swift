import Foundation
import Testing
@testable import TallyCore

/// SPEC §9's worked examples: amendments and carry-over, each with its arithmetic beside it.
@Suite struct AmendmentTests {
    typealias F = Fixture

    static func amended(
        start: String = "2025-01-01", end: String = "2025-12-31", quotas: [Quota], amendments: [Amendment]
    ) -> Agreement {
        Agreement(id: "a", title: "a", start: F.date(start), end: F.date(end), timeZone: F.hcm, quotas: quotas,
                  amendments: amendments)
    }

    static func quota(_ evaluation: AgreementEvaluation, _ id: String) -> QuotaEvaluation? {
        evaluation.quotas.first { $0.quotaID == id }
    }

    /// A mid-window change. Q2 2025 has 91 days: April's 30 at 30 a quarter, May–June's 61 at 60.
    /// Σ target(d) = 30·30 + 61·60 = 900 + 3,660 = 4,560; 4,560 / 91 = 50.1 → 50.
    @Test func aMidWindowChangeWeighsTheDaysOfEachTarget() throws {
        let agreement = Self.amended(
            quotas: [Quota(id: "news", target: 30, per: .quarter)],
            amendments: [Amendment(id: "pl-01", title: "PL 01", effective: F.date("2025-05-01"),
                                   quotas: [QuotaAmendment(id: "news", change: .amend(QuotaChanges(target: 60)))])])
        let q2 = try #require(Self.quota(try F.evaluate(agreement, at: "2025-05-15"), "news"))
        #expect(q2.target == 50 && q2.amendments == ["pl-01"])
        let q1 = try #require(Self.quota(try F.evaluate(agreement, at: "2025-03-31"), "news"))
        #expect(q1.target == 30 && q1.amendments.isEmpty)
        let q3 = try #require(Self.quota(try F.evaluate(agreement, at: "2025-07-01"), "news"))
        #expect(q3.target == 60 && q3.amendments == ["pl-01"])
    }

    /// A prorated first year, amended. The agreement starts 2024-03-15; 2024 has 366 days (F), of which
    /// Mar 15–Jun 30 = 108 at 120 and Jul 1–Dec 31 = 184 at 240: Σ = 12,960 + 44,160 = 57,120;
    /// 57,120 / 366 = 156.07 → 156. Without the amendment: 120 · 292 / 366 = 95.7 → 96.
    @Test func aProratedAndAmendedFirstYear() throws {
        let year = Quota(id: "year", target: 120, per: .year)
        let plain = Self.amended(start: "2024-03-15", end: "2026-03-14", quotas: [year], amendments: [])
        #expect(Self.quota(try F.evaluate(plain, at: "2024-08-01"), "year")?.target == 96)
        let agreement = Self.amended(
            start: "2024-03-15", end: "2026-03-14", quotas: [year],
            amendments: [Amendment(id: "pl-01", title: "PL 01", effective: F.date("2024-07-01"),
                                   quotas: [QuotaAmendment(id: "year", change: .amend(QuotaChanges(target: 240)))])])
        #expect(Self.quota(try F.evaluate(agreement, at: "2024-08-01"), "year")?.target == 156)
        // Not prorated, B is the window's own 292 days: 57,120 / 292 = 195.6 → 196.
        var unprorated = year
        unprorated.prorate = false
        let flat = Self.amended(
            start: "2024-03-15", end: "2026-03-14", quotas: [unprorated],
            amendments: [Amendment(id: "pl-01", title: "PL 01", effective: F.date("2024-07-01"),
                                   quotas: [QuotaAmendment(id: "year", change: .amend(QuotaChanges(target: 240)))])])
        #expect(Self.quota(try F.evaluate(flat, at: "2024-08-01"), "year")?.target == 196)
    }

    /// An added English line from 2025-02-15: Q1 2025 (F = 90 days) clipped to Feb 15–Mar 31 (D = 45):
    /// 12 · 45 / 90 = 6. It counts only English items, and is not shown before it exists.
    @Test func anAddedLanguageLine() throws {
        let english = Quota(id: "en", title: "English", target: 12, per: .quarter, filter: DeliveryFilter(languages: ["en"]))
        let agreement = Self.amended(
            quotas: [Quota(id: "news", target: 30, per: .quarter)],
            amendments: [Amendment(id: "pl-02", title: "PL 02", effective: F.date("2025-02-15"),
                                   quotas: [QuotaAmendment(id: "en", change: .add(english))])])
        #expect(Self.quota(try F.evaluate(agreement, at: "2025-02-14"), "en") == nil)
        let entries = [F.delivery("2025-02-20", language: "en"), F.delivery("2025-02-21", language: "vi"),
                       F.delivery("2025-02-10", language: "en")]
        let q1 = try #require(Self.quota(try F.evaluate(agreement, at: "2025-03-01", entries: entries), "en"))
        #expect(q1.target == 6 && q1.delivered == 1 && q1.amendments == ["pl-02"])
        #expect(q1.window.start == F.date("2025-02-15") && q1.window.fullStart == F.date("2025-01-01"))
        #expect(Self.quota(try F.evaluate(agreement, at: "2025-03-01", entries: entries), "news")?.delivered == 3)
    }

    /// A removed quota: a monthly 10 removed from 2025-03-16. March is clipped to Mar 1–15 (D = 15, F = 31):
    /// 10 · 15 / 31 = 4.8 → 5; after the 15th the quota is not shown, its last window closes then.
    @Test func aRemovedQuotaClosesTheDayBefore() throws {
        let agreement = Self.amended(
            quotas: [Quota(id: "monthly", target: 10, per: .month)],
            amendments: [Amendment(id: "pl-03", title: "PL 03", effective: F.date("2025-03-16"),
                                   quotas: [QuotaAmendment(id: "monthly", change: .remove)])])
        let march = try #require(Self.quota(try F.evaluate(agreement, at: "2025-03-10"), "monthly"))
        #expect(march.target == 5 && march.window.end == F.date("2025-03-15") && march.amendments == ["pl-03"])
        #expect(Self.quota(try F.evaluate(agreement, at: "2025-03-16"), "monthly") == nil)
        #expect(agreement.schedule(of: agreement.quotas[0]).last == F.date("2025-03-15"))
    }

    /// An extension: the agreement ended 2025-06-30, pl-04 extends it to 2025-12-31. The year 2025 was clipped
    /// (181 of 365 days: 100 · 181 / 365 = 49.6 → 50) and is now whole: 100.
    @Test func anExtensionUnclipsTheLastWindow() throws {
        let year = Quota(id: "year", target: 100, per: .year)
        let before = Self.amended(end: "2025-06-30", quotas: [year], amendments: [])
        #expect(Self.quota(try F.evaluate(before, at: "2025-05-01"), "year")?.target == 50)
        let agreement = Self.amended(
            end: "2025-06-30", quotas: [year],
            amendments: [Amendment(id: "pl-04", title: "PL 04", signed: F.date("2025-05-20"), effective: F.date("2025-06-01"),
                                   end: F.date("2025-12-31"))])
        #expect(agreement.end == F.date("2025-12-31") && agreement.originalEnd == F.date("2025-06-30"))
        let evaluation = try F.evaluate(agreement, at: "2025-05-01")
        #expect(Self.quota(evaluation, "year")?.target == 100 && evaluation.originalEnd == F.date("2025-06-30"))
        #expect(evaluation.state == .active && evaluation.amendments.map(\.id) == ["pl-04"])
    }

    /// An early end: from 2025-12-31 to 2025-09-30. Q3 stays whole (30); the year is clipped to 273 of 365
    /// days: 100 · 273 / 365 = 74.8 → 75, and names the amendment; the agreement ENDS on 2025-09-30.
    @Test func anEarlyEnd() throws {
        let agreement = Self.amended(
            quotas: [Quota(id: "q", target: 30, per: .quarter), Quota(id: "year", target: 100, per: .year)],
            amendments: [Amendment(id: "pl-05", title: "PL 05", effective: F.date("2025-06-01"), end: F.date("2025-09-30"))])
        let evaluation = try F.evaluate(agreement, at: "2025-08-01")
        #expect(Self.quota(evaluation, "q")?.target == 30 && Self.quota(evaluation, "q")?.amendments == [])
        #expect(Self.quota(evaluation, "year")?.target == 75 && Self.quota(evaluation, "year")?.amendments == ["pl-05"])
        #expect(try F.evaluate(agreement, at: "2025-10-01").state == .ended)
    }

    /// A retroactive amendment: signed 2025-05-10, effective 2025-01-01, 30 → 45 a quarter. Q1 closed MET with
    /// 40 of 30; under the amendment it is 40 of 45, MISSED: one `quota-outcome-changed`.
    @Test func aRetroactiveAmendmentRevisesClosedWindows() throws {
        let amendment = Amendment(
            id: "pl-06", title: "PL 06", signed: F.date("2025-05-10"), effective: F.date("2025-01-01"),
            quotas: [QuotaAmendment(id: "q", change: .amend(QuotaChanges(target: 45)))])
        #expect(amendment.isRetroactive)
        let agreement = Self.amended(quotas: [Quota(id: "q", target: 30, per: .quarter)], amendments: [amendment])
        let q1 = QuotaWindow(label: "2025-Q1", start: F.date("2025-01-01"), end: F.date("2025-03-31"),
                             fullStart: F.date("2025-01-01"), fullEnd: F.date("2025-03-31"))
        let recorded = WindowOutcome(agreement: "a", quota: "q", window: q1, target: 30, delivered: 40, outcome: .met)
        let entries = (0..<40).map { F.delivery(F.date("2025-02-01").adding(days: $0 % 28).description) }
        let machine = AlertMachine(policy: EvaluationPolicy())
        let now = Date(timeIntervalSince1970: 1_747_000_000)
        let plain = try machine.reviseOutcomes([recorded], in: agreement, counts: F.ledger(agreement, entries), now: now)
        #expect(plain.updated.isEmpty && plain.alert == nil)
        let (updated, alert) = try machine.reviseOutcomes(
            [recorded], in: agreement, counts: F.ledger(agreement, entries), now: now, retargetFrom: amendment.effective)
        #expect(updated.map(\.target) == [45] && updated.map(\.outcome) == [.missed])
        #expect(alert?.type == .quotaOutcomeChanged && alert?.previousStatus == "MET" && alert?.status == "MISSED")
    }

    /// A deficit chain over three quarters of 30: Q1 delivers 20 (short 10), so Q2's target is 30 + 10 = 40; Q2
    /// delivers 45 (no shortfall), so Q3's is 30 + 0 = 30; Q3 delivers 10, so Q4's is 30 + 20 = 50. With
    /// `both`, Q2's excess of 5 (45 of 40) comes off Q3 (25), Q3's shortfall of 15 onto Q4 (45); with `surplus`,
    /// only excess moves: Q2 is 30 and delivers 45, so Q3 is 30 − 15 = 15, and Q3's shortfall stays: Q4 30.
    @Test(arguments: [(Carry.deficit, [30, 40, 30, 50], [nil, 10, 0, 20]),
                      (Carry.both, [30, 40, 25, 45], [0, 10, -5, 15]),
                      (Carry.surplus, [30, 30, 15, 30], [0, 0, -15, 0])])
    func aCarryChainOverThreeQuarters(carry: Carry, targets: [Int], carried: [Int?]) throws {
        let agreement = Self.amended(quotas: [Quota(id: "q", target: 30, per: .quarter, carry: carry)], amendments: [])
        var entries = (0..<20).map { _ in F.delivery("2025-02-01") }
        entries += (0..<45).map { _ in F.delivery("2025-05-01") }
        entries += (0..<10).map { _ in F.delivery("2025-08-01") }
        let days = ["2025-03-01", "2025-06-01", "2025-09-01", "2025-12-01"]
        for (index, day) in days.enumerated() {
            let q = try #require(Self.quota(try F.evaluate(agreement, at: day, entries: entries), "q"))
            #expect(q.target == targets[index], "\(day)")
            #expect(q.baseTarget == 30 && q.carried == (carried[index] ?? 0), "\(day)")
        }
    }

    /// A surplus larger than the next base target leaves it at 0, never below.
    @Test func aCarriedTargetIsNeverNegative() throws {
        let agreement = Self.amended(quotas: [Quota(id: "q", target: 10, per: .quarter, carry: .surplus)], amendments: [])
        let entries = (0..<35).map { _ in F.delivery("2025-02-01") }
        let q2 = try #require(Self.quota(try F.evaluate(agreement, at: "2025-04-10", entries: entries), "q"))
        #expect(q2.target == 0 && q2.carried == -25 && q2.status == .met)
    }

    /// Filters in force on the publication date; thresholds in force on the evaluation date.
    @Test func filtersByPublicationDateThresholdsByEvaluationDate() throws {
        let agreement = Self.amended(
            quotas: [Quota(id: "q", target: 20, per: .year, filter: DeliveryFilter(kinds: ["article"]))],
            amendments: [Amendment(id: "pl-07", title: "PL 07", effective: F.date("2025-07-01"),
                                   quotas: [QuotaAmendment(id: "q", change: .amend(QuotaChanges(
                                       kinds: ["video"], atRiskBelow: 0.5, behindBelow: 0.2)))])])
        let entries = [F.delivery("2025-03-01", kind: "article"), F.delivery("2025-03-02", kind: "video"),
                       F.delivery("2025-08-01", kind: "article"), F.delivery("2025-08-02", kind: "video")]
        let q = try #require(Self.quota(try F.evaluate(agreement, at: "2025-09-01", entries: entries), "q"))
        // The March article and the August video count; the March video and the August article do not.
        #expect(q.delivered == 2)
        // 2 of 20 · 243/365 = 13.3 expected is 0.15: below 0.2, BEHIND under pl-07 (under [pace] it would be too).
        #expect(q.status == .behind)
        let july = try #require(Self.quota(try F.evaluate(agreement, at: "2025-06-30", entries: entries), "q"))
        #expect(july.delivered == 1)
    }

    /// Onboarding's rule: held from the first load for `onboarding`, unless something was recorded since; an
    /// agreement first loaded long ago (a database from before the upgrade) is not new.
    @Test func onboardingHoldsOnlyNewAgreementsWithNothingRecorded() {
        let policy = EvaluationPolicy(onboarding: .seconds(86_400))
        let loaded = Date(timeIntervalSince1970: 1_750_000_000)
        #expect(policy.alertsHeldUntil(firstLoaded: loaded, lastRecorded: nil, now: loaded.addingTimeInterval(3600))
            == loaded.addingTimeInterval(86_400))
        #expect(policy.alertsHeldUntil(firstLoaded: loaded, lastRecorded: nil, now: loaded.addingTimeInterval(86_400)) == nil)
        #expect(policy.alertsHeldUntil(firstLoaded: loaded, lastRecorded: loaded.addingTimeInterval(60),
                                       now: loaded.addingTimeInterval(3600)) == nil)
        // Recorded before this load (an archived agreement's history): still held.
        #expect(policy.alertsHeldUntil(firstLoaded: loaded, lastRecorded: loaded.addingTimeInterval(-60),
                                       now: loaded.addingTimeInterval(3600)) != nil)
        #expect(policy.alertsHeldUntil(firstLoaded: loaded.addingTimeInterval(-400 * 86_400), lastRecorded: nil,
                                       now: loaded) == nil)
        #expect(EvaluationPolicy(onboarding: .zero).alertsHeldUntil(firstLoaded: loaded, lastRecorded: nil, now: loaded) == nil)
    }

    /// The ledger's per-day sums (what a report's burn-up and delivered read) use the filters in force on each
    /// day, as its window sums do: articles only until 1 May 2025, videos too from then on.
    @Test func theLedgersDailySumsFollowAmendedFilters() {
        let agreement = Self.amended(
            quotas: [Quota(id: "news", target: 30, per: .quarter, filter: DeliveryFilter(kinds: ["article"]))],
            amendments: [Amendment(id: "pl-01", title: "PL 01", effective: F.date("2025-05-01"), quotas: [
                QuotaAmendment(id: "news", change: .amend(QuotaChanges(kinds: ["article", "video"])))])])
        let ledger = F.ledger(agreement, [
            F.delivery("2025-04-10", kind: "video"), F.delivery("2025-04-11"),
            F.delivery("2025-05-10", kind: "video", count: 2), F.delivery("2025-05-11"),
        ])
        let days = ledger.quotaDays(agreement: "a", quota: "news", from: F.date("2025-04-01"), through: F.date("2025-06-30"))
        #expect(days == [DayCount(date: F.date("2025-04-11"), count: 1), DayCount(date: F.date("2025-05-10"), count: 2),
                         DayCount(date: F.date("2025-05-11"), count: 1)])
        #expect(days.reduce(0) { $0 + $1.count }
            == ledger.delivered(agreement: "a", quota: "news", from: F.date("2025-04-01"), through: F.date("2025-06-30")))
    }

    /// Campaign and milestone changes are those of the last amendment that sets them, whatever the date.
    @Test func campaignsAndMilestonesTakeTheLastAmendment() throws {
        let campaign = Campaign(id: "c", start: F.date("2025-03-01"), end: F.date("2025-06-30"),
                                milestones: [Milestone(id: "m", due: F.date("2025-05-01"), completion: .counted(target: 5))])
        let agreement = Agreement(
            id: "a", title: "a", start: F.date("2025-01-01"), end: F.date("2025-12-31"), timeZone: F.hcm,
            campaigns: [campaign],
            amendments: [
                Amendment(id: "b", title: "B", effective: F.date("2025-04-01"), campaigns: [.end(campaign: "c", F.date("2025-09-30"))],
                          milestones: [MilestoneAmendment(campaign: "c", milestone: "m", due: F.date("2025-08-01"))]),
                Amendment(id: "a1", title: "A", effective: F.date("2025-02-01"),
                          campaigns: [.add(Campaign(id: "d", start: F.date("2025-02-01"), end: F.date("2025-03-31")))],
                          milestones: [MilestoneAmendment(campaign: "c", milestone: "m", due: F.date("2025-06-01"), target: 8)]),
            ])
        #expect(agreement.amendments.map(\.id) == ["a1", "b"])
        #expect(agreement.campaigns.map(\.id) == ["c", "d"] && agreement.campaigns[0].end == F.date("2025-09-30"))
        #expect(agreement.campaigns[0].milestones[0].due == F.date("2025-08-01"))
        #expect(agreement.campaigns[0].milestones[0].completion == .counted(target: 8))
    }
}
