import Foundation

extension Settlement {
    /// What the "current draft" of SPEC §12 covers on `today`: the agreement's start through today, or through
    /// its end once it has ended. `status` and `settlement-value-reached` read it.
    public func pendingPeriod(today: CivilDate) -> ReportPeriod {
        let end = max(agreement.start, min(today, agreement.end))
        return ReportPeriod(kind: .range, label: "\(agreement.start)..\(end)", start: agreement.start, end: end)
    }

    /// The record that would take everything delivered through `today` and not yet accepted.
    public func pending(today: CivilDate, policy: EvaluationPolicy) throws -> AcceptanceDraft {
        try draft(period: pendingPeriod(today: today), today: today, policy: policy)
    }

    /// For each of `periods` (in order, not overlapping), how many non-void items a priced quota pays were
    /// published in it and are settled by no signed record: what makes its record due (`acceptance-due`).
    public func unsettledItemCounts(in periods: [ReportPeriod]) -> [Int] {
        var counts = Array(repeating: 0, count: periods.count)
        for delivery in deliveries where delivery.void == nil && settled[delivery.id] == nil && payers[delivery.id] != nil {
            // The first period not ending before the item's day holds it, if it starts by then.
            var low = 0, high = periods.count
            while low < high {
                let middle = (low + high) / 2
                if periods[middle].end < delivery.day { low = middle + 1 } else { high = middle }
            }
            if low < periods.count, periods[low].start <= delivery.day { counts[low] += 1 }
        }
        return counts
    }

    /// The agreement's account on `today`, as `status` shows it.
    public func standing(today: CivilDate, policy: EvaluationPolicy) throws -> SettlementStanding {
        SettlementStanding(
            accepted: try signedDue(), paid: try paid(through: today),
            unsettled: try pending(today: today, policy: policy).due)
    }
}

/// An agreement's account as `status` shows it (SPEC §12): what signed records accepted, what was paid, and what
/// is delivered but not yet accepted.
public struct SettlementStanding: Sendable, Hashable {
    /// Σ due of the signed records.
    public var accepted: Money
    /// Σ of the payments dated on or before the day.
    public var paid: Money
    /// The amount due of the record that would take everything delivered through the day and not yet accepted
    /// (with its adjustments, caps and VAT).
    public var unsettled: Money

    public init(accepted: Money, paid: Money, unsettled: Money) {
        self.accepted = accepted
        self.paid = paid
        self.unsettled = unsettled
    }
}
