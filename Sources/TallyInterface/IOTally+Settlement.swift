import Foundation
import TallyCore
import TallyProtocol
// Types of the acceptance and settlement methods (SPEC §12): records, payments, the liquidation statement, and the
// account `status` shows.

extension IOTally {
    public static let draftRecord = VarlinkMethod<DraftRecordParameters, DraftRecordReply>("io.tally.DraftRecord")
    public static let signRecord = VarlinkMethod<SignRecordParameters, SignedRecordReply>("io.tally.SignRecord")
    public static let listRecords = VarlinkMethod<SettlementListParameters, ListRecordsReply>("io.tally.ListRecords")
    public static let showRecord = VarlinkMethod<ShowRecordParameters, SignedRecordReply>("io.tally.ShowRecord")
    public static let recordPayment = VarlinkMethod<RecordPaymentParameters, RecordPaymentReply>("io.tally.RecordPayment")
    public static let listPayments = VarlinkMethod<SettlementListParameters, ListPaymentsReply>("io.tally.ListPayments")
    public static let getStatement = VarlinkMethod<AgreementParameter, GetStatementReply>("io.tally.GetStatement")
}

/// `DraftRecord` parameters: the period as §7 writes it; absent, the last `every` period that has ended.
public struct DraftRecordParameters: Codable, Sendable, Hashable {
    public var agreement: String
    public var period: String?

    public init(agreement: String, period: String? = nil) {
        self.agreement = agreement
        self.period = period
    }
}

/// `DraftRecord` reply: the record that would be signed.
public struct DraftRecordReply: Codable, Sendable, Hashable {
    public var record: AcceptanceDraft

    public init(record: AcceptanceDraft) { self.record = record }
}

/// `SignRecord` parameters: the record of `period` signed as `number` on `date`; signers as "Name, position".
public struct SignRecordParameters: Codable, Sendable, Hashable {
    public var agreement: String
    public var period: String
    public var number: String
    public var date: String
    public var signerA: String?
    public var signerB: String?

    private enum CodingKeys: String, CodingKey {
        case agreement, period, number, date
        case signerA = "signer_a", signerB = "signer_b"
    }

    public init(agreement: String, period: String, number: String, date: String, signerA: String? = nil,
                signerB: String? = nil) {
        self.agreement = agreement
        self.period = period
        self.number = number
        self.date = date
        self.signerA = signerA
        self.signerB = signerB
    }
}

/// `SignRecord` and `ShowRecord` reply: a signed record, as signed.
public struct SignedRecordReply: Codable, Sendable, Hashable {
    public var record: SignedRecord

    public init(record: SignedRecord) { self.record = record }
}

/// `ShowRecord` parameters.
public struct ShowRecordParameters: Codable, Sendable, Hashable {
    public var agreement: String
    public var number: String

    public init(agreement: String, number: String) {
        self.agreement = agreement
        self.number = number
    }
}

/// `ListRecords` and `ListPayments` parameters: one agreement, or all when absent.
public struct SettlementListParameters: Codable, Sendable, Hashable {
    public var agreement: String?

    public init(agreement: String? = nil) { self.agreement = agreement }
}

/// `GetStatement` parameters.
public struct AgreementParameter: Codable, Sendable, Hashable {
    public var agreement: String

    public init(agreement: String) { self.agreement = agreement }
}

/// `io.tally.RecordSummary`: a signed record in a list or a liquidation statement: number, date, period, amounts.
extension RecordSummary: Codable {
    private enum CodingKeys: String, CodingKey {
        case number, date, period, subtotal, vat, due
        case periodKind = "period_kind", periodStart = "period_start", periodEnd = "period_end"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            number: try c.decode(String.self, forKey: .number), date: try c.decodeDate(forKey: .date),
            period: try c.decodePeriod(label: .period, kind: .periodKind, start: .periodStart, end: .periodEnd),
            subtotal: try c.decodeMoney(forKey: .subtotal),
            vat: try c.decodeIfPresent(Int64.self, forKey: .vat).map(Money.init(dong:)), due: try c.decodeMoney(forKey: .due))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date.description, forKey: .date)
        try c.encode(due.dong, forKey: .due)
        try c.encode(number, forKey: .number)
        try c.encodePeriod(period, label: .period, kind: .periodKind, start: .periodStart, end: .periodEnd)
        try c.encode(subtotal.dong, forKey: .subtotal)
        try c.encodeOrNull(vat.map { Int($0.dong) }, forKey: .vat)
    }
}

/// `io.tally.ListedRecord`: a signed record's summary with its agreement and who stored it when.
public struct ListedRecord: Codable, Sendable, Hashable {
    public var agreement: String
    public var summary: RecordSummary
    /// How many lines it has.
    public var lines: Int
    public var signedAt: Date
    public var signedBy: UInt32

    private enum CodingKeys: String, CodingKey {
        case agreement, summary, lines
        case signedAt = "signed_at", signedBy = "signed_by"
    }

    public init(_ signed: SignedRecord) {
        agreement = signed.agreementID
        summary = RecordSummary(signed.record)
        lines = signed.lines.count
        signedAt = signed.signedAt
        signedBy = signed.signedBy
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        agreement = try c.decode(String.self, forKey: .agreement)
        summary = try c.decode(RecordSummary.self, forKey: .summary)
        lines = try c.decode(Int.self, forKey: .lines)
        signedAt = try c.decodeInstant(forKey: .signedAt)
        signedBy = try c.decode(UInt32.self, forKey: .signedBy)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(agreement, forKey: .agreement)
        try c.encode(lines, forKey: .lines)
        try c.encode(WireFormat.timestamp(signedAt), forKey: .signedAt)
        try c.encode(signedBy, forKey: .signedBy)
        try c.encode(summary, forKey: .summary)
    }
}

/// `ListRecords` reply.
public struct ListRecordsReply: Codable, Sendable, Hashable {
    public var records: [ListedRecord]

    public init(records: [ListedRecord]) { self.records = records }
}

/// `RecordPayment` parameters: `amount` a positive whole number of đồng, `date` not after today.
public struct RecordPaymentParameters: Codable, Sendable, Hashable {
    public var agreement: String
    public var amount: Int64
    public var date: String
    public var reference: String
    /// The number of the signed record it pays.
    public var record: String?

    public init(agreement: String, amount: Int64, date: String, reference: String, record: String? = nil) {
        self.agreement = agreement
        self.amount = amount
        self.date = date
        self.reference = reference
        self.record = record
    }
}

/// `io.tally.Payment`: the core's payment; in a list, also its number, agreement and who recorded it when.
extension Payment: Codable {
    private enum CodingKeys: String, CodingKey {
        case amount, date, reference, record
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(amount: try c.decodeMoney(forKey: .amount), date: try c.decodeDate(forKey: .date),
                  reference: try c.decode(String.self, forKey: .reference),
                  record: try c.decodeIfPresent(String.self, forKey: .record))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amount.dong, forKey: .amount)
        try c.encode(date.description, forKey: .date)
        try c.encodeOrNull(record, forKey: .record)
        try c.encode(reference, forKey: .reference)
    }
}

/// `io.tally.RecordedPayment`: a payment with its number, its agreement and who recorded it when.
extension RecordedPayment: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, agreement, payment
        case recordedAt = "recorded_at", recordedBy = "recorded_by"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(Int64.self, forKey: .id), agreement: try c.decode(String.self, forKey: .agreement),
            payment: try c.decode(Payment.self, forKey: .payment), recordedAt: try c.decodeInstant(forKey: .recordedAt),
            recordedBy: try c.decode(UInt32.self, forKey: .recordedBy))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(agreement, forKey: .agreement)
        try c.encode(id, forKey: .id)
        try c.encode(payment, forKey: .payment)
        try c.encode(WireFormat.timestamp(recordedAt), forKey: .recordedAt)
        try c.encode(recordedBy, forKey: .recordedBy)
    }
}

/// `RecordPayment` reply: the payment as recorded.
public struct RecordPaymentReply: Codable, Sendable, Hashable {
    public var payment: RecordedPayment

    public init(payment: RecordedPayment) { self.payment = payment }
}

/// `ListPayments` reply.
public struct ListPaymentsReply: Codable, Sendable, Hashable {
    public var payments: [RecordedPayment]

    public init(payments: [RecordedPayment]) { self.payments = payments }
}

/// `io.tally.LiquidationStatement`: the core's statement (biên bản thanh lý) on the wire.
extension LiquidationStatement: Codable {
    private enum CodingKeys: String, CodingKey {
        case agreement, reference, payer, payee, records, payments, accepted, paid, balance
        case agreementTitle = "agreement_title", contractValue = "contract_value",
             pendingAdjustments = "pending_adjustments", neverAccepted = "never_accepted"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            agreementID: try c.decode(String.self, forKey: .agreement),
            agreementTitle: try c.decode(String.self, forKey: .agreementTitle),
            reference: try c.decodeIfPresent(String.self, forKey: .reference), payer: try c.decode(String.self, forKey: .payer),
            payee: try c.decode(String.self, forKey: .payee), contractValue: try c.decodeMoney(forKey: .contractValue),
            records: try c.decode([RecordSummary].self, forKey: .records),
            payments: try c.decode([Payment].self, forKey: .payments), accepted: try c.decodeMoney(forKey: .accepted),
            paid: try c.decodeMoney(forKey: .paid), balance: try c.decodeMoney(forKey: .balance),
            pendingAdjustments: try c.decode([RecordLine].self, forKey: .pendingAdjustments),
            neverAccepted: try c.decode([RecordLine].self, forKey: .neverAccepted))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accepted.dong, forKey: .accepted)
        try c.encode(agreementID, forKey: .agreement)
        try c.encode(agreementTitle, forKey: .agreementTitle)
        try c.encode(balance.dong, forKey: .balance)
        try c.encode(contractValue.dong, forKey: .contractValue)
        try c.encode(neverAccepted, forKey: .neverAccepted)
        try c.encode(paid.dong, forKey: .paid)
        try c.encode(payee, forKey: .payee)
        try c.encode(payer, forKey: .payer)
        try c.encode(payments, forKey: .payments)
        try c.encode(pendingAdjustments, forKey: .pendingAdjustments)
        try c.encode(records, forKey: .records)
        try c.encodeOrNull(reference, forKey: .reference)
    }
}

/// `GetStatement` reply.
public struct GetStatementReply: Codable, Sendable, Hashable {
    public var statement: LiquidationStatement

    public init(statement: LiquidationStatement) { self.statement = statement }
}

/// `io.tally.SettlementStanding`: an agreement's account in `status`, in whole đồng.
extension SettlementStanding: Codable {
    private enum CodingKeys: String, CodingKey {
        case accepted, paid, unsettled
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(accepted: try c.decodeMoney(forKey: .accepted), paid: try c.decodeMoney(forKey: .paid),
                  unsettled: try c.decodeMoney(forKey: .unsettled))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accepted.dong, forKey: .accepted)
        try c.encode(paid.dong, forKey: .paid)
        try c.encode(unsettled.dong, forKey: .unsettled)
    }
}
