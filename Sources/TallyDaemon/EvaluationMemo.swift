import TallyCore
import TallyStore

/// The evaluations made under one configuration snapshot, kept until a write that may change a delivery count
/// (`TallyStore.countsGeneration`): a status asked between two writes answers from the last pass's evaluations, or
/// the last status's, instead of evaluating every agreement again.
///
/// An evaluation depends on its agreement, the policy, the counts and the date in the agreement's zone, not on the
/// instant (SPEC §3): the snapshot owns the memo, so a reload starts an empty one; the generation covers the counts;
/// and an evaluation is served only for the date it was made on. What a reply lays over an evaluation (an alert hold,
/// a settlement standing, the inbox) is laid over each time, never kept.
final class EvaluationMemo: Sendable {
    private let kept = KeptUntilWrite<[String: AgreementEvaluation]>([:])

    /// The evaluation of `agreement` on `date`, if one made from counts of `generation` is kept.
    func evaluation(of agreement: String, on date: CivilDate, generation: UInt64) -> AgreementEvaluation? {
        kept.lookup(generation) { $0[agreement] }.flatMap { $0.date == date ? $0 : nil }
    }

    /// Keeps evaluations made from counts read under `generation` (taken before the read), as the evaluator made
    /// them.
    func keep(_ evaluations: [String: AgreementEvaluation], generation: UInt64) {
        guard !evaluations.isEmpty else { return }
        kept.keep(generation) { kept in
            for (id, evaluation) in evaluations {
                var evaluation = evaluation
                evaluation.alertsHeldUntil = nil
                evaluation.settlement = nil
                evaluation.inbox = nil
                kept[id] = evaluation
            }
        }
    }
}
