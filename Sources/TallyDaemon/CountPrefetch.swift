import Foundation
import TallyCore
import TallyStore

/// Asks the store, ahead of an evaluation of many agreements, for every count it will read (see
/// `TallyStore.prefetch`), so that the evaluation itself reads nothing from SQLite.
enum CountPrefetch {
    /// Prefetches what evaluating `agreements` at `moment` reads. Skipped for a handful of agreements, where
    /// asking one by one is as fast.
    static func prefetch(_ agreements: [Agreement], at moment: EvaluationMoment, evaluator: Evaluator, store: TallyStore)
        throws
    {
        guard agreements.count >= 8 else { return }
        try store.prefetch(tag: tag(agreements, at: moment)) {
            var questions = CountQuestions()
            for agreement in agreements {
                let ranges = evaluator.countRanges(agreement, at: moment)
                questions.quotas += ranges.quotas.map { (agreement.id, $0.quota, $0.from, $0.through) }
                questions.campaigns += ranges.campaigns.map { (agreement.id, $0.campaign, $0.from, $0.through) }
            }
            return questions
        }
    }

    /// What the questions depend on besides the configuration (a reload writes, which forgets every answer):
    /// the evaluation date in each zone and which agreements.
    static func tag(_ agreements: [Agreement], at moment: EvaluationMoment) -> String {
        var zones: [String: String] = [:]
        for agreement in agreements where zones[agreement.timeZone.identifier] == nil {
            zones[agreement.timeZone.identifier] = moment.date(in: agreement.timeZone).description
        }
        var hasher = Hasher()
        for agreement in agreements { hasher.combine(agreement.id) }
        return zones.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            + " \(agreements.count):\(hasher.finalize())"
    }
}
