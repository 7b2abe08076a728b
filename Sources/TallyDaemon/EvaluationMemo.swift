import TallyCore
import TallyStore

/// The evaluations made under one configuration snapshot, each kept until a write that may change its agreement's
/// delivery counts (`KeptPerAgreement`, under `TallyStore.countsGeneration`): a status asked between two writes
/// answers from the last pass's evaluations, or the last status's, instead of evaluating every agreement again,
/// and a record for one agreement costs the next pass that agreement's evaluation only.
///
/// An evaluation depends on its agreement, the policy, the counts and the date in the agreement's zone, not on the
/// instant (SPEC §3): the snapshot owns the memo, so a reload starts an empty one; the generation covers the counts;
/// and an evaluation is served only for the date it was made on. What a reply lays over an evaluation (an alert hold,
/// a settlement standing, the inbox) is laid over each time, never kept.
final class EvaluationMemo: Sendable {
    private let kept = KeptPerAgreement<AgreementEvaluation>()

    /// The evaluation of `agreement` on `date`, if one is kept that no write to its counts has outdated.
    func evaluation(of agreement: String, on date: CivilDate, in store: TallyStore) -> AgreementEvaluation? {
        kept.lookup(agreement, in: store).flatMap { $0.date == date ? $0 : nil }
    }

    /// The kept evaluations of `agreements` at `moment`: each on its date in its own zone.
    func evaluations(of agreements: some Sequence<Agreement>, at moment: EvaluationMoment, in store: TallyStore)
        -> [String: AgreementEvaluation]
    {
        var found: [String: AgreementEvaluation] = [:]
        for agreement in agreements {
            found[agreement.id] = evaluation(of: agreement.id, on: moment.date(in: agreement.timeZone), in: store)
        }
        return found
    }

    /// Keeps evaluations made from counts read under `generation` (taken before the read), as the evaluator made
    /// them.
    func keep(_ evaluations: [String: AgreementEvaluation], generation: UInt64, in store: TallyStore) {
        for (id, evaluation) in evaluations {
            var evaluation = evaluation
            evaluation.alertsHeldUntil = nil
            evaluation.settlement = nil
            evaluation.inbox = nil
            kept.keep(id, evaluation, generation: generation, in: store)
        }
    }
}
