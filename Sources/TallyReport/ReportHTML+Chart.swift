import TallyCore
import TallyInterface
import TallyProtocol

/// The burn-up chart of one quota as inline SVG: cumulative delivered against the pace line, blackout days
/// shaded, window boundaries marked, both axes labelled.
enum ReportChart {
    private static let width = 720.0
    private static let height = 230.0
    private static let left = 46.0
    private static let right = 70.0
    private static let top = 22.0
    private static let bottom = 34.0

    static func svg(_ q: ComplianceReport.QuotaResult, agreement a: ComplianceReport, language l: ReportLanguage) -> String {
        let vi = l == .vi
        let days = q.days
        guard !days.isEmpty else { return "" }
        let n = Double(days.count)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let highest = max(q.periodTarget, Double(days.compactMap(\.cumulative).max() ?? 0), days.map(\.expected).max() ?? 0)
        let (yMax, step) = niceScale(highest)
        func x(_ i: Int) -> Double { left + plotWidth * Double(i) / n }
        func y(_ v: Double) -> Double { top + plotHeight * (1 - v / yMax) }
        let title = (vi ? "Biểu đồ lũy kế: " : "Burn-up: ") + q.title
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" "
            + "aria-label=\"\(ReportHTML.escape(title))\">\n"
        s += "<title>\(ReportHTML.escape(title))</title>\n"
        s += "<defs><pattern id=\"hatch-\(ReportHTML.escape(q.quotaID))\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#eef0f3\"/>"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c3c9d2\" stroke-width=\"2\"/></pattern></defs>\n"
        // Blackout runs, labelled with their reason where there is room.
        var i = 0
        while i < days.count {
            guard days[i].blackout else { i += 1; continue }
            var j = i
            while j + 1 < days.count, days[j + 1].blackout { j += 1 }
            s += "<rect x=\"\(fmt(x(i)))\" y=\"\(fmt(top))\" width=\"\(fmt(x(j + 1) - x(i)))\" height=\"\(fmt(plotHeight))\" "
                + "fill=\"url(#hatch-\(ReportHTML.escape(q.quotaID)))\"/>\n"
            let reason = a.blackouts.first { $0.from <= days[j].date && $0.to >= days[i].date }?.reason
            if let reason, x(j + 1) - x(i) > 40 {
                s += "<text x=\"\(fmt((x(i) + x(j + 1)) / 2))\" y=\"\(fmt(top + 11))\" font-size=\"8.5\" fill=\"#5b6675\" "
                    + "text-anchor=\"middle\">\(ReportHTML.escape(reason))</text>\n"
            }
            i = j + 1
        }
        // Horizontal grid and y labels.
        var v = 0.0
        while v <= yMax + step / 2 {
            s += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(left + plotWidth))\" y1=\"\(fmt(y(v)))\" y2=\"\(fmt(y(v)))\" "
                + "stroke=\"\(v == 0 ? "#1c2430" : "#dde2e8")\" stroke-width=\"\(v == 0 ? 1 : 0.7)\"/>\n"
            s += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y(v) + 3))\" font-size=\"9\" fill=\"#5b6675\" text-anchor=\"end\">"
                + "\(l.number(v, decimals: 1))</text>\n"
            v += step
        }
        // Window boundaries, labelled when there are few enough to read.
        let index = Dictionary(days.enumerated().map { ($1.date.description, $0) }, uniquingKeysWith: { a, _ in a })
        let labelEvery = max(1, Int((Double(q.windows.count) / 8).rounded(.up)))
        for (k, w) in q.windows.enumerated() {
            let first = index[w.window.start.description] ?? 0
            let last = (index[w.window.end.description] ?? days.count - 1) + 1
            if first > 0 {
                s += "<line x1=\"\(fmt(x(first)))\" x2=\"\(fmt(x(first)))\" y1=\"\(fmt(top - 4))\" y2=\"\(fmt(top + plotHeight))\" "
                    + "stroke=\"#7b8594\" stroke-width=\"0.8\" stroke-dasharray=\"3 3\"/>\n"
            }
            if k % labelEvery == 0, q.windows.count > 1 || w.window.label != "total" {
                s += "<text x=\"\(fmt((x(first) + x(last)) / 2))\" y=\"\(fmt(top - 8))\" font-size=\"8.5\" fill=\"#1f3a5f\" "
                    + "text-anchor=\"middle\">\(ReportHTML.escape(l.periodName(w.window.label)))</text>\n"
            }
        }
        // X labels: month starts over long periods, else weekly.
        let spacing = plotWidth / n
        var lastLabel = -1000.0
        for (k, day) in days.enumerated() {
            let date = day.date.description
            let dayOfMonth = day.date.day
            let wanted = days.count > 62 ? dayOfMonth == 1 : (k % 7 == 0)
            guard wanted || k == 0, x(k) - lastLabel > 34 else { continue }
            lastLabel = x(k)
            let text = vi ? "\(date.suffix(2))/\(date.dropFirst(5).prefix(2))" : String(date.dropFirst(5))
            s += "<line x1=\"\(fmt(x(k)))\" x2=\"\(fmt(x(k)))\" y1=\"\(fmt(top + plotHeight))\" y2=\"\(fmt(top + plotHeight + 4))\" "
                + "stroke=\"#1c2430\" stroke-width=\"0.8\"/>\n"
            s += "<text x=\"\(fmt(x(k) + min(spacing, 2)))\" y=\"\(fmt(top + plotHeight + 15))\" font-size=\"9\" fill=\"#5b6675\">"
                + "\(text)</text>\n"
        }
        s += "<text x=\"\(fmt(left + plotWidth / 2))\" y=\"\(fmt(height - 4))\" font-size=\"9\" fill=\"#5b6675\" text-anchor=\"middle\">"
            + "\(vi ? "Ngày" : "Date")</text>\n"
        s += "<text x=\"11\" y=\"\(fmt(top + plotHeight / 2))\" font-size=\"9\" fill=\"#5b6675\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 11 \(fmt(top + plotHeight / 2)))\">\(vi ? "Lũy kế (số tin, bài)" : "Cumulative items")</text>\n"
        // Pace line.
        var pace = "\(fmt(x(0))),\(fmt(y(0)))"
        for (k, day) in days.enumerated() { pace += " \(fmt(x(k + 1))),\(fmt(y(day.expected)))" }
        s += "<polyline points=\"\(pace)\" fill=\"none\" stroke=\"#8a5300\" stroke-width=\"1.6\" stroke-dasharray=\"6 4\"/>\n"
        // Delivered, as steps, with a light area under it.
        let delivered = days.enumerated().compactMap { k, day in day.cumulative.map { (k, Double($0)) } }
        if let lastPoint = delivered.last {
            var line = "\(fmt(x(0))),\(fmt(y(0)))"
            var previous = 0.0
            for (k, value) in delivered {
                if value != previous { line += " \(fmt(x(k))),\(fmt(y(previous))) \(fmt(x(k))),\(fmt(y(value)))" }
                previous = value
            }
            line += " \(fmt(x(lastPoint.0 + 1))),\(fmt(y(lastPoint.1)))"
            s += "<polygon points=\"\(line) \(fmt(x(lastPoint.0 + 1))),\(fmt(y(0)))\" fill=\"#1f3a5f\" fill-opacity=\"0.08\"/>\n"
            s += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"#1f3a5f\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>\n"
            s += "<circle cx=\"\(fmt(x(lastPoint.0 + 1)))\" cy=\"\(fmt(y(lastPoint.1)))\" r=\"3\" fill=\"#1f3a5f\"/>\n"
            s += "<text x=\"\(fmt(x(lastPoint.0 + 1) + 5))\" y=\"\(fmt(y(lastPoint.1) + (lastPoint.1 >= (days.last?.expected ?? 0) ? -4 : 11)))\" "
                + "font-size=\"9.5\" font-weight=\"bold\" fill=\"#1f3a5f\">\(l.integer(Int(lastPoint.1)))</text>\n"
            if lastPoint.0 + 1 < days.count {
                s += "<line x1=\"\(fmt(x(lastPoint.0 + 1)))\" x2=\"\(fmt(x(lastPoint.0 + 1)))\" y1=\"\(fmt(top))\" "
                    + "y2=\"\(fmt(top + plotHeight))\" stroke=\"#1f3a5f\" stroke-width=\"0.8\"/>\n"
                s += "<text x=\"\(fmt(x(lastPoint.0 + 1) - 3))\" y=\"\(fmt(top + plotHeight - 4))\" font-size=\"8.5\" "
                    + "fill=\"#1f3a5f\" text-anchor=\"end\">\(vi ? "Đến" : "As of") \(l.date(a.asOf.description))</text>\n"
            }
        }
        if let end = days.last {
            s += "<text x=\"\(fmt(left + plotWidth + 5))\" y=\"\(fmt(y(end.expected) + 3))\" font-size=\"9\" fill=\"#8a5300\">"
                + "\(vi ? "KH" : "Target") \(l.number(q.periodTarget, decimals: 1))</text>\n"
        }
        s += "</svg>\n"
        s += "<div class=\"legend\">"
            + legendItem("<line x1=\"0\" y1=\"6\" x2=\"26\" y2=\"6\" stroke=\"#1f3a5f\" stroke-width=\"2.5\"/>",
                         vi ? "Lũy kế đã thực hiện" : "Delivered, cumulative")
            + legendItem("<line x1=\"0\" y1=\"6\" x2=\"26\" y2=\"6\" stroke=\"#8a5300\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
                         vi ? "Tiến độ kế hoạch" : "Planned pace")
            + legendItem("<rect width=\"26\" height=\"12\" fill=\"#e3e7ec\" stroke=\"#c3c9d2\"/>",
                         vi ? "Ngày nghỉ, không tính tiến độ" : "Blackout days (not counted)")
            + legendItem("<line x1=\"13\" y1=\"0\" x2=\"13\" y2=\"12\" stroke=\"#7b8594\" stroke-dasharray=\"3 3\"/>",
                         vi ? "Ranh giới chu kỳ" : "Window boundary")
            + "</div>\n"
        return s
    }

    private static func legendItem(_ shape: String, _ label: String) -> String {
        "<span><svg viewBox=\"0 0 26 12\" aria-hidden=\"true\">\(shape)</svg>\(ReportHTML.escape(label))</span>"
    }

    /// An axis maximum and tick step of 1, 2 or 5 × 10ⁿ with four to six ticks.
    static func niceScale(_ highest: Double) -> (Double, Double) {
        let target = max(highest * 1.08, 1)
        var magnitude = 1.0
        while magnitude * 10 <= target / 4 { magnitude *= 10 }
        while magnitude > target / 4 && magnitude > 0.25 { magnitude /= 10 }
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] {
            let step = max(factor * magnitude, 0.5)
            if (target / step).rounded(.up) <= 5 {
                let step = step < 1 ? 1 : step
                return ((target / step).rounded(.up) * step, step)
            }
        }
        return (target, target / 4)
    }

    /// Coordinates with at most one decimal, `.` as separator whatever the report language.
    static func fmt(_ value: Double) -> String {
        let r = (value * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
