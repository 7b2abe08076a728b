import TallyCore
import TallyInterface
import TallyProtocol
import Testing

/// A delivery recorded into closed windows revises their recorded outcomes, with one alert for the change.
@Suite struct ChangeRevisionTests {
    @Test func aBackfillRevisesEveryClosedWindowWithOneAlert() async throws {
        let fixture = try await ControlFixture(moreQuotas: """
            [[quota]]
            id = "tin-bai-thang"
            target = 2
            per = "month"
            kinds = ["article"]
            """)
        // The pass records the outcomes of the windows closed by 15 May: Q1, and January to April.
        _ = try await fixture.call(IOTally.check, CheckParameters())
        let before = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }

        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-02-10", count: 91, id: "bu-so-lieu"))

        let raised = try await fixture.call(IOTally.listAlerts, PageParameters(after: before)).alerts.map(\.alert)
        #expect(raised.map(\.type) == [.quotaOutcomeChanged])
        #expect(raised.first?.message.hasSuffix("and 1 more window(s)") == true, "\(raised.map(\.message))")
        let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: ControlFixture.agreement))
        let met = detail.agreement.pastWindows.filter { $0.outcome.outcome == .met }.map { "\($0.quota) \($0.window.label)" }
        #expect(met.sorted() == ["tin-bai 2025-Q1", "tin-bai-thang 2025-02"])
    }
}
