import TallyCore

/// The words of the acceptance record, its lines and the liquidation statement (SPEC §12), per language.
struct RecordWords {
    let language: ReportLanguage
    var vi: Bool { language == .vi }

    func amount(_ money: Money) -> String { money.formatted(in: language) }

    func date(_ day: CivilDate) -> String { language.date(day.description) }

    var draftTitle: String { vi ? "BIÊN BẢN NGHIỆM THU (DỰ THẢO)" : "ACCEPTANCE RECORD (DRAFT)" }
    func signedTitle(_ number: String, _ date: CivilDate) -> String {
        vi ? "BIÊN BẢN NGHIỆM THU số \(number), ngày \(self.date(date))"
            : "ACCEPTANCE RECORD no. \(number) of \(self.date(date))"
    }
    var statementTitle: String { vi ? "BIÊN BẢN THANH LÝ (DỰ THẢO)" : "LIQUIDATION STATEMENT (DRAFT)" }

    var agreement: String { vi ? "Thỏa thuận" : "Agreement" }
    var bases: String { vi ? "Căn cứ" : "Bases" }
    func contract(_ reference: String) -> String { vi ? "Hợp đồng số \(reference)" : "Contract \(reference)" }
    func amendment(_ basis: RecordBasis) -> String {
        let signed = basis.signed.map { vi ? ", ký \(date($0))" : ", signed \(date($0))" } ?? ""
        return vi ? "\(basis.title) (\(basis.amendmentID)\(signed), hiệu lực \(date(basis.effective)))"
            : "\(basis.title) (\(basis.amendmentID)\(signed), effective \(date(basis.effective)))"
    }
    var period: String { vi ? "Kỳ nghiệm thu" : "Period" }
    var partyA: String { vi ? "Bên A (bên thanh toán)" : "Party A (payer)" }
    var partyB: String { vi ? "Bên B (bên thực hiện)" : "Party B (payee)" }
    var signedBy: String { vi ? "đại diện" : "represented by" }
    var contractValue: String { vi ? "Giá trị hợp đồng" : "Contract value" }

    var quotaSection: String { vi ? "Tổng hợp theo chỉ tiêu" : "Totals per quota" }
    /// The documents' column headers (``quotaColumns``), in capitals as a terminal's tables have them.
    var quotaHeaders: [String] { quotaColumns.map { $0.uppercased() } }
    var linesSection: String { vi ? "Bảng kê" : "Items" }
    var lineHeaders: [String] {
        vi ? ["#", "NGÀY", "MÃ", "CHỈ TIÊU", "SỐ LƯỢNG", "ĐƠN GIÁ", "THÀNH TIỀN", "GHI CHÚ", "TIÊU ĐỀ"]
            : ["#", "DATE", "ID", "QUOTA", "COUNT", "UNIT PRICE", "AMOUNT", "NOTE", "TITLE"]
    }
    var noLines: String { vi ? "Không có dòng nào: không có gì để nghiệm thu." : "No line: there is nothing to accept." }

    /// What a line's note says: an adjustment and what it corrects, what of the item is not paid, a late item.
    func note(_ line: RecordLine) -> String {
        var parts: [String] = []
        if case .adjustment(let record, let reason) = line.kind {
            let why: String
            switch reason {
            case .voided: why = vi ? "đã hủy" : "voided"
            case .repriced:
                let before = line.previousPrice.map(amount) ?? "?"
                why = vi ? "đổi đơn giá từ \(before)" : "repriced from \(before)"
            }
            parts.append(vi ? "điều chỉnh BB \(record) (\(why))" : "adjusts record \(record) (\(why))")
        } else {
            if line.overTargetCount > 0 { parts.append(vi ? "vượt chỉ tiêu \(line.overTargetCount)" : "over target \(line.overTargetCount)") }
            if line.late { parts.append(vi ? "kỳ trước" : "late") }
        }
        if line.overValueCount > 0 { parts.append(vi ? "vượt giá trị \(line.overValueCount)" : "over value \(line.overValueCount)") }
        return parts.joined(separator: "; ")
    }

    var subtotal: String { vi ? "Cộng" : "Subtotal" }
    func vat(_ rate: Int?) -> String {
        let shown = rate.map { vi ? " (\($0) %)" : " (\($0)%)" } ?? ""
        return (vi ? "Thuế GTGT" : "VAT") + shown
    }
    func vatIncluded(_ rate: Int?) -> String {
        let shown = rate.map { vi ? " \($0) %" : " \($0)%" } ?? ""
        return vi ? "Đơn giá đã bao gồm thuế GTGT\(shown)." : "Prices include VAT\(shown)."
    }
    var due: String { vi ? "Giá trị nghiệm thu" : "Amount due" }
    var inWords: String { vi ? "Bằng chữ" : "In words (Vietnamese)" }
    var signedBefore: String { vi ? "Đã nghiệm thu các kỳ trước" : "Accepted by earlier records" }
    var paid: String { vi ? "Đã thanh toán" : "Paid" }
    var balance: String { vi ? "Còn phải thanh toán" : "Balance" }

    var records: String { vi ? "Các biên bản nghiệm thu" : "Acceptance records" }
    var recordHeaders: [String] {
        vi ? ["SỐ", "NGÀY", "KỲ", "TRƯỚC THUẾ", "THUẾ GTGT", "GIÁ TRỊ"]
            : ["NUMBER", "DATE", "PERIOD", "SUBTOTAL", "VAT", "DUE"]
    }
    var noRecords: String { vi ? "Chưa có biên bản nào." : "No record is signed yet." }
    var payments: String { vi ? "Các lần thanh toán" : "Payments" }
    var paymentHeaders: [String] {
        vi ? ["NGÀY", "SỐ TIỀN", "CHỨNG TỪ", "BIÊN BẢN"] : ["DATE", "AMOUNT", "REFERENCE", "RECORD"]
    }
    var noPayments: String { vi ? "Chưa có lần thanh toán nào." : "No payment is recorded yet." }
    var accepted: String { vi ? "Tổng giá trị đã nghiệm thu" : "Accepted" }
    var pending: String { vi ? "Điều chỉnh chưa nghiệm thu" : "Corrections not yet accepted" }
    var neverAccepted: String { vi ? "Tin, bài đã thực hiện nhưng chưa nghiệm thu" : "Delivered but never accepted" }
}
