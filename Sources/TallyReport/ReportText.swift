/// The `text` format: headings and tables aligned by terminal display width, for a terminal or a mail.
enum ReportText {
    static func render(_ document: ReportDocument) -> String {
        var out = document.heading + "\n"
        out += document.periodLine + "\n" + document.generatedLine + "\n\n"
        out += document.summaryTitle.uppercased() + "\n" + table(document.compactSummary) + "\n"
        for agreement in document.agreements {
            out += "\n" + String(repeating: "=", count: min(100, max(20, agreement.title.displayWidthForReport))) + "\n"
            out += agreement.title + "\n"
            let width = agreement.facts.map(\.0.displayWidthForReport).max() ?? 0
            for (label, value) in agreement.facts {
                out += pad(label + ":", width + 1) + " " + value + "\n"
            }
            for section in agreement.sections {
                out += "\n" + section.title + "\n"
                if let t = section.table {
                    out += table(t)
                } else if let note = section.emptyNote {
                    out += "  " + note + "\n"
                }
            }
        }
        return out
    }

    /// Columns separated by two spaces, numbers right-aligned, a rule under the header.
    static func table(_ table: ReportTable) -> String {
        let rows = [table.headers.map { ReportCell($0) }] + table.rows
        var widths = Array(repeating: 0, count: table.headers.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.line.displayWidthForReport)
            }
        }
        var out = ""
        for (r, row) in rows.enumerated() {
            var line = " "
            for (i, cell) in row.enumerated() where i < widths.count {
                let right = table.numeric[i] && r > 0
                line += " " + (right ? padLeft(cell.line, widths[i]) : pad(cell.line, widths[i]))
                if i < widths.count - 1 { line += " " }
            }
            out += trimTrailing(line) + "\n"
            if r == 0 {
                out += "  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            }
        }
        return out
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.displayWidthForReport))
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.displayWidthForReport)) + text
    }

    private static func trimTrailing(_ line: String) -> String {
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension String {
    /// Terminal columns, by the shared `displayWidth` (TextTable.swift).
    fileprivate var displayWidthForReport: Int { displayWidth(self) }
}
