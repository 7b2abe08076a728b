import Foundation
import TallyCore
import TallyOffice

/// The acceptance record as a Word document (SPEC §12 `--format docx`), the same layout as the HTML page: the
/// national heading and the signature block as borderless two-column tables, the tables with their header row
/// repeated on every page and amounts aligned right, pages numbered.
enum RecordWord {
    private typealias Paragraph = WordDocument.Paragraph
    private typealias Table = WordDocument.Table

    /// The width of the text between the default margins (Decree 30/2020/NĐ-CP: 210 − 30 − 15 mm).
    private static let textWidth = 165.0
    /// Left and right of a cell's text: 1 mm rather than Word's 1.9 mm, so that a date and an amount keep to one line.
    private static let cellMargin = WordDocument.Length.millimetres(1)
    /// The size of the text in tables, under the body's 13 pt so that eight columns fit: at 11 pt an amount of
    /// `100.000.000 đ` fits its column, cell margins included.
    private static let tableSize = 11.0

    static func document(_ d: AcceptanceDocument) -> WordDocument {
        var body: [WordDocument.Block] = [.table(heading(d)), .paragraph(Paragraph(""))]
        if let mark = d.draftMark { body.append(.paragraph(Paragraph(mark, bold: true, size: 16, alignment: .center))) }
        body.append(.paragraph(Paragraph(d.title, bold: true, size: 14, alignment: .center, keepWithNext: true)))
        body.append(.paragraph(Paragraph(d.periodLine, bold: true, alignment: .center, spacingAfter: .points(6))))
        body += d.bases.map { .paragraph(Paragraph($0, italic: true, alignment: .justify)) }
        body.append(.paragraph(Paragraph(d.opening, alignment: .justify, spacingAfter: .points(3))))
        for party in d.parties {
            body.append(.paragraph(Paragraph(
                runs: [.init("\(party.label): \(party.name)\n", bold: true), .init(party.representedBy)], spacingAfter: .points(3))))
        }
        body.append(.paragraph(Paragraph(d.agreed, alignment: .justify, spacingAfter: .points(6))))

        body.append(.paragraph(sectionHeading(d.quotaHeading)))
        body.append(.table(grid(d.quotas, in: d)))
        body.append(.paragraph(sectionHeading(d.itemsHeading)))
        body.append(d.items.rows.isEmpty ? .paragraph(Paragraph(d.noItems, italic: true)) : .table(grid(d.items, in: d)))
        body.append(.paragraph(sectionHeading(d.totalsHeading)))
        body.append(.table(totals(d.totals, in: d)))
        body.append(.paragraph(Paragraph(
            runs: [.init("\(d.inWordsLabel): ", italic: true), .init(d.inWords)], spacingAfter: .points(3))))
        if let note = d.vatNote { body.append(.paragraph(Paragraph(note, italic: true, spacingAfter: .points(3)))) }
        body.append(.table(totals(d.account, in: d)))
        body.append(.paragraph(Paragraph("")))
        body.append(.table(signatures(d)))
        return WordDocument(
            properties: DocumentProperties(title: d.documentName, creator: "tally", created: d.created), body: body,
            language: d.language == .vi ? "vi-VN" : "en-GB", pageNumbers: true)
    }

    /// Parties and number left, the national heading and the date right; no lines.
    private static func heading(_ d: AcceptanceDocument) -> Table {
        let left = d.issuers.map { Paragraph($0, bold: true, size: 12, alignment: .center) }
            + [Paragraph(d.numberLine, alignment: .center)]
        let right = [Paragraph(d.nation, bold: true, size: 12, alignment: .center),
                     Paragraph(d.motto, bold: true, alignment: .center), Paragraph(""),
                     Paragraph(d.dateLine, italic: true, alignment: .center)]
        return Table(columnWidths: widths([42, 58]), rows: [.init([.init(paragraphs: left), .init(paragraphs: right)])],
                     borders: .none)
    }

    private static func sectionHeading(_ text: String) -> Paragraph {
        Paragraph(text, bold: true, spacingAfter: .points(3), keepWithNext: true)
    }

    /// A bordered table, its header row repeated on every page.
    private static func grid(_ table: AcceptanceDocument.Table, in d: AcceptanceDocument) -> Table {
        let header = Table.Row(table.columns.map {
            .init(paragraphs: [Paragraph($0.header, bold: true, size: tableSize, alignment: .center)], verticalAlignment: .center)
        })
        let rows = table.rows.map { row in
            Table.Row(zip(table.columns, row).map { column, value in
                .init(paragraphs: [Paragraph(d.text(value), size: tableSize, alignment: column.isNumeric ? .right : .left)])
            })
        }
        return Table(columnWidths: widths(table.columns.map(\.share)), rows: [header] + rows, headerRows: 1, cellMargin: cellMargin)
    }

    /// Labels and amounts without lines, the amounts aligned right.
    private static func totals(_ totals: [AcceptanceDocument.Total], in d: AcceptanceDocument) -> Table {
        let rows = totals.map { total in
            Table.Row([.init("\(total.label):", bold: total.isEmphasised),
                       .init(d.text(total.value), bold: total.isEmphasised, alignment: .right)])
        }
        return Table(columnWidths: widths([55, 30]), rows: rows, borders: .none)
    }

    /// ĐẠI DIỆN BÊN A and B side by side, a row per line so that the two sides stay level: heading, position, the
    /// seal note, room to sign, the name.
    private static func signatures(_ d: AcceptanceDocument) -> Table {
        var rows: [Table.Row] = []
        for line in d.signatureLines {
            // Four empty lines of room, as on a typed record.
            let count = line.role == .room ? 4 : 1
            let bold = [.heading, .position, .name].contains(line.role)
            rows += Array(repeating: Table.Row(line.texts.map {
                Table.Cell($0, bold: bold, italic: line.role == .sealNote, alignment: .center)
            }), count: count)
        }
        return Table(columnWidths: widths([50, 50]), rows: rows, borders: .none)
    }

    /// Shares in percent of the text width as column widths.
    private static func widths(_ shares: [Int]) -> [WordDocument.Length] {
        shares.map { .millimetres(textWidth * Double($0) / 100) }
    }
}

extension AcceptanceDocument {
    /// The record as .docx bytes.
    public func docx() throws -> Data { try RecordWord.document(self).data() }
}
