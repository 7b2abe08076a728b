import Foundation
import TallyCore

/// A report's labels, status names, period names, number and date formats, per language.
///
/// Formats are written by hand, not taken from the system locale, so a report reads the same under `LANG=C`.
extension ReportLanguage {
    // MARK: Numbers and dates

    /// `1.234,5` in Vietnamese, `1,234.5` in English: at most `decimals` decimals, trailing zeros dropped.
    public func number(_ value: Double, decimals: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let integer = Int(scaled / scale)
        var fraction = Int(scaled - Double(integer) * scale)
        var digits = decimals
        while digits > 0, fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var text = grouped(UInt64(integer))
        if digits > 0 {
            let f = String(fraction)
            text += (self == .vi ? "," : ".") + String(repeating: "0", count: digits - f.count) + f
        }
        return value < 0 && scaled > 0 ? "−" + text : text
    }

    /// An integer with thousands grouped: `12.345` / `12,345`.
    public func integer(_ value: Int) -> String {
        value < 0 ? "−" + grouped(UInt64(value.magnitude)) : grouped(UInt64(value))
    }

    /// How a window's target is made up when something was carried into it: `30 + 10 carried` /
    /// `30 + 10 chuyển sang`, `30 − 10 carried` for an excess of the window before; nil when nothing was.
    public func carried(base: Int?, carried: Int?) -> String? {
        guard let base, let carried, carried != 0 else { return nil }
        return integer(base) + (carried > 0 ? " + " : " − ") + integer(abs(carried))
            + (self == .vi ? " chuyển sang" : " carried")
    }

    /// A percentage with one decimal: `78,5 %` / `78.5%`.
    public func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        return self == .vi ? number(value, decimals: 1) + " %" : number(value, decimals: 1) + "%"
    }

    /// `15/05/2024` / `2024-05-15` from `2024-05-15`; other text is returned as is.
    public func date(_ iso: String) -> String {
        guard self == .vi else { return iso }
        let parts = iso.prefix(10).split(separator: "-")
        guard parts.count == 3, iso.count >= 10 else { return iso }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    /// A date-time from RFC 3339 text, as `15/05/2024 09:30` / `2024-05-15 09:30` (the time as written).
    public func dateTime(_ rfc3339: String) -> String {
        guard rfc3339.count >= 16 else { return date(rfc3339) }
        let time = rfc3339.dropFirst(11).prefix(5)
        return date(String(rfc3339.prefix(10))) + " " + time
    }

    /// A range of dates: `01/04/2024 – 30/06/2024`.
    public func dateRange(_ from: String, _ to: String) -> String {
        date(from) + " – " + date(to)
    }

    // MARK: Periods and windows

    /// `Tháng 5/2024`, `Quý II/2024`, `Năm 2024`, `Tuần 19/2024` / `May 2024`, `Q2 2024`, `2024`, `Week 19, 2024`;
    /// `total` is the whole agreement; a `FROM..TO` label becomes a date range.
    public func periodName(_ label: String) -> String {
        if label == "total" { return self == .vi ? "Cả thời hạn hợp đồng" : "Whole agreement" }
        if let range = label.range(of: "..") {
            return dateRange(String(label[..<range.lowerBound]), String(label[range.upperBound...]))
        }
        let parts = label.split(separator: "-")
        guard let year = parts.first, year.count == 4 else { return label }
        if parts.count == 1 { return self == .vi ? "Năm \(year)" : "Year \(year)" }
        let part = parts[1]
        if part.hasPrefix("Q"), let q = Int(part.dropFirst()), (1...4).contains(q) {
            return self == .vi ? "Quý \(["I", "II", "III", "IV"][q - 1])/\(year)" : "Q\(q) \(year)"
        }
        if part.hasPrefix("W"), let w = Int(part.dropFirst()) {
            return self == .vi ? "Tuần \(w)/\(year)" : "Week \(w), \(year)"
        }
        if let m = Int(part), (1...12).contains(m) {
            return self == .vi ? "Tháng \(m)/\(year)" : "\(Self.englishMonths[m - 1]) \(year)"
        }
        return label
    }

    /// January … December.
    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The cadence of a quota: `năm`, `quý`, … / `year`, `quarter`, ….
    public func cadence(_ per: String) -> String {
        switch (self, per) {
        case (.vi, "year"): "Năm"
        case (.vi, "quarter"): "Quý"
        case (.vi, "month"): "Tháng"
        case (.vi, "week"): "Tuần"
        case (.vi, "total"): "Cả hợp đồng"
        case (.en, "year"): "Yearly"
        case (.en, "quarter"): "Quarterly"
        case (.en, "month"): "Monthly"
        case (.en, "week"): "Weekly"
        case (.en, "total"): "Whole agreement"
        default: per
        }
    }

    // MARK: Statuses

    /// The reader's name of a quota or milestone status or an agreement state; nil (a window not started yet)
    /// reads "not started".
    public func status(_ code: String?) -> String {
        let vi = self == .vi
        switch code {
        case nil: return vi ? "Chưa bắt đầu" : "Not started"
        case "ON_TRACK": return vi ? "Đúng tiến độ" : "On track"
        case "AT_RISK": return vi ? "Có nguy cơ chậm" : "At risk"
        case "BEHIND": return vi ? "Chậm tiến độ" : "Behind"
        case "MET": return vi ? "Đạt" : "Met"
        case "MISSED": return vi ? "Không đạt" : "Missed"
        case "DONE": return vi ? "Hoàn thành" : "Done"
        case "LATE": return vi ? "Hoàn thành muộn" : "Done late"
        case "DUE_SOON": return vi ? "Sắp đến hạn" : "Due soon"
        case "PENDING": return vi ? "Chưa đến hạn" : "Pending"
        case "NOT_STARTED": return vi ? "Chưa bắt đầu" : "Not started"
        case "ACTIVE": return vi ? "Đang thực hiện" : "Active"
        case "EXPIRING": return vi ? "Sắp hết hạn" : "Expiring"
        case "ENDED": return vi ? "Đã kết thúc" : "Ended"
        case "ARCHIVED": return vi ? "Đã lưu trữ" : "Archived"
        case "STALE": return vi ? "Không cập nhật" : "Stale"
        case "FRESH": return vi ? "Đã cập nhật lại" : "Fresh"
        case let other?: return other
        }
    }

    /// The reader's name of an alert type (`quota-behind` …).
    public func alertType(_ type: String) -> String {
        let vi = self == .vi
        switch type {
        case "quota-at-risk": return vi ? "Chỉ tiêu có nguy cơ chậm" : "Quota at risk"
        case "quota-behind": return vi ? "Chỉ tiêu chậm tiến độ" : "Quota behind"
        case "quota-recovered": return vi ? "Chỉ tiêu trở lại đúng tiến độ" : "Quota recovered"
        case "quota-met": return vi ? "Chỉ tiêu đạt" : "Quota met"
        case "quota-missed": return vi ? "Chỉ tiêu không đạt" : "Quota missed"
        case "quota-outcome-changed": return vi ? "Kết quả chu kỳ thay đổi" : "Window outcome changed"
        case "milestone-due-soon": return vi ? "Mốc sắp đến hạn" : "Milestone due soon"
        case "milestone-missed": return vi ? "Mốc quá hạn" : "Milestone missed"
        case "milestone-done": return vi ? "Mốc hoàn thành" : "Milestone done"
        case "milestone-late": return vi ? "Mốc hoàn thành muộn" : "Milestone done late"
        case "agreement-expiring": return vi ? "Hợp đồng sắp hết hạn" : "Agreement expiring"
        case "agreement-ended": return vi ? "Hợp đồng kết thúc" : "Agreement ended"
        case "agreement-stale": return vi ? "Không cập nhật số liệu" : "Nothing recorded lately"
        case "agreement-fresh": return vi ? "Đã cập nhật số liệu trở lại" : "Recording resumed"
        default: return type
        }
    }

    /// The reader's name of a delivery kind.
    public func kind(_ kind: String) -> String {
        let vi = self == .vi
        switch kind {
        case "article": return vi ? "Tin, bài" : "Article"
        case "photo": return vi ? "Ảnh" : "Photo"
        case "video": return "Video"
        case "infographic": return "Infographic"
        case "emagazine": return "E-magazine"
        case "podcast": return "Podcast"
        case "broadcast": return vi ? "Phát sóng" : "Broadcast"
        case "screen": return vi ? "Màn hình công cộng" : "Public screen"
        default: return kind
        }
    }
}

/// How a status reads at a glance: the colour family a renderer gives it (always beside its name).
public enum StatusTone: String, Sendable {
    case good, warning, bad, neutral

    /// The tone of a quota or milestone status or an agreement state.
    public init(_ code: String?) {
        switch code {
        case "MET", "DONE", "ON_TRACK": self = .good
        case "AT_RISK", "DUE_SOON", "LATE", "EXPIRING", "STALE": self = .warning
        case "BEHIND", "MISSED": self = .bad
        default: self = .neutral
        }
    }
}
