import TallyCore

/// The acceptance record (SPEC §12) and the liquidation statement as text for a terminal: headings, facts, and
/// tables aligned by display width; amounts `1.234.567 đ` (vi) or `VND 1,234,567` (en).
public enum RecordText {
    /// The lines of `draft`, headed as the signed record `signed` when it is one, at most `maximumWidth` columns
    /// wide (the item titles shrink).
    public static func lines(
        _ draft: AcceptanceDraft, signed: AcceptanceRecord? = nil, language: ReportLanguage, maximumWidth: Int? = nil
    ) -> [String] {
        let w = RecordWords(language: language)
        var out = [signed.map { w.signedTitle($0.number, $0.date) } ?? w.draftTitle, ""]
        var facts: [(String, String)] = [(w.agreement, "\(draft.agreementID) — \(draft.agreementTitle)")]
        let bases = (draft.reference.map { [w.contract($0)] } ?? []) + draft.bases.map(w.amendment)
        if !bases.isEmpty { facts.append((w.bases, bases.joined(separator: "; "))) }
        facts.append((w.period, "\(draft.period.label) (\(w.date(draft.period.start)) – \(w.date(draft.period.end)))"))
        facts.append((w.partyA, draft.payer + (signed?.signerA.map { ", \(w.signedBy) \($0)" } ?? "")))
        facts.append((w.partyB, draft.payee + (signed?.signerB.map { ", \(w.signedBy) \($0)" } ?? "")))
        facts.append((w.contractValue, w.amount(draft.contractValue)))
        out += factLines(facts)

        out += ["", w.quotaSection]
        var quotas = TextTable(columns: columns(w.quotaHeaders, right: 1...6), indent: 2)
        for q in draft.quotas {
            quotas.append([
                .init(q.quotaID), .init(language.number(q.contracted)), .init(String(q.delivered)), .init(String(q.paid)),
                .init(String(q.overTarget)), .init(String(q.overValue)), .init(w.amount(q.amount)),
            ])
        }
        out += quotas.render(maximumWidth: maximumWidth)

        out += ["", w.linesSection]
        if draft.lines.isEmpty {
            out.append("  " + w.noLines)
        } else {
            out += lineTable(draft.lines, words: w).render(maximumWidth: maximumWidth)
        }

        var totals: [(String, String)] = [(w.subtotal, w.amount(draft.subtotal))]
        switch draft.terms.vat {
        case .excluded(let rate): totals.append((w.vat(rate), w.amount(draft.vat ?? .zero)))
        case .included: break
        }
        totals += [(w.due, w.amount(draft.due)), (w.inWords, draft.due.vietnameseWords),
                   (w.signedBefore, w.amount(draft.signedBefore)), (w.paid, w.amount(draft.paid)),
                   (w.balance, w.amount(draft.balance))]
        out.append("")
        out += factLines(totals)
        if case .included(let rate) = draft.terms.vat { out.append(w.vatIncluded(rate)) }
        return out
    }

    /// The lines of the liquidation statement.
    public static func lines(_ statement: LiquidationStatement, language: ReportLanguage, maximumWidth: Int? = nil) -> [String] {
        let w = RecordWords(language: language)
        var out = [w.statementTitle, ""]
        var facts: [(String, String)] = [(w.agreement, "\(statement.agreementID) — \(statement.agreementTitle)")]
        if let reference = statement.reference { facts.append((w.bases, w.contract(reference))) }
        facts += [(w.partyA, statement.payer), (w.partyB, statement.payee),
                  (w.contractValue, w.amount(statement.contractValue))]
        out += factLines(facts)

        out += ["", w.records]
        if statement.records.isEmpty {
            out.append("  " + w.noRecords)
        } else {
            var records = TextTable(columns: columns(w.recordHeaders, right: 3...5), indent: 2)
            for r in statement.records {
                records.append([
                    .init(r.number), .init(w.date(r.date)), .init(r.period.label), .init(w.amount(r.subtotal)),
                    .init(r.vat.map(w.amount) ?? "—"), .init(w.amount(r.due)),
                ])
            }
            out += records.render(maximumWidth: maximumWidth)
        }

        out += ["", w.payments]
        if statement.payments.isEmpty {
            out.append("  " + w.noPayments)
        } else {
            out += paymentTable(statement.payments, words: w).render(maximumWidth: maximumWidth)
        }

        out.append("")
        out += factLines([(w.accepted, w.amount(statement.accepted)), (w.paid, w.amount(statement.paid)),
                          (w.balance, w.amount(statement.balance))])
        for (title, lines) in [(w.pending, statement.pendingAdjustments), (w.neverAccepted, statement.neverAccepted)]
        where !lines.isEmpty {
            out += ["", title]
            out += lineTable(lines, words: w).render(maximumWidth: maximumWidth)
        }
        return out
    }

    /// The table of payments (date, amount, reference, record).
    static func paymentTable(_ payments: [Payment], words w: RecordWords) -> TextTable {
        var table = TextTable(columns: columns(w.paymentHeaders, right: 1...1), indent: 2)
        for p in payments {
            table.append([.init(w.date(p.date)), .init(w.amount(p.amount)), .init(p.reference), .init(p.record ?? "—")])
        }
        table.flexibleColumn = 2
        return table
    }

    static func lineTable(_ lines: [RecordLine], words w: RecordWords) -> TextTable {
        var table = TextTable(columns: columns(w.lineHeaders, right: 4...6), indent: 2)
        for (index, line) in lines.enumerated() {
            table.append([
                .init(String(index + 1)), .init(w.date(line.day)), .init(String(line.deliveryID)), .init(line.quotaID),
                .init(String(line.paidCount)), .init(w.amount(line.unitPrice)), .init(w.amount(line.amount)),
                .init(w.note(line)), .init(line.item.title ?? line.item.url ?? ""),
            ])
        }
        return table
    }

    static func columns(_ headers: [String], right: ClosedRange<Int>) -> [TextTable.Column] {
        headers.enumerated().map { .init($1, alignment: right.contains($0) ? .right : .left) }
    }

    /// `label:  value` lines, the values aligned by display width.
    static func factLines(_ facts: [(String, String)]) -> [String] {
        let width = facts.map { displayWidth($0.0) }.max() ?? 0
        return facts.map { padded($0.0 + ":", toWidth: width + 1) + " " + $0.1 }
    }
}
