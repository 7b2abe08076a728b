import Foundation
import TallyCore
@testable import TallyDaemon
import Testing

/// The memo's rules: served only under the generation and for the date an evaluation was made on; an older
/// generation never replaces a newer one; what a reply lays over an evaluation is not kept.
@Suite struct EvaluationMemoTests {
    static func evaluation(_ id: String, on day: String) throws -> AgreementEvaluation {
        let date = try #require(CivilDate(iso: day))
        return AgreementEvaluation(
            agreementID: id, title: id, date: date, state: .active, stale: false,
            start: try #require(CivilDate(iso: "2025-01-01")), end: try #require(CivilDate(iso: "2025-12-31")),
            quotas: [], milestones: [])
    }

    @Test func servesAnEvaluationOnlyUnderItsGenerationAndForItsDate() throws {
        let memo = EvaluationMemo()
        let may15 = try #require(CivilDate(iso: "2025-05-15"))
        #expect(memo.evaluation(of: "a", on: may15, generation: 0) == nil)
        memo.keep(["a": try Self.evaluation("a", on: "2025-05-15")], generation: 3)
        #expect(memo.evaluation(of: "a", on: may15, generation: 3)?.agreementID == "a")
        #expect(memo.evaluation(of: "b", on: may15, generation: 3) == nil)
        #expect(memo.evaluation(of: "a", on: may15.adding(days: 1), generation: 3) == nil)
        #expect(memo.evaluation(of: "a", on: may15, generation: 4) == nil)
        #expect(memo.evaluation(of: "a", on: may15, generation: 2) == nil)
    }

    @Test func anOlderGenerationNeverReplacesANewerOne() throws {
        let memo = EvaluationMemo()
        let may15 = try #require(CivilDate(iso: "2025-05-15"))
        memo.keep(["a": try Self.evaluation("a", on: "2025-05-15")], generation: 5)
        memo.keep(["b": try Self.evaluation("b", on: "2025-05-15")], generation: 4)
        #expect(memo.evaluation(of: "b", on: may15, generation: 4) == nil)
        #expect(memo.evaluation(of: "b", on: may15, generation: 5) == nil)
        #expect(memo.evaluation(of: "a", on: may15, generation: 5) != nil)
        // A newer generation starts afresh: "a" of generation 5 is not served under 6.
        memo.keep(["b": try Self.evaluation("b", on: "2025-05-15")], generation: 6)
        #expect(memo.evaluation(of: "a", on: may15, generation: 6) == nil)
        #expect(memo.evaluation(of: "b", on: may15, generation: 6) != nil)
    }

    @Test func keepsEvaluationsWithoutWhatARepliesLaysOverThem() throws {
        let memo = EvaluationMemo()
        var held = try Self.evaluation("a", on: "2025-05-15")
        held.alertsHeldUntil = Date(timeIntervalSince1970: 1_747_300_000)
        held.inbox = 4
        held.settlement = SettlementStanding(accepted: 1_000, paid: 0, unsettled: 1_000)
        memo.keep(["a": held], generation: 1)
        let kept = try #require(memo.evaluation(of: "a", on: held.date, generation: 1))
        #expect(kept.alertsHeldUntil == nil)
        #expect(kept.inbox == nil)
        #expect(kept.settlement == nil)
        #expect(kept == (try Self.evaluation("a", on: "2025-05-15")))
    }
}
