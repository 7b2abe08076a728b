import Foundation
import TallyCore
import TallyMail

/// One agreement's report as a mail (SPEC §11): the text report as the plain-text part, the HTML report as its
/// alternative, the CSV attached. The renderers are the files' own, so the mail shows what `--output` writes.
public enum ReportMail {
    /// What the message is made of besides the report.
    public struct Envelope: Sendable {
        public var from: MailAddress
        public var to: [MailAddress]
        public var messageID: String

        public init(from: MailAddress, to: [MailAddress], messageID: String) {
            self.from = from
            self.to = to
            self.messageID = messageID
        }
    }

    /// The message of `report` (one agreement of `data`), dated when the report was made.
    public static func message(
        _ report: ComplianceReport, of data: ComplianceReportSet, language: ReportLanguage, envelope: Envelope
    ) throws -> MailMessage {
        let one = data.only(report.agreementID)
        let csv = try ReportRenderer.render(one, format: .csv, language: language)
        let zone = TimeZone(secondsFromGMT: data.generatedAt.offsetSeconds ?? 0) ?? .gmt
        return MailMessage(
            from: envelope.from, to: envelope.to,
            subject: subject(report.agreementID, period: data.period.label, language: language),
            date: data.generatedAt.instant(in: zone), timeZone: zone, messageID: envelope.messageID,
            text: try ReportRenderer.render(one, format: .text, language: language),
            html: try ReportRenderer.render(one, format: .html, language: language),
            attachments: [MailAttachment(
                fileName: attachmentName(report.agreementID, period: data.period.label, language: language),
                mediaType: "text/csv; charset=utf-8", content: Array(csv.utf8))],
            // RFC 3834: a report, not a person, so vacation responders stay quiet.
            headers: [(name: "Auto-Submitted", value: "auto-generated")])
    }

    /// `Báo cáo thực hiện hợp đồng ben-tre-2024 — 2025-11`.
    public static func subject(_ agreementID: String, period: String, language: ReportLanguage) -> String {
        switch language {
        case .vi: "Báo cáo thực hiện hợp đồng \(agreementID) — \(period)"
        case .en: "Agreement compliance report \(agreementID) — \(period)"
        }
    }

    /// `ben-tre-2024.eml`: the file `--mail-dry-run` writes the agreement's message to.
    public static func messageFileName(_ agreementID: String) -> String {
        ReportWriter.safeName(agreementID) + ".eml"
    }

    /// `ben-tre-2024-2025-11.vi.csv`: the agreement, the period and the language, as the report files are named.
    public static func attachmentName(_ agreementID: String, period: String, language: ReportLanguage) -> String {
        "\(ReportWriter.safeName(agreementID))-\(ReportWriter.safeName(period)).\(language.rawValue).csv"
    }
}
