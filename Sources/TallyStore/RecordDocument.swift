import Foundation
import TallyCore

/// A signed acceptance record as the JSON document of `acceptance_record.document`: every value of the record,
/// the terms it was computed under included, so that reading it back needs nothing of the agreement's file.
///
/// This is a storage format, not the wire's: it must read back every record ever signed, whatever io.tally
/// becomes, so it only grows (new optional members), like the schema.
struct RecordDocument: Codable {
    var number: String
    var date: String
    var signerA: String?
    var signerB: String?
    var agreementID: String
    var agreementTitle: String
    var reference: String?
    var period: Period
    var terms: Terms
    var contractValue: Int64
    var payee: String
    var bases: [Basis]
    var lines: [Line]
    var quotas: [Quota]
    var subtotal: Int64
    var vat: Int64?
    var due: Int64
    var signedBefore: Int64
    var paid: Int64
    var balance: Int64

    struct Period: Codable {
        var kind: String
        var label: String
        var start: String
        var end: String
        var toDate: Bool
    }

    struct Terms: Codable {
        var value: Int64
        var payer: String
        /// `included` or `excluded`.
        var vat: String
        var vatRate: Int?
        var overDelivery: String
        var every: String
        var acceptanceDueSeconds: Int64
    }

    struct Basis: Codable {
        var amendmentID: String
        var title: String
        var signed: String?
        var effective: String
    }

    struct Line: Codable {
        /// Nil for an item; for an adjustment, the record it corrects and why.
        var corrects: String?
        var reason: String?
        var deliveryID: Int64
        var agreement: String
        var published: String
        var kind: String
        var language: String
        var outlet: String?
        var title: String?
        var url: String?
        var tags: [String]
        var count: Int
        var externalID: String?
        var day: String
        var quotaID: String
        var window: String
        var paidCount: Int
        var overTargetCount: Int
        var overValueCount: Int
        var unitPrice: Int64
        var previousPrice: Int64?
        var amount: Int64
        var late: Bool
    }

    struct Quota: Codable {
        var quotaID: String
        var title: String
        var contracted: Double
        var delivered: Int
        var paid: Int
        var overTarget: Int
        var overValue: Int
        var amount: Int64
    }

    // MARK: From the core

    init(_ record: AcceptanceRecord) {
        let draft = record.draft
        number = record.number
        date = record.date.description
        signerA = record.signerA
        signerB = record.signerB
        agreementID = draft.agreementID
        agreementTitle = draft.agreementTitle
        reference = draft.reference
        period = Period(kind: draft.period.kind.rawValue, label: draft.period.label, start: draft.period.start.description,
                        end: draft.period.end.description, toDate: draft.period.toDate)
        terms = Terms(draft.terms)
        contractValue = draft.contractValue.dong
        payee = draft.payee
        bases = draft.bases.map {
            Basis(amendmentID: $0.amendmentID, title: $0.title, signed: $0.signed?.description, effective: $0.effective.description)
        }
        lines = draft.lines.map(Line.init)
        quotas = draft.quotas.map {
            Quota(quotaID: $0.quotaID, title: $0.title, contracted: $0.contracted, delivered: $0.delivered, paid: $0.paid,
                  overTarget: $0.overTarget, overValue: $0.overValue, amount: $0.amount.dong)
        }
        subtotal = draft.subtotal.dong
        vat = draft.vat?.dong
        due = draft.due.dong
        signedBefore = draft.signedBefore.dong
        paid = draft.paid.dong
        balance = draft.balance.dong
    }

    // MARK: Back to the core

    /// The record, or an error naming what of the document cannot be read.
    func record() throws -> AcceptanceRecord {
        guard let periodKind = ReportPeriod.Kind(rawValue: period.kind) else { throw unreadable("period kind \(period.kind)") }
        let draft = AcceptanceDraft(
            agreementID: agreementID, agreementTitle: agreementTitle, reference: reference,
            period: ReportPeriod(kind: periodKind, label: period.label, start: try day(period.start), end: try day(period.end),
                                 toDate: period.toDate),
            terms: try terms.core(unreadable), contractValue: Money(dong: contractValue), payee: payee,
            bases: try bases.map {
                RecordBasis(amendmentID: $0.amendmentID, title: $0.title, signed: try $0.signed.map(day),
                            effective: try day($0.effective))
            },
            lines: try lines.map { try $0.core(self) },
            quotas: quotas.map {
                QuotaSettlement(quotaID: $0.quotaID, title: $0.title, contracted: $0.contracted, delivered: $0.delivered,
                                paid: $0.paid, overTarget: $0.overTarget, overValue: $0.overValue, amount: Money(dong: $0.amount))
            },
            subtotal: Money(dong: subtotal), vat: vat.map(Money.init(dong:)), due: Money(dong: due),
            signedBefore: Money(dong: signedBefore), paid: Money(dong: paid), balance: Money(dong: balance))
        return AcceptanceRecord(number: number, date: try day(date), signerA: signerA, signerB: signerB, draft: draft)
    }

    func day(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(iso: text) else { throw unreadable("date \(text)") }
        return date
    }

    func unreadable(_ what: String) -> StoreError {
        StoreError.invalid("Signed record \(number) of agreement \(agreementID) holds an unreadable \(what).")
    }

    // MARK: Storage

    /// The document's text.
    var text: String { StoredJSON.text(self) }

    /// The document in `text`.
    static func read(_ text: String, agreement: String, number: String) throws -> RecordDocument {
        do {
            return try JSONDecoder().decode(RecordDocument.self, from: Data(text.utf8))
        } catch {
            throw StoreError.invalid("Signed record \(number) of agreement \(agreement) is not a readable document: \(error).")
        }
    }
}

extension RecordDocument.Terms {
    init(_ terms: SettlementTerms) {
        value = terms.value.dong
        payer = terms.payer
        switch terms.vat {
        case .included(let rate):
            vat = "included"
            vatRate = rate
        case .excluded(let rate):
            vat = "excluded"
            vatRate = rate
        }
        overDelivery = terms.overDelivery.rawValue
        every = terms.every.rawValue
        acceptanceDueSeconds = terms.acceptanceDue.components.seconds
    }

    func core(_ unreadable: (String) -> StoreError) throws -> SettlementTerms {
        let vatTerms: SettlementTerms.VAT
        switch (vat, vatRate) {
        case ("included", let rate): vatTerms = .included(rate: rate)
        case ("excluded", let rate?): vatTerms = .excluded(rate: rate)
        default: throw unreadable("vat \(vat)")
        }
        guard let overDelivery = SettlementTerms.OverDelivery(rawValue: overDelivery) else {
            throw unreadable("over_delivery \(self.overDelivery)")
        }
        guard let every = SettlementTerms.Every(rawValue: every) else { throw unreadable("every \(self.every)") }
        return SettlementTerms(value: Money(dong: value), payer: payer, vat: vatTerms, overDelivery: overDelivery,
                               every: every, acceptanceDue: .seconds(acceptanceDueSeconds))
    }
}

extension RecordDocument.Line {
    init(_ line: RecordLine) {
        switch line.kind {
        case .item:
            corrects = nil
            reason = nil
        case .adjustment(let record, let why):
            corrects = record
            reason = why.rawValue
        }
        deliveryID = line.deliveryID
        agreement = line.item.agreement
        published = line.item.published.description
        kind = line.item.kind
        language = line.item.language
        outlet = line.item.outlet
        title = line.item.title
        url = line.item.url
        tags = line.item.tags
        count = line.item.count
        externalID = line.item.externalID
        day = line.day.description
        quotaID = line.quotaID
        window = line.window
        paidCount = line.paidCount
        overTargetCount = line.overTargetCount
        overValueCount = line.overValueCount
        unitPrice = line.unitPrice.dong
        previousPrice = line.previousPrice?.dong
        amount = line.amount.dong
        late = line.late
    }

    func core(_ document: RecordDocument) throws -> RecordLine {
        var kind = RecordLine.Kind.item
        if let corrects {
            guard let why = reason.flatMap(RecordLine.AdjustmentReason.init(rawValue:)) else {
                throw document.unreadable("adjustment reason \(reason ?? "(none)")")
            }
            kind = .adjustment(corrects: corrects, reason: why)
        }
        guard let time = PublicationTime(parsing: published) else { throw document.unreadable("publication time \(published)") }
        let item = Delivery(agreement: agreement, published: time, kind: self.kind, language: language, outlet: outlet,
                            title: title, url: url, tags: tags, count: count, externalID: externalID)
        return RecordLine(
            kind: kind, deliveryID: deliveryID, item: item, day: try document.day(day), quotaID: quotaID, window: window,
            paidCount: paidCount, overTargetCount: overTargetCount, overValueCount: overValueCount,
            unitPrice: Money(dong: unitPrice), previousPrice: previousPrice.map(Money.init(dong:)), amount: Money(dong: amount),
            late: late)
    }
}
