import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import Testing

/// SPEC §9 in the daemon: a retroactive amendment brought by a reload, and onboarding's hold of new agreements.
@Suite struct AmendmentDaemonTests {
    /// Q1 2025 closes MET with 91 of 91; a phụ lục signed in May raises the quarter to 120 from 1 January: after
    /// the reload Q1 is 91 of 120, MISSED, with one `quota-outcome-changed`; reloading it again changes nothing.
    @Test func aRetroactiveAmendmentRevisesClosedWindowsOnReload() async throws {
        let fixture = try await ControlFixture()
        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-02-10", count: 91, id: "q1"))
        _ = try await fixture.call(IOTally.check, CheckParameters())
        let before = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }
        let amendment = ControlFixture.raisingTheQuarterFromJanuary()
        _ = try await fixture.reload(withAgreement: amendment)
        let raised = try await fixture.call(IOTally.listAlerts, PageParameters(after: before)).alerts.map(\.alert)
        #expect(raised.filter { $0.type == .quotaOutcomeChanged }.count == 1)
        let changed = try #require(raised.first { $0.type == .quotaOutcomeChanged })
        #expect(changed.window == "2025-Q1" && changed.previousStatus == "MET" && changed.status == "MISSED")
        #expect(changed.target == 120 && changed.delivered == 91)
        let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: ControlFixture.agreement))
        #expect(detail.agreement.pastWindows.map(\.outcome.target) == [120])
        // ShowAgreement lists the amendment with what it does to the quota.
        #expect(detail.agreement.amendments?.map(\.amendment.id) == ["pl-01"])
        #expect(detail.agreement.amendments?.first?.amendment.quotas
            == [QuotaAmendment(id: "tin-bai", change: .amend(QuotaChanges(target: 120)))])
        // The status names the amendment on the agreement and on the window it shaped.
        let status = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(status.agreements[0].amendments.map(\.id) == ["pl-01"])
        #expect(status.agreements[0].quotas[0].amendments == ["pl-01"] && status.agreements[0].quotas[0].target == 120)

        let after = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }
        _ = try await fixture.reload(withAgreement: amendment)
        #expect(try await fixture.call(IOTally.listAlerts, PageParameters(after: after)).alerts.isEmpty)
    }

    /// An amendment signed before it takes effect leaves closed windows as they were recorded.
    @Test func anAmendmentSignedInTimeLeavesClosedWindows() async throws {
        let fixture = try await ControlFixture()
        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-02-10", count: 91, id: "q1"))
        _ = try await fixture.call(IOTally.check, CheckParameters())
        _ = try await fixture.reload(withAgreement: ControlFixture.raisingTheQuarterFromJanuary(signed: "2024-12-20"))
        let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: ControlFixture.agreement))
        #expect(detail.agreement.pastWindows.map(\.outcome.target) == [91])
    }

    /// A new agreement's alerts are held for `onboarding`: its status is evaluated and shown with the hold's end,
    /// nothing is alerted; a recorded delivery releases the hold, and the subjects still bad are alerted as first
    /// seen.
    @Test func onboardingHoldsANewAgreementsAlertsUntilADeliveryIsRecorded() async throws {
        let fixture = try await ControlFixture(onboarding: "1d")
        let status = try await fixture.call(IOTally.check, CheckParameters())
        let held = try #require(status.agreements[0].alertsHeldUntil)
        #expect(held > Date(timeIntervalSince1970: 1_747_000_000))
        #expect(status.agreements[0].quotas[0].status == .behind)
        #expect(try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.isEmpty)
        #expect(try await fixture.call(IOTally.getStatus, GetStatusParameters()).agreements[0].alertsHeldUntil == held)

        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-05-14", count: 5, id: "first"))
        let released = try await fixture.call(IOTally.check, CheckParameters())
        #expect(released.agreements[0].alertsHeldUntil == nil)
        let alerts = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.map(\.alert)
        #expect(alerts.map(\.type) == [.quotaBehind])
        #expect(alerts.first?.previousStatus == nil)
    }

    /// A history imported into windows that closed while the hold lasts revises them without an alert.
    @Test func aBackfillDuringTheHoldRevisesSilently() async throws {
        let fixture = try await ControlFixture(onboarding: "1d")
        _ = try await fixture.call(IOTally.check, CheckParameters())
        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-02-10", count: 91, id: "q1"))
        let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: ControlFixture.agreement))
        #expect(detail.agreement.pastWindows.map(\.outcome.outcome) == [.met])
        let alerts = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.map(\.alert.type)
        #expect(!alerts.contains(.quotaOutcomeChanged), "\(alerts)")
    }

    /// A reload whose amendment is broken is refused whole: the terms in force stay, nothing is revised.
    @Test func aBrokenAmendmentIsRefusedWhole() async throws {
        let fixture = try await ControlFixture()
        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-02-10", count: 91, id: "q1"))
        _ = try await fixture.call(IOTally.check, CheckParameters())
        await #expect(throws: VarlinkError.self) {
            try await fixture.reload(withAgreement: """
                [[amendment]]
                id = "pl-01"
                title = "Phụ lục 01"
                signed = 2025-05-02
                effective = 2025-01-01

                  [[amendment.quota]]
                  id = "tin-bai"
                  per = "month"
                """)
        }
        let status = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(status.agreements[0].amendments.isEmpty && status.agreements[0].quotas[0].target == 91)
        let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: ControlFixture.agreement))
        #expect(detail.agreement.pastWindows.map(\.outcome.target) == [91])
    }

    /// With `onboarding = "0s"` nothing is held.
    @Test func noOnboardingAlertsAtOnce() async throws {
        let fixture = try await ControlFixture(onboarding: "0s")
        let status = try await fixture.call(IOTally.check, CheckParameters())
        #expect(status.agreements[0].alertsHeldUntil == nil)
        #expect(try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.map(\.alert.type) == [.quotaBehind])
    }
}
