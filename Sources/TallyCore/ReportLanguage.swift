/// The languages reports are written in (SPEC §7); the renderers' words for each are in TallyReport.
public enum ReportLanguage: String, Sendable, CaseIterable, Codable {
    case vi, en
}
