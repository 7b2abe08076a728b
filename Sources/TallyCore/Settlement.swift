import Foundation

/// SPEC §12 over one agreement: which priced quota pays each item and at what price, the cap of each window, what
/// the signed records already settled, and from these the next record, the signature checks and the liquidation
/// statement. Pure: values in, values out; the day is always given.
public struct Settlement: Sendable {
    /// The agreement, with its amendments; ``terms`` is its `[settlement]`.
    public let agreement: Agreement
    public let terms: SettlementTerms
    /// Every delivery of the agreement, void ones too, in publication order (a bare date at the start of its day),
    /// then by id: the order items are paid in.
    public let deliveries: [DeliveryRecord]
    /// The signed records, in the order they were signed.
    public let records: [AcceptanceRecord]
    /// The payments recorded for the agreement.
    public let payments: [Payment]

    /// What the signed records left of each item they settled, by delivery id.
    let settled: [Int64: SettledItem]
    /// The quota that pays each non-void item a priced quota pays, by delivery id.
    let payers: [Int64: Payer]
    /// The counts the carried targets of §9 read, over `deliveries`.
    let ledger: DeliveryLedger

    /// The settlement of `agreement` (only its own deliveries are taken). Fails when it has no `[settlement]`.
    public init(
        agreement: Agreement, deliveries: [DeliveryRecord], records: [AcceptanceRecord] = [], payments: [Payment] = []
    ) throws(SettlementError) {
        guard let terms = agreement.settlement else {
            throw SettlementError(.notSettled, "agreement \(agreement.id) has no [settlement] in its file, so nothing of it is priced; add [settlement] with value and payer, and a price to the quotas that are paid")
        }
        self.agreement = agreement
        self.terms = terms
        self.records = records
        self.payments = payments
        let zone = agreement.timeZone
        self.deliveries = deliveries.filter { $0.delivery.agreement == agreement.id }
            .map { ($0.published.instant(in: zone), $0) }
            .sorted { ($0.0, $0.1.id) < ($1.0, $1.1.id) }
            .map(\.1)
        settled = Self.settledItems(records)
        var payers: [Int64: Payer] = [:]
        for delivery in self.deliveries where delivery.void == nil {
            payers[delivery.id] = Self.payer(of: delivery.delivery.attributes, on: delivery.day, in: agreement)
        }
        self.payers = payers
        ledger = DeliveryLedger(agreements: [agreement], entries: self.deliveries.map {
            DeliveryLedger.Entry(delivery: $0.delivery, recordedAt: $0.recordedAt, voided: $0.void != nil)
        })
    }

    // MARK: Which quota pays an item

    /// The quota that pays an item, and the price it pays.
    public struct Payer: Sendable, Hashable {
        /// The paying quota over its life.
        public var schedule: QuotaSchedule
        /// The price in force on the item's publication date.
        public var price: Money
        /// The quota's window holding the publication date, whose cap the item uses.
        public var window: QuotaWindow
    }

    /// The first quota, in the agreement's order (its own, then those amendments add, in `effective` order), that
    /// exists on `day`, has a price in force then, and whose filters in force then match the item; nil when no
    /// priced quota counts it. An item counts for every quota it matches but is paid under this one only.
    public static func payer(of item: DeliveryAttributes, on day: CivilDate, in agreement: Agreement) -> Payer? {
        let normalized = DeliveryFilter.Normalized(item)
        for schedule in agreement.schedules where schedule.first <= day && day <= schedule.last {
            let terms = schedule.terms(on: day)
            guard let price = terms.price, terms.filter.matches(normalized) else { continue }
            return Payer(schedule: schedule, price: price, window: schedule.window(containing: day))
        }
        return nil
    }

    /// The most items of `window` of the quota of `schedule` that may be paid with `over_delivery = "unpaid"`: its
    /// target with what was carried into it (§9), plus, for `carry = "surplus"` or `"both"`, the excess it carries
    /// into the next window, up to that window's base target (the quota's last window carries none).
    func cap(of schedule: QuotaSchedule, in window: QuotaWindow, evaluator: Evaluator) throws -> Int {
        let target = try evaluator.target(of: schedule, in: window, agreement: agreement.id, counts: ledger).target
        guard schedule.quota.carry == .surplus || schedule.quota.carry == .both, window.end < schedule.last else {
            return target
        }
        let delivered = ledger.delivered(agreement: agreement.id, quota: schedule.id, from: window.start, through: window.end)
        let next = schedule.window(containing: window.end.adding(days: 1))
        let excess = -Carry.surplus.carried(target: target, delivered: delivered)
        return target + min(excess, schedule.baseTarget(of: next))
    }

    // MARK: What the signed records settled

    /// An item a signed record settled, as the records since leave it.
    struct SettledItem {
        /// The number of the record that settled it.
        var record: String
        var quotaID: String
        var window: String
        var paidCount: Int
        /// The price it stands at: its line's, or that of the last repricing.
        var price: Money
        /// What has been paid for it so far: its line and the adjustments since.
        var amount: Money
        /// Whether its void has been taken back by an adjustment.
        var voidTaken: Bool
    }

    private static func settledItems(_ records: [AcceptanceRecord]) -> [Int64: SettledItem] {
        var items: [Int64: SettledItem] = [:]
        for record in records {
            for line in record.lines {
                switch line.kind {
                case .item:
                    items[line.deliveryID] = SettledItem(
                        record: record.number, quotaID: line.quotaID, window: line.window, paidCount: line.paidCount,
                        price: line.unitPrice, amount: line.amount, voidTaken: false)
                case .adjustment(_, let reason):
                    guard var item = items[line.deliveryID] else { continue }
                    item.price = line.unitPrice
                    // An adjustment over the contract value is settled with amount 0: nothing more was paid.
                    item.amount = (try? item.amount.adding(line.amount)) ?? item.amount
                    if reason == .voided { item.voidTaken = true }
                    items[line.deliveryID] = item
                }
            }
        }
        return items
    }

    /// Σ subtotal of the signed records: what counts against the contract value.
    public func signedSubtotal() throws(SettlementError) -> Money {
        try Money.sum(records.map(\.subtotal))
    }

    /// Σ due of the signed records.
    public func signedDue() throws(SettlementError) -> Money {
        try Money.sum(records.map(\.due))
    }

    /// Whether the signed records and `draft` together reach ``SettlementTerms/valueAlertPercent`` of the
    /// contract value: `settlement-value-reached`.
    public func reachesValueAlert(_ draft: AcceptanceDraft) throws(SettlementError) -> Bool {
        let used = try signedSubtotal().adding(draft.subtotal)
        // value ≤ 10^15 and the percent ≤ 100: a product past Int64 can only be of a sum far past the value.
        guard let scaled = try? used.times(100) else { return used > .zero }
        return try scaled >= draft.contractValue.times(SettlementTerms.valueAlertPercent)
    }

    /// Σ of the payments dated on or before `today`.
    public func paid(through today: CivilDate) throws(SettlementError) -> Money {
        try Money.sum(payments.filter { $0.date <= today }.map(\.amount))
    }
}
