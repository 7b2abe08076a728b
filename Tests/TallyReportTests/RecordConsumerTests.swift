import Foundation
import TallyCore
import TallyReport
import TallyTesting
import Testing

/// The acceptance record's documents read by programs that share nothing with tally: python-docx and LibreOffice
/// read the .docx, openpyxl the .xlsx, headless Chromium prints the HTML, pdftotext reads both PDFs and pdftoppm
/// renders a page. Each fails under CI (`CI=true`) when its component is missing. Set `TALLY_RECORD_ARTIFACTS=DIR`
/// to keep the files for a look.
@Suite struct RecordConsumerTests {
    static let document = AcceptanceDocument(
        RecordFixture.draft(title: "Đưa Nghị quyết vào cuộc sống"), signed: RecordFixture.signed(), language: .vi,
        created: RecordFixture.signedAt)

    /// The texts the printed record must show intact, letter for letter (none from a narrow table column, which
    /// pdftotext may read interleaved with its neighbours).
    static let printed = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BIÊN BẢN NGHIỆM THU", "Số: 02/BB-NT",
                          "Bằng chữ: " + RecordFixture.words, "ĐẠI DIỆN BÊN A", "(Ký, ghi rõ họ tên, đóng dấu)", "22.680.000 đ"]

    /// Copies `paths` to `TALLY_RECORD_ARTIFACTS` when it is set.
    private func keep(_ paths: String...) throws {
        try Artifacts.keep(paths, in: "TALLY_RECORD_ARTIFACTS")
    }

    @Test(.requires(.pythonDocx)) func pythonDocxReadsTheHeadingTheTablesAndTheAmountInWords() throws {
        let docx = try PythonReader.docx(try Self.document.docx())
        #expect(docx.pageWidth == 11906 && docx.pageHeight == 16838, "A4")
        #expect(docx.title == Self.document.documentName)
        let heading = try #require(docx.tables.first)
        #expect(heading.rows == [["ỦY BAN NHÂN DÂN TỈNH VĨNH LONG\nTHÔNG TẤN XÃ VIỆT NAM\nSố: 02/BB-NT",
                                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nNgày 10 tháng 10 năm 2025"]])
        let texts = docx.paragraphs.map(\.text)
        #expect(texts.contains("BIÊN BẢN NGHIỆM THU"))
        #expect(texts.contains("Bằng chữ: " + RecordFixture.words))
        #expect(!texts.contains("DỰ THẢO"))
        let items = try #require(docx.tables.first { $0.rows.first?.first == "STT" })
        #expect(items.headerRows == 1)
        #expect(items.rows.count == 6)
        #expect(items.rows[2] == ["2", "06/08/2025", "Vĩnh Long sẵn sàng cho Đại hội", "tin-bai", "1", "1.800.000 đ", "1.800.000 đ", ""])
        #expect(items.rows[5][7] == "vượt chỉ tiêu 1")
        let signatures = try #require(docx.tables.last)
        #expect(signatures.rows == [["ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B"], ["PHÓ CHỦ TỊCH UBND TỈNH", ""],
                                    ["(Ký, ghi rõ họ tên, đóng dấu)", "(Ký, ghi rõ họ tên, đóng dấu)"]]
                + Array(repeating: ["", ""], count: 4) + [["Nguyễn Văn An", "Trần Thị Bình"]])
    }

    @Test(.requires(.libreOffice), .requires(.pdftotext)) func libreOfficePrintsTheDocxWithItsVietnameseIntact() throws {
        let directory = try TemporaryDirectory(prefix: "tally-record-docx")
        let docx = try directory.write("record.docx", bytes: Array(try Self.document.docx()))
        let pdf = try LibreOffice.convert(docx, to: "pdf", in: directory)
        try keep(docx, pdf)
        let text = Poppler.flowing(try Poppler.text(pdf))
        for expected in Self.printed {
            #expect(text.contains(expected), "\(expected) not in:\n\(text)")
        }
    }

    @Test(.requires(.openpyxl)) func openpyxlReadsAmountsAndCountsAsExactIntegersAndDaysAsDates() throws {
        let xlsx = try PythonReader.xlsx(try Self.document.xlsx())
        #expect(xlsx.sheets.map(\.title) == ["Bảng kê", "Chỉ tiêu", "Tổng cộng"])
        let items = xlsx.sheets[0]
        #expect(items.rows[0].map(\.value) == ["STT", "Ngày đăng", "Tiêu đề", "Chỉ tiêu", "Số lượng", "Đơn giá", "Thành tiền", "Ghi chú"])
        let adjustment = items.rows[1]
        #expect(adjustment.map(\.type) == ["int", "datetime", "str", "str", "int", "int", "int", "str"])
        #expect(adjustment.map(\.value) == ["1", "2025-06-20T00:00:00", "Tin trùng", "tin-bai", "1", "1800000", "-1800000",
                                            "điều chỉnh BB 01/BB-NT (đã hủy)"])
        #expect(adjustment[1].format == "dd/mm/yyyy" && adjustment[6].format == "#,##0")
        #expect(items.rows.dropFirst().map { $0[6].value } == ["-1800000", "1800000", "5400000", "12000000", "3600000"])
        let quotas = xlsx.sheets[1]
        #expect(quotas.rows[1].map(\.type) == ["str", "float", "int", "int", "int", "int", "int"])
        #expect(quotas.rows[1].map(\.value) == ["Tin, bài tiếng Việt (tin-bai)", "15.12", "7", "6", "1", "0", "10800000"])
        let totals = xlsx.sheets[2].rows.map { $0.map(\.value) }
        #expect(totals == [["Nội dung", "Giá trị"], ["Số biên bản", "02/BB-NT"], ["Ngày ký", "2025-10-10T00:00:00"],
                           ["Kỳ nghiệm thu", "Quý III/2025"], ["Cộng", "21000000"], ["Thuế GTGT (8 %)", "1680000"],
                           ["Giá trị nghiệm thu", "22680000"], ["Bằng chữ", RecordFixture.words],
                           ["Đã nghiệm thu các kỳ trước", "10000000"], ["Đã thanh toán", "10000000"],
                           ["Còn phải thanh toán", "22680000"]])
        #expect(xlsx.sheets[2].rows[6][1].type == "int")
    }

    /// `--format pdf`'s path: Chromium prints the page; pdftotext reads it back, pdftoppm renders its first page.
    @Test(.requires(.chromium), .requires(.pdftotext), .requires(.pdftoppm))
    func chromiumPrintsTheHTMLOnA4WithItsVietnameseIntact() throws {
        let chromium = HeadlessChromium(path: try #require(Component.chromiumPath))
        let directory = try TemporaryDirectory(prefix: "tally-record-pdf")
        let pdf = try directory.write("record.pdf", bytes: Array(try chromium.pdf(html: Self.document.html)))
        let text = try Poppler.text(pdf)
        for expected in Self.printed {
            #expect(Poppler.flowing(text).contains(expected), "\(expected) not in:\n\(text)")
        }
        let info = try Executables.run("/usr/bin/env", ["pdfinfo", pdf])
        #expect(info.stdout.contains("(A4)"), "\(info.stdout)")
        let png = directory.path("record.png")
        try Poppler.firstPagePNG(pdf, to: png)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 10_000, "a PNG of \(bytes.count) bytes")
        try keep(pdf, png)
    }
}
