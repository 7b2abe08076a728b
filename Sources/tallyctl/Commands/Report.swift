import ArgumentParser
import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl report [AGREEMENT…] [--period P] [--format F] [--lang L] [--output PATH]` (SPEC §7).
///
/// Thin on purpose: the data comes from tallyd (`io.tally.GetReportData`), the rendering and the file layout
/// from TallyReport.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write compliance reports for a period.",
        discussion: """
            Per agreement: parties, reference, the period, each quota's target for the period (window targets \
            inside it plus a calendar-day share of windows straddling its edges), delivered, completion, the \
            status at the period's end (or now) and the outcome of each window; milestones due in the period; \
            voided items; items recorded after their window closed; the alerts raised.

            Periods: 2024, 2024-Q2, 2024-05, 2024-W19, previous-month, previous-quarter, previous-year, or \
            FROM..TO (e.g. 2024-01-01..2024-06-30); default: the current quarter to date. Formats: text \
            (default), md, html, csv, json, or all. Without --output the report goes to standard output; \
            --output FILE writes one file; with --output DIR (an existing directory, and always with \
            --format all) files go to DIR/<period>/<agreement>.<lang>.<ext>, one per agreement and format.

            Example:  tallyctl report ben-tre-2024 --period 2024-Q2 --format html --lang vi --output /tmp/reports
            """
    )

    /// Output formats of SPEC §7, and `all`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, md, html, csv, json, all
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Agreement ids (default: every agreement whose dates meet the period).")
    var agreements: [String] = []

    @Option(help: ArgumentHelp("The period (default: the current quarter to date).", valueName: "period"))
    var period: String?

    @Option(help: ArgumentHelp("text, md, html, csv, json or all (default: text).", valueName: "format"))
    var format: Format = .text

    @Option(help: ArgumentHelp("en or vi (default: vi).", valueName: "lang"))
    var lang = "vi"

    @Option(help: ArgumentHelp("A file, or a directory for one file per agreement and format.", valueName: "path"),
            completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("Report as if now were this date or date-time (default: now).", valueName: "date"))
    var at: String?

    func validate() throws {
        guard ReportLanguage(rawValue: lang) != nil else {
            throw ValidationError("--lang: \"\(lang)\" is not a report language; use en or vi.")
        }
        if format == .all, output == nil {
            throw ValidationError("--format all writes one file per agreement and format: give --output DIRECTORY.")
        }
        if let period {
            do {
                _ = try ReportPeriod.parse(period, today: DateArgument.today)
            } catch {
                throw ValidationError("--period: \(error.description).")
            }
        }
    }

    /// Whether `text` is a period of SPEC §7 (relative to today, for `FROM..TO` with `today`).
    static func isPeriod(_ text: String) -> Bool {
        (try? ReportPeriod.parse(text, today: DateArgument.today)) != nil
    }

    func run() throws {
        let language = ReportLanguage(rawValue: lang) ?? .vi
        let (reply, _) = try TallydConnection(global).call(
            IOTally.getReportData,
            GetReportDataParameters(agreements: agreements.isEmpty ? nil : agreements, period: period, at: at))
        let data = reply.report
        let formats: [ReportFormat] = format == .all
            ? ReportFormat.allCases : [ReportFormat(rawValue: format.rawValue) ?? .text]
        if let output, format == .all || ReportWriter.isDirectory(output) {
            for file in try ReportWriter.write(data, formats: formats, language: language, to: output) {
                print(file)
            }
            return
        }
        let text = try ReportRenderer.render(data, format: formats[0], language: language)
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
