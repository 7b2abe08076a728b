import Foundation
import TallyCore
import TallyStore

/// Asks the store, ahead of an evaluation of many agreements, for every count it will read (see
/// `TallyStore.prefetch`), so that the evaluation itself reads nothing from SQLite.
enum CountPrefetch {
    /// Prefetches what evaluating `agreements` at `moment` reads, for those whose answers the store does not
    /// remember since the last write to their counts. Skipped for a handful, where asking one by one is as fast.
    static func prefetch(_ agreements: [Agreement], at moment: EvaluationMoment, evaluator: Evaluator, store: TallyStore)
        throws
    {
        // The questions depend on the evaluation date in the agreement's zone and on its configuration (a reload
        // that changes what its counters count writes them, which forgets its answers).
        let tagged = agreements.map { (id: $0.id, tag: moment.date(in: $0.timeZone).description) }
        try store.prefetch(tagged) { unanswered in
            guard unanswered.count >= 8 else { return nil }
            let chosen = Set(unanswered)
            var questions = CountQuestions()
            for agreement in agreements where chosen.contains(agreement.id) {
                let ranges = evaluator.countRanges(agreement, at: moment)
                questions.quotas += ranges.quotas.map { (agreement.id, $0.quota, $0.from, $0.through) }
                questions.campaigns += ranges.campaigns.map { (agreement.id, $0.campaign, $0.from, $0.through) }
            }
            return questions
        }
    }
}
