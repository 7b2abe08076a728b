import Foundation
import Testing
@testable import TallyCore

/// Drives the alert machine through time the way the daemon does: persist the step, check again later.
struct AlertSimulator {
    /// Staleness is left out of the quota scenarios (400 days); its own test sets a 14-day policy.
    var machine = AlertMachine(policy: EvaluationPolicy(renotify: .seconds(7 * 86_400), staleAfter: .seconds(400 * 86_400)))
    var agreement: Agreement
    var entries: [DeliveryLedger.Entry] = []
    var completions: [String: CivilDate] = [:]
    var states: [String: SubjectState] = [:]
    var outcomes: [WindowOutcome] = []
    var firstSeen: CivilDate

    init(_ agreement: Agreement, firstSeen: String) {
        self.agreement = agreement
        self.firstSeen = Fixture.date(firstSeen)
    }

    /// Noon of `day` in Ho Chi Minh City.
    static func noon(_ day: String) -> Date { Fixture.date(day).startInstant(in: Fixture.hcm).addingTimeInterval(12 * 3600) }

    mutating func check(_ day: String) throws -> [Alert] {
        try check(at: Self.noon(day))
    }

    /// Per quota, the last day of the latest window whose outcome is recorded.
    var outcomesThrough: [String: CivilDate] {
        var through: [String: CivilDate] = [:]
        for o in outcomes { through[o.quota] = max(through[o.quota] ?? o.window.end, o.window.end) }
        return through
    }

    mutating func check(at now: Date) throws -> [Alert] {
        let (_, step) = try machine.check(
            agreement, now: now, counts: Fixture.ledger(agreement, entries, completions: completions), previous: states,
            outcomesThrough: outcomesThrough, firstSeen: firstSeen)
        for key in step.removed { states[key] = nil }
        states.merge(step.states) { _, new in new }
        outcomes += step.outcomes
        return step.alerts
    }

    mutating func add(_ n: Int, on day: String, tags: [String] = []) {
        entries.append(Fixture.delivery(day, tags: tags, count: n))
    }
}

@Suite struct AlertMachineTests {
    typealias F = Fixture

    /// The daemon hands `check` an evaluation kept from the same counts on the same date (`known`): the step it
    /// decides is the one a fresh evaluation gives, day after day through a quarter's transitions; and a known
    /// evaluation is really what the step is decided from.
    @Test func aKnownEvaluationDecidesAsAFreshOneWould() throws {
        var sim = AlertSimulator(Self.quarterly, firstSeen: "2024-04-01")
        for (day, added) in [("2024-04-10", 10), ("2024-04-12", 0), ("2024-04-15", 0), ("2024-04-15", 2),
                             ("2024-04-22", 0), ("2024-06-30", 80), ("2024-07-02", 0)] {
            if added > 0 { sim.add(added, on: day) }
            let now = AlertSimulator.noon(day)
            let counts = F.ledger(sim.agreement, sim.entries)
            let known = try sim.machine.evaluator.evaluate(sim.agreement, at: .instant(now), counts: counts)
            let through = sim.outcomesThrough
            let reused = try sim.machine.check(sim.agreement, now: now, counts: counts, previous: sim.states,
                                               outcomesThrough: through, firstSeen: sim.firstSeen, known: known)
            let fresh = try sim.machine.check(sim.agreement, now: now, counts: counts, previous: sim.states,
                                              outcomesThrough: through, firstSeen: sim.firstSeen)
            #expect(reused.0 == fresh.0, "on \(day)")
            #expect(reused.1 == fresh.1, "on \(day)")
            _ = try sim.check(at: now)
        }
        #expect(!sim.outcomes.isEmpty)

        let now = AlertSimulator.noon("2024-07-03")
        let counts = F.ledger(sim.agreement, sim.entries)
        var doctored = try sim.machine.evaluator.evaluate(sim.agreement, at: .instant(now), counts: counts)
        let (wanted, alert): (QuotaStatus, AlertType) = doctored.quotas[0].status == .behind
            ? (.atRisk, .quotaAtRisk) : (.behind, .quotaBehind)
        doctored.quotas[0].status = wanted
        let through = sim.outcomesThrough
        let (evaluation, step) = try sim.machine.check(sim.agreement, now: now, counts: counts, previous: sim.states,
                                                       outcomesThrough: through, firstSeen: sim.firstSeen, known: doctored)
        #expect(evaluation == doctored)
        #expect(step.alerts.map(\.type) == [alert])
    }

    /// 91 a quarter over 2024: expected is one a day in Q2 (91 days).
    static let quarterly = F.agreement(start: "2024-01-01", end: "2025-12-31",
                                       quotas: [Quota(id: "news", target: 91, per: .quarter)])

    @Test func firstSeenGoodSubjectsAreSilentBadOnesAlertWithEmptyPrevious() throws {
        var sim = AlertSimulator(Self.quarterly, firstSeen: "2024-04-10")
        sim.add(10, on: "2024-04-05")
        #expect(try sim.check("2024-04-10").isEmpty)  // 10 of 10: ON_TRACK

        var bad = AlertSimulator(Self.quarterly, firstSeen: "2024-04-10")
        bad.add(5, on: "2024-04-05")
        let alerts = try bad.check("2024-04-10")
        #expect(alerts.map(\.type) == [.quotaBehind])
        #expect(alerts.first?.previousStatus == nil)
        #expect(alerts.first?.window == "2024-Q2")
        #expect(alerts.first?.message == "a/news: BEHIND in 2024-Q2 (5 of 91, expected 10.0)")
        #expect(alerts.first?.priority == 3)
    }

    /// Deferring history (the pass before READY=1) leaves a quota's closed windows unrecorded when every one of them
    /// is caught up silently, and says so; the evaluation and the alerts of open windows are those of a step that
    /// records them, and a later step without deferral records exactly what the deferred one left out. A quota with a
    /// closed window observed open, or closed after the agreement was first seen, is recorded and alerted as before,
    /// even when its older windows closed before that.
    @Test func deferringHistoryLeavesOnlySilentlyCaughtUpWindowsForLater() throws {
        var sim = AlertSimulator(Self.quarterly, firstSeen: "2024-11-20")
        sim.add(5, on: "2024-11-18")
        let now = AlertSimulator.noon("2024-11-20")
        let counts = F.ledger(sim.agreement, sim.entries)
        let recorded = try sim.machine.check(sim.agreement, now: now, counts: counts, previous: [:], outcomesThrough: [:],
                                             firstSeen: sim.firstSeen)
        let deferred = try sim.machine.check(sim.agreement, now: now, counts: counts, previous: [:], outcomesThrough: [:],
                                             firstSeen: sim.firstSeen, deferringHistory: true)
        #expect(recorded.1.outcomes.map(\.window.label) == ["2024-Q1", "2024-Q2", "2024-Q3"])
        #expect(!recorded.1.historyDeferred)
        #expect(deferred.1.historyDeferred)
        #expect(deferred.1.outcomes.isEmpty)
        #expect(deferred.0 == recorded.0)
        #expect(deferred.1.alerts == recorded.1.alerts)
        #expect(deferred.1.alerts.map(\.type) == [.quotaBehind])  // 5 of 51 in Q4, first seen
        #expect(deferred.1.states == recorded.1.states)
        let later = try sim.machine.check(sim.agreement, now: now.addingTimeInterval(60), counts: counts,
                                          previous: deferred.1.states, outcomesThrough: [:], firstSeen: sim.firstSeen)
        #expect(later.1.outcomes == recorded.1.outcomes)
        #expect(later.1.alerts.isEmpty)

        // Seen since 2024-04-01 and down through Q3's end: Q2 and Q3 closed after it was first seen.
        var seen = AlertSimulator(Self.quarterly, firstSeen: "2024-04-01")
        seen.add(91, on: "2024-05-01")
        let closing = try seen.machine.check(seen.agreement, now: AlertSimulator.noon("2024-10-02"),
                                             counts: F.ledger(seen.agreement, seen.entries), previous: [:],
                                             outcomesThrough: ["news": F.date("2024-03-31")], firstSeen: seen.firstSeen,
                                             deferringHistory: true)
        #expect(!closing.1.historyDeferred)
        #expect(closing.1.outcomes.map(\.window.label) == ["2024-Q2", "2024-Q3"])
        #expect(closing.1.alerts.map(\.type) == [.quotaMet, .quotaMissed, .quotaBehind])  // and Q4's open window

        // First seen 2024-08-01, nothing recorded, down until 2 October: Q1 and Q2 closed before it was seen (silent),
        // Q3 after (alerted). Nothing is deferred, and Q3's alert comes now.
        var mixed = AlertSimulator(Self.quarterly, firstSeen: "2024-08-01")
        mixed.add(91, on: "2024-08-10")
        let both = try mixed.machine.check(mixed.agreement, now: AlertSimulator.noon("2024-10-02"),
                                           counts: F.ledger(mixed.agreement, mixed.entries), previous: [:],
                                           outcomesThrough: [:], firstSeen: mixed.firstSeen, deferringHistory: true)
        #expect(!both.1.historyDeferred)
        #expect(both.1.outcomes.map(\.window.label) == ["2024-Q1", "2024-Q2", "2024-Q3"])
        #expect(both.1.alerts.map(\.type) == [.quotaMet, .quotaBehind])
    }

    @Test func eachTransitionAlertsExactlyOnce() throws {
        var sim = AlertSimulator(Self.quarterly, firstSeen: "2024-04-01")
        sim.add(10, on: "2024-04-01")
        #expect(try sim.check("2024-04-10").isEmpty)  // 10 of 10: ON_TRACK, first seen
        #expect(try sim.check("2024-04-10").isEmpty)  // unchanged
        #expect(try sim.check("2024-04-12").map(\.type) == [.quotaAtRisk])  // 10 of 12
        #expect(try sim.check("2024-04-13").isEmpty)  // still AT_RISK
        let behind = try sim.check("2024-04-15")  // 10 of 15
        #expect(behind.map(\.type) == [.quotaBehind])
        #expect(behind.first?.previousStatus == "AT_RISK")
        sim.add(2, on: "2024-04-15")
        let better = try sim.check("2024-04-15")  // 12 of 15: BEHIND → AT_RISK alerts too
        #expect(better.map(\.type) == [.quotaAtRisk])
        #expect(better.first?.previousStatus == "BEHIND")
        sim.add(3, on: "2024-04-15")
        #expect(try sim.check("2024-04-15").map(\.type) == [.quotaRecovered])
        #expect(try sim.check("2024-04-15").isEmpty)
        sim.add(76, on: "2024-04-16")
        let met = try sim.check("2024-04-16")
        #expect(met.map(\.type) == [.quotaMet])
        #expect(met.first?.priority == 5)
        #expect(try sim.check("2024-04-20").isEmpty)
    }

    @Test func renotifyAfterTheIntervalWithRepeatCount() throws {
        var sim = AlertSimulator(Self.quarterly, firstSeen: "2024-04-01")
        #expect(try sim.check("2024-04-10").map(\.type) == [.quotaBehind])
        #expect(try sim.check("2024-04-16").isEmpty)  // 6 days later
        let again = try sim.check("2024-04-17")  // 7 days later
        #expect(again.map(\.type) == [.quotaBehind])
        #expect(again.map(\.repeatCount) == [1])
        #expect(again.first?.message.hasSuffix("[repeat 1]") == true)
        #expect(try sim.check("2024-04-20").isEmpty)
        #expect(try sim.check("2024-04-24").map(\.repeatCount) == [2])
    }

    @Test func recoveredOnlyWithinOneWindowAndClosedWindowsAlertOnce() throws {
        var sim = AlertSimulator(Self.quarterly, firstSeen: "2024-01-01")
        #expect(try sim.check("2024-03-25").map(\.type) == [.quotaBehind])
        // Q1 closes MISSED; Q2 starts on pace with no previous state: nothing "recovered".
        sim.add(1, on: "2024-04-01")
        let next = try sim.check("2024-04-01")
        #expect(next.map(\.type) == [.quotaMissed])
        #expect(next.first?.window == "2024-Q1")
        #expect(next.first?.previousStatus == "BEHIND")
        #expect(sim.outcomes.map(\.window.label) == ["2024-Q1"])
        #expect(sim.outcomes.first?.outcome == .missed)
        #expect(sim.states.keys.contains(AlertSubject.quota("a", "news", "2024-Q1")) == false)
        #expect(try sim.check("2024-04-01").isEmpty)
    }

    @Test func windowsClosedBeforeFirstSightAreCaughtUpSilently() throws {
        var sim = AlertSimulator(Self.quarterly, firstSeen: "2025-05-20")
        sim.add(91, on: "2025-04-02")
        let alerts = try sim.check("2025-05-20")
        #expect(alerts.isEmpty)
        #expect(sim.outcomes.map(\.window.label) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1"])
        #expect(sim.outcomes.allSatisfy { $0.outcome == .missed })
    }

    @Test func windowsThatClosedWhileStoppedAlertAtStart() throws {
        var sim = AlertSimulator(Self.quarterly, firstSeen: "2024-01-01")
        sim.add(80, on: "2024-02-01")
        #expect(try sim.check("2024-03-01").isEmpty)
        sim.add(91, on: "2024-05-01")
        // The daemon was stopped from March to August: Q1 (seen) and Q2 (never seen) both closed.
        let alerts = try sim.check("2024-08-05")
        #expect(alerts.map(\.type) == [.quotaMissed, .quotaMet, .quotaBehind])
        #expect(alerts.map(\.window) == ["2024-Q1", "2024-Q2", "2024-Q3"])
        #expect(alerts[1].previousStatus == nil)
    }

    @Test func aRestartWithUnchangedStateRaisesNothing() throws {
        var sim = AlertSimulator(Self.quarterly, firstSeen: "2024-01-01")
        _ = try sim.check("2024-03-01")
        let persisted = sim.states
        var restarted = sim
        restarted.states = persisted
        #expect(try restarted.check("2024-03-01").isEmpty)
    }

    @Test func milestonesDueSoonMissedDoneLate() throws {
        let campaign = Campaign(id: "c", start: F.date("2024-06-01"), end: F.date("2024-09-30"),
                                filter: DeliveryFilter(tags: ["x"]),
                                milestones: [Milestone(id: "m", due: F.date("2024-07-01"), completion: .counted(target: 3)),
                                             Milestone(id: "manual", due: F.date("2024-07-10"), completion: .manual)])
        let a = F.agreement(start: "2024-01-01", end: "2025-12-31", campaigns: [campaign])
        var sim = AlertSimulator(a, firstSeen: "2024-06-01")
        sim.machine = AlertMachine(policy: EvaluationPolicy(staleAfter: .seconds(400 * 86_400)))
        #expect(try sim.check("2024-06-01").isEmpty)
        #expect(try sim.check("2024-06-23").isEmpty)  // 8 days before due
        let dueSoon = try sim.check("2024-06-24")
        #expect(dueSoon.map(\.type) == [.milestoneDueSoon])
        #expect(dueSoon.first?.milestone == "c/m")
        #expect(dueSoon.first?.message == "a/c/m: DUE_SOON, due 2024-07-01, 7 days left (0 of 3)")
        #expect(dueSoon.first?.daysLeft == 7)
        #expect(try sim.check("2024-07-02").map(\.type) == [.milestoneMissed])
        sim.add(3, on: "2024-07-05", tags: ["x"])
        let late = try sim.check("2024-07-05")
        #expect(late.map(\.type) == [.milestoneLate, .milestoneDueSoon])
        #expect(late.map(\.milestone) == ["c/m", "c/manual"])
        sim.completions["c/manual"] = F.date("2024-07-06")
        #expect(try sim.check("2024-07-06").map(\.type) == [.milestoneDone])
        #expect(try sim.check("2024-07-20").isEmpty)
    }

    /// SPEC §9: `remind = ["14d", "3d", "1d"]` raises `milestone-due-soon` once at each rung, with the days left,
    /// and DUE_SOON is not renotified beyond the ladder; leads crossed at once raise one alert; a campaign's own
    /// ladder wins over the daemon's.
    @Test func theReminderLadder() throws {
        let campaign = Campaign(id: "c", start: F.date("2024-06-01"), end: F.date("2024-09-30"),
                                milestones: [Milestone(id: "m", due: F.date("2024-07-20"), completion: .manual),
                                             Milestone(id: "late", due: F.date("2024-06-03"), completion: .manual)])
        let a = F.agreement(start: "2024-01-01", end: "2025-12-31", campaigns: [campaign])
        var sim = AlertSimulator(a, firstSeen: "2024-06-01")
        sim.machine = AlertMachine(policy: EvaluationPolicy(
            renotify: .seconds(86_400), staleAfter: .seconds(400 * 86_400),
            remind: [.seconds(3 * 86_400), .seconds(14 * 86_400), .seconds(86_400)]))
        var raised: [(String, String?, Int?)] = []
        var day = F.date("2024-06-01")
        while day <= F.date("2024-07-19") {
            for alert in try sim.check(day.description) where alert.type == .milestoneDueSoon {
                raised.append((day.description, alert.milestone, alert.daysLeft))
            }
            day = day.adding(days: 1)
        }
        // "late" is 2 days away when first seen: the 14d and 3d rungs are crossed at once (one alert), then 1d.
        #expect(raised.map(\.0) == ["2024-06-01", "2024-06-02", "2024-07-06", "2024-07-17", "2024-07-19"])
        #expect(raised.map(\.1) == ["c/late", "c/late", "c/m", "c/m", "c/m"])
        #expect(raised.map(\.2) == [2, 1, 14, 3, 1])
        // Reached: the rungs are forgotten.
        sim.completions["c/m"] = F.date("2024-07-19")
        _ = try sim.check("2024-07-19")
        #expect(!sim.states.keys.contains { $0.hasPrefix("remind/a/c/m/") })

        var own = campaign
        own.remind = [.seconds(2 * 86_400)]
        var ownSim = AlertSimulator(F.agreement(start: "2024-01-01", end: "2025-12-31", campaigns: [own]), firstSeen: "2024-06-01")
        ownSim.machine = sim.machine
        _ = try ownSim.check("2024-06-10")
        #expect(try ownSim.check("2024-07-06").filter { $0.type == .milestoneDueSoon }.isEmpty)
        #expect(try ownSim.check("2024-07-18").filter { $0.type == .milestoneDueSoon }.map(\.daysLeft) == [2])
    }

    @Test func missedMilestoneRenotifiesOnlyWhileItsCampaignRuns() throws {
        let campaign = Campaign(id: "c", start: F.date("2024-06-01"), end: F.date("2024-07-15"),
                                milestones: [Milestone(id: "m", due: F.date("2024-07-01"), completion: .counted(target: 3))])
        let a = F.agreement(start: "2024-01-01", end: "2025-12-31", campaigns: [campaign])
        var sim = AlertSimulator(a, firstSeen: "2024-07-02")
        sim.machine = AlertMachine(policy: EvaluationPolicy(staleAfter: .seconds(400 * 86_400)))
        #expect(try sim.check("2024-07-02").map(\.type) == [.milestoneMissed])
        #expect(try sim.check("2024-07-09").map(\.repeatCount) == [1])
        #expect(try sim.check("2024-07-16").isEmpty)  // the campaign has ended
        #expect(try sim.check("2024-08-30").isEmpty)
        // First seen after the campaign ended: history, not news.
        var late = AlertSimulator(a, firstSeen: "2024-08-01")
        late.machine = sim.machine
        #expect(try late.check("2024-08-01").isEmpty)
    }

    @Test func agreementExpiringEndedStaleFresh() throws {
        let a = F.agreement(start: "2024-01-01", end: "2024-06-30")
        var sim = AlertSimulator(a, firstSeen: "2024-01-01")
        sim.machine = AlertMachine(policy: EvaluationPolicy())
        sim.add(1, on: "2024-05-01")
        sim.entries[0].recordedAt = AlertSimulator.noon("2024-05-01")
        #expect(try sim.check("2024-05-01").isEmpty)
        let expiring = try sim.check("2024-05-31")  // 30 days before the end; 30 quiet days too
        #expect(expiring.map(\.type) == [.agreementExpiring, .agreementStale])
        #expect(expiring.map(\.priority) == [4, 4])
        #expect(expiring.map(\.status) == ["EXPIRING", "STALE"])
        sim.add(1, on: "2024-06-01")
        sim.entries[1].recordedAt = AlertSimulator.noon("2024-06-01")
        #expect(try sim.check("2024-06-01").map(\.type) == [.agreementFresh])
        #expect(try sim.check("2024-06-07").map(\.type) == [.agreementExpiring])  // renotified, repeat 1
        let ended = try sim.check("2024-07-01")
        #expect(ended.map(\.type) == [.agreementEnded])
        #expect(ended.first?.previousStatus == "EXPIRING")
        #expect(try sim.check("2024-07-30").isEmpty)  // ended agreements are never repeated
    }

    @Test func backfillChangesAClosedOutcomeWithOneAlert() throws {
        let a = F.agreement(start: "2024-01-01", end: "2025-12-31",
                            quotas: [Quota(id: "m", target: 2, per: .month), Quota(id: "q", target: 3, per: .quarter)])
        var sim = AlertSimulator(a, firstSeen: "2024-01-01")
        _ = try sim.check("2024-04-02")
        #expect(sim.outcomes.filter { $0.outcome == .missed }.count == 4)
        // An import backfills January and February.
        sim.add(2, on: "2024-01-10")
        sim.add(2, on: "2024-02-10")
        let (updated, alert) = try sim.machine.reviseOutcomes(
            sim.outcomes, in: a, counts: F.ledger(a, sim.entries), now: AlertSimulator.noon("2024-04-02"))
        #expect(updated.map(\.window.label).sorted() == ["2024-01", "2024-02", "2024-Q1"])
        #expect(updated.allSatisfy { $0.outcome == .met })
        let one = try #require(alert)
        #expect(one.type == .quotaOutcomeChanged)
        #expect(one.window == "2024-01")
        #expect(one.previousStatus == "MISSED" && one.status == "MET")
        #expect(one.message.contains("and 2 more"))
        // Nothing changed: nothing to say.
        let (none, silent) = try sim.machine.reviseOutcomes(updated, in: a, counts: F.ledger(a, sim.entries),
                                                           now: AlertSimulator.noon("2024-04-02"))
        #expect(none.isEmpty && silent == nil)
    }
}
