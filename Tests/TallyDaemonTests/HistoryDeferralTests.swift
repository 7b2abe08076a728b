import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore
import Testing
@testable import TallyDaemon

/// The pass before READY=1 leaves the history of newly seen agreements (closed windows caught up silently) to the
/// checker's loop, which records it `Checker.historyChunk` agreements at a time (issue 15: 395,000 windows of 2,000
/// agreements were most of a first start's seconds); whoever shows an agreement first has its history recorded then.
@Suite struct HistoryDeferralTests {
    /// Q1 2025 of 2 × chunk + 1 agreements closed before they were first seen (15 May): the start's pass records no
    /// outcome and leaves all of them pending; three chunks then record Q1 MISSED (0 of 91) for each, silently.
    @Test func theLoopRecordsTheDeferredHistoryInChunks() async throws {
        let others = (0..<(2 * Checker.historyChunk)).map { String(format: "history-%03d", $0) }
        let fixture = try await ControlFixture(others: others)
        let ids = [ControlFixture.agreement] + others
        let summary = await fixture.checker.pass(deferringHistory: true)
        #expect(summary.agreements == ids.count)
        #expect(summary.failed == 0)
        for id in ids { #expect(try fixture.store.windowOutcomes(agreement: id).isEmpty, "\(id) after the start") }
        #expect(await fixture.checker.historyPending == Set(ids))
        #expect(fixture.checker.historyMayBePending)

        var chunks = 0
        while await !fixture.checker.historyPending.isEmpty, chunks < 10 {
            await fixture.checker.recordHistoryChunk()
            chunks += 1
            #expect(await fixture.checker.historyPending.count == max(0, ids.count - chunks * Checker.historyChunk))
        }
        #expect(chunks == 3)
        #expect(!fixture.checker.historyMayBePending)
        for id in ids {
            let recorded = try fixture.store.windowOutcomes(agreement: id).map(\.outcome)
            #expect(recorded.map(\.window.label) == ["2025-Q1"], "\(id)")
            #expect(recorded.map(\.outcome) == [.missed], "\(id)")
            #expect(recorded.map(\.delivered) == [0], "\(id)")
        }
        // Silently: the only alerts are of the open Q2 (0 of 45 expected), one per agreement, raised by the start.
        let alerts = try await fixture.call(IOTally.listAlerts, PageParameters(limit: 1000)).alerts.map(\.alert)
        #expect(alerts.filter { $0.window != "2025-Q2" }.isEmpty)
        #expect(alerts.count == ids.count)
    }

    /// `show` of an agreement whose history is pending records it first, and only its own.
    @Test func showingAnAgreementRecordsItsPendingHistoryFirst() async throws {
        let fixture = try await ControlFixture(others: ["history-other"])
        await fixture.checker.pass(deferringHistory: true)
        let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: ControlFixture.agreement))
        #expect(detail.agreement.pastWindows.map(\.outcome.window.label) == ["2025-Q1"])
        #expect(await fixture.checker.historyPending == ["history-other"])
        #expect(fixture.checker.historyMayBePending)
        #expect(try fixture.store.windowOutcomes(agreement: "history-other").isEmpty)
    }

    /// A pass without deferral (the timer's, `check`'s) records whatever is pending, and nothing stays queued.
    @Test func aFullPassRecordsWhatIsPending() async throws {
        let fixture = try await ControlFixture(others: ["history-other"])
        await fixture.checker.pass(deferringHistory: true)
        _ = try await fixture.call(IOTally.check, CheckParameters())
        #expect(await fixture.checker.historyPending.isEmpty)
        #expect(!fixture.checker.historyMayBePending)
        for id in [ControlFixture.agreement, "history-other"] {
            #expect(try fixture.store.windowOutcomes(agreement: id).map(\.outcome.window.label) == ["2025-Q1"], "\(id)")
        }
    }
}
