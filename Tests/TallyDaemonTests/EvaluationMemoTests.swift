import Foundation
import TallyCore
@testable import TallyDaemon
import TallyStore
import TallyTesting
import Testing

/// The memo's rules, over a real store: an evaluation is served only for the date it was made on and until a write
/// to its agreement's counts ends; a write to one agreement leaves the others' kept; an evaluation read before such
/// a write is not kept after it; what a reply lays over an evaluation is not kept.
@Suite struct EvaluationMemoTests {
    let directory: TemporaryDirectory
    let store: TallyStore
    let may15: CivilDate

    init() throws {
        may15 = try #require(CivilDate(iso: "2025-05-15"))
        directory = try TemporaryDirectory(prefix: "tally-memo")
        store = try TallyStore(path: directory.path("tally.sqlite"))
    }

    static func evaluation(_ id: String, on date: CivilDate) -> AgreementEvaluation {
        AgreementEvaluation(
            agreementID: id, title: id, date: date, state: .active, stale: false,
            start: date.adding(days: -134), end: date.adding(days: 230),
            quotas: [], milestones: [])
    }

    /// A write that names one agreement's counts: a milestone marked done.
    func write(to agreement: String) throws {
        try store.markMilestoneDone(agreement: agreement, milestone: "c/m", on: may15, by: 0, at: Date(timeIntervalSince1970: 0))
        try store.undoMilestone(agreement: agreement, milestone: "c/m", by: 0, at: Date(timeIntervalSince1970: 1))
    }

    @Test func servesAnEvaluationForItsDateUntilAWriteToItsAgreement() throws {
        let memo = EvaluationMemo()
        #expect(memo.evaluation(of: "a", on: may15, in: store) == nil)
        let generation = store.countsGeneration
        memo.keep(["a": Self.evaluation("a", on: may15), "b": Self.evaluation("b", on: may15)], generation: generation, in: store)
        #expect(memo.evaluation(of: "a", on: may15, in: store)?.agreementID == "a")
        #expect(memo.evaluation(of: "c", on: may15, in: store) == nil)
        #expect(memo.evaluation(of: "a", on: may15.adding(days: 1), in: store) == nil)

        try write(to: "a")
        #expect(store.countsGeneration > generation)
        #expect(memo.evaluation(of: "a", on: may15, in: store) == nil)
        #expect(memo.evaluation(of: "b", on: may15, in: store)?.agreementID == "b")
        // Read before the write: not kept for "a"; kept for "b", which no write touched.
        memo.keep(["a": Self.evaluation("a", on: may15)], generation: generation, in: store)
        #expect(memo.evaluation(of: "a", on: may15, in: store) == nil)
        memo.keep(["a": Self.evaluation("a", on: may15)], generation: store.countsGeneration, in: store)
        #expect(memo.evaluation(of: "a", on: may15, in: store) != nil)
    }

    /// A write whose counts are not named (a reload's counter rebuild names its agreements; an unnamed write is
    /// taken to touch all) outdates every evaluation; alert bookkeeping outdates none.
    @Test func aWriteOfAllCountsOutdatesEveryEvaluation() throws {
        let memo = EvaluationMemo()
        memo.keep(["a": Self.evaluation("a", on: may15), "b": Self.evaluation("b", on: may15)],
                  generation: store.countsGeneration, in: store)
        try store.apply(AlertUpdate())
        #expect(memo.evaluation(of: "a", on: may15, in: store) != nil)
        _ = try store.acceptCandidates(ids: nil, agreements: [:], by: 0, at: Date(timeIntervalSince1970: 0))
        #expect(memo.evaluation(of: "a", on: may15, in: store) == nil)
        #expect(memo.evaluation(of: "b", on: may15, in: store) == nil)
    }

    @Test func keepsEvaluationsWithoutWhatARepliesLaysOverThem() throws {
        let memo = EvaluationMemo()
        var held = Self.evaluation("a", on: may15)
        held.alertsHeldUntil = Date(timeIntervalSince1970: 1_747_300_000)
        held.inbox = 4
        held.settlement = SettlementStanding(accepted: 1_000, paid: 0, unsettled: 1_000)
        memo.keep(["a": held], generation: store.countsGeneration, in: store)
        let kept = try #require(memo.evaluation(of: "a", on: may15, in: store))
        #expect(kept.alertsHeldUntil == nil)
        #expect(kept.inbox == nil)
        #expect(kept.settlement == nil)
        #expect(kept == Self.evaluation("a", on: may15))
    }
}
