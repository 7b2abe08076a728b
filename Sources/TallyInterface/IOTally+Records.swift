import Foundation
import TallyCore
import TallyProtocol
// The acceptance record (SPEC §12) on the wire: the core's draft, signed record, lines, quota totals and terms.
// Amounts are whole đồng as JSON integers; dates YYYY-MM-DD.

/// `io.tally.SettlementTerms`: the `[settlement]` a record was computed under.
extension SettlementTerms: Codable {
    private enum CodingKeys: String, CodingKey {
        case value, payer, vat, every
        case vatRate = "vat_rate", overDelivery = "over_delivery", acceptanceDueSeconds = "acceptance_due_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let rate = try c.decodeIfPresent(Int.self, forKey: .vatRate)
        let vat: VAT
        switch try c.decode(String.self, forKey: .vat) {
        case "included": vat = .included(rate: rate)
        case "excluded":
            guard let rate else {
                throw DecodingError.dataCorruptedError(forKey: .vatRate, in: c, debugDescription: "vat excluded needs vat_rate")
            }
            vat = .excluded(rate: rate)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .vat, in: c, debugDescription: "\(other) is not included or excluded")
        }
        self.init(
            value: try c.decodeMoney(forKey: .value), payer: try c.decode(String.self, forKey: .payer), vat: vat,
            overDelivery: try c.decodeWord(forKey: .overDelivery), every: try c.decodeWord(forKey: .every),
            acceptanceDue: .seconds(try c.decode(Int64.self, forKey: .acceptanceDueSeconds)))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(acceptanceDue.components.seconds, forKey: .acceptanceDueSeconds)
        try c.encode(every.rawValue, forKey: .every)
        try c.encode(overDelivery.rawValue, forKey: .overDelivery)
        try c.encode(payer, forKey: .payer)
        try c.encode(value.dong, forKey: .value)
        switch vat {
        case .included(let rate):
            try c.encode("included", forKey: .vat)
            try c.encodeOrNull(rate, forKey: .vatRate)
        case .excluded(let rate):
            try c.encode("excluded", forKey: .vat)
            try c.encode(rate, forKey: .vatRate)
        }
    }
}

/// `io.tally.RecordBasis`: an amendment in force by the period's last day.
extension RecordBasis: Codable {
    private enum CodingKeys: String, CodingKey {
        case amendment, title, signed, effective
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(amendmentID: try c.decode(String.self, forKey: .amendment), title: try c.decode(String.self, forKey: .title),
                  signed: try c.decodeDateIfPresent(forKey: .signed), effective: try c.decodeDate(forKey: .effective))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amendmentID, forKey: .amendment)
        try c.encode(effective.description, forKey: .effective)
        try c.encodeOrNull(signed?.description, forKey: .signed)
        try c.encode(title, forKey: .title)
    }
}

/// `io.tally.RecordLine`: one line of the item list (bảng kê). `type` is `item` or `adjustment`; an adjustment names
/// the record it corrects and why (`voided`, `repriced`). The item is as recorded (`io.tally.RecordItem`).
extension RecordLine: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, corrects, reason, item, day, quota, window, amount, late
        case deliveryID = "delivery_id", paidCount = "paid_count", overTarget = "over_target", overValue = "over_value"
        case unitPrice = "unit_price", previousPrice = "previous_price"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var kind = Kind.item
        switch try c.decode(String.self, forKey: .type) {
        case "item": break
        case "adjustment":
            kind = .adjustment(corrects: try c.decode(String.self, forKey: .corrects), reason: try c.decodeWord(forKey: .reason))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "\(other) is not item or adjustment")
        }
        self.init(
            kind: kind, deliveryID: try c.decode(Int64.self, forKey: .deliveryID), item: try c.decode(Delivery.self, forKey: .item),
            day: try c.decodeDate(forKey: .day),
            quotaID: try c.decode(String.self, forKey: .quota), window: try c.decode(String.self, forKey: .window),
            paidCount: try c.decode(Int.self, forKey: .paidCount), overTargetCount: try c.decode(Int.self, forKey: .overTarget),
            overValueCount: try c.decode(Int.self, forKey: .overValue), unitPrice: try c.decodeMoney(forKey: .unitPrice),
            previousPrice: try c.decodeIfPresent(Int64.self, forKey: .previousPrice).map(Money.init(dong:)),
            amount: try c.decodeMoney(forKey: .amount), late: try c.decode(Bool.self, forKey: .late))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amount.dong, forKey: .amount)
        try c.encodeOrNull(corrects, forKey: .corrects)
        try c.encode(day.description, forKey: .day)
        try c.encode(deliveryID, forKey: .deliveryID)
        try c.encode(item, forKey: .item)
        try c.encode(late, forKey: .late)
        try c.encode(overTargetCount, forKey: .overTarget)
        try c.encode(overValueCount, forKey: .overValue)
        try c.encode(paidCount, forKey: .paidCount)
        try c.encodeOrNull(previousPrice.map { Int($0.dong) }, forKey: .previousPrice)
        try c.encode(quotaID, forKey: .quota)
        if case .adjustment(_, let reason) = kind {
            try c.encode(reason.rawValue, forKey: .reason)
            try c.encode("adjustment", forKey: .type)
        } else {
            try c.encodeNil(forKey: .reason)
            try c.encode("item", forKey: .type)
        }
        try c.encode(unitPrice.dong, forKey: .unitPrice)
        try c.encode(window, forKey: .window)
    }
}

/// `io.tally.QuotaSettlement`: a priced quota's totals in a record; `contracted` to two decimals.
extension QuotaSettlement: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, title, contracted, delivered, paid, amount
        case overTarget = "over_target", overValue = "over_value"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            quotaID: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
            contracted: try c.decode(Double.self, forKey: .contracted), delivered: try c.decode(Int.self, forKey: .delivered),
            paid: try c.decode(Int.self, forKey: .paid), overTarget: try c.decode(Int.self, forKey: .overTarget),
            overValue: try c.decode(Int.self, forKey: .overValue), amount: try c.decodeMoney(forKey: .amount))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amount.dong, forKey: .amount)
        try c.encode(WireFormat.round2(contracted), forKey: .contracted)
        try c.encode(delivered, forKey: .delivered)
        try c.encode(quotaID, forKey: .id)
        try c.encode(overTarget, forKey: .overTarget)
        try c.encode(overValue, forKey: .overValue)
        try c.encode(paid, forKey: .paid)
        try c.encode(title, forKey: .title)
    }
}

/// The keys of `io.tally.AcceptanceRecord`, a draft's and a signed record's alike.
private enum RecordKeys: String, CodingKey {
    case agreement, reference, period, terms, payer, payee, bases, lines, quotas, subtotal, vat, due, paid, balance
    case number, date
    case agreementTitle = "agreement_title", periodKind = "period_kind", periodStart = "period_start",
         periodEnd = "period_end", contractValue = "contract_value", signedBefore = "signed_before"
    case signerA = "signer_a", signerB = "signer_b", signedAt = "signed_at", signedBy = "signed_by"
}

/// `io.tally.AcceptanceRecord` of a draft: what would be signed; number, date and signers absent.
extension AcceptanceDraft: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: RecordKeys.self)
        self.init(
            agreementID: try c.decode(String.self, forKey: .agreement),
            agreementTitle: try c.decode(String.self, forKey: .agreementTitle),
            reference: try c.decodeIfPresent(String.self, forKey: .reference),
            period: try c.decodePeriod(label: .period, kind: .periodKind, start: .periodStart, end: .periodEnd),
            terms: try c.decode(SettlementTerms.self, forKey: .terms), contractValue: try c.decodeMoney(forKey: .contractValue),
            payee: try c.decode(String.self, forKey: .payee), bases: try c.decode([RecordBasis].self, forKey: .bases),
            lines: try c.decode([RecordLine].self, forKey: .lines), quotas: try c.decode([QuotaSettlement].self, forKey: .quotas),
            subtotal: try c.decodeMoney(forKey: .subtotal),
            vat: try c.decodeIfPresent(Int64.self, forKey: .vat).map(Money.init(dong:)), due: try c.decodeMoney(forKey: .due),
            signedBefore: try c.decodeMoney(forKey: .signedBefore), paid: try c.decodeMoney(forKey: .paid),
            balance: try c.decodeMoney(forKey: .balance))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: RecordKeys.self)
        try encodeFields(into: &c)
    }

    fileprivate func encodeFields(into c: inout KeyedEncodingContainer<RecordKeys>) throws {
        try c.encode(agreementID, forKey: .agreement)
        try c.encode(agreementTitle, forKey: .agreementTitle)
        try c.encode(balance.dong, forKey: .balance)
        try c.encode(bases, forKey: .bases)
        try c.encode(contractValue.dong, forKey: .contractValue)
        try c.encode(due.dong, forKey: .due)
        try c.encode(lines, forKey: .lines)
        try c.encode(paid.dong, forKey: .paid)
        try c.encode(payee, forKey: .payee)
        try c.encode(payer, forKey: .payer)
        try c.encodePeriod(period, label: .period, kind: .periodKind, start: .periodStart, end: .periodEnd)
        try c.encode(quotas, forKey: .quotas)
        try c.encodeOrNull(reference, forKey: .reference)
        try c.encode(signedBefore.dong, forKey: .signedBefore)
        try c.encode(subtotal.dong, forKey: .subtotal)
        try c.encode(terms, forKey: .terms)
        try c.encodeOrNull(vat.map { Int($0.dong) }, forKey: .vat)
    }
}

/// `io.tally.AcceptanceRecord` of a signed record: the draft as signed, its number, date and signers, and who
/// stored it when.
extension SignedRecord: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: RecordKeys.self)
        let draft = try AcceptanceDraft(from: decoder)
        self.init(
            record: AcceptanceRecord(
                number: try c.decode(String.self, forKey: .number), date: try c.decodeDate(forKey: .date),
                signerA: try c.decodeIfPresent(String.self, forKey: .signerA),
                signerB: try c.decodeIfPresent(String.self, forKey: .signerB), draft: draft),
            signedAt: try c.decodeInstant(forKey: .signedAt), signedBy: try c.decode(UInt32.self, forKey: .signedBy))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: RecordKeys.self)
        try record.draft.encodeFields(into: &c)
        try c.encode(record.date.description, forKey: .date)
        try c.encode(record.number, forKey: .number)
        try c.encode(WireFormat.timestamp(signedAt), forKey: .signedAt)
        try c.encode(signedBy, forKey: .signedBy)
        try c.encodeOrNull(record.signerA, forKey: .signerA)
        try c.encodeOrNull(record.signerB, forKey: .signerB)
    }
}

extension KeyedDecodingContainer {
    /// Whole đồng at `key`: a JSON integer (a fraction is a decoding error).
    func decodeMoney(forKey key: Key) throws -> Money {
        Money(dong: try decode(Int64.self, forKey: key))
    }

    /// A report period spelled out at these keys (§7's label, kind, first and last day), as the compliance report and
    /// the acceptance record write it.
    func decodePeriod(label: Key, kind: Key, start: Key, end: Key) throws -> ReportPeriod {
        ReportPeriod(kind: try decodeWord(forKey: kind), label: try decode(String.self, forKey: label),
                     start: try decodeDate(forKey: start), end: try decodeDate(forKey: end))
    }
}

extension KeyedEncodingContainer {
    /// Writes a report period spelled out at these keys.
    mutating func encodePeriod(_ period: ReportPeriod, label: Key, kind: Key, start: Key, end: Key) throws {
        try encode(period.label, forKey: label)
        try encode(period.end.description, forKey: end)
        try encode(period.kind.rawValue, forKey: kind)
        try encode(period.start.description, forKey: start)
    }
}
