import Foundation

@testable import TallyMail

/// A report mail like the one `tallyctl report --mail` sends, with its pieces at hand.
enum Fixture {
    static let subject = "Báo cáo thực hiện hợp đồng ben-tre-2024 — 2025-11"
    /// 2025-12-05 06:02:11 UTC.
    static let date = Date(timeIntervalSince1970: 1_764_914_531)
    static let hoChiMinh = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? .gmt
    static let csv = Array("\u{FEFF}ma_hop_dong,hop_dong\r\nben-tre-2024,\"Báo Đồng Khởi, Bến Tre\"\r\n".utf8)
    static let text = "Báo cáo tháng 11/2025\n\nChỉ tiêu: 12/20 tin bài (60%)\r\nTrạng thái: AT_RISK  \nHết.\n"
    static let html = "<!DOCTYPE html>\n<html lang=\"vi\"><body><h1>Báo cáo</h1>\r\n<p>ben-tre-2024: 12/20</p></body></html>\n"
    /// One line of about 1 MB, as the HTML report's inline SVG can be.
    static let longHTML = "<!DOCTYPE html>\n<html lang=\"vi\"><body><svg>"
        + String(repeating: "<rect x=\"1\" y=\"2\" width=\"3\" title=\"Bến Tre\"/>", count: 22_000) + "</svg>\r\n</body></html>\n"

    static func message(
        subject: String = subject, text: String = text, html: String = html,
        attachments: [MailAttachment] = [MailAttachment(fileName: "ben-tre-2024.vi.csv", mediaType: "text/csv; charset=utf-8", content: csv)],
        headers: [(name: String, value: String)] = [("Auto-Submitted", "auto-generated")]
    ) throws -> MailMessage {
        MailMessage(
            from: try MailAddress(parsing: "Sở TT&TT Bến Tre <tally@sotttt.example.gov.vn>"),
            to: [
                try MailAddress(parsing: "Phòng Kế hoạch <kehoach@ttxvn.example.vn>"),
                try MailAddress(parsing: "\"Sở TT&TT, Bến Tre\" <so@bentre.gov.vn>"),
                try MailAddress(parsing: "first.last+tag@sub.example.org"),
            ],
            subject: subject, date: date, timeZone: hoChiMinh, messageID: "20251205060211.abc@sotttt.example.gov.vn",
            text: text, html: html, attachments: attachments, headers: headers)
    }

    /// `text` with every line break as CR LF, the form text bodies decode to.
    static func canonical(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
}
