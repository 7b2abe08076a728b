/// The acceptance record (biên bản nghiệm thu, SPEC §12) that would be signed for a period: every value a
/// document shows, computed once, so that a signed record is this value stored as it is.
public struct AcceptanceDraft: Sendable, Hashable {
    /// The agreement's id and title.
    public var agreementID: String
    public var agreementTitle: String
    /// The contract's reference (`15/HĐ-TTXVN`), the first of the record's bases.
    public var reference: String?
    /// The period the record accepts (§7's periods: `2024-Q2`, `2024`, a range of dates).
    public var period: ReportPeriod
    /// The terms the record was computed under.
    public var terms: SettlementTerms
    /// The contract value as amended, over all records.
    public var contractValue: Money
    /// The party paid (Bên B); the payer (Bên A) is the terms'.
    public var payee: String
    /// The amendments in force by the period's last day, in `effective` order: the record's other bases.
    public var bases: [RecordBasis]
    /// Adjustments first, then items in publication order (then delivery id).
    public var lines: [RecordLine]
    /// Per priced quota, in the agreement's quota order.
    public var quotas: [QuotaSettlement]
    /// Σ line amounts: what the record adds towards the contract value.
    public var subtotal: Money
    /// `vat_rate` percent of the subtotal, rounded half away from zero; nil when prices include VAT.
    public var vat: Money?
    /// subtotal + VAT.
    public var due: Money
    /// Σ due of the records signed before this one.
    public var signedBefore: Money
    /// Every payment recorded so far.
    public var paid: Money
    /// signedBefore + due − paid: what is owed once this record is signed (negative when overpaid).
    public var balance: Money

    public init(
        agreementID: String, agreementTitle: String, reference: String?, period: ReportPeriod, terms: SettlementTerms,
        contractValue: Money, payee: String, bases: [RecordBasis], lines: [RecordLine],
        quotas: [QuotaSettlement], subtotal: Money, vat: Money?, due: Money, signedBefore: Money, paid: Money,
        balance: Money
    ) {
        self.agreementID = agreementID
        self.agreementTitle = agreementTitle
        self.reference = reference
        self.period = period
        self.terms = terms
        self.contractValue = contractValue
        self.payee = payee
        self.bases = bases
        self.lines = lines
        self.quotas = quotas
        self.subtotal = subtotal
        self.vat = vat
        self.due = due
        self.signedBefore = signedBefore
        self.paid = paid
        self.balance = balance
    }

    /// The party that pays (Bên A).
    public var payer: String { terms.payer }

    /// The adjustment lines.
    public var adjustments: [RecordLine] { lines.filter { !$0.isItem } }
}

/// A signed acceptance record: the draft as it was signed, its number, date and signers. Never changed once
/// made; the draft's fields read through (`record.due`).
@dynamicMemberLookup
public struct AcceptanceRecord: Sendable, Hashable {
    /// Unique within the agreement, e.g. `12/BB-NT`.
    public let number: String
    /// The day it was signed.
    public let date: CivilDate
    /// "Name, position" of who signed for Bên A and for Bên B, when given.
    public let signerA: String?
    public let signerB: String?
    /// Every value of the record, as drafted when it was signed.
    public let draft: AcceptanceDraft

    public init(number: String, date: CivilDate, signerA: String? = nil, signerB: String? = nil, draft: AcceptanceDraft) {
        self.number = number
        self.date = date
        self.signerA = signerA
        self.signerB = signerB
        self.draft = draft
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<AcceptanceDraft, T>) -> T { draft[keyPath: keyPath] }
}

/// One basis of a record (căn cứ): an amendment in force, named as the parties signed it.
public struct RecordBasis: Sendable, Hashable {
    /// The amendment's id, title, and days it was signed and took effect.
    public var amendmentID: String
    public var title: String
    public var signed: CivilDate?
    public var effective: CivilDate

    public init(amendmentID: String, title: String, signed: CivilDate?, effective: CivilDate) {
        self.amendmentID = amendmentID
        self.title = title
        self.signed = signed
        self.effective = effective
    }

    /// The basis `amendment` gives.
    public init(_ amendment: Amendment) {
        self.init(amendmentID: amendment.id, title: amendment.title, signed: amendment.signed, effective: amendment.effective)
    }
}

/// A priced quota's totals in a record.
public struct QuotaSettlement: Sendable, Hashable {
    /// The quota's id.
    public var quotaID: String
    /// The quota's title, or its id.
    public var title: String
    /// Its target for the period, as the compliance report of the period computes it (SPEC §7): whole windows
    /// plus a calendar-day share of those straddling the period's edges.
    public var contracted: Double
    /// Its matching non-void items published in the period, whichever quota pays them.
    public var delivered: Int
    /// Of the record's item lines paid under it: items paid, over target, over the contract value.
    public var paid: Int
    public var overTarget: Int
    public var overValue: Int
    /// Σ amount of its item lines, adjustments apart.
    public var amount: Money

    public init(
        quotaID: String, title: String, contracted: Double, delivered: Int, paid: Int, overTarget: Int, overValue: Int,
        amount: Money
    ) {
        self.quotaID = quotaID
        self.title = title
        self.contracted = contracted
        self.delivered = delivered
        self.paid = paid
        self.overTarget = overTarget
        self.overValue = overValue
        self.amount = amount
    }
}

/// A payment against the agreement (SPEC §12 `payment record`).
public struct Payment: Sendable, Hashable {
    /// A positive amount.
    public var amount: Money
    /// The day it was paid: not after the day it is recorded.
    public var date: CivilDate
    /// The payer's reference (a bank transfer, a payment order).
    public var reference: String
    /// The number of the signed record it pays, when it names one.
    public var record: String?

    public init(amount: Money, date: CivilDate, reference: String, record: String? = nil) {
        self.amount = amount
        self.date = date
        self.reference = reference
        self.record = record
    }
}
