import TallyCore
import TallyInterface
import TallyProtocol

/// The `html` format: one self-contained, printable file — inline CSS and SVG, no script, nothing loaded from
/// anywhere. A summary first, then one A4 section per agreement with a letterhead, a burn-up chart per quota
/// and the tables of the text format. Every piece of user text goes through `escape`.
enum ReportHTML {
    static func render(_ document: ReportDocument) -> String {
        let l = document.language
        let vi = l == .vi
        var out = head(language: l, title: "\(document.heading) — \(document.periodLine)", css: ReportHTMLStyle.css) + """
            <body>
            <header class="cover">
            <p class="kicker">\(vi ? "Theo dõi thực hiện hợp đồng hợp tác thông tin" : "News cooperation agreements")</p>
            <h1>\(escape(document.heading))</h1>
            <p class="period">\(escape(document.periodLine))</p>
            <p class="generated">\(escape(document.generatedLine))</p>
            </header>
            <section class="summary">
            <h2>\(escape(document.summaryTitle))</h2>

            """
        out += table(document.summary, className: "summary-table")
        out += "</section>\n"
        for agreement in document.agreements {
            out += section(agreement, language: l)
        }
        out += "</body>\n</html>\n"
        return out
    }

    private static func section(_ agreement: AgreementSection, language l: ReportLanguage) -> String {
        let vi = l == .vi
        let a = agreement.data
        var out = "<article class=\"agreement\">\n<div class=\"letterhead\">\n<div class=\"parties\">\n"
        for (i, party) in agreement.parties.enumerated() {
            if i > 0 { out += "<div class=\"and\">\(vi ? "và" : "and")</div>\n" }
            out += "<div class=\"party\">\(escape(party))</div>\n"
        }
        out += "</div>\n<div class=\"ref\">"
        if let reference = agreement.reference {
            out += "<div>\(vi ? "Hợp đồng số" : "Agreement No.") <strong>\(escape(reference))</strong></div>"
        }
        out += "<div>\(escape(l.dateRange(a.start.description, a.end.description)))</div></div>\n</div>\n"
        out += "<h2 class=\"agreement-title\">\(escape(agreement.title))</h2>\n<dl class=\"facts\">\n"
        for (label, value) in agreement.facts where label != (vi ? "Các bên" : "Parties") {
            let isState = label == (vi ? "Trạng thái" : "State")
            let shown = isState ? badge(value, tone: StatusTone(a.state.rawValue)) : escape(value)
            out += "<div><dt>\(escape(label))</dt><dd>\(shown)</dd></div>\n"
        }
        out += "</dl>\n"
        for section in agreement.sections {
            if let quota = section.chartQuota {
                out += quotaBlock(section, quota: quota, agreement: a, language: l)
                continue
            }
            out += "<section class=\"block\">\n<h3>\(escape(section.title))</h3>\n"
            if let t = section.table {
                out += table(t, className: nil)
            } else if let note = section.emptyNote {
                out += "<p class=\"empty\">\(escape(note))</p>\n"
            }
            out += "</section>\n"
        }
        out += """
            <div class="signatures">
            <div><strong>\(vi ? "NGƯỜI LẬP BÁO CÁO" : "PREPARED BY")</strong><em>\(vi ? "(Ký, ghi rõ họ tên)" : "(signature, name)")</em></div>
            <div><strong>\(vi ? "THỦ TRƯỞNG ĐƠN VỊ" : "HEAD OF UNIT")</strong><em>\(vi ? "(Ký, ghi rõ họ tên, đóng dấu)" : "(signature, name, seal)")</em></div>
            </div>
            </article>

            """
        return out
    }

    private static func quotaBlock(_ section: DocumentSection, quota q: ComplianceReport.QuotaResult, agreement a: ComplianceReport,
                                   language l: ReportLanguage) -> String
    {
        let vi = l == .vi
        var out = "<section class=\"block quota\">\n<h3>\(escape(q.title))</h3>\n<div class=\"kpis\">"
        out += kpi(vi ? "Kế hoạch kỳ" : "Period target", l.number(q.periodTarget))
        out += kpi(vi ? "Đã thực hiện" : "Delivered", l.integer(q.delivered))
        out += kpi(vi ? "Tỷ lệ hoàn thành" : "Completion", l.percent(q.completionPercent))
        out += "<div class=\"kpi\"><span>\(vi ? "Tình trạng" : "Status") (\(escape(l.periodName(q.statusWindow))))</span>"
            + "<b>\(badge(l.status(q.status.rawValue), tone: StatusTone(q.status.rawValue)))</b></div>"
        out += "</div>\n"
        out += ReportChart.svg(q, agreement: a, language: l)
        if let t = section.table { out += table(t, className: "windows") }
        out += "</section>\n"
        return out
    }

    private static func kpi(_ label: String, _ value: String) -> String {
        "<div class=\"kpi\"><span>\(escape(label))</span><b>\(escape(value))</b></div>"
    }

    static func badge(_ text: String, tone: StatusTone) -> String {
        "<span class=\"badge \(tone.rawValue)\">\(escape(text))</span>"
    }

    static func table(_ table: ReportTable, className: String?) -> String {
        var out = "<table\(className.map { " class=\"\($0)\"" } ?? "")>\n<thead><tr>"
        for (i, header) in table.headers.enumerated() {
            out += "<th\(table.numeric[i] ? " class=\"num\"" : "")>\(escape(header))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                var content = cell.tone.map { badge(cell.text, tone: $0) } ?? escape(cell.text)
                // The detail under the value, so that a column of numbers stays narrow.
                if let detail = cell.detail { content += "<br><small>" + escape(detail) + "</small>" }
                out += "<td\(i < table.numeric.count && table.numeric[i] ? " class=\"num\"" : "")>\(content)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// The start of a self-contained page, to its `<head>`'s end: `title` escaped, `css` inline.
    static func head(language: ReportLanguage, title: String, css: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(css)</style>
        </head>

        """
    }

    /// Text as HTML (and SVG) character data or attribute value.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
