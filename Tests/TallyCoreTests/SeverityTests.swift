import Foundation
import Testing

@testable import TallyCore

/// The monitoring severity of SPEC §6 (what `status` and `check` exit with), on evaluations.
@Suite struct SeverityTests {
    private typealias F = Fixture

    private static func quota(_ status: QuotaStatus) -> QuotaEvaluation {
        let day = F.date("2024-01-01")
        return QuotaEvaluation(
            quotaID: "news", title: "Tin, bài", window: QuotaWindow(label: "2024", start: day, end: F.date("2024-12-31"), fullStart: day, fullEnd: F.date("2024-12-31")),
            target: 120, delivered: 41, expected: 44.59, status: status, remaining: 79, projected: nil, requiredPerWeek: nil,
            currentPerWeek: nil, windowDays: 366, elapsedDays: 136, leftDays: 230, closed: status == .met || status == .missed)
    }

    private static func milestone(_ status: MilestoneStatus, campaignRunning: Bool = true) -> MilestoneEvaluation {
        MilestoneEvaluation(
            id: "dai-hoi/mo-dau", title: "Mở đầu", campaignID: "dai-hoi", due: F.date("2024-07-01"), target: 5, delivered: 2, reachedOn: nil,
            status: status, campaignRunning: campaignRunning)
    }

    private static func agreement(
        state: AgreementState = .active, stale: Bool = false, quotas: [QuotaEvaluation] = [quota(.onTrack)],
        milestones: [MilestoneEvaluation] = []
    ) -> AgreementEvaluation {
        AgreementEvaluation(
            agreementID: "ben-tre-2024", title: "Bến Tre", date: F.date("2024-05-15"), state: state, stale: stale, start: F.date("2024-01-01"),
            end: F.date("2025-12-31"), quotas: quotas, milestones: milestones)
    }

    @Test func allWellIsOK() {
        #expect(Self.agreement(quotas: [Self.quota(.onTrack), Self.quota(.met)]).severity == .ok)
        #expect(Self.agreement(quotas: []).severity == .ok)
    }

    @Test(arguments: [
        agreement(quotas: [quota(.atRisk)]),
        agreement(milestones: [milestone(.dueSoon)]),
        agreement(state: .expiring),
        agreement(stale: true),
        agreement(state: .expiring, stale: true, quotas: [quota(.atRisk)]),
    ])
    func warnings(agreement: AgreementEvaluation) {
        #expect(agreement.severity == .warning)
    }

    @Test(arguments: [
        agreement(quotas: [quota(.behind)]),
        agreement(quotas: [quota(.atRisk), quota(.behind)]),
        agreement(state: .expiring, quotas: [quota(.behind)]),
        agreement(milestones: [milestone(.missed)]),
    ])
    func critical(agreement: AgreementEvaluation) {
        #expect(agreement.severity == .critical)
    }

    @Test(arguments: [
        // Only past windows missed: a closed window is MISSED, never BEHIND.
        agreement(quotas: [quota(.missed)]),
        agreement(milestones: [milestone(.late)]),
        agreement(milestones: [milestone(.done)]),
        agreement(state: .ended, quotas: [quota(.behind)]),
        agreement(state: .notStarted, stale: true, quotas: [quota(.atRisk)]),
        agreement(state: .archived, quotas: [quota(.behind)], milestones: [milestone(.missed)]),
    ])
    func pastAndInactiveStatesDoNotCount(agreement: AgreementEvaluation) {
        #expect(agreement.severity == .ok)
    }

    @Test func aMissedMilestoneCountsOnlyWhileItsCampaignRuns() {
        #expect(Self.agreement(milestones: [Self.milestone(.missed, campaignRunning: true)]).severity == .critical)
        #expect(Self.agreement(milestones: [Self.milestone(.missed, campaignRunning: false)]).severity == .ok)
    }

    @Test func severitiesAreOrdered() {
        #expect(Severity.ok < .warning && Severity.warning < .critical)
        #expect([Severity.warning, .critical, .ok].max() == .critical)
    }

    /// A campaign runs through its last day, compared in the agreement's zone: the evaluator sets it on every milestone.
    @Test func theCampaignRunsThroughItsLastDayInTheAgreementsZone() throws {
        let campaign = Campaign(
            id: "dai-hoi", start: F.date("2024-03-01"), end: F.date("2024-05-16"),
            milestones: [Milestone(id: "mo-dau", due: F.date("2024-05-01"), completion: .manual)])
        #expect(campaign.isRunning(on: F.date("2024-05-16")))
        #expect(!campaign.isRunning(on: F.date("2024-05-17")))
        let agreement = F.agreement(campaigns: [campaign])
        // 2024-05-16T20:00Z is already 2024-05-17 in Hồ Chí Minh City.
        let evening = Date(timeIntervalSince1970: 1_715_889_600)  // 2024-05-16T20:00:00Z
        let over = try Evaluator(policy: .init()).evaluate(agreement, at: .instant(evening), counts: F.ledger(agreement, []))
        #expect(over.milestones.map(\.campaignRunning) == [false] && over.milestones.map(\.status) == [.missed])
        #expect(over.milestones.map(\.severity) == [.ok])
        let lastDay = try F.evaluate(agreement, at: "2024-05-16")
        #expect(lastDay.milestones.map(\.campaignRunning) == [true] && lastDay.milestones.map(\.severity) == [.critical])
        #expect(lastDay.severity == .critical)
    }
}
