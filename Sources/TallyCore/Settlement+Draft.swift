import Foundation

extension Settlement {
    /// The record that would be signed for `period` on `today` (SPEC §12 `accept draft`): an adjustment line for
    /// every settled item voided or repriced since, then every unsettled item a priced quota pays, published on or
    /// before the period's last day (those before its first day marked late), each within its window's cap and
    /// within the contract value. `policy` gives the blackouts the period's contracted targets are computed with.
    public func draft(period: ReportPeriod, today: CivilDate, policy: EvaluationPolicy) throws -> AcceptanceDraft {
        var adjustments = try adjustmentLines()
        var items = try itemLines(through: period, evaluator: Evaluator(policy: policy))
        let signedSubtotal = try signedSubtotal()
        try applyValueCap(to: &adjustments, &items, signedSubtotal: signedSubtotal)
        let lines = adjustments + items

        let subtotal = try Money.sum(lines.map(\.amount))
        var vat: Money?
        if case .excluded(let rate) = terms.vat { vat = try subtotal.percent(rate) }
        let due = try subtotal.adding(vat ?? .zero)
        let signedBefore = try signedDue()
        let paid = try paid(through: today)
        return AcceptanceDraft(
            agreementID: agreement.id, agreementTitle: agreement.title, reference: agreement.reference, period: period,
            terms: terms, contractValue: agreement.contractValue ?? terms.value, payee: agreement.payee ?? "",
            bases: agreement.amendments.filter { $0.effective <= period.end }.map(RecordBasis.init),
            lines: lines, quotas: try quotaTotals(items, period: period, today: today, policy: policy),
            subtotal: subtotal, vat: vat, due: due, signedBefore: signedBefore, paid: paid,
            balance: try signedBefore.adding(due).subtracting(paid))
    }

    /// One line per settled item voided since (its amount taken back) or whose quota's price in force on its
    /// publication date is no longer the one it stands at (paid count × the difference). A quota that is gone or
    /// has no price on that day any more leaves the item as it was settled.
    func adjustmentLines() throws(SettlementError) -> [RecordLine] {
        var lines: [RecordLine] = []
        for delivery in deliveries {
            guard let item = settled[delivery.id] else { continue }
            var line = RecordLine(
                kind: .item, deliveryID: delivery.id, item: delivery.delivery, day: delivery.day, quotaID: item.quotaID,
                window: item.window, paidCount: item.paidCount, unitPrice: item.price, amount: .zero)
            if delivery.void != nil {
                guard !item.voidTaken, item.amount != .zero else { continue }
                line.kind = .adjustment(corrects: item.record, reason: .voided)
                line.amount = try Money.zero.subtracting(item.amount)
            } else {
                guard item.paidCount > 0, let schedule = agreement.schedules.first(where: { $0.id == item.quotaID }),
                      let price = schedule.terms(on: delivery.day).price, price != item.price
                else { continue }
                line.kind = .adjustment(corrects: item.record, reason: .repriced)
                line.unitPrice = price
                line.previousPrice = item.price
                line.amount = try price.subtracting(item.price).times(item.paidCount)
            }
            lines.append(line)
        }
        return lines
    }

    /// The unsettled items published through the period's last day, in order, each paid within what its window's
    /// cap leaves after the settled items of that window (with their paid count) and the items before it; an item
    /// that straddles the cap is split. With `over_delivery = "paid"` every item is paid whole.
    func itemLines(through period: ReportPeriod, evaluator: Evaluator) throws -> [RecordLine] {
        struct WindowKey: Hashable {
            var quota: String
            var window: String
        }
        var used: [WindowKey: Int] = [:]
        for delivery in deliveries where delivery.void == nil {
            guard let item = settled[delivery.id] else { continue }
            used[WindowKey(quota: item.quotaID, window: item.window), default: 0] += item.paidCount
        }
        var caps: [WindowKey: Int] = [:]
        var lines: [RecordLine] = []
        for delivery in deliveries where delivery.day <= period.end && settled[delivery.id] == nil {
            guard let payer = payers[delivery.id] else { continue }
            let key = WindowKey(quota: payer.schedule.id, window: payer.window.label)
            var paid = delivery.count
            if terms.overDelivery == .unpaid {
                let cap = try caps[key] ?? cap(of: payer.schedule, in: payer.window, evaluator: evaluator)
                caps[key] = cap
                paid = min(paid, max(0, cap - used[key, default: 0]))
                used[key, default: 0] += paid
            }
            lines.append(RecordLine(
                kind: .item, deliveryID: delivery.id, item: delivery.delivery, day: delivery.day, quotaID: key.quota,
                window: key.window, paidCount: paid, overTargetCount: delivery.count - paid, unitPrice: payer.price,
                amount: try payer.price.times(paid), late: delivery.day < period.start))
        }
        return lines
    }

    /// Keeps the signed records and this one within the contract value: adjustments first (those that take money
    /// back always fit), then items in order; the line that would pass the value and every later one are over it,
    /// not split, and pay nothing.
    func applyValueCap(to adjustments: inout [RecordLine], _ items: inout [RecordLine], signedSubtotal: Money)
        throws(SettlementError)
    {
        let value = agreement.contractValue ?? terms.value
        var running = signedSubtotal
        for line in adjustments where line.amount < .zero {
            running = try running.adding(line.amount)
        }
        var passed = false
        func take(_ line: inout RecordLine) throws(SettlementError) {
            if !passed {
                let next = try running.adding(line.amount)
                if next <= value {
                    running = next
                    return
                }
                passed = true
            }
            line.overValueCount += line.paidCount
            line.paidCount = 0
            line.amount = .zero
        }
        for index in adjustments.indices where adjustments[index].amount >= .zero {
            try take(&adjustments[index])
        }
        for index in items.indices {
            try take(&items[index])
        }
    }

    /// The totals of every quota that pays a line of the record or is priced at some time in the period, in the
    /// agreement's order, with the period's contracted target and deliveries of §7.
    private func quotaTotals(_ items: [RecordLine], period: ReportPeriod, today: CivilDate, policy: EvaluationPolicy)
        throws -> [QuotaSettlement]
    {
        let report = try PeriodReport.build(agreement, period: period, today: today, policy: policy, counts: ledger)
        let figures = Dictionary(report.quotas.map { ($0.quotaID, $0) }, uniquingKeysWith: { first, _ in first })
        let paying = Set(items.map(\.quotaID))
        return try agreement.schedules.compactMap { schedule throws -> QuotaSettlement? in
            let pricedInPeriod = schedule.first <= period.end && schedule.last >= period.start
                && (schedule.quota.price != nil || schedule.changes.contains { $0.terms.price != nil && $0.from <= period.end })
            guard pricedInPeriod || paying.contains(schedule.id) else { return nil }
            let lines = items.filter { $0.quotaID == schedule.id }
            return QuotaSettlement(
                quotaID: schedule.id, title: schedule.quota.title ?? schedule.id,
                contracted: figures[schedule.id]?.periodTarget ?? 0, delivered: figures[schedule.id]?.delivered ?? 0,
                paid: lines.reduce(0) { $0 + $1.paidCount }, overTarget: lines.reduce(0) { $0 + $1.overTargetCount },
                overValue: lines.reduce(0) { $0 + $1.overValueCount }, amount: try Money.sum(lines.map(\.amount)))
        }
    }
}
