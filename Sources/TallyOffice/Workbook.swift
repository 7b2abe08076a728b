import Foundation

/// A SpreadsheetML workbook (.xlsx): sheets of a bold header row and rows of numbers, text and dates.
///
/// Numbers stay numbers: an `Int64` is written digit for digit, never through `Double`. `data()` gives the same
/// bytes for the same value.
public struct Workbook: Sendable, Hashable {
    /// The title, creator and time (also the time of every file in the package).
    public var properties: DocumentProperties
    /// The sheets, in tab order; at least one.
    public var sheets: [Sheet]
    /// The font of every cell.
    public var font: Font
    /// The number format of date cells, in Excel's codes: "dd/mm/yyyy" as in Vietnam, "yyyy-mm-dd" as in ISO 8601.
    public var dateFormat: String

    /// A workbook of `sheets`, by default in Times New Roman 12 pt with dates as dd/mm/yyyy.
    public init(properties: DocumentProperties, sheets: [Sheet], font: Font = .timesNewRoman(12), dateFormat: String = "dd/mm/yyyy") {
        self.properties = properties
        self.sheets = sheets
        self.font = font
        self.dateFormat = dateFormat
    }

    /// One sheet: a header row naming the columns, then the rows.
    public struct Sheet: Sendable, Hashable {
        /// The tab's name: 1 to 31 characters, none of `: \ / ? * [ ]`, unique in the workbook ignoring case.
        public var name: String
        /// The columns, left to right, whose headers make the first row (bold).
        public var columns: [Column]
        /// The rows under the header, each at most as long as `columns`; missing cells are empty.
        public var rows: [[Cell]]
        /// Whether the header row stays in view while the rows scroll.
        public var freezesHeader: Bool

        /// A sheet of `rows` under the headers of `columns`.
        public init(name: String, columns: [Column], rows: [[Cell]], freezesHeader: Bool = true) {
            self.name = name
            self.columns = columns
            self.rows = rows
            self.freezesHeader = freezesHeader
        }
    }

    /// A column: its header and width.
    public struct Column: Sendable, Hashable {
        /// The text of the header cell.
        public var header: String
        /// The width in characters of the default font's digits, 0 to 255; nil for the spreadsheet's default.
        public var width: Double?

        /// A column headed `header`.
        public init(_ header: String, width: Double? = nil) {
            self.header = header
            self.width = width
        }
    }

    /// The value of one cell.
    public enum Cell: Sendable, Hashable {
        /// Nothing.
        case empty
        /// Text, at most 32767 characters.
        case text(String)
        /// A whole number, shown as it is.
        case integer(Int64)
        /// A whole amount of money, shown with thousands separators (format `#,##0`).
        case amount(Int64)
        /// A decimal number, written exactly in its digits (not NaN).
        case decimal(Decimal)
        /// A day, stored as Excel's serial number and shown in `dateFormat`.
        case date(CalendarDay)
    }

    /// The .xlsx bytes: [Content_Types].xml, the relationships, docProps/core.xml and app.xml, xl/workbook.xml,
    /// xl/worksheets/sheetN.xml, xl/styles.xml and xl/sharedStrings.xml.
    public func data() throws -> Data {
        try font.validate()
        guard !dateFormat.isEmpty else { throw OfficeError(.dateFormat) }
        try validateSheetNames()
        var strings = SharedStrings()
        var parts: [OfficePackage.Part] = []
        for (index, sheet) in sheets.enumerated() {
            parts.append(.init(
                name: "xl/worksheets/sheet\(index + 1).xml", contentType: OfficePackage.ContentType.worksheet,
                xml: try sheet.xml(strings: &strings, isSelected: index == 0)))
        }
        parts.append(.init(name: "xl/styles.xml", contentType: OfficePackage.ContentType.spreadsheetStyles, xml: stylesXML))
        parts.append(.init(name: "xl/sharedStrings.xml", contentType: OfficePackage.ContentType.sharedStrings, xml: strings.xml))
        let relationships = sheets.indices.map { (type: OfficePackage.RelationshipType.worksheet, target: "worksheets/sheet\($0 + 1).xml") }
            + [(OfficePackage.RelationshipType.styles, "styles.xml"), (OfficePackage.RelationshipType.sharedStrings, "sharedStrings.xml")]
        parts.insert(.init(
            name: "xl/_rels/workbook.xml.rels", contentType: OfficePackage.ContentType.relationships,
            xml: OfficePackage.relationships(relationships)), at: 0)
        let main = OfficePackage.Part(name: "xl/workbook.xml", contentType: OfficePackage.ContentType.workbook, xml: workbookXML)
        return try OfficePackage(main: main, parts: parts, properties: properties).data()
    }

    /// Writes the .xlsx to `path`, replacing what is there.
    public func write(to path: String) throws {
        try writeDocument(data(), to: path)
    }

    /// Throws for the first sheet name Excel would refuse, or for a workbook without sheets.
    private func validateSheetNames() throws {
        guard !sheets.isEmpty else { throw OfficeError(.noSheets) }
        var seen: Set<String> = []
        for sheet in sheets {
            let name = sheet.name.precomposedStringWithCanonicalMapping
            let reason: String? =
                if name.isEmpty { "is empty; give a name of 1 to 31 characters" }
                else if name.utf16.count > 31 { "is \(name.utf16.count) characters long; Excel allows at most 31" }
                else if let bad = name.first(where: { ":\\/?*[]".contains($0) }) {
                    "contains \"\(bad)\", which Excel does not allow in a sheet name (nor any of : \\ / ? * [ ])"
                } else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    "contains a control character"
                } else if name.hasPrefix("'") || name.hasSuffix("'") { "begins or ends with an apostrophe, which Excel does not allow" }
                else if name.lowercased() == "history" { "is reserved by Excel" }
                else { nil }
            if let reason { throw OfficeError(.sheetName(sheet.name, reason)) }
            guard seen.insert(name.lowercased()).inserted else { throw OfficeError(.duplicateSheetName(sheet.name)) }
        }
    }
}
