import Foundation
import TallyOffice

/// Documents shaped like an acceptance record (biên bản nghiệm thu) and its item list.
enum Fixture {
    /// 2025-04-15 03:00:00 UTC (10:00 in Hà Nội).
    static let created = Date(timeIntervalSince1970: 1_744_686_000)

    static let properties = DocumentProperties(
        title: "Biên bản nghiệm thu 12/BB-NT", creator: "Sở Thông tin và Truyền thông tỉnh Bến Tre", created: created)

    static let nationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    static let motto = "Độc lập - Tự do - Hạnh phúc"
    static let amountInWords = "Bằng chữ: Một trăm năm mươi triệu đồng."

    /// Text that tries every way out of XML character data and attributes.
    static let hostile = "<w:p>&amp; \"quoted\" 'single' ]]> <!-- x --> \u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF} end"
    /// `hostile` as XML 1.0 can carry it: the characters it cannot hold are gone.
    static let hostileKept = "<w:p>&amp; \"quoted\" 'single' ]]> <!-- x -->  end"

    /// An item title in NFD, as some feeds send it: the document must carry it in NFC.
    static let decomposedTitle = "Ho\u{300}a nha\u{323}c Bê\u{301}n Tre"

    /// The item rows of the record: number, title, date, unit price, amount.
    static let items: [(number: Int, title: String, date: String, price: String, amount: String)] = (1...60).map { index in
        (index, "Tin bài số \(index): Phát triển kinh tế vùng Đồng bằng sông Cửu Long", "0\(index % 9 + 1)/03/2025",
         "2.500.000 đ", "2.500.000 đ")
    }

    /// The record: heading, title, a justified paragraph, an item table that runs over pages, the amount in words,
    /// a page break, the signature block; page numbers in the footer.
    static var record: WordDocument {
        typealias Cell = WordDocument.Table.Cell
        let heading = WordDocument.Table(
            columnWidths: [.millimetres(70), .millimetres(95)],
            rows: [.init([
                Cell(paragraphs: [
                    .init("UBND TỈNH BẾN TRE", alignment: .center),
                    .init("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", bold: true, alignment: .center),
                ]),
                Cell(paragraphs: [
                    .init(nationalName, bold: true, size: 12, alignment: .center),
                    .init(motto, bold: true, alignment: .center),
                ]),
            ])],
            borders: .none)
        let itemRows = items.map { item in
            WordDocument.Table.Row([
                Cell(String(item.number), alignment: .center), Cell(item.title), Cell(item.date, alignment: .center),
                Cell(item.price, alignment: .right), Cell(item.amount, alignment: .right),
            ])
        }
        let items = WordDocument.Table(
            columnWidths: [.millimetres(14), .millimetres(66), .millimetres(25), .millimetres(28), .millimetres(32)],
            rows: [.init(["STT", "Tiêu đề", "Ngày đăng", "Đơn giá", "Thành tiền"].map {
                Cell($0, bold: true, alignment: .center, verticalAlignment: .center)
            })] + itemRows + [.init([
                Cell("Tổng cộng", bold: true, alignment: .center, columnSpan: 4),
                Cell("150.000.000 đ", bold: true, alignment: .right),
            ])],
            headerRows: 1)
        let signatures = WordDocument.Table(
            columnWidths: [.millimetres(82), .millimetres(83)],
            rows: [.init(["ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B"].map { party in
                Cell(paragraphs: [
                    .init(party, bold: true, alignment: .center),
                    .init("(Ký, ghi rõ họ tên, đóng dấu)", italic: true, alignment: .center),
                ])
            })],
            borders: .none)
        return WordDocument(
            properties: properties,
            body: [
                .table(heading),
                .paragraph(.init("")),
                .paragraph(.init("BIÊN BẢN NGHIỆM THU", bold: true, size: 14, alignment: .center, keepWithNext: true)),
                .paragraph(.init("Số: 12/BB-NT", italic: true, alignment: .center, spacingAfter: .points(6))),
                .paragraph(.init(
                    runs: [
                        .init("Căn cứ ", italic: true),
                        .init("Hợp đồng số 05/2025/HĐ-TTTT", bold: true),
                        .init(" ngày 02/01/2025 về việc cung cấp tin bài; \(decomposedTitle)."),
                    ],
                    alignment: .justify, spacingAfter: .points(6))),
                .paragraph(.init(hostile)),
                .table(items),
                .paragraph(.init(amountInWords, italic: true, alignment: .left)),
                .pageBreak,
                .table(signatures),
            ],
            pageNumbers: true)
    }

    /// The item list and the totals as a workbook.
    static var workbook: Workbook {
        get throws {
            let items = Workbook.Sheet(
                name: "Bảng kê",
                columns: [
                    .init("STT", width: 6), .init("Tiêu đề", width: 60), .init("Ngày đăng", width: 12.5),
                    .init("Số lượng"), .init("Đơn giá", width: 15), .init("Thành tiền", width: 18), .init("Tỷ lệ"),
                ],
                rows: try (1...3).map { index in
                    [
                        .integer(Int64(index)), .text("Tin bài số \(index) — \(decomposedTitle)"),
                        .date(try CalendarDay(year: 2025, month: 3, day: index)), .integer(1), .amount(2_500_000),
                        .amount(2_500_000), .decimal(Decimal(string: "0.125") ?? 0),
                    ]
                } + [
                    [.empty, .text("Tổng cộng"), .empty, .integer(3), .empty, .amount(7_500_000)],
                    [.integer(1_000_000_000_000_000), .text(hostile), .date(try CalendarDay(year: 1900, month: 3, day: 1)),
                     .integer(.max), .amount(.min), .amount(-1_234_567), .decimal(Decimal(string: "-1234.5") ?? 0)],
                ])
            let totals = Workbook.Sheet(
                name: "Tổng hợp",
                columns: [.init("Hạn mức"), .init("Giá trị hợp đồng", width: 20)],
                rows: [[.text("tin"), .amount(1_500_000_000)], [.text("  leading and trailing  "), .amount(0)]],
                freezesHeader: false)
            return Workbook(properties: properties, sheets: [items, totals])
        }
    }
}
