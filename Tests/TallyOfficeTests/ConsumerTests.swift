import Foundation
import TallyOffice
import TallyTesting
import Testing

/// The documents read by programs that share nothing with the writer: python-docx, openpyxl and LibreOffice. Set
/// `TALLY_OFFICE_ARTIFACTS=DIR` to keep the .docx, .xlsx and what LibreOffice made of them for a look.
@Suite struct ConsumerTests {
    /// Copies `paths` to `TALLY_OFFICE_ARTIFACTS` when it is set.
    private func keep(_ paths: String...) throws {
        try Artifacts.keep(paths, in: "TALLY_OFFICE_ARTIFACTS")
    }

    /// `text`'s scalars: Vietnamese compared letter for letter, not up to canonical equivalence.
    private func scalars(_ text: String?) -> [Unicode.Scalar] {
        Array((text ?? "").unicodeScalars)
    }

    @Test(.requires(.pythonDocx)) func pythonDocxReadsTheRecord() throws {
        let report = try PythonReader.docx(Fixture.record.data())
        #expect(report.pageWidth == 11906 && report.pageHeight == 16838)
        #expect(report.margins == [1134, 850, 1134, 1701])
        #expect(report.title == Fixture.properties.title && report.creator == Fixture.properties.creator)
        #expect(report.created == "2025-04-15T03:00:00+00:00")
        #expect(report.footer.contains("PAGE"))

        let texts = report.paragraphs.map(\.text)
        #expect(texts.map(scalars) == [
            "", "BIÊN BẢN NGHIỆM THU", "Số: 12/BB-NT",
            "Căn cứ Hợp đồng số 05/2025/HĐ-TTTT ngày 02/01/2025 về việc cung cấp tin bài; Hòa nhạc Bến Tre.",
            Fixture.hostileKept, Fixture.amountInWords, "",
        ].map(scalars))
        let title = report.paragraphs[1]
        #expect(title.alignment == "CENTER" && title.keepWithNext == true)
        #expect(title.runs.map(\.bold) == [true] && title.runs.map(\.size) == [14])
        let bases = report.paragraphs[3]
        #expect(bases.alignment == "JUSTIFY" && bases.spaceAfter == 6)
        #expect(bases.runs.map(\.bold) == [nil, true, nil] && bases.runs.map(\.italic) == [true, nil, nil])

        #expect(report.tables.count == 3)
        let heading = report.tables[0]
        #expect(heading.rows.map { $0.map(scalars) } == [[
            "UBND TỈNH BẾN TRE\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG", "\(Fixture.nationalName)\n\(Fixture.motto)",
        ].map(scalars)])
        let items = report.tables[1]
        #expect(items.headerRows == 1)
        #expect(items.columnWidths == [794, 3742, 1417, 1587, 1814])
        #expect(items.rows.count == Fixture.items.count + 2)
        #expect(items.rows.first.map { $0.map(scalars) } == ["STT", "Tiêu đề", "Ngày đăng", "Đơn giá", "Thành tiền"].map(scalars))
        #expect(items.rows[1].map(scalars) == ["1", Fixture.items[0].title, Fixture.items[0].date, "2.500.000 đ", "2.500.000 đ"].map(scalars))
        #expect(items.rows.last.map { $0.map(scalars) } == ["Tổng cộng", "Tổng cộng", "Tổng cộng", "Tổng cộng", "150.000.000 đ"].map(scalars))
        #expect(items.gridSpans.last == [4, 1])
        #expect(report.tables[2].rows.first?.map(scalars)
            == ["ĐẠI DIỆN BÊN A\n(Ký, ghi rõ họ tên, đóng dấu)", "ĐẠI DIỆN BÊN B\n(Ký, ghi rõ họ tên, đóng dấu)"].map(scalars))
    }

    @Test(.requires(.openpyxl)) func openpyxlReadsNumbersAsNumbersAndTextAsText() throws {
        let report = try PythonReader.xlsx(try Fixture.workbook.data())
        #expect(report.title == Fixture.properties.title && report.creator == Fixture.properties.creator)
        #expect(report.created == "2025-04-15T03:00:00")
        #expect(report.sheets.map(\.title) == ["Bảng kê", "Tổng hợp"])
        let items = report.sheets[0]
        #expect(items.freezePanes == "A2")
        #expect(items.widths == ["A": 6, "B": 60, "C": 12.5, "E": 15, "F": 18])
        #expect(items.rows[0].map(\.value).map(scalars) == ["STT", "Tiêu đề", "Ngày đăng", "Số lượng", "Đơn giá", "Thành tiền", "Tỷ lệ"].map(scalars))
        #expect(items.rows[0].allSatisfy { $0.bold && $0.type == "str" })
        let first = items.rows[1]
        #expect(first.map(\.type) == ["int", "str", "datetime", "int", "int", "int", "float"])
        #expect(first.map(\.value).map(scalars) == [
            "1", "Tin bài số 1 — Hòa nhạc Bến Tre", "2025-03-01T00:00:00", "1", "2500000", "2500000", "0.125",
        ].map(scalars))
        #expect(first.map(\.format) == ["General", "General", "dd/mm/yyyy", "General", "#,##0", "#,##0", "General"])
        #expect(first.allSatisfy { !$0.bold })
        #expect(items.rows[4].map(\.type) == ["NoneType", "str", "NoneType", "int", "NoneType", "int", "NoneType"])
        let extremes = items.rows[5]
        #expect(extremes.map(\.type) == ["int", "str", "datetime", "int", "int", "int", "float"])
        #expect(extremes.map(\.value).map(scalars) == [
            "1000000000000000", Fixture.hostileKept, "1900-03-01T00:00:00", "9223372036854775807", "-9223372036854775808",
            "-1234567", "-1234.5",
        ].map(scalars))
        let totals = report.sheets[1]
        #expect(totals.freezePanes == nil)
        #expect(totals.rows.map { $0.map(\.value) } == [["Hạn mức", "Giá trị hợp đồng"], ["tin", "1500000000"], ["  leading and trailing  ", "0"]])
    }

    @Test(.requires(.libreOffice), .requires(.pdftotext)) func libreOfficePrintsTheRecordWithItsVietnameseIntact() throws {
        let directory = try TemporaryDirectory(prefix: "tally-office-pdf")
        let docx = directory.path("record.docx")
        try Fixture.record.write(to: docx)
        let pdf = try LibreOffice.convert(docx, to: "pdf", in: directory)
        try keep(docx, pdf)
        let text = try Poppler.text(pdf)
        // Lines wrap where the font's metrics say: a paragraph is compared with its line breaks as spaces.
        let flowing = Poppler.flowing(text)
        for expected in [Fixture.nationalName, Fixture.motto, "BIÊN BẢN NGHIỆM THU", Fixture.amountInWords, "ĐẠI DIỆN BÊN A",
                         "(Ký, ghi rõ họ tên, đóng dấu)", "Hòa nhạc Bến Tre", "150.000.000 đ", "Tin bài số 60:"] {
            #expect(flowing.contains(expected), "\(expected) not in:\n\(text)")
        }
        // Pages end in form feeds: the items run over two pages at least, the signatures start a page of their own,
        // and the header row is printed again on the items' second page.
        let pages = text.split(separator: "\u{C}", omittingEmptySubsequences: false).dropLast()
        #expect(pages.count >= 3)
        #expect(pages.filter { $0.contains("Ngày đăng") }.count >= 2)
        #expect(pages.last?.contains("ĐẠI DIỆN BÊN B") == true && pages.last?.contains("Ngày đăng") == false)
        #expect(pages.last?.contains(String(pages.count)) == true, "the footer numbers the last page")
    }

    @Test(.requires(.libreOffice)) func libreOfficeCalcReadsTheAmountsAsFormattedNumbers() throws {
        let directory = try TemporaryDirectory(prefix: "tally-office-csv")
        let xlsx = directory.path("items.xlsx")
        try Fixture.workbook.write(to: xlsx)
        // 44 is the comma, 34 the double quote, 76 UTF-8: the first sheet as LibreOffice shows it.
        let converted = try LibreOffice.convert(xlsx, to: "csv:Text - txt - csv (StarCalc):44,34,76", in: directory)
        try keep(xlsx, converted)
        let csv = try String(contentsOfFile: converted, encoding: .utf8)
        let lines = csv.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.first == "STT,Tiêu đề,Ngày đăng,Số lượng,Đơn giá,Thành tiền,Tỷ lệ")
        #expect(lines.dropFirst().first == #"1,Tin bài số 1 — Hòa nhạc Bến Tre,01/03/2025,1,"2,500,000","2,500,000",0.125"#)
        #expect(lines.dropFirst(4).first == #",Tổng cộng,,3,,"7,500,000","#)
    }
}
