import Foundation

/// python-docx and openpyxl as independent readers of the written files (TallyOffice's, the acceptance record's):
/// each script prints JSON.
public enum PythonReader {
    /// What python-docx read from a .docx.
    public struct Docx: Decodable {
        public struct Paragraph: Decodable {
            public var text: String
            public var alignment: String?
            public var keepWithNext: Bool?
            public var spaceAfter: Double?
            public var runs: [Run]
        }
        public struct Run: Decodable {
            public var text: String
            public var bold: Bool?
            public var italic: Bool?
            public var size: Double?
        }
        public struct Table: Decodable {
            /// Each row's cells as python-docx lists them: a merged cell once per column it spans.
            public var rows: [[String]]
            public var gridSpans: [[Int]]
            public var headerRows: Int
            public var columnWidths: [Int]
        }
        public var paragraphs: [Paragraph]
        public var tables: [Table]
        public var pageWidth: Int
        public var pageHeight: Int
        public var margins: [Int]
        public var font: String?
        public var fontSize: Double?
        public var title: String
        public var creator: String
        public var created: String
        public var footer: String
    }

    private static let docxScript = #"""
import json, sys, docx
from docx.oxml.ns import qn

document = docx.Document(sys.argv[1])
def paragraph(p):
    f = p.paragraph_format
    return {
        "text": p.text,
        "alignment": None if p.alignment is None else p.alignment.name,
        "keepWithNext": f.keep_with_next,
        "spaceAfter": None if f.space_after is None else f.space_after.pt,
        "runs": [{"text": r.text, "bold": r.bold, "italic": r.italic, "size": None if r.font.size is None else r.font.size.pt} for r in p.runs],
    }
def table(t):
    return {
        "rows": [[c.text for c in row.cells] for row in t.rows],
        "gridSpans": [[tc.grid_span for tc in row._tr.tc_lst] for row in t.rows],
        "headerRows": sum(1 for row in t.rows if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None),
        "columnWidths": [column.width.twips for column in t.columns],
    }
section = document.sections[0]
normal = document.styles["Normal"].font
core = document.core_properties
json.dump({
    "paragraphs": [paragraph(p) for p in document.paragraphs],
    "tables": [table(t) for t in document.tables],
    "pageWidth": section.page_width.twips, "pageHeight": section.page_height.twips,
    "margins": [section.top_margin.twips, section.right_margin.twips, section.bottom_margin.twips, section.left_margin.twips],
    "font": normal.name, "fontSize": None if normal.size is None else normal.size.pt,
    "title": core.title, "creator": core.author, "created": core.created.isoformat(),
    "footer": section.footer._element.xml if section.footer.is_linked_to_previous is False else "",
}, sys.stdout)
"""#

    /// What openpyxl read from an .xlsx: per sheet, every cell as its Python type, value and format.
    public struct Xlsx: Decodable {
        public struct Sheet: Decodable {
            public var title: String
            public var freezePanes: String?
            public var widths: [String: Double]
            public var rows: [[Cell]]
        }
        public struct Cell: Decodable {
            public var type: String
            /// `str()` of the value; exact for ints of any size.
            public var value: String
            public var format: String
            public var bold: Bool
        }
        public var sheets: [Sheet]
        public var title: String?
        public var creator: String?
        public var created: String?
    }

    private static let xlsxScript = #"""
import json, sys, openpyxl

workbook = openpyxl.load_workbook(sys.argv[1])
def cell(c):
    value = c.value
    return {"type": type(value).__name__, "value": "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value)),
            "format": c.number_format, "bold": bool(c.font.b)}
json.dump({
    "sheets": [{
        "title": ws.title,
        "freezePanes": ws.freeze_panes,
        "widths": {key: dim.width for key, dim in ws.column_dimensions.items() if dim.customWidth},
        "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
    } for ws in workbook.worksheets],
    "title": workbook.properties.title, "creator": workbook.properties.creator,
    "created": workbook.properties.created.isoformat() if workbook.properties.created else None,
}, sys.stdout)
"""#

    /// python-docx's reading of `data`.
    public static func docx(_ data: Data) throws -> Docx {
        try read(data, fileName: "record.docx", script: docxScript)
    }

    /// openpyxl's reading of `data`.
    public static func xlsx(_ data: Data) throws -> Xlsx {
        try read(data, fileName: "items.xlsx", script: xlsxScript)
    }

    private static func read<Report: Decodable>(_ data: Data, fileName: String, script: String) throws -> Report {
        let directory = try TemporaryDirectory(prefix: "tally-office")
        let path = try directory.write(fileName, bytes: Array(data))
        let result = try Executables.run("/usr/bin/env", ["python3", "-c", script, path], environment: ["LANG": "C.UTF-8"])
        guard result.status == 0 else { throw Executables.Failure(description: "python3 could not read \(fileName): \(result)") }
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }
}
