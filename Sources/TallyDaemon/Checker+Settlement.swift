import Foundation
import Logging
import TallyCore
import TallyStore

extension Checker {
    /// The steps with the settlement alerts of SPEC §12 added, for `agreements` that have `[settlement]`: each one's
    /// settlement is read from the store and handed to the core's alert machine. A failure costs that agreement's
    /// settlement alerts of this pass, not its other alerts.
    func withSettlementAlerts(
        _ steps: [(agreement: String, step: AlertStep)], of agreements: [Agreement], machine: AlertMachine,
        previous: [String: [String: SubjectState]], now: Date
    ) -> [(agreement: String, step: AlertStep)] {
        var steps = steps
        for agreement in agreements where agreement.settlement != nil {
            do {
                let settlement = try store.settlement(for: agreement)
                let step = try machine.observeSettlement(settlement, now: now, previous: previous[agreement.id] ?? [:])
                Self.merge(step, of: agreement.id, into: &steps)
            } catch {
                logger.error("settlement check of \(agreement.id) failed: \(error)", metadata: [
                    "MESSAGE_ID": .string(OperationalMessage.checkFailed.messageID), "agreement": .string(agreement.id),
                ])
            }
        }
        return steps
    }
}
