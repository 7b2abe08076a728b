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

    /// A backfill while the history is pending is announced as it is once the loop has recorded it: the agreement's
    /// history is recorded first, from the counts before the change (Q1 MISSED, 0 of 91), so the record revises it
    /// (MET, 91 of 91) with `quota-outcome-changed`. Before, the pass after the record caught Q1 up with the backfill
    /// in it, silently, and what was announced depended on how far the loop had got. The other agreement's history
    /// stays pending.
    @Test func aBackfillWhileTheHistoryIsPendingRevisesItsOutcome() async throws {
        let fixture = try await ControlFixture(others: ["history-other"])
        await fixture.checker.pass(deferringHistory: true)
        let before = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }

        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-02-10", count: 91, id: "bu-quy-mot"))

        try await Self.expectRevised([ControlFixture.agreement], in: fixture, after: before)
        #expect(await fixture.checker.historyPending == ["history-other"])
    }

    /// The same for a committed import, for every agreement it names.
    @Test func anImportWhileTheHistoryIsPendingRevisesItsOutcomes() async throws {
        let ids = [ControlFixture.agreement, "history-other"]
        let fixture = try await ControlFixture(others: ["history-other", "history-untouched"])
        await fixture.checker.pass(deferringHistory: true)
        let before = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }

        #expect(try await fixture.importFebruary(of: ids).created == ids.count)

        try await Self.expectRevised(ids, in: fixture, after: before)
        #expect(await fixture.checker.historyPending == ["history-untouched"])
    }

    /// The same for a void of a delivery stored before the start.
    @Test func aVoidWhileTheHistoryIsPendingRevisesItsOutcome() async throws {
        let fixture = try await ControlFixture()
        let stored = try await Self.storeBeforeTheStart(in: fixture)
        await fixture.checker.pass(deferringHistory: true)
        #expect(await fixture.checker.historyPending == [ControlFixture.agreement])
        let before = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }

        _ = try await fixture.call(IOTally.void, VoidParameters(id: Int(stored.id), reason: "counted twice"))

        let raised = try await fixture.call(IOTally.listAlerts, PageParameters(after: before)).alerts.map(\.alert)
        #expect(raised.map(\.type) == [.quotaOutcomeChanged], "\(raised.map(\.message))")
        #expect(raised.first?.previousStatus == "MET")
        let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: ControlFixture.agreement))
        #expect(detail.agreement.pastWindows.map(\.outcome.outcome) == [.missed])
    }

    /// And for a retroactive amendment brought by a reload (SPEC §9): the history is recorded under the terms in force
    /// before it (Q1 MET, 91 of 91), then revised under the amended ones (MISSED, 91 of 120), with one alert.
    @Test func aRetroactiveAmendmentWhileTheHistoryIsPendingRevisesItsOutcome() async throws {
        let fixture = try await ControlFixture()
        _ = try await Self.storeBeforeTheStart(in: fixture)
        await fixture.checker.pass(deferringHistory: true)
        #expect(fixture.checker.historyMayBePending)
        let before = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }

        _ = try await fixture.reload(withAgreement: ControlFixture.raisingTheQuarterFromJanuary())

        let raised = try await fixture.call(IOTally.listAlerts, PageParameters(after: before)).alerts.map(\.alert)
        #expect(raised.map(\.type) == [.quotaOutcomeChanged], "\(raised.map(\.message))")
        #expect(raised.first?.previousStatus == "MET" && raised.first?.status == "MISSED" && raised.first?.target == 120)
    }

    /// 91 articles of 10 February, stored as if before the daemon started (no pass runs).
    static func storeBeforeTheStart(in fixture: ControlFixture) async throws -> RecordResult {
        let agreement = try #require(await fixture.checker.state.snapshot.agreement(ControlFixture.agreement)?.agreement)
        return try fixture.store.record(
            Delivery(agreement: agreement.id, published: try #require(PublicationTime(parsing: "2025-02-10")), kind: "article",
                     language: "vi", count: 91, externalID: "bu-quy-mot"),
            for: agreement, by: 0, at: Date(timeIntervalSince1970: 1_747_000_000))
    }

    /// Each of `ids` has Q1 MET with 91 delivered, after one `quota-outcome-changed` from MISSED since `before`.
    static func expectRevised(_ ids: [String], in fixture: ControlFixture, after before: Int?) async throws {
        let raised = try await fixture.call(IOTally.listAlerts, PageParameters(limit: 1000, after: before)).alerts.map(\.alert)
        #expect(raised.map(\.type) == ids.map { _ in .quotaOutcomeChanged }, "\(raised.map(\.message))")
        #expect(raised.map(\.agreement).sorted() == ids.sorted())
        #expect(raised.allSatisfy { $0.previousStatus == "MISSED" && $0.window == "2025-Q1" })
        for id in ids {
            let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: id))
            #expect(detail.agreement.pastWindows.map(\.outcome.outcome) == [.met], "\(id)")
            #expect(detail.agreement.pastWindows.map(\.outcome.delivered) == [91], "\(id)")
        }
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
