import Foundation
import Testing
@testable import TallyCore

@Suite struct MilestoneAndStateTests {
    typealias F = Fixture

    static let campaign = Campaign(
        id: "dai-hoi", start: F.date("2025-06-01"), end: F.date("2025-10-31"), filter: DeliveryFilter(tags: ["dai-hoi"]),
        milestones: [
            Milestone(id: "mo-dau", due: F.date("2025-07-01"), completion: .counted(target: 5)),
            Milestone(id: "phu-luc", due: F.date("2025-06-15"), completion: .manual),
        ])

    static func milestones(at day: String, _ entries: [DeliveryLedger.Entry], completions: [String: CivilDate] = [:])
        throws -> [String: MilestoneEvaluation]
    {
        let a = F.agreement(start: "2025-01-01", campaigns: [campaign])
        let e = try Evaluator(policy: .init()).evaluate(
            a, at: .endOfDay(F.date(day)), counts: F.ledger(a, entries, completions: completions))
        return Dictionary(uniqueKeysWithValues: e.milestones.map { ($0.id, $0) })
    }

    static func tagged(_ day: String, _ count: Int = 1) -> DeliveryLedger.Entry {
        F.delivery(day, tags: ["dai-hoi"], count: count)
    }

    @Test func countedMilestoneIsReachedOnTheCrossingDelivery() throws {
        let entries = [Self.tagged("2025-06-20", 2), Self.tagged("2025-06-10", 2), Self.tagged("2025-06-25", 3),
                       Self.tagged("2025-06-28", 1) /* after the crossing: does not move the date */,
                       Self.tagged("2025-05-30", 9) /* before the campaign */, F.delivery("2025-06-11", count: 9) /* untagged */]
        let m = try #require(try Self.milestones(at: "2025-06-30", entries)["dai-hoi/mo-dau"])
        #expect(m.delivered == 8)
        #expect(m.reachedOn == F.date("2025-06-25"))
        #expect(m.status == .done)
        // Before the crossing delivery it is not reached yet.
        let earlier = try #require(try Self.milestones(at: "2025-06-24", entries)["dai-hoi/mo-dau"])
        #expect(earlier.delivered == 4 && earlier.reachedOn == nil && earlier.status == .dueSoon)
    }

    @Test(arguments: [
        ("2025-06-20", MilestoneStatus.pending),  // 11 days before due
        ("2025-06-24", MilestoneStatus.dueSoon),  // 7 days before due
        ("2025-07-01", MilestoneStatus.dueSoon),  // due today
        ("2025-07-02", MilestoneStatus.missed),
    ])
    func countedStatuses(day: String, status: MilestoneStatus) throws {
        #expect(try Self.milestones(at: day, [Self.tagged("2025-06-05")])["dai-hoi/mo-dau"]?.status == status)
    }

    @Test func lateAndBoundedByCampaignEnd() throws {
        let late = try Self.milestones(at: "2025-08-01", [Self.tagged("2025-07-10", 5)])["dai-hoi/mo-dau"]
        #expect(late?.status == .late)
        #expect(late?.reachedOn == F.date("2025-07-10"))
        // Items after the campaign's end do not count.
        let after = try Self.milestones(at: "2025-12-01", [Self.tagged("2025-11-05", 5)])["dai-hoi/mo-dau"]
        #expect(after?.status == .missed)
        #expect(after?.delivered == 0)
    }

    @Test func manualMilestoneWhatIfSeesOnlyEarlierCompletions() throws {
        let done = ["dai-hoi/phu-luc": F.date("2025-06-12")]
        #expect(try Self.milestones(at: "2025-06-13", [], completions: done)["dai-hoi/phu-luc"]?.status == .done)
        #expect(try Self.milestones(at: "2025-06-11", [], completions: done)["dai-hoi/phu-luc"]?.status == .dueSoon)
        let late = ["dai-hoi/phu-luc": F.date("2025-06-20")]
        #expect(try Self.milestones(at: "2025-06-21", [], completions: late)["dai-hoi/phu-luc"]?.status == .late)
        #expect(try Self.milestones(at: "2025-06-19", [], completions: late)["dai-hoi/phu-luc"]?.status == .missed)
        let m = try Self.milestones(at: "2025-06-13", [], completions: done)["dai-hoi/phu-luc"]
        #expect(m?.target == nil && m?.delivered == nil)
    }

    @Test(arguments: [
        ("2024-12-31", AgreementState.notStarted, false),
        ("2025-01-01", AgreementState.active, false),
        ("2025-12-01", AgreementState.expiring, false),  // 30 days before the end
        ("2025-11-30", AgreementState.active, false),
        ("2025-12-31", AgreementState.expiring, false),
        ("2026-01-01", AgreementState.ended, false),
        ("2025-06-01", AgreementState.archived, true),
    ])
    func agreementStates(day: String, state: AgreementState, archived: Bool) throws {
        let a = F.agreement(start: "2025-01-01", end: "2025-12-31")
        let e = try Evaluator(policy: .init()).evaluate(a, at: .endOfDay(F.date(day)), counts: F.ledger(a, []),
                                                        archived: archived)
        #expect(e.state == state)
    }

    @Test func staleCountsNoBlackoutDays() throws {
        let a = F.agreement(start: "2025-01-01", end: "2025-12-31")
        let evaluator = Evaluator(policy: .init())
        let calendar = BlackoutCalendar([Blackout(from: F.date("2025-01-25"), to: F.date("2025-02-02"))])
        let last = F.date("2025-01-20")
        // 14 countable days after the 20th, skipping 9 days of Tết, end on 2025-02-12.
        #expect(!evaluator.isStale(lastRecorded: last, agreement: a, on: F.date("2025-02-12"), calendar: calendar))
        #expect(evaluator.isStale(lastRecorded: last, agreement: a, on: F.date("2025-02-13"), calendar: calendar))
        // Never recorded: counted from the start.
        #expect(!evaluator.isStale(lastRecorded: nil, agreement: a, on: F.date("2025-01-15"), calendar: BlackoutCalendar([])))
        #expect(evaluator.isStale(lastRecorded: nil, agreement: a, on: F.date("2025-01-16"), calendar: BlackoutCalendar([])))
    }

    @Test func staleOnlyWhileRunning() throws {
        let a = F.agreement(start: "2025-01-01", end: "2025-03-31")
        let ended = try Evaluator(policy: .init()).evaluate(a, at: .endOfDay(F.date("2025-06-01")), counts: F.ledger(a, []))
        #expect(!ended.stale)
        let running = try Evaluator(policy: .init()).evaluate(a, at: .endOfDay(F.date("2025-02-01")), counts: F.ledger(a, []))
        #expect(running.stale)
    }
}
