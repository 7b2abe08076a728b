import Foundation

extension Settlement {
    /// `draft` signed as record `number` on `date` (SPEC §12 `accept sign`), after the checks that keep records
    /// going forward: a number not yet used in the agreement, a period that does not end before the end of one
    /// already signed, and at least one line. The record is the draft as it is; nothing is recomputed.
    public func sign(
        _ draft: AcceptanceDraft, number: String, date: CivilDate, signerA: String? = nil, signerB: String? = nil
    ) throws(SettlementError) -> AcceptanceRecord {
        guard draft.agreementID == agreement.id else {
            throw SettlementError(.otherAgreement, "the draft is of agreement \(draft.agreementID), not \(agreement.id); draft the record of \(agreement.id) and sign that")
        }
        let number = number.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard !number.isEmpty else {
            throw SettlementError(.number, "a record needs a number, such as \"12/BB-NT\"")
        }
        if let used = records.first(where: { $0.number == number }) {
            throw SettlementError(.number, "agreement \(agreement.id) already has record \(number) (signed \(used.date) for \(used.period.label)); give the new record a number of its own")
        }
        if let latest = records.max(by: { $0.period.end < $1.period.end }), draft.period.end < latest.period.end {
            throw SettlementError(.periodBeforeSigned, "period \(draft.period.label) ends on \(draft.period.end), before the end (\(latest.period.end)) of \(latest.period.label), already signed as record \(latest.number); records go forward, and items of earlier periods come into the next record as late items")
        }
        guard !draft.lines.isEmpty else {
            throw SettlementError(.emptyRecord, "the record of \(draft.period.label) has no line: no unsettled item of a priced quota was published by \(draft.period.end) and no settled item changed since; there is nothing to sign")
        }
        return AcceptanceRecord(number: number, date: date, signerA: signerA, signerB: signerB, draft: draft)
    }

    /// Checks a payment before it is recorded (SPEC §12 `payment record`): a positive amount, a date not after
    /// `today`, a reference, and, when it names a record, one signed for the agreement.
    public func check(_ payment: Payment, today: CivilDate) throws(SettlementError) {
        guard payment.amount > .zero else {
            throw SettlementError(.payment, "a payment is a positive whole number of đồng, got \(payment.amount)")
        }
        guard payment.date <= today else {
            throw SettlementError(.payment, "the payment is dated \(payment.date), after today (\(today)); record a payment once it is made")
        }
        guard !payment.reference.allSatisfy(\.isWhitespace) else {
            throw SettlementError(.payment, "a payment needs a reference, such as the number of its payment order")
        }
        if let record = payment.record, !records.contains(where: { $0.number == record }) {
            let signed = records.isEmpty ? "none is signed yet" : "signed: " + records.map(\.number).joined(separator: ", ")
            throw SettlementError(.payment, "agreement \(agreement.id) has no signed record \(record) (\(signed)); name a signed record, or leave the record out")
        }
    }

    /// The liquidation statement (biên bản thanh lý, SPEC §12 `settle`) on `today`.
    public func statement(today: CivilDate, policy: EvaluationPolicy) throws -> LiquidationStatement {
        let term = ReportPeriod(kind: .range, label: "\(agreement.start)..\(agreement.end)", start: agreement.start,
                                end: agreement.end)
        let pending = try draft(period: term, today: today, policy: policy)
        let accepted = try signedDue()
        let paid = try paid(through: today)
        return LiquidationStatement(
            agreementID: agreement.id, agreementTitle: agreement.title, reference: agreement.reference,
            payer: terms.payer, payee: agreement.payee ?? "", contractValue: agreement.contractValue ?? terms.value,
            records: records.map(RecordSummary.init),
            payments: payments.filter { $0.date <= today }.sorted { $0.date < $1.date },
            accepted: accepted, paid: paid, balance: try accepted.subtracting(paid),
            pendingAdjustments: pending.adjustments, neverAccepted: pending.lines.filter(\.isItem))
    }
}

/// The liquidation statement (biên bản thanh lý, SPEC §12): the contract value as amended, every signed record
/// with its amount, the payments, the balance, and what was delivered but never accepted.
public struct LiquidationStatement: Sendable, Hashable {
    /// The agreement's id, title and reference, and its two parties.
    public var agreementID: String
    public var agreementTitle: String
    public var reference: String?
    public var payer: String
    public var payee: String
    /// The value of the last amendment that sets one, else `[settlement]`'s.
    public var contractValue: Money
    /// In the order they were signed.
    public var records: [RecordSummary]
    /// In date order.
    public var payments: [Payment]
    /// Σ due of the signed records, and Σ of the payments.
    public var accepted: Money
    public var paid: Money
    /// accepted − paid: owed to the payee, negative when overpaid.
    public var balance: Money
    /// Corrections of signed records that no record holds yet (items voided or repriced since).
    public var pendingAdjustments: [RecordLine]
    /// The items a priced quota pays that no record settled, as the next record would list them.
    public var neverAccepted: [RecordLine]

    public init(
        agreementID: String, agreementTitle: String, reference: String?, payer: String, payee: String,
        contractValue: Money, records: [RecordSummary], payments: [Payment], accepted: Money, paid: Money,
        balance: Money, pendingAdjustments: [RecordLine], neverAccepted: [RecordLine]
    ) {
        self.agreementID = agreementID
        self.agreementTitle = agreementTitle
        self.reference = reference
        self.payer = payer
        self.payee = payee
        self.contractValue = contractValue
        self.records = records
        self.payments = payments
        self.accepted = accepted
        self.paid = paid
        self.balance = balance
        self.pendingAdjustments = pendingAdjustments
        self.neverAccepted = neverAccepted
    }
}

/// A signed record as the liquidation statement and `accept list` show it: number, date, period and amounts.
public struct RecordSummary: Sendable, Hashable {
    /// The record's number, the day it was signed, and its period.
    public var number: String
    public var date: CivilDate
    public var period: ReportPeriod
    /// Its subtotal, VAT (nil when included) and amount due, as signed.
    public var subtotal: Money
    public var vat: Money?
    public var due: Money

    public init(number: String, date: CivilDate, period: ReportPeriod, subtotal: Money, vat: Money?, due: Money) {
        self.number = number
        self.date = date
        self.period = period
        self.subtotal = subtotal
        self.vat = vat
        self.due = due
    }

    /// The summary of `record`.
    public init(_ record: AcceptanceRecord) {
        self.init(number: record.number, date: record.date, period: record.period, subtotal: record.subtotal,
                  vat: record.vat, due: record.due)
    }
}
