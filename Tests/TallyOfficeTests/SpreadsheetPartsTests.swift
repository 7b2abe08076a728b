import Foundation
import TallyTesting
import Testing

@testable import TallyOffice

@Suite struct SpreadsheetPartsTests {
    @Test(arguments: [
        (0, 0, "A1"), (25, 0, "Z1"), (26, 9, "AA10"), (27, 0, "AB1"), (51, 0, "AZ1"), (52, 0, "BA1"), (701, 0, "ZZ1"),
        (702, 0, "AAA1"), (16_383, 1_048_575, "XFD1048576"),
    ])
    func cellReferencesAreA1Style(_ column: Int, _ row: Int, _ expected: String) {
        #expect(CellReference(column: column, row: row).description == expected)
    }

    /// Column names read back as bijective base 26 give every index from A to XFD, each once.
    @Test func everyColumnNameReadsBackAsItsIndex() {
        for index in 0..<CellReference.columnLimit {
            let value = CellReference.columnName(index).unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
            #expect(value - 1 == index)
        }
    }

    @Test(arguments: [
        (1900, 3, 1, 61), (1970, 1, 1, 25_569), (2000, 2, 29, 36_585), (2025, 1, 1, 45_658), (2025, 4, 15, 45_762),
        (9999, 12, 31, 2_958_465),
    ])
    func datesAreExcelSerialNumbers(_ year: Int, _ month: Int, _ day: Int, _ serial: Int) throws {
        let sheet = try Self.sheetXML([[.date(try CalendarDay(year: year, month: month, day: day))]])
        #expect(sheet.contains(#"<c r="A2" s="2"><v>\#(serial)</v></c>"#))
    }

    /// Walking every month of 1900 to 2100 day by day: the serial numbers follow on from 61 without a gap, and a
    /// year has 366 days exactly when it is a leap year (1900 and 2100 are not, 2000 is).
    @Test func daysFollowOneAnotherWithoutAGap() throws {
        var expected = 61
        for year in 1900...2100 {
            var days = 0
            for month in 1...12 where year > 1900 || month >= 3 {
                for day in 1...31 {
                    guard let calendarDay = try? CalendarDay(year: year, month: month, day: day) else { continue }
                    #expect(calendarDay.serial == expected, "\(calendarDay)")
                    expected += 1
                    days += 1
                }
            }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            #expect(days == (year == 1900 ? 306 : leap ? 366 : 365), "\(year)")
        }
    }

    @Test(arguments: [
        (2025, 2, 29), (2100, 2, 29), (2025, 4, 31), (2025, 13, 1), (2025, 0, 1), (2025, 1, 0), (2025, 1, -1), (0, 1, 1),
        (1899, 12, 31), (1900, 2, 28), (1900, 2, 29), (10_000, 1, 1),
    ])
    func impossibleDaysAreRefused(_ year: Int, _ month: Int, _ day: Int) {
        #expect(throws: OfficeError.self) { try CalendarDay(year: year, month: month, day: day) }
    }

    @Test func daysBeforeMarch1900AreRefusedWithASentence() throws {
        let error = #expect(throws: OfficeError.self) { try CalendarDay(year: 1900, month: 2, day: 28) }
        #expect(error?.description
            == "1900-02-28 is not a day a spreadsheet can hold: a day of the Gregorian calendar from 1900-03-01 to 9999-12-31.")
        #expect(try CalendarDay(year: 2025, month: 4, day: 15).description == "2025-04-15")
        #expect(try CalendarDay(year: 2024, month: 12, day: 31) < CalendarDay(year: 2025, month: 1, day: 1))
    }

    /// Whole numbers go digit for digit: 10^15, 2^53 + 1 (which a Double would round) and the Int64 extremes.
    @Test(arguments: [
        Int64(0), 1_000_000_000_000_000, 9_007_199_254_740_993, 1_500_000_000, -1, .max, .min,
    ])
    func integersAreWrittenExactly(_ number: Int64) throws {
        let sheet = try Self.sheetXML([[.integer(number), .amount(number)]])
        #expect(sheet.contains(#"<c r="A2"><v>\#(number)</v></c><c r="B2" s="3"><v>\#(number)</v></c>"#))
    }

    @Test(arguments: ["0.125", "-1234.5", "0.1", "123456789012345678.25", "0.000001"])
    func decimalsAreWrittenInTheirDigits(_ digits: String) throws {
        let decimal = try #require(Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")))
        let sheet = try Self.sheetXML([[.decimal(decimal)]])
        #expect(sheet.contains(#"<c r="A2"><v>\#(digits)</v></c>"#))
    }

    @Test func textGoesToTheSharedStringsOnceInNFC() throws {
        let sheet = Workbook.Sheet(
            name: "S", columns: [.init("Tiêu đề"), .init("Ghi chú")],
            rows: [[.text("Hòa"), .text("Ho\u{300}a")], [.text(" x "), .text("Tiêu đề")]])
        var strings = SharedStrings()
        let xml = try sheet.xml(strings: &strings, isSelected: true)
        #expect(xml.contains(#"<c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1" t="s"><v>1</v></c>"#))
        #expect(xml.contains(#"<c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>2</v></c>"#))
        #expect(xml.contains(#"<c r="A3" t="s"><v>3</v></c><c r="B3" t="s"><v>0</v></c>"#))
        #expect(strings.xml.contains(#"count="6" uniqueCount="4""#))
        #expect(strings.xml.contains(#"<si><t xml:space="preserve">Hòa</t></si><si><t xml:space="preserve"> x </t></si>"#))
        #expect(!strings.xml.unicodeScalars.contains("\u{300}"))
    }

    @Test func headerIsFrozenAndColumnsHaveTheirWidths() throws {
        let sheet = Workbook.Sheet(
            name: "S", columns: [.init("A", width: 6), .init("B"), .init("C", width: 12.5), .init("D", width: 8.43)], rows: [[.integer(1)]])
        var strings = SharedStrings()
        let xml = try sheet.xml(strings: &strings, isSelected: true)
        #expect(xml.contains(#"<dimension ref="A1:D2"/>"#))
        #expect(xml.contains(#"<sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(xml.contains(#"<cols><col min="1" max="1" width="6" customWidth="1"/><col min="3" max="3" width="12.5" customWidth="1"/><col min="4" max="4" width="8.43" customWidth="1"/></cols>"#))
        var unfrozen = sheet
        unfrozen.freezesHeader = false
        unfrozen.columns = [.init("A")]
        let plain = try unfrozen.xml(strings: &strings, isSelected: false)
        #expect(plain.contains(#"<sheetViews><sheetView workbookViewId="0"></sheetView></sheetViews><sheetData>"#))
    }

    @Test func stylesHoldTheFontTheDateFormatAndThousands() throws {
        var workbook = try Fixture.workbook
        workbook.font = Font(name: "Liberation Serif", size: 11.5)
        workbook.dateFormat = "yyyy-mm-dd"
        let styles = workbook.stylesXML
        #expect(styles.contains(#"<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>"#))
        #expect(styles.contains(#"<font><sz val="11.5"/><name val="Liberation Serif"/></font><font><b/><sz val="11.5"/>"#))
        #expect(styles.contains(#"<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#))
        #expect(PackageReader.isWellFormed(styles))
    }

    @Test(arguments: [
        ("", "The sheet name \"\" is empty; give a name of 1 to 31 characters."),
        ("Bảng kê: quý 1", "The sheet name \"Bảng kê: quý 1\" contains \":\", which Excel does not allow in a sheet name (nor any of : \\ / ? * [ ])."),
        ("Bảng kê các tin bài được nghiệm thu", "The sheet name \"Bảng kê các tin bài được nghiệm thu\" is 35 characters long; Excel allows at most 31."),
        ("'quoted'", "The sheet name \"\\'quoted\\'\" begins or ends with an apostrophe, which Excel does not allow."),
        ("tab\there", "The sheet name \"tab\\there\" contains a control character."),
        ("History", "The sheet name \"History\" is reserved by Excel."),
    ])
    func badSheetNamesAreRefusedWithASentence(_ name: String, _ sentence: String) throws {
        let workbook = Workbook(properties: Fixture.properties, sheets: [.init(name: name, columns: [], rows: [])])
        let error = #expect(throws: OfficeError.self) { try workbook.data() }
        #expect(error?.description == sentence)
    }

    @Test func otherMistakesAreRefusedWithASentence() throws {
        func error(_ sheets: [Workbook.Sheet], dateFormat: String = "dd/mm/yyyy") -> String? {
            #expect(throws: OfficeError.self) {
                try Workbook(properties: Fixture.properties, sheets: sheets, dateFormat: dateFormat).data()
            }?.description
        }
        let sheet = Workbook.Sheet(name: "Bảng kê", columns: [.init("A"), .init("B")], rows: [])
        #expect(error([]) == "The workbook has no sheet; a workbook needs at least one.")
        #expect(error([sheet, .init(name: "BẢNG KÊ", columns: [], rows: [])])
            == "Two sheets are named \"BẢNG KÊ\" (ignoring case); each sheet needs its own name.")
        var long = sheet
        long.rows = [[], [.integer(1), .integer(2), .integer(3)]]
        #expect(error([long]) == "Row 3 of the sheet \"Bảng kê\" has 3 cells, but the sheet has 2 columns.")
        var wide = sheet
        wide.columns[1].width = 300
        #expect(error([wide]) == "Column B of the sheet \"Bảng kê\" is 300.0 characters wide; give 0 to 255.")
        var text = sheet
        text.rows = [[.empty, .text(String(repeating: "x", count: 32_768))]]
        #expect(error([text]) == "Cell B2 of the sheet \"Bảng kê\" holds 32768 characters; a cell holds at most 32767.")
        var nan = sheet
        nan.rows = [[.decimal(.nan)]]
        #expect(error([nan]) == "Cell A2 of the sheet \"Bảng kê\" holds a decimal that is not a number (NaN).")
        #expect(error([sheet], dateFormat: "") == "The date format is empty; give one such as \"dd/mm/yyyy\".")
    }

    /// The XML of a one-column sheet holding `rows`.
    private static func sheetXML(_ rows: [[Workbook.Cell]]) throws -> String {
        let columns = (0..<(rows.map(\.count).max() ?? 0)).map { Workbook.Column("C\($0)") }
        var strings = SharedStrings()
        return try Workbook.Sheet(name: "S", columns: columns, rows: rows).xml(strings: &strings, isSelected: true)
    }
}
