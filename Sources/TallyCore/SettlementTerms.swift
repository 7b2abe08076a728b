import Foundation

/// An agreement's `[settlement]` (SPEC §12): what the contract is worth, who pays, how VAT is counted, whether
/// items beyond the contracted number are paid, and how often the parties sign an acceptance record.
public struct SettlementTerms: Sendable, Hashable {
    /// How the prices and `value` stand to VAT.
    public enum VAT: Sendable, Hashable {
        /// Prices include VAT: a record computes no VAT line; `rate`, when given, is only for the record's text.
        case included(rate: Int?)
        /// Prices are before VAT: a record adds `rate` percent of its subtotal, rounded once.
        case excluded(rate: Int)
    }

    /// Whether items beyond a window's cap are paid.
    public enum OverDelivery: String, Sendable, CaseIterable {
        case unpaid, paid
    }

    /// How often an acceptance record is due: a calendar month, quarter or year, or once for the whole term.
    public enum Every: String, Sendable, CaseIterable {
        case month, quarter, year, end
    }

    /// The contract value as first written: the most ever due across all records, in the same terms as the prices.
    public var value: Money
    /// The party that pays (Bên A): one of the agreement's `parties`.
    public var payer: String
    /// `vat` and `vat_rate`.
    public var vat: VAT
    /// `over_delivery`: whether items beyond a window's cap are paid.
    public var overDelivery: OverDelivery
    /// `every`: the periods records are signed for.
    public var every: Every
    /// How long after a period's last day its record is due (the `acceptance-due` alert).
    public var acceptanceDue: Duration

    public init(
        value: Money, payer: String, vat: VAT = .included(rate: nil), overDelivery: OverDelivery = .unpaid,
        every: Every = .quarter, acceptanceDue: Duration = SettlementTerms.defaultAcceptanceDue
    ) {
        self.value = value
        self.payer = payer
        self.vat = vat
        self.overDelivery = overDelivery
        self.every = every
        self.acceptanceDue = acceptanceDue
    }

    /// `acceptance_due` when the file leaves it out: 15 days.
    public static let defaultAcceptanceDue = Duration.seconds(15 * 86_400)
    /// The range of a quota's `price`: 0 (priced, paid 0 đ) to 10^10 đồng.
    public static let priceRange = Money.zero...Money.maximumPrice
    /// The range of `value`: 1 to 10^15 đồng.
    public static let valueRange = Money(dong: 1)...Money.maximumValue
    /// The range of `vat_rate`, whole percent.
    public static let vatRateRange = 0...100
    /// The share of the contract value, in percent, whose reaching raises `settlement-value-reached`.
    public static let valueAlertPercent = 90

    /// The instant the record of `period` is due: `acceptanceDue` after the end of the period's last day in `zone`.
    public func acceptanceDue(of period: ReportPeriod, in zone: TimeZone) -> Date {
        period.end.adding(days: 1).startInstant(in: zone).addingTimeInterval(Double(acceptanceDue.components.seconds))
    }
}

extension Agreement {
    /// The contract value as amended: the `value` of the last amendment (in `effective` order) that sets one, else
    /// the `[settlement]` value; nil without `[settlement]`.
    public var contractValue: Money? {
        guard let settlement else { return nil }
        return amendments.last { $0.value != nil }?.value ?? settlement.value
    }

    /// The party paid (Bên B): the first of `parties` that is not the payer.
    public var payee: String? {
        guard let payer = settlement?.payer else { return nil }
        return parties.first { $0 != payer }
    }

    /// The `every` periods of the term, in order: the calendar months, quarters or years that meet the agreement's
    /// dates (as §7 names them, `2024-Q2`), or for `every = "end"` one period, the whole term. Empty without
    /// `[settlement]`.
    public var settlementPeriods: [ReportPeriod] {
        let kind: ReportPeriod.Kind
        switch settlement?.every {
        case nil: return []
        case .end: return [ReportPeriod(kind: .range, label: "\(start)..\(end)", start: start, end: end)]
        case .month: kind = .month
        case .quarter: kind = .quarter
        case .year: kind = .year
        }
        let cadence = Cadence(rawValue: kind.rawValue) ?? .quarter
        return QuotaWindow.all(cadence: cadence, agreementStart: start, agreementEnd: end).map {
            ReportPeriod(kind: kind, label: $0.label, start: $0.fullStart, end: $0.fullEnd)
        }
    }

    /// What `accept draft` takes without `--period`: the last `every` period that ended before `today`; nil when
    /// none has.
    public func lastEndedSettlementPeriod(today: CivilDate) -> ReportPeriod? {
        settlementPeriods.last { $0.end < today }
    }
}
