import TallyCore

/// The item list of an acceptance record as CSV (SPEC §12 `accept show --format csv`): UTF-8 with a byte order mark,
/// one row per line, headers in the record's language, numbers and dates machine-readable (whole đồng, no
/// grouping; `2024-05-15`) so that the file sums the same in every spreadsheet locale.
public enum RecordCSV {
    /// The CSV text of `draft`'s lines, each row carrying `number` (empty for a draft).
    public static func render(_ draft: AcceptanceDraft, number: String?, language: ReportLanguage) -> String {
        let vi = language == .vi
        let headers = vi
            ? ["ma_hop_dong", "so_bien_ban", "ky", "loai_dong", "dieu_chinh_bien_ban", "ly_do", "ma_tin_bai", "ngay",
               "dang_luc", "loai", "ngon_ngu", "co_quan", "tieu_de", "url", "ma_chi_tieu", "chu_ky", "so_luong",
               "so_luong_thanh_toan", "vuot_chi_tieu", "vuot_gia_tri", "don_gia", "don_gia_truoc", "thanh_tien", "ky_truoc"]
            : ["agreement_id", "record", "period", "line_type", "corrects", "reason", "delivery_id", "day", "published",
               "kind", "language", "outlet", "title", "url", "quota_id", "window", "count", "paid_count", "over_target",
               "over_value", "unit_price", "previous_price", "amount", "late"]
        var out = ReportCSV.byteOrderMark + ReportCSV.line(headers)
        for line in draft.lines {
            var type = "item", corrects = "", reason = ""
            if case .adjustment(let record, let why) = line.kind {
                type = "adjustment"
                corrects = record
                reason = why.rawValue
            }
            out += ReportCSV.line([
                draft.agreementID, number ?? "", draft.period.label, type, corrects, reason, String(line.deliveryID),
                line.day.description, line.item.published.description, line.item.kind, line.item.language,
                line.item.outlet ?? "", line.item.title ?? "", line.item.url ?? "", line.quotaID, line.window,
                String(line.item.count), String(line.paidCount), String(line.overTargetCount), String(line.overValueCount),
                line.unitPrice.description, line.previousPrice?.description ?? "", line.amount.description,
                line.late ? "1" : "0",
            ])
        }
        return out
    }
}
