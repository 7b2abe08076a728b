import Foundation
import TallyCore

extension RecordedOutcome {
    /// An outcome read back from its row; a stored status other than MET or MISSED is refused.
    static func read(
        agreement: String, quota: String, label: String, start: String, end: String, target: Int, delivered: Int,
        outcome text: String, closedAt: Double, updatedAt: Double
    ) throws -> RecordedOutcome {
        guard let status = QuotaStatus(rawValue: text), status.isOutcome else {
            throw StoreError.invalid("A stored window outcome \(text) is neither MET nor MISSED.")
        }
        let start = try DeliveryRows.day(start), end = try DeliveryRows.day(end)
        let window = QuotaWindow(label: label, start: start, end: end, fullStart: start, fullEnd: end)
        return RecordedOutcome(
            WindowOutcome(agreement: agreement, quota: quota, window: window, target: target, delivered: delivered, outcome: status),
            closedAt: Date(timeIntervalSince1970: closedAt), updatedAt: Date(timeIntervalSince1970: updatedAt))
    }
}
