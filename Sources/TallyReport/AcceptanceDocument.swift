import Foundation
import TallyCore

/// The acceptance record (biên bản nghiệm thu, SPEC §12) laid out once for its documents: html, docx and xlsx
/// render this value, so they say the same words and show the same numbers. Every amount is the core record's;
/// nothing is summed again here.
public struct AcceptanceDocument: Sendable {
    /// A value as the record holds it: the documents write it in the language (html, docx) or as a number or a
    /// date (xlsx).
    public enum Value: Sendable, Hashable {
        case text(String)
        case amount(Money)
        case count(Int)
        /// A quota's target for the period: whole windows plus shares of those straddling its edges (SPEC §7).
        case target(Double)
        case day(CivilDate)

        /// Whether the value is a day (kept on one line).
        public var isDay: Bool {
            if case .day = self { true } else { false }
        }
    }

    /// A table: its columns, then rows of values, one per column.
    public struct Table: Sendable, Hashable {
        public struct Column: Sendable, Hashable {
            public var header: String
            /// Numbers align right.
            public var isNumeric: Bool
            /// The column's share of the table's width, in percent, where a format fixes widths (docx).
            public var share: Int
        }

        public var columns: [Column]
        public var rows: [[Value]]
    }

    /// A party: its label (Bên A …), name, and the line naming who represents it (blanks when the record names
    /// nobody).
    public struct Party: Sendable, Hashable {
        public var label: String
        public var name: String
        public var representedBy: String
    }

    /// One side of the signature block.
    public struct Signature: Sendable, Hashable {
        /// `ĐẠI DIỆN BÊN A`.
        public var heading: String
        /// The signer's position and name, from "Name, position"; nil when the record names nobody.
        public var position: String?
        public var name: String?
    }

    /// A labelled amount (or text) of the record's totals; `isEmphasised` for the amount due.
    public struct Total: Sendable, Hashable {
        public var label: String
        public var value: Value
        public var isEmphasised: Bool = false
    }

    public let language: ReportLanguage
    /// Whether this is a draft, not a signed record: the documents say so where everyone sees it.
    public let isDraft: Bool
    /// When the document was made: the signature's time for a signed record, so that its files are the same bytes
    /// every time.
    public let created: Date
    /// The agreement's id, the record's number and the day it was signed (nil for a draft).
    public let agreementID: String
    public let number: String?
    public let date: CivilDate?
    public let period: ReportPeriod

    /// The left column of the heading: the parties, payer first, in capitals; and the record's number.
    public let issuers: [String]
    public let numberLine: String
    /// The right column: the national heading and the date.
    public let nation: String
    public let motto: String
    public let dateLine: String

    public let title: String
    /// What the document calls itself (the HTML title, the Office documents' properties).
    public let documentName: String
    /// `DỰ THẢO` / `DRAFT` on a draft.
    public let draftMark: String?
    public let periodLine: String
    public let bases: [String]
    public let opening: String
    public let parties: [Party]
    public let agreed: String

    public let quotaHeading: String
    public let quotas: Table
    public let itemsHeading: String
    public let items: Table
    /// What the item list says when it has no line.
    public let noItems: String
    public let totalsHeading: String
    /// Subtotal, VAT when prices exclude it, and the amount due.
    public let totals: [Total]
    /// `Bằng chữ` and the amount due in Vietnamese words (kept in Vietnamese in the English record too: it is what
    /// the parties sign).
    public let inWordsLabel: String
    public let inWords: String
    /// "Prices include VAT" when they do.
    public let vatNote: String?
    /// Accepted before, paid, balance.
    public let account: [Total]
    public let signatures: [Signature]
    public let sealNote: String

    private let words: RecordWords

    /// The document of `draft`, signed as `signed` when it is a signed record.
    public init(_ draft: AcceptanceDraft, signed: AcceptanceRecord?, language: ReportLanguage, created: Date) {
        let w = RecordWords(language: language)
        words = w
        self.language = language
        isDraft = signed == nil
        self.created = created
        agreementID = draft.agreementID
        number = signed?.number
        date = signed?.date
        period = draft.period
        issuers = [draft.payer, draft.payee].map { $0.uppercased() }
        numberLine = w.numberLine(signed?.number)
        nation = w.nation
        motto = w.motto
        dateLine = w.dateLine(signed?.date)
        title = w.documentTitle
        documentName = "\(w.documentTitle) \(signed?.number ?? "(\(w.draftMark))") — \(draft.agreementID), \(draft.period.label)"
        draftMark = signed == nil ? w.draftMark : nil
        periodLine = w.periodLine(draft.period)
        bases = w.basisLines(draft)
        opening = w.opening(signed?.date)
        parties = [
            Party(label: w.partyALabel, name: draft.payer, representedBy: w.representedBy(signed?.signerA)),
            Party(label: w.partyBLabel, name: draft.payee, representedBy: w.representedBy(signed?.signerB)),
        ]
        agreed = w.agreed(draft.period)

        quotaHeading = w.quotaHeading
        quotas = Table(
            columns: zip(w.quotaColumns, [28, 11, 11, 11, 12, 11, 16]).enumerated().map {
                Table.Column(header: $1.0, isNumeric: $0 > 0, share: $1.1)
            },
            rows: draft.quotas.map { q in
                [.text(q.title == q.quotaID ? q.title : "\(q.title) (\(q.quotaID))"), .target(q.contracted),
                 .count(q.delivered), .count(q.paid), .count(q.overTarget), .count(q.overValue), .amount(q.amount)]
            })
        itemsHeading = w.itemsHeading
        let numeric: Set = [0, 4, 5, 6]
        items = Table(
            columns: zip(w.itemColumns, [6, 12, 22, 10, 8, 14, 15, 13]).enumerated().map {
                Table.Column(header: $1.0, isNumeric: numeric.contains($0), share: $1.1)
            },
            rows: draft.lines.enumerated().map { index, line in
                [.count(index + 1), .day(line.day), .text(line.item.title ?? line.item.url ?? w.untitled), .text(line.quotaID),
                 .count(line.paidCount), .amount(line.unitPrice), .amount(line.amount), .text(w.note(line))]
            })
        noItems = w.noLines
        totalsHeading = w.totalsHeading
        var totals = [Total(label: w.subtotal, value: .amount(draft.subtotal))]
        if case .excluded(let rate) = draft.terms.vat {
            totals.append(Total(label: w.vat(rate), value: .amount(draft.vat ?? .zero)))
        }
        totals.append(Total(label: w.due, value: .amount(draft.due), isEmphasised: true))
        self.totals = totals
        inWordsLabel = w.inWords
        inWords = draft.due.vietnameseWords
        if case .included(let rate) = draft.terms.vat { vatNote = w.vatIncluded(rate) } else { vatNote = nil }
        account = [Total(label: w.signedBefore, value: .amount(draft.signedBefore)),
                   Total(label: w.paid, value: .amount(draft.paid)),
                   Total(label: w.balance, value: .amount(draft.balance))]
        signatures = [(w.signatureHeading("A"), signed?.signerA), (w.signatureHeading("B"), signed?.signerB)].map {
            let (name, position) = Self.split(signer: $1)
            return Signature(heading: $0, position: position?.uppercased(), name: name)
        }
        sealNote = w.sealNote
    }

    /// `value` as the documents for people write it: amounts `1.234.567 đ` / `VND 1,234,567`, dates `15/05/2024`.
    public func text(_ value: Value) -> String {
        switch value {
        case .text(let text): text
        case .amount(let money): words.amount(money)
        case .count(let count): language.integer(count)
        case .target(let target): language.number(target)
        case .day(let day): words.date(day)
        }
    }

    /// A line of the signature block, both sides on it, so that the two columns stay level.
    public struct SignatureLine: Sendable, Hashable {
        /// What the line is: it decides how the line looks.
        public enum Role: Sendable, Hashable {
            case heading, position, sealNote, room, name
        }

        public var role: Role
        /// Bên A's text, then Bên B's.
        public var texts: [String]
    }

    /// The signature block line by line: the headings, the positions when a signer has one, the seal note, room to
    /// sign and seal, the names.
    public var signatureLines: [SignatureLine] {
        var lines = [SignatureLine(role: .heading, texts: signatures.map(\.heading))]
        if signatures.contains(where: { $0.position != nil }) {
            lines.append(SignatureLine(role: .position, texts: signatures.map { $0.position ?? "" }))
        }
        lines.append(SignatureLine(role: .sealNote, texts: signatures.map { _ in sealNote }))
        lines.append(SignatureLine(role: .room, texts: signatures.map { _ in "" }))
        lines.append(SignatureLine(role: .name, texts: signatures.map { $0.name ?? "" }))
        return lines
    }

    /// "Name, position" as the signer's name and position; a text without a comma is all name.
    static func split(signer: String?) -> (name: String?, position: String?) {
        guard let signer = signer?.trimmingCharacters(in: .whitespaces), !signer.isEmpty else { return (nil, nil) }
        guard let comma = signer.firstIndex(of: ",") else { return (signer, nil) }
        let name = signer[..<comma].trimmingCharacters(in: .whitespaces)
        let position = signer[signer.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        return (name.isEmpty ? nil : name, position.isEmpty ? nil : position)
    }
}
