extension WordDocument {
    /// A table of fixed column widths, with or without a grid of borders; no row is split across pages.
    public struct Table: Sendable, Hashable {
        /// The width of each column, left to right; the table is as wide as their sum.
        public var columnWidths: [Length]
        /// The rows, top to bottom, at least one; in each, the cells' column spans add up to the number of columns.
        public var rows: [Row]
        /// How many of the first rows are the header, repeated at the top of every page the table runs onto.
        public var headerRows: Int
        /// The lines drawn around and between the cells.
        public var borders: Borders
        /// The space left and right of each cell's content; nil for the application's own (1.9 mm in Word and
        /// LibreOffice), which leaves a narrow column of amounts little room.
        public var cellMargin: Length?

        /// A table of `rows` in columns of `columnWidths`.
        public init(
            columnWidths: [Length], rows: [Row], headerRows: Int = 0, borders: Borders = .grid, cellMargin: Length? = nil
        ) {
            self.columnWidths = columnWidths
            self.rows = rows
            self.headerRows = headerRows
            self.borders = borders
            self.cellMargin = cellMargin
        }

        /// One row of cells.
        public struct Row: Sendable, Hashable {
            /// The cells, left to right.
            public var cells: [Cell]

            /// A row of `cells`.
            public init(_ cells: [Cell]) {
                self.cells = cells
            }
        }

        /// One cell: paragraphs, spanning one column or more.
        public struct Cell: Sendable, Hashable {
            /// The content; a cell without any shows as empty.
            public var paragraphs: [Paragraph]
            /// How many columns the cell covers (merged horizontally), from 1.
            public var columnSpan: Int
            /// Where the content sits between the cell's top and bottom.
            public var verticalAlignment: VerticalAlignment

            /// A cell of `paragraphs`.
            public init(paragraphs: [Paragraph], columnSpan: Int = 1, verticalAlignment: VerticalAlignment = .top) {
                self.paragraphs = paragraphs
                self.columnSpan = columnSpan
                self.verticalAlignment = verticalAlignment
            }

            /// A cell of one paragraph of `text`: `alignment: .right` for a column of amounts.
            public init(
                _ text: String, bold: Bool = false, italic: Bool = false, alignment: Alignment = .left, columnSpan: Int = 1,
                verticalAlignment: VerticalAlignment = .top
            ) {
                self.init(
                    paragraphs: [Paragraph(text, bold: bold, italic: italic, alignment: alignment)], columnSpan: columnSpan,
                    verticalAlignment: verticalAlignment)
            }
        }

        /// The lines of a table.
        public enum Borders: Sendable, Hashable {
            /// A thin single line around the table and between all its cells.
            case grid
            /// None, as for the national heading and the signature block laid out side by side.
            case none
        }

        /// Where a cell's content sits between its top and bottom.
        public enum VerticalAlignment: String, Sendable, Hashable {
            /// At the top.
            case top
            /// In the middle.
            case center
            /// At the bottom.
            case bottom
        }
    }
}

extension WordDocument.Table {
    /// `<w:tbl>`, fixed layout; `number` (from 1) names the table in errors.
    func write(to xml: inout XMLWriter, number: Int) throws {
        guard !columnWidths.isEmpty else { throw OfficeError(.tableWithoutColumns(table: number)) }
        // Word calls a table without rows unreadable, though the schema allows it.
        guard !rows.isEmpty else { throw OfficeError(.tableWithoutRows(table: number)) }
        guard (0...rows.count).contains(headerRows) else {
            throw OfficeError(.headerRows(table: number, count: headerRows, rows: rows.count))
        }
        let widths = try columnWidths.enumerated().map { index, width in
            try width.twips("width of column \(index + 1) of table \(number)")
        }
        let margin = try cellMargin?.twips("cell margin of table \(number)")
        try xml.element("w:tbl") { xml in
            xml.element("w:tblPr") { xml in
                xml.empty("w:tblW", ["w:w": String(widths.reduce(0, +)), "w:type": "dxa"])
                if borders == .grid {
                    xml.element("w:tblBorders") { xml in
                        for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
                            xml.empty(side, ["w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"])
                        }
                    }
                }
                xml.empty("w:tblLayout", ["w:type": "fixed"])
                if let margin {
                    xml.element("w:tblCellMar") { xml in
                        for side in ["w:left", "w:right"] { xml.empty(side, ["w:w": String(margin), "w:type": "dxa"]) }
                    }
                }
            }
            xml.element("w:tblGrid") { xml in
                for width in widths { xml.empty("w:gridCol", ["w:w": String(width)]) }
            }
            for (rowIndex, row) in rows.enumerated() {
                try xml.element("w:tr") { xml in
                    // A row is never cut across pages: an item's line stays whole, as on a printed record.
                    xml.element("w:trPr") { xml in
                        xml.empty("w:cantSplit")
                        if rowIndex < headerRows { xml.empty("w:tblHeader") }
                    }
                    var column = 0
                    for (cellIndex, cell) in row.cells.enumerated() {
                        guard cell.columnSpan >= 1 else {
                            throw OfficeError(.columnSpan(table: number, row: rowIndex + 1, cell: cellIndex + 1, span: cell.columnSpan))
                        }
                        let spanned = widths.dropFirst(column).prefix(cell.columnSpan)
                        column += cell.columnSpan
                        try cell.write(to: &xml, width: spanned.reduce(0, +))
                    }
                    guard column == widths.count else {
                        throw OfficeError(.rowSpans(table: number, row: rowIndex + 1, spans: column, columns: widths.count))
                    }
                }
            }
        }
    }
}

extension WordDocument.Table.Cell {
    /// `<w:tc>` of `width` twips; an empty paragraph when there is no content, since a cell must end with one.
    func write(to xml: inout XMLWriter, width: Int) throws {
        try xml.element("w:tc") { xml in
            xml.element("w:tcPr") { xml in
                xml.empty("w:tcW", ["w:w": String(width), "w:type": "dxa"])
                if columnSpan > 1 { xml.empty("w:gridSpan", ["w:val": String(columnSpan)]) }
                if verticalAlignment != .top { xml.empty("w:vAlign", ["w:val": verticalAlignment.rawValue]) }
            }
            for paragraph in paragraphs.isEmpty ? [WordDocument.Paragraph(runs: [])] : paragraphs {
                try paragraph.write(to: &xml)
            }
        }
    }
}
