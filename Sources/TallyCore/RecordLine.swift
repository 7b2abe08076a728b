/// One line of an acceptance record's item list (bảng kê, SPEC §12): an item with what of it is paid, or an
/// adjustment (điều chỉnh) of an item a signed record settled.
public struct RecordLine: Sendable, Hashable {
    /// What the line is.
    public enum Kind: Sendable, Hashable {
        /// An item settled by this record.
        case item
        /// A correction of the item's line in the signed record `corrects`.
        case adjustment(corrects: String, reason: AdjustmentReason)
    }

    /// Why a settled item is corrected.
    public enum AdjustmentReason: String, Sendable, CaseIterable {
        /// Voided since it was settled: its amount is taken back.
        case voided
        /// The price in force on its publication date changed since (a retroactive amendment, a corrected file).
        case repriced
    }

    /// An item, or an adjustment naming the record it corrects.
    public var kind: Kind
    /// The delivery's id.
    public var deliveryID: Int64
    /// The item as recorded: what the record lists (title, publication, kind, outlet, URL, count).
    public var item: Delivery
    /// Its publication date in the agreement's zone.
    public var day: CivilDate
    /// The quota that pays it, and the label of that quota's window holding `day`.
    public var quotaID: String
    public var window: String
    /// Items of the count that are paid; for an adjustment, the paid count of the line it corrects.
    public var paidCount: Int
    /// Items of the count beyond the window's cap: listed, not paid.
    public var overTargetCount: Int
    /// Items that would have been paid but would pass the contract value: listed, not paid. For an adjustment,
    /// its whole `paidCount` when the correction would pass the value.
    public var overValueCount: Int
    /// The price per item: in force on `day` for an item and a repricing, the settled price for a void.
    public var unitPrice: Money
    /// A repricing's price before: the one the corrected item was settled at.
    public var previousPrice: Money?
    /// What the line adds to the record's subtotal: paidCount × unitPrice for an item, the correction (negative
    /// when money is taken back) for an adjustment, 0 for a line over the contract value.
    public var amount: Money
    /// Published before the record's period began: an item the records before missed.
    public var late: Bool

    public init(
        kind: Kind, deliveryID: Int64, item: Delivery, day: CivilDate, quotaID: String, window: String,
        paidCount: Int, overTargetCount: Int = 0, overValueCount: Int = 0, unitPrice: Money, previousPrice: Money? = nil,
        amount: Money, late: Bool = false
    ) {
        self.kind = kind
        self.deliveryID = deliveryID
        self.item = item
        self.day = day
        self.quotaID = quotaID
        self.window = window
        self.paidCount = paidCount
        self.overTargetCount = overTargetCount
        self.overValueCount = overValueCount
        self.unitPrice = unitPrice
        self.previousPrice = previousPrice
        self.amount = amount
        self.late = late
    }

    /// Whether the line settles an item (rather than correcting one).
    public var isItem: Bool { kind == .item }

    /// The record the line corrects, for an adjustment.
    public var corrects: String? {
        guard case .adjustment(let record, _) = kind else { return nil }
        return record
    }
}
