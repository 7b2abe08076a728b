import Foundation

extension Workbook {
    static let namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// The cell formats of xl/styles.xml, by their index in `cellXfs`.
    enum CellStyle: Int {
        case general = 0
        case header = 1
        case date = 2
        case amount = 3
    }

    /// xl/workbook.xml: the sheets in order, `rId1`… matching xl/_rels/workbook.xml.rels.
    var workbookXML: String {
        var xml = XMLWriter()
        xml.element("workbook", ["xmlns": Self.namespace, "xmlns:r": OfficePackage.relationshipsNamespace]) { xml in
            xml.element("sheets") { xml in
                for (index, sheet) in sheets.enumerated() {
                    xml.empty("sheet", ["name": sheet.name, "sheetId": String(index + 1), "r:id": "rId\(index + 1)"])
                }
            }
        }
        return xml.text
    }

    /// xl/styles.xml: the font (and its bold for the header), the date format, and the cell formats of ``CellStyle``
    /// in order; built-in format 3 is `#,##0`.
    var stylesXML: String {
        var xml = XMLWriter()
        xml.element("styleSheet", ["xmlns": Self.namespace]) { xml in
            xml.element("numFmts", ["count": "1"]) { xml in
                xml.empty("numFmt", ["numFmtId": "164", "formatCode": dateFormat])
            }
            xml.element("fonts", ["count": "2"]) { xml in
                for bold in [false, true] {
                    xml.element("font") { xml in
                        if bold { xml.empty("b") }
                        xml.empty("sz", ["val": Self.decimalText(font.size)])
                        xml.empty("name", ["val": font.name])
                    }
                }
            }
            // The first two fills are reserved: Excel expects none and gray125 there.
            xml.element("fills", ["count": "2"]) { xml in
                for pattern in ["none", "gray125"] {
                    xml.element("fill") { xml in xml.empty("patternFill", ["patternType": pattern]) }
                }
            }
            xml.element("borders", ["count": "1"]) { xml in
                xml.element("border") { xml in
                    for side in ["left", "right", "top", "bottom", "diagonal"] { xml.empty(side) }
                }
            }
            xml.element("cellStyleXfs", ["count": "1"]) { xml in
                xml.empty("xf", ["numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0"])
            }
            xml.element("cellXfs", ["count": "4"]) { xml in
                xml.empty("xf", ["numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0"])
                xml.empty("xf", ["numFmtId": "0", "fontId": "1", "fillId": "0", "borderId": "0", "xfId": "0", "applyFont": "1"])
                xml.empty("xf", ["numFmtId": "164", "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0", "applyNumberFormat": "1"])
                xml.empty("xf", ["numFmtId": "3", "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0", "applyNumberFormat": "1"])
            }
            xml.element("cellStyles", ["count": "1"]) { xml in
                xml.empty("cellStyle", ["name": "Normal", "xfId": "0", "builtinId": "0"])
            }
        }
        return xml.text
    }

    /// `value` (finite, not negative) to two decimals at most, without trailing zeros: `12`, `12.5`, `8.43`.
    static func decimalText(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        guard fraction != 0 else { return String(hundredths / 100) }
        let digits = CalendarDay.padded(fraction, 2)
        return "\(hundredths / 100).\(digits.hasSuffix("0") ? String(digits.prefix(1)) : digits)"
    }
}

/// The shared-string table (xl/sharedStrings.xml): each distinct text once, in order of first use.
struct SharedStrings {
    private var strings: [String] = []
    private var indices: [String: Int] = [:]
    private var references = 0

    /// The index of `text`, added when new. Texts equal in NFC share one entry.
    mutating func index(of text: String) -> Int {
        references += 1
        if let index = indices[text] { return index }
        strings.append(text)
        indices[text] = strings.count - 1
        return strings.count - 1
    }

    /// The part.
    var xml: String {
        var xml = XMLWriter()
        xml.element("sst", ["xmlns": Workbook.namespace, "count": String(references), "uniqueCount": String(strings.count)]) { xml in
            for text in strings {
                xml.element("si") { xml in xml.element("t", ["xml:space": "preserve"], text: text) }
            }
        }
        return xml.text
    }
}

extension Workbook.Sheet {
    /// xl/worksheets/sheetN.xml: the header row, then the rows; text goes to `strings`.
    func xml(strings: inout SharedStrings, isSelected: Bool) throws -> String {
        guard columns.count <= CellReference.columnLimit else { throw OfficeError(.tooManyColumns(sheet: name, count: columns.count)) }
        guard rows.count < CellReference.rowLimit else { throw OfficeError(.tooManyRows(sheet: name, count: rows.count + 1)) }
        var xml = XMLWriter()
        try xml.element("worksheet", ["xmlns": Workbook.namespace, "xmlns:r": OfficePackage.relationshipsNamespace]) { xml in
            let last = CellReference(column: max(columns.count, 1) - 1, row: rows.count)
            xml.empty("dimension", ["ref": last == CellReference(column: 0, row: 0) ? "A1" : "A1:\(last)"])
            xml.element("sheetViews") { xml in
                xml.element("sheetView", ["tabSelected": isSelected ? "1" : nil, "workbookViewId": "0"]) { xml in
                    if freezesHeader {
                        xml.empty("pane", ["ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft", "state": "frozen"])
                        xml.empty("selection", ["pane": "bottomLeft", "activeCell": "A2", "sqref": "A2"])
                    }
                }
            }
            try writeColumns(to: &xml)
            try xml.element("sheetData") { xml in
                if !columns.isEmpty {
                    xml.element("row", ["r": "1"]) { xml in
                        for (column, header) in columns.enumerated() {
                            let reference = CellReference(column: column, row: 0)
                            let index = strings.index(of: header.header)
                            xml.element("c", ["r": reference.description, "s": String(Workbook.CellStyle.header.rawValue), "t": "s"]) { xml in
                                xml.element("v", text: String(index))
                            }
                        }
                    }
                }
                for (rowIndex, row) in rows.enumerated() {
                    guard row.count <= columns.count else {
                        throw OfficeError(.rowTooLong(sheet: name, row: rowIndex + 2, cells: row.count, columns: columns.count))
                    }
                    try xml.element("row", ["r": String(rowIndex + 2)]) { xml in
                        for (column, cell) in row.enumerated() {
                            try write(cell, at: CellReference(column: column, row: rowIndex + 1), to: &xml, strings: &strings)
                        }
                    }
                }
            }
        }
        return xml.text
    }

    /// `<cols>` for the columns given a width; none when no column is.
    private func writeColumns(to xml: inout XMLWriter) throws {
        let widths = columns.enumerated().compactMap { index, column in column.width.map { (index, $0) } }
        guard !widths.isEmpty else { return }
        try xml.element("cols") { xml in
            for (index, width) in widths {
                guard width.isFinite, (0...255).contains(width) else {
                    throw OfficeError(.columnWidth(sheet: name, column: CellReference.columnName(index), width: width))
                }
                xml.empty("col", [
                    "min": String(index + 1), "max": String(index + 1), "width": Workbook.decimalText(width), "customWidth": "1",
                ])
            }
        }
    }

    /// `<c>` for `cell`; nothing for an empty one.
    private func write(_ cell: Workbook.Cell, at reference: CellReference, to xml: inout XMLWriter, strings: inout SharedStrings) throws {
        let (style, type, value): (Workbook.CellStyle, String?, String)
        switch cell {
        case .empty:
            return
        case .text(let text):
            guard text.utf16.count <= 32_767 else {
                throw OfficeError(.textTooLong(sheet: name, cell: reference.description, length: text.utf16.count))
            }
            (style, type, value) = (.general, "s", String(strings.index(of: text)))
        case .integer(let number):
            (style, type, value) = (.general, nil, String(number))
        case .amount(let number):
            (style, type, value) = (.amount, nil, String(number))
        case .decimal(let number):
            guard !number.isNaN else { throw OfficeError(.decimalNotANumber(sheet: name, cell: reference.description)) }
            (style, type, value) = (.general, nil, number.description)
        case .date(let day):
            (style, type, value) = (.date, nil, String(day.serial))
        }
        xml.element("c", ["r": reference.description, "s": style == .general ? nil : String(style.rawValue), "t": type]) { xml in
            xml.element("v", text: value)
        }
    }
}
