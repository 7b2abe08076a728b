import TallyCore

/// The acceptance record as one self-contained HTML page (SPEC §12 `--format html`): inline CSS, no script, nothing
/// loaded from anywhere, laid out for A4 paper in Times New Roman 13 pt; `--format pdf` is this page printed. Every
/// piece of text goes through ``ReportHTML/escape(_:)``.
enum RecordHTML {
    static func render(_ d: AcceptanceDocument) -> String {
        let e = ReportHTML.escape
        var out = ReportHTML.head(language: d.language, title: d.documentName, css: RecordHTMLStyle.css)
        out += "<body\(d.isDraft ? " class=\"draft\"" : "")>\n"
        if let mark = d.draftMark { out += "<div class=\"watermark\" aria-hidden=\"true\">\(e(mark))</div>\n" }
        out += "<header class=\"heading\">\n<div>\n<p class=\"issuers\">"
        out += d.issuers.map(e).joined(separator: "<br>")
        out += "</p>\n<p>\(e(d.numberLine))</p>\n</div>\n<div>\n"
        out += "<p class=\"nation\">\(e(d.nation))</p>\n<p><span class=\"motto\">\(e(d.motto))</span></p>\n"
        out += "<p class=\"date\">\(e(d.dateLine))</p>\n</div>\n</header>\n"
        if let mark = d.draftMark { out += "<p class=\"draft-mark\"><span>\(e(mark))</span></p>\n" }
        out += "<h1>\(e(d.title))</h1>\n<p class=\"period\">\(e(d.periodLine))</p>\n"
        out += "<div class=\"bases\">\n" + d.bases.map { "<p>\(e($0))</p>\n" }.joined() + "</div>\n"
        out += "<p>\(e(d.opening))</p>\n"
        for party in d.parties {
            out += "<p class=\"party\"><strong>\(e(party.label)): \(e(party.name))</strong><br>"
            out += "\(e(party.representedBy))</p>\n"
        }
        out += "<p>\(e(d.agreed))</p>\n"

        out += "<h2>\(e(d.quotaHeading))</h2>\n" + table(d.quotas, in: d)
        out += "<h2>\(e(d.itemsHeading))</h2>\n"
        out += d.items.rows.isEmpty ? "<p class=\"empty\">\(e(d.noItems))</p>\n" : table(d.items, in: d)

        out += "<h2>\(e(d.totalsHeading))</h2>\n" + totals(d.totals, in: d)
        out += "<p class=\"words\"><em>\(e(d.inWordsLabel)):</em> \(e(d.inWords))</p>\n"
        if let note = d.vatNote { out += "<p class=\"vat\">\(e(note))</p>\n" }
        out += totals(d.account, in: d)

        // A grid filled line by line, both sides on each, so that the two columns stay level.
        out += "<section class=\"signatures\">\n"
        for line in d.signatureLines {
            for text in line.texts {
                switch line.role {
                case .heading, .position: out += "<strong>\(e(text))</strong>\n"
                case .sealNote: out += "<em>\(e(text))</em>\n"
                case .room: out += "<span class=\"room\"></span>\n"
                case .name: out += "<strong class=\"name\">\(e(text))</strong>\n"
                }
            }
        }
        out += "</section>\n</body>\n</html>\n"
        return out
    }

    /// A bordered table whose header row repeats on every printed page.
    private static func table(_ table: AcceptanceDocument.Table, in d: AcceptanceDocument) -> String {
        let e = ReportHTML.escape
        // No column widths: the browser gives the titles what the amounts and dates, kept whole, leave.
        var out = "<table class=\"grid\">\n<thead><tr>" + table.columns.map { "<th>\(e($0.header))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (column, value) in zip(table.columns, row) {
                let className = column.isNumeric ? " class=\"num\"" : value.isDay ? " class=\"day\"" : ""
                out += "<td\(className)>\(e(d.text(value)))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// Labels and amounts, the amounts aligned right.
    private static func totals(_ totals: [AcceptanceDocument.Total], in d: AcceptanceDocument) -> String {
        let e = ReportHTML.escape
        var out = "<table class=\"totals\">\n"
        for total in totals {
            out += "<tr\(total.isEmphasised ? " class=\"due\"" : "")><td>\(e(total.label)):</td>"
                + "<td class=\"num\">\(e(d.text(total.value)))</td></tr>\n"
        }
        return out + "</table>\n"
    }
}

/// The record's stylesheet: A4 with the margins of Decree 30/2020/NĐ-CP (20 mm above and below, 30 mm left, 15 mm
/// right), Times New Roman 13 pt (Liberation Serif has the same metrics where Times is not installed), tables in
/// 11 pt so that eight columns fit; amounts and dates are never broken across lines.
enum RecordHTMLStyle {
    static let css = """

        @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; color: #000; font: 13pt/1.35 "Times New Roman", "Liberation Serif", Tinos, "DejaVu Serif", serif; }
        @media screen { body { max-width: 165mm; margin: 10mm auto; padding: 0 6mm; } }
        p { margin: 0 0 1.5mm; }
        .heading { display: grid; grid-template-columns: 46% 54%; text-align: center; margin-bottom: 5mm; }
        .heading p { margin: 0; }
        .issuers { font-weight: bold; font-size: 12pt; text-wrap: balance; }
        .nation { font-weight: bold; font-size: 12pt; }
        .motto { font-weight: bold; display: inline-block; border-bottom: 1px solid #000; padding-bottom: .5mm; }
        .date { font-style: italic; margin-top: 3mm !important; }
        .draft-mark { text-align: center; margin: 0; }
        .draft-mark span { display: inline-block; border: 2px solid #a3241a; color: #a3241a; font-weight: bold;
          letter-spacing: .15em; padding: .5mm 4mm; }
        .watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 80pt; font-weight: bold;
          color: rgba(163, 36, 26, .12); transform: rotate(-30deg); z-index: -1; pointer-events: none; }
        h1 { text-align: center; font-size: 14pt; margin: 4mm 0 1mm; }
        .period { text-align: center; font-weight: bold; margin-bottom: 4mm; }
        .bases p { font-style: italic; text-align: justify; margin-bottom: .5mm; }
        .bases { margin-bottom: 3mm; }
        .party { margin-bottom: 2mm; }
        h2 { font-size: 13pt; margin: 4mm 0 2mm; break-after: avoid; page-break-after: avoid; }
        table { width: 100%; border-collapse: collapse; }
        table.grid { font-size: 11pt; }
        .grid th, .grid td { border: 1px solid #000; padding: .8mm 1.2mm; vertical-align: top; }
        .grid td { overflow-wrap: anywhere; }
        .grid th { text-align: center; font-weight: bold; vertical-align: middle; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .grid td.num, .grid td.day { white-space: nowrap; overflow-wrap: normal; }
        .totals { width: auto; min-width: 60%; margin: 0 0 2mm; }
        .totals td { padding: .3mm 0; }
        .totals td.num { padding-left: 8mm; white-space: nowrap; }
        .totals .due { font-weight: bold; }
        .words { margin: 1mm 0 2mm; }
        .vat, .empty { font-style: italic; }
        .signatures { display: grid; grid-template-columns: 1fr 1fr; text-align: center; margin-top: 8mm;
          break-inside: avoid; page-break-inside: avoid; }
        .signatures .room { height: 28mm; }

        """
}

extension AcceptanceDocument {
    /// The record as one self-contained HTML page for A4 paper.
    public var html: String { RecordHTML.render(self) }
}
