import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore
import Testing
@testable import TallyDaemon

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

/// Changes of one closed window revised at once (writers at the same moment) raise one alert: each revision reads
/// what the one before recorded, not the outcome all started from.
@Suite struct ConcurrentRevisionTests {
    /// Eight revisions at once, in ten daemons: before the fix, three runs in ten of one daemon raised two to eight.
    @Test func revisionsOfOneWindowAtOnceRaiseOneAlert() async throws {
        for round in 0..<10 {
            let fixture = try await ControlFixture()
            _ = try await fixture.call(IOTally.check, CheckParameters())
            let before = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }
            let agreement = try #require(await fixture.checker.state.snapshot.agreement(ControlFixture.agreement)?.agreement)
            let day = try #require(CivilDate(iso: "2025-02-10"))
            _ = try fixture.store.record(
                Delivery(agreement: agreement.id, published: PublicationTime(date: day), kind: "article", count: 91,
                         externalID: "cung-luc"),
                for: agreement, by: 0, at: Date(timeIntervalSince1970: 1_747_300_000))

            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { await fixture.checker.afterChange(agreement: agreement.id, days: [day]) } }
            }

            let raised = try await fixture.call(IOTally.listAlerts, PageParameters(after: before)).alerts.map(\.alert)
            #expect(raised.map(\.type) == [.quotaOutcomeChanged], "round \(round): \(raised.count) alerts")
        }
    }
}
