import Foundation
import TallyCore

/// The words only the acceptance record's documents use (html, docx, xlsx): the heading, the opening, the section
/// titles and the signature block, per language.
extension RecordWords {
    var nation: String { vi ? "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" : "SOCIALIST REPUBLIC OF VIETNAM" }
    var motto: String { vi ? "Độc lập - Tự do - Hạnh phúc" : "Independence - Freedom - Happiness" }
    var documentTitle: String { vi ? "BIÊN BẢN NGHIỆM THU" : "ACCEPTANCE RECORD" }
    var draftMark: String { vi ? "DỰ THẢO" : "DRAFT" }
    /// What a draft's heading shows where a signed record has its number and date: blanks to fill in by hand.
    var blank: String { "……" }

    func numberLine(_ number: String?) -> String { (vi ? "Số: " : "No. ") + (number ?? blank) }

    /// `ngày 05 tháng 4 năm 2025` as Decree 30/2020/NĐ-CP writes dates (a leading zero for days below 10 and for
    /// January and February), `5 April 2025` in English.
    func longDate(_ day: CivilDate) -> String {
        guard vi else { return "\(day.day) \(ReportLanguage.englishMonths[day.month - 1]) \(day.year)" }
        let dayText = day.day < 10 ? "0\(day.day)" : "\(day.day)"
        let monthText = day.month < 3 ? "0\(day.month)" : "\(day.month)"
        return "ngày \(dayText) tháng \(monthText) năm \(day.year)"
    }

    /// The date under the national heading: the signing day, or blanks for a draft.
    func dateLine(_ day: CivilDate?) -> String {
        guard let day else { return vi ? "Ngày \(blank) tháng \(blank) năm \(blank)" : "Date: \(blank)" }
        let text = longDate(day)
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// `Kỳ nghiệm thu: Quý III/2025 (01/07/2025 – 30/09/2025)`; a range of dates is named once.
    func periodLine(_ period: ReportPeriod) -> String {
        var name = language.periodName(period.label)
        if period.kind != .range { name += " (\(language.dateRange(period.start.description, period.end.description)))" }
        return (vi ? "Kỳ nghiệm thu: " : "Period: ") + name
    }

    /// Each basis as a line: the contract (with the agreement's title), then each amendment in force.
    func basisLines(_ draft: AcceptanceDraft) -> [String] {
        let lead = vi ? "Căn cứ " : "Pursuant to "
        let contract = draft.reference.map { "\(self.contract($0)) (\(draft.agreementTitle))" } ?? draft.agreementTitle
        let lines = [contract] + draft.bases.map(amendment)
        return lines.enumerated().map { index, line in lead + line + (index == lines.count - 1 ? "." : ";") }
    }

    func opening(_ day: CivilDate?) -> String {
        if vi { return "Hôm nay, \(day.map(longDate) ?? "ngày \(blank) tháng \(blank) năm \(blank)"), chúng tôi gồm:" }
        return "On \(day.map(longDate) ?? blank), the undersigned:"
    }

    var partyALabel: String { vi ? "BÊN A (bên thanh toán)" : "PARTY A (payer)" }
    var partyBLabel: String { vi ? "BÊN B (bên thực hiện)" : "PARTY B (payee)" }
    func representedBy(_ signer: String?) -> String {
        let named = signer?.trimmingCharacters(in: .whitespaces)
        return (vi ? "Đại diện: " : "Represented by: ")
            + (named.flatMap { $0.isEmpty ? nil : $0 } ?? String(repeating: blank, count: 4))
    }

    func agreed(_ period: ReportPeriod) -> String {
        let name = language.periodName(period.label)
        return vi
            ? "Hai bên thống nhất nghiệm thu các tin, bài, sản phẩm thông tin đã thực hiện trong kỳ \(name) như sau:"
            : "The parties accept the items delivered in \(name) as follows:"
    }

    var quotaHeading: String { vi ? "1. Tổng hợp theo chỉ tiêu" : "1. Totals per quota" }
    var itemsHeading: String { vi ? "2. Bảng kê tin, bài, sản phẩm" : "2. Items" }
    var totalsHeading: String { vi ? "3. Giá trị nghiệm thu" : "3. Amount accepted" }

    var quotaColumns: [String] {
        vi ? ["Chỉ tiêu", "Kế hoạch", "Thực hiện", "Thanh toán", "Vượt chỉ tiêu", "Vượt giá trị", "Thành tiền"]
            : ["Quota", "Contracted", "Delivered", "Paid", "Over target", "Over value", "Amount"]
    }
    var itemColumns: [String] {
        vi ? ["STT", "Ngày đăng", "Tiêu đề", "Chỉ tiêu", "Số lượng", "Đơn giá", "Thành tiền", "Ghi chú"]
            : ["No.", "Published", "Title", "Quota", "Count", "Unit price", "Amount", "Note"]
    }
    var untitled: String { vi ? "(không có tiêu đề)" : "(untitled)" }

    func signatureHeading(_ party: String) -> String { (vi ? "ĐẠI DIỆN BÊN " : "FOR PARTY ") + party }
    var sealNote: String { vi ? "(Ký, ghi rõ họ tên, đóng dấu)" : "(Signature, full name, seal)" }

    var itemsSheet: String { vi ? "Bảng kê" : "Items" }
    var quotasSheet: String { vi ? "Chỉ tiêu" : "Quotas" }
    var totalsSheet: String { vi ? "Tổng cộng" : "Totals" }
    var totalsColumns: [String] { vi ? ["Nội dung", "Giá trị"] : ["Entry", "Value"] }
    var recordNumber: String { vi ? "Số biên bản" : "Record number" }
    var recordDate: String { vi ? "Ngày ký" : "Signed on" }
}
