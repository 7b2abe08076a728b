import Foundation
import TallyCore
import TallyInterface
import TallyProtocol

/// The `csv` format: UTF-8 with a byte order mark (so spreadsheet programs read Vietnamese right), one row per
/// agreement × quota × window. Headers and status names are in the report's language; numbers, dates and
/// status codes are machine-readable (`10.19`, `2024-05-15`, `AT_RISK`) so the file sorts and sums the same in
/// every spreadsheet locale.
///
/// Carry-over and amendments (SPEC §9) add columns at the end, only to a file that has them: with a quota that
/// carries, each window's base target and what was carried into it (signed; empty for the other quotas); with an
/// amended agreement, the ids of the amendments that shaped each window (`pl-01;pl-02`). A file without either
/// keeps the columns it always had, so spreadsheets and scripts built on them still read it.
enum ReportCSV {
    static let byteOrderMark = "\u{FEFF}"

    static func render(_ data: ComplianceReportSet, language l: ReportLanguage) -> String {
        let vi = l == .vi
        let headers = vi
            ? ["ma_hop_dong", "hop_dong", "so_hop_dong", "ky_bao_cao", "tu_ngay", "den_ngay", "ma_chi_tieu", "chi_tieu",
               "chu_ky", "ke_hoach_ky", "thuc_hien_ky", "ty_le_phan_tram", "tinh_trang", "ten_tinh_trang", "chu_ky_so",
               "chu_ky_tu", "chu_ky_den", "chu_ky_chi_tieu", "chu_ky_thuc_hien", "tinh_vao_ky", "so_ngay_trong_ky",
               "ket_qua", "ten_ket_qua"]
            : ["agreement_id", "agreement", "reference", "period", "period_start", "period_end", "quota_id", "quota",
               "per", "period_target", "period_delivered", "completion_percent", "status", "status_name", "window",
               "window_start", "window_end", "window_target", "window_delivered", "target_share", "days_in_period",
               "outcome", "outcome_name"]
        let windows = data.agreements.flatMap { $0.quotas.flatMap(\.windows) }
        let carries = windows.contains { $0.carried != nil }
        let amended = data.agreements.contains { !$0.amendments.isEmpty }
        var extra: [String] = []
        if carries { extra += vi ? ["chu_ky_chi_tieu_goc", "chu_ky_chuyen_sang"] : ["window_base_target", "window_carried"] }
        if amended { extra += vi ? ["chu_ky_phu_luc"] : ["window_amendments"] }
        var out = byteOrderMark + line(headers + extra)
        let period = data.period
        for a in data.agreements {
            for q in a.quotas {
                for w in q.windows {
                    var fields = [
                        a.agreementID, a.title, a.reference ?? "", period.label, period.start.description,
                        period.end.description, q.quotaID, q.title, q.per.rawValue, plain(q.periodTarget),
                        String(q.delivered), q.completionPercent.map { plain($0, 1) } ?? "", q.status.rawValue,
                        l.status(q.status.rawValue), w.window.label, w.window.start.description,
                        w.window.end.description, String(w.target), String(w.delivered), plain(w.targetShare),
                        String(w.daysInPeriod), w.status?.rawValue ?? "", l.status(w.status?.rawValue),
                    ]
                    if carries { fields += [w.baseTarget.map(String.init) ?? "", w.carried.map(String.init) ?? ""] }
                    if amended { fields.append(w.amendments.joined(separator: ";")) }
                    out += line(fields)
                }
            }
        }
        return out
    }

    /// RFC 4180: fields with a comma, quote or line break are quoted; lines end in CRLF.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }

    /// `10.19`: a dot, no grouping, at most `decimals` decimals.
    static func plain(_ value: Double, _ decimals: Int = 2) -> String {
        ReportLanguage.en.number(value, decimals: decimals).replacingOccurrences(of: ",", with: "")
    }
}
