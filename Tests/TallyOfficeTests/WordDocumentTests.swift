import Foundation
import Testing

@testable import TallyOffice

@Suite struct WordDocumentTests {
    private func document(_ body: [WordDocument.Block], pageNumbers: Bool = false) -> WordDocument {
        WordDocument(properties: Fixture.properties, body: body, pageNumbers: pageNumbers)
    }

    @Test func paragraphsCarryOnlyWhatDiffersFromTheDefaults() throws {
        let xml = try document([
            .paragraph(.init("Plain")),
            .paragraph(.init("BIÊN BẢN NGHIỆM THU", bold: true, size: 14, alignment: .center, keepWithNext: true)),
            .paragraph(.init(runs: [.init("a", italic: true), .init(""), .init("b")], alignment: .justify, spacingAfter: .points(6))),
            .paragraph(.init("")),
        ]).documentXML()
        #expect(xml.contains(#"<w:body><w:p><w:r><w:t xml:space="preserve">Plain</w:t></w:r></w:p>"#))
        #expect(xml.contains(#"<w:p><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:t xml:space="preserve">BIÊN BẢN NGHIỆM THU</w:t></w:r></w:p>"#))
        #expect(xml.contains(#"<w:p><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">a</w:t></w:r><w:r><w:t xml:space="preserve">b</w:t></w:r></w:p>"#))
        #expect(xml.contains(#"<w:p></w:p><w:sectPr>"#))
    }

    @Test func lineBreaksAndTabsBecomeBreaksAndTabs() throws {
        let xml = try document([.paragraph(.init("one\ntwo\r\nthree\rfour\tfive\n"))]).documentXML()
        #expect(xml.contains(
            #"<w:t xml:space="preserve">one</w:t><w:br/><w:t xml:space="preserve">two</w:t><w:br/><w:t xml:space="preserve">three</w:t><w:br/><w:t xml:space="preserve">four</w:t><w:tab/><w:t xml:space="preserve">five</w:t><w:br/></w:r>"#))
    }

    @Test func aPageBreakIsAParagraphWithABreak() throws {
        let xml = try document([.pageBreak]).documentXML()
        #expect(xml.contains(#"<w:body><w:p><w:r><w:br w:type="page"/></w:r></w:p><w:sectPr>"#))
    }

    @Test func theSectionIsA4PortraitWithTheMargins() throws {
        var record = document([])
        #expect(try record.documentXML().contains(
            #"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>"#))
        record.margins = .init(top: .millimetres(25), right: .millimetres(20), bottom: .points(72), left: .millimetres(35))
        record.pageNumbers = true
        #expect(try record.documentXML().contains(
            #"<w:sectPr><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1134" w:bottom="1440" w:left="1984""#))
    }

    @Test func tablesHaveAGridTheirWidthsARepeatedHeaderAndMergedCells() throws {
        let table = WordDocument.Table(
            columnWidths: [.points(50), .points(100), .points(75)],
            rows: [
                .init([.init("STT", bold: true), .init("Tiêu đề", verticalAlignment: .center), .init("Thành tiền")]),
                .init([.init("1"), .init("Tin"), .init("2.500.000 đ", alignment: .right)]),
                .init([.init("Tổng cộng", columnSpan: 2), .init(paragraphs: [])]),
            ],
            headerRows: 1)
        let xml = try document([.table(table)]).documentXML()
        #expect(xml.contains(#"<w:tbl><w:tblPr><w:tblW w:w="4500" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left "#))
        #expect(xml.contains(#"<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="2000"/><w:gridCol w:w="1500"/></w:tblGrid>"#))
        #expect(xml.contains(#"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/></w:tcPr>"#))
        #expect(xml.contains(#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>"#))
        #expect(xml.contains(#"<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">2.500.000 đ</w:t></w:r></w:p>"#))
        #expect(xml.contains(#"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/><w:gridSpan w:val="2"/></w:tcPr>"#))
        #expect(xml.contains(#"<w:tc><w:tcPr><w:tcW w:w="1500" w:type="dxa"/></w:tcPr><w:p></w:p></w:tc></w:tr></w:tbl>"#))
        #expect(xml.components(separatedBy: "<w:tblHeader/>").count == 2)

        var borderless = table
        borderless.borders = .none
        #expect(try !document([.table(borderless)]).documentXML().contains("<w:tblBorders>"))

        var narrow = table
        narrow.cellMargin = .points(2.85)
        #expect(try document([.table(narrow)]).documentXML().contains(
            #"<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>"#))
    }

    @Test func stylesSetTheFontSizeAndLanguage() throws {
        var record = document([])
        record.font = Font(name: "Times New Roman", size: 13)
        #expect(record.stylesXML.contains(
            #"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN"/>"#))
        record.font = Font(name: "Liberation Serif", size: 12.5)
        record.language = "en-US"
        #expect(record.stylesXML.contains(#"<w:sz w:val="25"/><w:szCs w:val="25"/><w:lang w:val="en-US"/>"#))
    }

    @Test func mistakesAreRefusedWithASentence() throws {
        func error(_ document: WordDocument) -> String? {
            #expect(throws: OfficeError.self) { try document.data() }?.description
        }
        let cell = WordDocument.Table.Cell("x")
        func table(_ rows: [[WordDocument.Table.Cell]], columns: Int = 2, headerRows: Int = 0) -> WordDocument {
            document([.paragraph(.init("x")), .table(.init(columnWidths: [.millimetres(10)], rows: [.init([cell])]))] + [
                .table(.init(columnWidths: Array(repeating: .millimetres(20), count: columns), rows: rows.map { .init($0) }, headerRows: headerRows)),
            ])
        }
        #expect(error(table([[cell, cell, cell]])) == "Row 1 of table 2 spans 3 columns, but the table has 2; give each row cells whose column spans add up to 2.")
        #expect(error(table([[cell, cell], [.init("x", columnSpan: 3)]]))
            == "Row 2 of table 2 spans 3 columns, but the table has 2; give each row cells whose column spans add up to 2.")
        #expect(error(table([[.init("x", columnSpan: 0), cell, cell]])) == "Cell 1 of row 1 of table 2 spans 0 columns; a cell spans at least 1.")
        #expect(error(table([[]], columns: 0)) == "Table 2 has no column widths; give one width per column.")
        #expect(error(table([])) == "Table 2 has no rows; give it one at least.")
        #expect(error(table([[cell, cell]], headerRows: 2)) == "Table 2 repeats 2 header rows, but it has only 1 rows.")
        #expect(error(document([.table(.init(columnWidths: [.points(-1)], rows: [.init([cell])]))]))
            == "The width of column 1 of table 1 is -1.0 pt; give a length from 0 to 1584 pt.")
        #expect(error(document([.paragraph(.init("x", size: 13.3))]))
            == "The font size 13.3 pt is not one an Office document can hold; give 1 to 409 points in steps of 0.5.")
        #expect(error(document([.paragraph(.init("x", spacingAfter: .points(.nan)))]))
            == "The spacing after a paragraph is nan pt; give a length from 0 to 1584 pt.")

        var margins = document([])
        margins.margins.left = .millimetres(150)
        margins.margins.right = .millimetres(60)
        #expect(error(margins) == "The left and right margins leave no room on the A4 page; make them smaller.")
        var font = document([])
        font.font = Font(name: " ", size: 13)
        #expect(error(font) == "The font has no name; give one, such as \"Times New Roman\".")
        for tag in ["", "v", "vi_VN", "vi-", "vi-VN-", "việt", "12-VN"] {
            var language = document([])
            language.language = tag
            #expect(error(language) == "The language \(tag.debugDescription) is not a language tag; give one such as \"vi-VN\" or \"en-US\".")
        }
        var early = document([])
        early.properties.created = Date(timeIntervalSince1970: 0)
        #expect(error(early) == "The creation time (0.0 s after 1970) is outside 1980 to 2099, the years a ZIP package can record.")
    }
}
