/// Why a document could not be written, as a sentence that names the place in the document.
public struct OfficeError: Error, Sendable, Equatable, CustomStringConvertible {
    let problem: Problem

    /// What was wrong; internal so that new cases break no caller.
    enum Problem: Sendable, Equatable {
        case fontName
        case fontSize(Double)
        case language(String)
        case length(String, Double, maximum: Double)
        case marginsTooWide(String)
        case tableWithoutColumns(table: Int)
        case tableWithoutRows(table: Int)
        case columnSpan(table: Int, row: Int, cell: Int, span: Int)
        case rowSpans(table: Int, row: Int, spans: Int, columns: Int)
        case headerRows(table: Int, count: Int, rows: Int)
        case noSheets
        case sheetName(String, String)
        case duplicateSheetName(String)
        case tooManyColumns(sheet: String, count: Int)
        case tooManyRows(sheet: String, count: Int)
        case rowTooLong(sheet: String, row: Int, cells: Int, columns: Int)
        case columnWidth(sheet: String, column: String, width: Double)
        case textTooLong(sheet: String, cell: String, length: Int)
        case decimalNotANumber(sheet: String, cell: String)
        case dateFormat
        case day(year: Int, month: Int, day: Int)
        case created(Double)
        case archive(String)
        case unwritable(path: String, reason: String)
    }

    init(_ problem: Problem) {
        self.problem = problem
    }

    /// The sentence, on one line.
    public var description: String {
        switch problem {
        case .fontName:
            "The font has no name; give one, such as \"Times New Roman\"."
        case .fontSize(let size):
            "The font size \(size) pt is not one an Office document can hold; give 1 to 409 points in steps of 0.5."
        case .language(let tag):
            "The language \(Self.quoted(tag)) is not a language tag; give one such as \"vi-VN\" or \"en-US\"."
        case .length(let what, let value, let maximum):
            "The \(what) is \(value) pt; give a length from 0 to \(Int(maximum)) pt."
        case .marginsTooWide(let direction):
            "The \(direction) margins leave no room on the A4 page; make them smaller."
        case .tableWithoutColumns(let table):
            "Table \(table) has no column widths; give one width per column."
        case .tableWithoutRows(let table):
            "Table \(table) has no rows; give it one at least."
        case .columnSpan(let table, let row, let cell, let span):
            "Cell \(cell) of row \(row) of table \(table) spans \(span) columns; a cell spans at least 1."
        case .rowSpans(let table, let row, let spans, let columns):
            "Row \(row) of table \(table) spans \(spans) columns, but the table has \(columns); give each row cells "
                + "whose column spans add up to \(columns)."
        case .headerRows(let table, let count, let rows):
            "Table \(table) repeats \(count) header rows, but it has only \(rows) rows."
        case .noSheets:
            "The workbook has no sheet; a workbook needs at least one."
        case .sheetName(let name, let reason):
            "The sheet name \(Self.quoted(name)) \(reason)."
        case .duplicateSheetName(let name):
            "Two sheets are named \(Self.quoted(name)) (ignoring case); each sheet needs its own name."
        case .tooManyColumns(let sheet, let count):
            "The sheet \(Self.quoted(sheet)) has \(count) columns; a sheet holds at most 16384."
        case .tooManyRows(let sheet, let count):
            "The sheet \(Self.quoted(sheet)) has \(count) rows with its header; a sheet holds at most 1048576."
        case .rowTooLong(let sheet, let row, let cells, let columns):
            "Row \(row) of the sheet \(Self.quoted(sheet)) has \(cells) cells, but the sheet has \(columns) columns."
        case .columnWidth(let sheet, let column, let width):
            "Column \(column) of the sheet \(Self.quoted(sheet)) is \(width) characters wide; give 0 to 255."
        case .textTooLong(let sheet, let cell, let length):
            "Cell \(cell) of the sheet \(Self.quoted(sheet)) holds \(length) characters; a cell holds at most 32767."
        case .decimalNotANumber(let sheet, let cell):
            "Cell \(cell) of the sheet \(Self.quoted(sheet)) holds a decimal that is not a number (NaN)."
        case .dateFormat:
            "The date format is empty; give one such as \"dd/mm/yyyy\"."
        case .day(let year, let month, let day):
            [CalendarDay.padded(year, 4), CalendarDay.padded(month, 2), CalendarDay.padded(day, 2)].joined(separator: "-")
                + " is not a day a spreadsheet can hold: a day of the Gregorian calendar from 1900-03-01 to 9999-12-31."
        case .created(let seconds):
            "The creation time (\(seconds) s after 1970) is outside 1980 to 2099, the years a ZIP package can record."
        case .archive(let reason):
            "The document's ZIP package could not be written: \(reason)."
        case .unwritable(let path, let reason):
            "The document could not be written to \(Self.quoted(path)): \(reason)."
        }
    }

    /// `text` in double quotes, escaped as a Swift literal, so that control characters show.
    static func quoted(_ text: String) -> String {
        text.debugDescription
    }
}
