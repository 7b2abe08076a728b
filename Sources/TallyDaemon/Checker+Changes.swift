import Foundation
import Logging
import TallyConfig
import TallyCore
import TallyStore

extension Checker {
    /// `afterChange(agreement:days:)` for many agreements at once (a committed import): the revised outcomes
    /// of closed windows of all of them in one transaction, then one pass over them all, rather than a
    /// transaction and a pass per agreement.
    public func afterChange(_ changes: [String: Set<CivilDate>]) async {
        let snapshot = await state.snapshot
        let now = clock.now()
        let machine = AlertMachine(policy: snapshot.configuration.policy)
        var known: [String: Set<CivilDate>] = [:]
        var agreements: [String: Agreement] = [:]
        var reevaluate: Set<String> = []
        for (id, days) in changes {
            guard let (agreement, archived) = snapshot.agreement(id) else { continue }
            if !archived { reevaluate.insert(id) }
            known[id] = days
            agreements[id] = agreement
        }
        var revisions: [(agreement: Agreement, outcomes: [RecordedOutcome])] = []
        do {
            for (id, recorded) in try store.windowOutcomes(containing: known).sorted(by: { $0.key < $1.key }) {
                if let agreement = agreements[id] { revisions.append((agreement, recorded)) }
            }
        } catch {
            for id in known.keys.sorted() { revisionFailed(id, error) }
        }
        var steps: [(agreement: String, step: AlertStep, closedAt: [String: Date])] = []
        do {
            try store.read { counts in
                for (agreement, recorded) in revisions {
                    do {
                        let (updated, alert) = try machine.reviseOutcomes(
                            recorded.map(\.outcome), in: agreement, counts: counts, now: now)
                        var step = AlertStep()
                        step.outcomes = updated
                        if let alert { step.alerts = [alert] }
                        let closedAt = Dictionary(recorded.map { ("\($0.quota)/\($0.window.label)", $0.closedAt) }, uniquingKeysWith: { a, _ in a })
                        steps.append((agreement.id, step, closedAt))
                    } catch {
                        revisionFailed(agreement.id, error)
                    }
                }
            }
            try await persistAndPublish(steps, now: now)
        } catch {
            for (agreement, _) in revisions { revisionFailed(agreement.id, error) }
        }
        if !reevaluate.isEmpty { await pass(only: reevaluate) }
    }

    private func revisionFailed(_ agreement: String, _ error: any Error) {
        logger.error("revising closed windows of \(agreement) failed: \(error)", metadata: [
            "MESSAGE_ID": .string(OperationalMessage.checkFailed.messageID), "agreement": .string(agreement),
        ])
    }
}
