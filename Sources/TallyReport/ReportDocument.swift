import Foundation
import TallyCore
import TallyInterface
import TallyProtocol

/// A report laid out in the reader's language, before any format: headings, facts and tables. Text, Markdown
/// and HTML render this one document, so they show the same numbers in the same words.
struct ReportDocument {
    var language: ReportLanguage
    var heading: String
    var periodLine: String
    var generatedLine: String
    var summaryTitle: String
    var summary: ReportTable
    /// The same summary keyed by agreement id instead of title, for a terminal's width.
    var compactSummary: ReportTable
    var agreements: [AgreementSection]
}

/// One agreement's part of the document.
struct AgreementSection {
    var data: ComplianceReport
    var title: String
    var reference: String?
    var parties: [String]
    /// Label and value pairs under the title: reference, term, state, as-of date.
    var facts: [(String, String)]
    var sections: [DocumentSection]
}

/// A titled table, or a sentence when there is nothing to list.
struct DocumentSection {
    var title: String
    var table: ReportTable?
    var emptyNote: String?
    /// Which quota's chart goes with this section (HTML), if any.
    var chartQuota: ComplianceReport.QuotaResult? = nil
}

/// A table of text cells; numeric columns align right, status cells carry a tone.
struct ReportTable {
    var headers: [String]
    var numeric: [Bool]
    var rows: [[ReportCell]]
}

/// A table cell.
struct ReportCell {
    var text: String
    var tone: StatusTone?
    /// What qualifies the value, such as how a carried target is made up (`36 + 1 carried`).
    var detail: String?

    init(_ text: String, tone: StatusTone? = nil, detail: String? = nil) {
        self.text = text
        self.tone = tone
        self.detail = detail
    }

    /// The value with its detail in parentheses, on one line: what text and Markdown show.
    var line: String {
        detail.map { text + " (" + $0 + ")" } ?? text
    }
}

extension ReportDocument {
    /// Lays out `data` in `language`.
    init(_ data: ComplianceReportSet, language l: ReportLanguage) {
        let vi = l == .vi
        language = l
        heading = vi ? "BÁO CÁO TÌNH HÌNH THỰC HIỆN HỢP ĐỒNG HỢP TÁC THÔNG TIN" : "NEWS COOPERATION COMPLIANCE REPORT"
        let start = data.period.start.description, end = data.period.end.description
        var period = "\(l.periodName(data.period.label)) (\(l.dateRange(start, end)))"
        if data.period.kind == .range { period = l.periodName(data.period.label) }
        if data.period.toDate { period += vi ? ", số liệu đến hết ngày \(l.date(end))" : ", to \(l.date(end))" }
        periodLine = (vi ? "Kỳ báo cáo: " : "Period: ") + period
        generatedLine = (vi ? "Lập lúc: " : "Generated: ") + l.dateTime(data.generatedAt.description)
        summaryTitle = vi ? "Tổng hợp" : "Summary"
        summary = ReportTable(
            headers: vi ? ["Hợp đồng", "Chỉ tiêu", "Kế hoạch kỳ", "Đã thực hiện", "Tỷ lệ", "Tình trạng"]
                : ["Agreement", "Quota", "Period target", "Delivered", "Completion", "Status"],
            numeric: [false, false, true, true, true, false],
            rows: data.agreements.flatMap { a in
                a.quotas.enumerated().map { i, q in
                    [ReportCell(i == 0 ? a.title : ""), ReportCell(q.title), ReportCell(l.number(q.periodTarget)),
                     ReportCell(l.integer(q.delivered)), ReportCell(l.percent(q.completionPercent)),
                     ReportCell(l.status(q.status.rawValue), tone: StatusTone(q.status.rawValue))]
                }
            })
        compactSummary = summary
        let ids = data.agreements.flatMap { a in a.quotas.indices.map { $0 == 0 ? a.agreementID : "" } }
        for (i, id) in ids.enumerated() { compactSummary.rows[i][0] = ReportCell(id) }
        agreements = data.agreements.map { AgreementSection($0, language: l) }
    }
}

extension AgreementSection {
    init(_ a: ComplianceReport, language l: ReportLanguage) {
        let vi = l == .vi
        data = a
        title = a.title
        reference = a.reference
        parties = a.parties
        var facts: [(String, String)] = []
        if let reference = a.reference { facts.append((vi ? "Số hợp đồng" : "Reference", reference)) }
        if !a.parties.isEmpty { facts.append((vi ? "Các bên" : "Parties", a.parties.joined(separator: "; "))) }
        var term = l.dateRange(a.start.description, a.end.description)
        if let originalEnd = a.originalEnd {
            term += vi ? " (hợp đồng gốc đến \(l.date(originalEnd.description)))"
                : " (originally to \(l.date(originalEnd.description)))"
        }
        facts.append((vi ? "Thời hạn" : "Term", term))
        facts.append((vi ? "Trạng thái" : "State", l.status(a.state.rawValue)))
        facts.append((vi ? "Số liệu tính đến" : "Figures as of", l.date(a.asOf.description)))
        if a.coveredStart == nil {
            facts.append((vi ? "Ghi chú" : "Note",
                          vi ? "Kỳ báo cáo nằm ngoài thời hạn hợp đồng." : "The period lies outside the agreement's term."))
        }
        self.facts = facts
        var sections: [DocumentSection] = []
        if !a.amendments.isEmpty {
            // Only an amended agreement has the section: a report of one without amendments reads as before.
            sections.append(DocumentSection(
                title: vi ? "Phụ lục hợp đồng" : "Amendments",
                table: ReportTable(
                    headers: vi ? ["Mã", "Tên phụ lục", "Ngày ký", "Hiệu lực từ", "Ngày kết thúc mới"]
                        : ["Amendment", "Title", "Signed", "Effective", "New end"],
                    numeric: [false, false, false, false, false],
                    rows: a.amendments.map { amendment in
                        [ReportCell(amendment.id), ReportCell(amendment.title),
                         ReportCell(amendment.signed.map { l.date($0.description) } ?? "—"),
                         ReportCell(l.date(amendment.effective.description)),
                         ReportCell(amendment.end.map { l.date($0.description) } ?? "—")]
                    }),
                emptyNote: nil))
        }
        sections.append(DocumentSection(
            title: vi ? "Chỉ tiêu trong kỳ" : "Quotas in the period",
            table: a.quotas.isEmpty ? nil : ReportTable(
                headers: vi ? ["Chỉ tiêu", "Chu kỳ", "Kế hoạch kỳ", "Đã thực hiện", "Tỷ lệ", "Tình trạng", "Tại chu kỳ"]
                    : ["Quota", "Cadence", "Period target", "Delivered", "Completion", "Status", "In window"],
                numeric: [false, false, true, true, true, false, false],
                rows: a.quotas.map { q in
                    [ReportCell(q.title), ReportCell(l.cadence(q.per.rawValue)), ReportCell(l.number(q.periodTarget)),
                     ReportCell(l.integer(q.delivered)), ReportCell(l.percent(q.completionPercent)),
                     ReportCell(l.status(q.status.rawValue), tone: StatusTone(q.status.rawValue)),
                     ReportCell("\(l.periodName(q.statusWindow)): \(l.integer(q.windowDelivered))/\(l.integer(q.windowTarget))")]
                }),
            emptyNote: vi ? "Không có chỉ tiêu trong kỳ." : "No quota in the period."))
        for q in a.quotas {
            var windows = ReportTable(
                headers: vi ? ["Chu kỳ", "Từ ngày", "Đến ngày", "Chỉ tiêu", "Đã thực hiện", "Tính vào kỳ", "Kết quả"]
                    : ["Window", "From", "To", "Target", "Delivered", "Share in period", "Outcome"],
                numeric: [false, false, false, true, true, true, false],
                rows: q.windows.map { w in
                    [ReportCell(l.periodName(w.window.label)), ReportCell(l.date(w.window.start.description)),
                     ReportCell(l.date(w.window.end.description)),
                     ReportCell(l.integer(w.target), detail: l.carried(base: w.baseTarget, carried: w.carried)),
                     ReportCell(l.integer(w.delivered)),
                     ReportCell(l.number(w.targetShare)),
                     ReportCell(l.status(w.status?.rawValue), tone: StatusTone(w.status?.rawValue))]
                })
            // An amendments column only where an amendment shaped some window of the quota: other tables keep their shape.
            if q.windows.contains(where: { !$0.amendments.isEmpty }) {
                windows.headers.append(vi ? "Phụ lục" : "Amendments")
                windows.numeric.append(false)
                for (i, w) in q.windows.enumerated() {
                    windows.rows[i].append(ReportCell(w.amendments.isEmpty ? "—" : w.amendments.joined(separator: ", ")))
                }
            }
            sections.append(DocumentSection(
                title: (vi ? "Kết quả theo chu kỳ: " : "Windows: ") + q.title, table: windows, emptyNote: nil,
                chartQuota: q))
        }
        sections.append(DocumentSection(
            title: vi ? "Mốc chiến dịch đến hạn trong kỳ" : "Campaign milestones due in the period",
            table: a.milestones.isEmpty ? nil : ReportTable(
                headers: vi ? ["Chiến dịch", "Mốc", "Hạn", "Chỉ tiêu", "Đã thực hiện", "Đạt ngày", "Tình trạng"]
                    : ["Campaign", "Milestone", "Due", "Target", "Delivered", "Reached on", "Status"],
                numeric: [false, false, false, true, true, false, false],
                rows: a.milestones.map { m in
                    [ReportCell(m.campaignTitle), ReportCell(m.title), ReportCell(l.date(m.due.description)),
                     ReportCell(m.target.map(l.integer) ?? "—"), ReportCell(m.delivered.map(l.integer) ?? "—"),
                     ReportCell(m.reachedOn.map { l.date($0.description) } ?? "—"),
                     ReportCell(l.status(m.status.rawValue), tone: StatusTone(m.status.rawValue))]
                }),
            emptyNote: vi ? "Không có mốc nào đến hạn trong kỳ." : "No milestone is due in the period."))
        let deliveryHeaders = vi ? ["Ngày đăng", "Loại", "Tiêu đề", "Cơ quan đăng", "Số lượng"]
            : ["Published", "Kind", "Title", "Outlet", "Count"]
        sections.append(DocumentSection(
            title: vi ? "Tin, bài đã hủy" : "Voided items",
            table: a.voided.isEmpty ? nil : ReportTable(
                headers: deliveryHeaders + (vi ? ["Lý do hủy"] : ["Reason"]),
                numeric: [false, false, false, false, true, false],
                rows: a.voided.map { d in
                    Self.deliveryCells(d, l) + [ReportCell(d.void?.reason ?? "")]
                }),
            emptyNote: vi ? "Không có tin, bài nào bị hủy." : "No item was voided."))
        sections.append(DocumentSection(
            title: vi ? "Tin, bài ghi nhận sau khi chu kỳ đã đóng" : "Items recorded after their window closed",
            table: a.lateRecorded.isEmpty ? nil : ReportTable(
                headers: deliveryHeaders + (vi ? ["Ghi nhận lúc", "Chu kỳ đã đóng"] : ["Recorded", "Closed windows"]),
                numeric: [false, false, false, false, true, false, false],
                rows: a.lateRecorded.map { late in
                    Self.deliveryCells(late.delivery, l)
                        + [ReportCell(Self.dateTime(late.delivery.recordedAt, a, l)),
                           ReportCell(late.windows.map { Self.windowName($0, a, l) }.joined(separator: "; "))]
                }),
            emptyNote: vi ? "Không có tin, bài nào ghi nhận muộn." : "No item was recorded late."))
        sections.append(DocumentSection(
            title: vi ? "Cảnh báo trong kỳ" : "Alerts raised in the period",
            table: a.alerts.isEmpty ? nil : ReportTable(
                headers: vi ? ["Thời điểm", "Cảnh báo", "Đối tượng", "Chu kỳ", "Tình trạng", "Thực hiện/Chỉ tiêu"]
                    : ["Time", "Alert", "Subject", "Window", "Status", "Delivered/Target"],
                numeric: [false, false, false, false, false, true],
                rows: a.alerts.map { alert in
                    let counts = alert.delivered.map { d in
                        l.integer(d) + (alert.target.map { "/" + l.integer($0) } ?? "")
                    } ?? "—"
                    return [ReportCell(Self.dateTime(alert.at, a, l)), ReportCell(l.alertType(alert.type.rawValue)),
                            ReportCell(Self.subject(alert, a)),
                            ReportCell(alert.window.map(l.periodName) ?? "—"),
                            ReportCell(l.status(alert.status), tone: StatusTone(alert.status)), ReportCell(counts)]
                }),
            emptyNote: vi ? "Không có cảnh báo nào trong kỳ." : "No alert was raised in the period."))
        self.sections = sections
    }

    /// `tin-bai 2022-07` as `Tin, bài …: Tháng 7/2022`.
    private static func windowName(_ closed: ComplianceReport.ClosedWindow, _ a: ComplianceReport, _ l: ReportLanguage)
        -> String
    {
        let title = a.quotas.first { $0.quotaID == closed.quota }?.title ?? closed.quota
        return title + ": " + l.periodName(closed.window)
    }

    /// What an alert is about, by its title where the report knows it.
    private static func subject(_ alert: AlertRecord, _ a: ComplianceReport) -> String {
        if let quota = alert.quota { return a.quotas.first { $0.quotaID == quota }?.title ?? quota }
        if let milestone = alert.milestone { return a.milestones.first { $0.id == milestone }?.title ?? milestone }
        return a.title
    }

    /// An instant as the agreement's clock showed it.
    private static func dateTime(_ instant: Date, _ a: ComplianceReport, _ l: ReportLanguage) -> String {
        l.dateTime(PublicationTime(instant, in: a.timeZone).description)
    }

    private static func deliveryCells(_ d: DeliveryRecord, _ l: ReportLanguage) -> [ReportCell] {
        [ReportCell(l.date(d.day.description)), ReportCell(l.kind(d.kind)), ReportCell(d.title ?? d.url ?? "—"),
         ReportCell(d.outlet ?? "—"), ReportCell(l.integer(d.count))]
    }
}
