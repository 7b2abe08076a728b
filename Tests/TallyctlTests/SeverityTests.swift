import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport
import Testing

@testable import tallyctl

@Suite("Exit status of status and check")
struct SeverityTests {
    static let running: @Sendable (String, String) -> Bool = { _, _ in true }
    static let ended: @Sendable (String, String) -> Bool = { _, _ in false }

    @Test func allWellIsZero() {
        let status = Fixture.status(Fixture.agreement(quotas: [Fixture.quota(), Fixture.quota("video", status: "MET")]))
        #expect(Severity.exitStatus(for: status, campaignRunning: Self.running) == 0)
        #expect(Severity.exitStatus(for: Fixture.status(), campaignRunning: Self.running) == 0)
    }

    @Test(arguments: [
        Fixture.agreement(quotas: [Fixture.quota(status: "AT_RISK")]),
        Fixture.agreement(milestones: [Fixture.milestone(status: "DUE_SOON")]),
        Fixture.agreement(state: "EXPIRING"),
        Fixture.agreement(stale: true),
        Fixture.agreement(state: "EXPIRING", stale: true, quotas: [Fixture.quota(status: "AT_RISK")]),
    ])
    func warningsAreTwo(agreement: AgreementStatus) {
        #expect(Severity.exitStatus(for: Fixture.status(agreement), campaignRunning: Self.running) == 2)
    }

    @Test(arguments: [
        Fixture.agreement(quotas: [Fixture.quota(status: "BEHIND")]),
        Fixture.agreement(quotas: [Fixture.quota(status: "AT_RISK"), Fixture.quota("v", status: "BEHIND")]),
        Fixture.agreement(state: "EXPIRING", quotas: [Fixture.quota(status: "BEHIND")]),
        Fixture.agreement(milestones: [Fixture.milestone(status: "MISSED")]),
    ])
    func criticalIsThree(agreement: AgreementStatus) {
        #expect(Severity.exitStatus(for: Fixture.status(agreement), campaignRunning: Self.running) == 3)
    }

    @Test func theWorstAgreementDecides() {
        let status = Fixture.status(
            Fixture.agreement("a", quotas: [Fixture.quota(status: "AT_RISK")]),
            Fixture.agreement("b", quotas: [Fixture.quota(status: "BEHIND")]),
            Fixture.agreement("c"))
        #expect(Severity.exitStatus(for: status, campaignRunning: Self.running) == 3)
    }

    @Test(arguments: [
        // Only past windows missed: a closed window is MISSED, never BEHIND.
        Fixture.agreement(quotas: [Fixture.quota(status: "MISSED")]),
        Fixture.agreement(milestones: [Fixture.milestone(status: "LATE")]),
        Fixture.agreement(milestones: [Fixture.milestone(status: "DONE")]),
        Fixture.agreement(state: "ENDED", quotas: [Fixture.quota(status: "BEHIND")]),
        Fixture.agreement(state: "NOT_STARTED", stale: true, quotas: [Fixture.quota(status: "AT_RISK")]),
        Fixture.agreement(state: "ARCHIVED", quotas: [Fixture.quota(status: "BEHIND")], milestones: [Fixture.milestone(status: "MISSED")]),
    ])
    func pastAndInactiveStatesDoNotCount(agreement: AgreementStatus) {
        #expect(Severity.exitStatus(for: Fixture.status(agreement), campaignRunning: Self.running) == 0)
    }

    @Test func aMissedMilestoneCountsOnlyWhileItsCampaignRuns() {
        let status = Fixture.status(Fixture.agreement(milestones: [Fixture.milestone(status: "MISSED")]))
        #expect(Severity.exitStatus(for: status, campaignRunning: Self.running) == 3)
        #expect(Severity.exitStatus(for: status, campaignRunning: Self.ended) == 0)
    }

    @Test func campaignCalendarComparesTheEvaluationDateInTheAgreementsZone() throws {
        let missed = Fixture.agreement(milestones: [Fixture.milestone("dai-hoi/mo-dau", status: "MISSED")])
        var status = Fixture.status(missed, Fixture.agreement("quiet"))
        var asked: [String] = []
        func detail(end: String) -> (String) -> AgreementDetail {
            { id in
                asked.append(id)
                return AgreementDetail(
                    id: id, title: "", parties: [], start: "2024-01-01", end: "2025-12-31", timezone: "Asia/Ho_Chi_Minh",
                    state: "ACTIVE", quotas: [],
                    campaigns: [CampaignConfig(id: "dai-hoi", title: "", start: "2024-03-01", end: end, filters: Filters(), milestones: [])],
                    blackouts: [], status: missed, pastWindows: [])
            }
        }
        // 2024-05-15T20:00Z is already 2024-05-16 in Hồ Chí Minh City.
        status.at = "2024-05-15T20:00:00Z"
        let running = CampaignCalendar.load(for: status, using: detail(end: "2024-05-16"))
        #expect(asked == ["ben-tre-2024"])
        #expect(running.isRunning(agreement: "ben-tre-2024", milestone: "dai-hoi/mo-dau"))
        #expect(Severity.exitStatus(for: status, campaignRunning: running.isRunning) == 3)
        let over = CampaignCalendar.load(for: status, using: detail(end: "2024-05-15"))
        #expect(!over.isRunning(agreement: "ben-tre-2024", milestone: "dai-hoi/mo-dau"))
        #expect(Severity.exitStatus(for: status, campaignRunning: over.isRunning) == 0)
        // Unknown campaigns count as running: better a false alarm than a silent miss.
        #expect(CampaignCalendar().isRunning(agreement: "x", milestone: "y/z"))
    }

    @Test func styles() {
        #expect(Severity.style(ofStatus: "BEHIND") == .red)
        #expect(Severity.style(ofStatus: "AT_RISK") == .yellow)
        #expect(Severity.style(ofStatus: "ON_TRACK") == .green)
        #expect(Severity.style(ofStatus: "PENDING") == nil)
        #expect(Severity.critical.dotStyle(state: "ACTIVE") == .red)
        #expect(Severity.ok.dotStyle(state: "ENDED") == .grey)
    }
}
