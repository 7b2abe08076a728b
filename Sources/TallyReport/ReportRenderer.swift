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

/// Renders report data to one of the formats, in one language.
public enum ReportRenderer {
    /// The report as text in `format` and `language` (CSV starts with a byte order mark).
    public static func render(_ data: ReportData, format: ReportFormat, language: ReportLanguage) throws -> String {
        switch format {
        case .text: ReportText.render(ReportDocument(data, language: language))
        case .md: ReportMarkdown.render(ReportDocument(data, language: language))
        case .html: ReportHTML.render(ReportDocument(data, language: language))
        case .csv: ReportCSV.render(data, language: language)
        case .json: try ReportJSON.render(data)
        }
    }
}
