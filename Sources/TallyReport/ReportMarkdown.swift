/// The `md` format: the same document as GitHub-flavoured Markdown tables.
enum ReportMarkdown {
    static func render(_ document: ReportDocument) -> String {
        var out = "# " + escape(document.heading) + "\n\n"
        out += escape(document.periodLine) + "  \n" + escape(document.generatedLine) + "\n\n"
        out += "## " + escape(document.summaryTitle) + "\n\n" + table(document.summary) + "\n"
        for agreement in document.agreements {
            out += "## " + escape(agreement.title) + "\n\n"
            for (label, value) in agreement.facts {
                out += "- **" + escape(label) + ":** " + escape(value) + "\n"
            }
            for section in agreement.sections {
                out += "\n### " + escape(section.title) + "\n\n"
                if let t = section.table {
                    out += table(t)
                } else if let note = section.emptyNote {
                    out += escape(note) + "\n"
                }
            }
            out += "\n"
        }
        return out
    }

    static func table(_ table: ReportTable) -> String {
        var out = "| " + table.headers.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + table.numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for row in table.rows {
            out += "| " + row.map { cell in
                let text = escape(cell.line)
                return cell.tone == .bad ? "**" + text + "**" : text
            }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// Backslash-escapes what Markdown would read as markup; titles are user data.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "|", "<", ">", "#": out += "\\" + String(c)
            case "\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
