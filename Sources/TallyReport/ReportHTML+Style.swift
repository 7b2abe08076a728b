/// The report's stylesheet: system fonts only, A4 pages, one agreement per page run, colours always beside text.
enum ReportHTMLStyle {
    static let css = """

        @page { size: A4; margin: 16mm 15mm 16mm 15mm; }
        :root { --ink: #1c2430; --muted: #5b6675; --rule: #c9d0d9; --soft: #f3f5f8; --accent: #1f3a5f;
          --good: #1d6b3a; --good-bg: #e4f1e8; --warn: #8a5300; --warn-bg: #fbf0d9;
          --bad: #a3241a; --bad-bg: #f9e1de; --neutral: #48525f; --neutral-bg: #eceff3; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0 auto; max-width: 190mm; padding: 10mm 0; color: var(--ink);
          font: 10pt/1.45 "Liberation Sans", "DejaVu Sans", Arial, "Helvetica Neue", sans-serif; }
        h1, h2, h3, .party, .agreement-title { font-family: "Liberation Serif", "DejaVu Serif", "Times New Roman", serif; }
        .cover { text-align: center; border-bottom: 2px solid var(--accent); padding-bottom: 5mm; margin-bottom: 6mm; }
        .kicker { margin: 0; color: var(--muted); font-size: 9pt; letter-spacing: .08em; text-transform: uppercase; }
        h1 { margin: 2mm 0 1mm; font-size: 15.5pt; color: var(--accent); letter-spacing: .02em; }
        .period { margin: 0; font-size: 11.5pt; font-weight: bold; }
        .generated { margin: 1mm 0 0; color: var(--muted); font-size: 8.5pt; }
        h2 { font-size: 13pt; color: var(--accent); margin: 0 0 3mm; }
        h3 { font-size: 11pt; margin: 0 0 2mm; color: var(--ink); border-bottom: 1px solid var(--rule); padding-bottom: 1mm; }
        table { width: 100%; border-collapse: collapse; font-size: 8.8pt; margin: 1mm 0 2mm; }
        th { text-align: left; font-weight: bold; color: var(--muted); font-size: 8pt; text-transform: uppercase;
          letter-spacing: .03em; border-bottom: 1.5px solid var(--ink); padding: 1.4mm 2mm; vertical-align: bottom; }
        td { border-bottom: 1px solid var(--rule); padding: 1.3mm 2mm; vertical-align: top; }
        tbody tr:nth-child(even) td { background: var(--soft); }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .badge { display: inline-block; padding: .2mm 2mm; border-radius: 1mm; font-size: 8.2pt; font-weight: bold;
          white-space: nowrap; border: 1px solid currentColor; }
        .badge.good { color: var(--good); background: var(--good-bg); }
        .badge.warning { color: var(--warn); background: var(--warn-bg); }
        .badge.bad { color: var(--bad); background: var(--bad-bg); }
        .badge.neutral { color: var(--neutral); background: var(--neutral-bg); }
        .badge.good::before { content: "✓ "; }
        .badge.warning::before { content: "! "; }
        .badge.bad::before { content: "✗ "; }
        .summary { margin-bottom: 6mm; }
        .agreement { break-before: page; page-break-before: always; }
        .letterhead { display: flex; justify-content: space-between; gap: 8mm; align-items: flex-start;
          border-bottom: 1px solid var(--ink); padding-bottom: 3mm; margin-bottom: 4mm; }
        .parties { flex: 1 1 60%; }
        .party { font-weight: bold; text-transform: uppercase; font-size: 10.5pt; letter-spacing: .02em; }
        .and { color: var(--muted); font-size: 8.5pt; margin: .5mm 0; }
        .ref { text-align: right; font-size: 9pt; color: var(--muted); }
        .ref strong { color: var(--ink); }
        .agreement-title { text-align: center; font-size: 14pt; margin: 3mm 6mm 3mm; }
        .facts { display: flex; flex-wrap: wrap; gap: 1mm 8mm; justify-content: center; margin: 0 0 5mm; font-size: 9pt; }
        .facts div { display: flex; gap: 1.5mm; align-items: baseline; }
        .facts dt { color: var(--muted); }
        .facts dt::after { content: ":"; }
        .facts dd { margin: 0; font-weight: bold; }
        .block { margin: 0 0 5mm; break-inside: avoid; page-break-inside: avoid; }
        .kpis { display: flex; gap: 3mm; margin: 1mm 0 2mm; }
        .kpi { flex: 1; border: 1px solid var(--rule); border-radius: 1.5mm; padding: 1.5mm 2.5mm; background: #fff; }
        .kpi > span { display: block; color: var(--muted); font-size: 7.8pt; text-transform: uppercase; letter-spacing: .03em; }
        .kpi b { font-size: 13pt; font-variant-numeric: tabular-nums; }
        .kpi b .badge { font-size: 9.5pt; vertical-align: middle; }
        .chart { width: 100%; height: auto; display: block; margin: 1mm 0 1mm; }
        .chart text { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
        .legend { display: flex; flex-wrap: wrap; gap: 1mm 5mm; font-size: 8pt; color: var(--muted); margin: 0 0 2mm; }
        .legend span { display: inline-flex; align-items: center; gap: 1.5mm; }
        .legend svg { width: 7mm; height: 3mm; }
        .empty { color: var(--muted); font-style: italic; margin: 1mm 0; }
        .signatures { display: flex; justify-content: space-around; text-align: center; margin-top: 10mm;
          break-inside: avoid; page-break-inside: avoid; min-height: 30mm; }
        .signatures div { display: flex; flex-direction: column; gap: 1mm; font-size: 9.5pt; }
        .signatures em { color: var(--muted); font-size: 8.5pt; }
        @media screen { body { padding: 10mm 6mm; } }

        """
}
