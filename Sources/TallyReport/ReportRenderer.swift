import TallyCore
import TallyInterface
import TallyProtocol

/// A report output format (`--format`).
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    case text, md, html, csv, json

    /// The file name extension.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .md: "md"
        case .html: "html"
        case .csv: "csv"
        case .json: "json"
        }
    }
}

/// Renders a compliance report set to one of the formats, in one language: the set as decoded from io.tally, its
/// fractions at the wire's two decimals, so that every format shows (and charts) the same numbers.
public enum ReportRenderer {
    /// The report as text in `format` and `language` (CSV starts with a byte order mark).
    public static func render(_ data: ComplianceReportSet, format: ReportFormat, language: ReportLanguage) throws -> String {
        switch format {
        case .text: ReportText.render(ReportDocument(data, language: language))
        case .md: ReportMarkdown.render(ReportDocument(data, language: language))
        case .html: ReportHTML.render(ReportDocument(data, language: language))
        case .csv: ReportCSV.render(data, language: language)
        case .json: try ReportJSON.render(data)
        }
    }
}
