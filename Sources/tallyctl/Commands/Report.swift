import Foundation
import ArgumentParser
import TallyCore

/// `tallyctl report [AGREEMENT…] [--period P] [--format F] [--lang L] [--output PATH]`.
///
/// Thin on purpose: the data comes from tallyd and the rendering from TallyReport (SPEC §7).
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write compliance reports for a period.",
        discussion: """
            Per agreement: parties, reference, the period, each quota's target for the period, delivered, \
            completion and the outcome of each window; milestones due in the period; voided items; items \
            recorded late; the alerts raised.

            Periods: 2024, 2024-Q2, 2024-05, 2024-W19, previous-month, previous-quarter, previous-year, or \
            FROM..TO (e.g. 2024-01-01..2024-06-30); default: the current quarter to date. Formats: text \
            (default), md, html, csv, json, or all. With --output DIR, files go to DIR/<period>/<agreement>.<lang>.<ext>.

            Example:  tallyctl report ben-tre-2024 --period 2024-Q2 --format html --lang vi --output /tmp/reports
            """
    )

    /// The formats of SPEC §7.
    static let formats = ["text", "md", "html", "csv", "json", "all"]
    /// The languages of SPEC §7.
    static let languages = ["en", "vi"]

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Agreement ids (default: all).")
    var agreements: [String] = []

    @Option(help: ArgumentHelp("The period (default: the current quarter to date).", valueName: "period"))
    var period: String?

    @Option(help: ArgumentHelp("text, md, html, csv, json or all (default: text).", valueName: "format"))
    var format = "text"

    @Option(help: ArgumentHelp("en or vi (default: vi).", valueName: "lang"))
    var lang = "vi"

    @Option(help: ArgumentHelp("A file, or a directory for one file per agreement and format.", valueName: "path"), completion: .file())
    var output: String?

    func validate() throws {
        guard Self.formats.contains(format) else {
            throw ValidationError("--format: \"\(format)\" is not a format; use \(ErrorSentences.listed(Self.formats.map { $0 }).replacingOccurrences(of: " and ", with: " or ")).")
        }
        guard Self.languages.contains(lang) else {
            throw ValidationError("--lang: \"\(lang)\" is not a report language; use en or vi.")
        }
        if let period, !Self.isPeriod(period) {
            throw ValidationError(
                "--period: \"\(period)\" is not a period; use 2024, 2024-Q2, 2024-05, 2024-W19, previous-month, "
                    + "previous-quarter, previous-year or FROM..TO such as 2024-01-01..2024-06-30.")
        }
    }

    func run() throws {
        // The report data method and TallyReport rendering come with the reports issue.
        throw CommandFailure(
            "Reports are not available yet: this tallyd and tallyctl have no report data method; "
                + "`tallyctl show AGREEMENT --json` has the numbers meanwhile.")
    }

    /// Whether `text` is a period of SPEC §7.
    static func isPeriod(_ text: String) -> Bool {
        if ["previous-month", "previous-quarter", "previous-year"].contains(text) { return true }
        if let range = text.range(of: "..") {
            let today = DateArgument.today
            guard let from = DateArgument(String(text[..<range.lowerBound]), today: today),
                let to = DateArgument(String(text[range.upperBound...]), today: today)
            else { return false }
            return from.date <= to.date
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let year = parts.first, year.count == 4, year.allSatisfy(\.isASCIIDigit) else { return false }
        switch parts.count {
        case 1: return true
        case 2:
            let rest = parts[1]
            if rest.first == "Q", let quarter = Int(rest.dropFirst()), rest.count == 2 { return (1...4).contains(quarter) }
            if rest.first == "W", let week = Int(rest.dropFirst()), rest.count == 3 { return (1...53).contains(week) }
            if rest.count == 2, let month = Int(rest) { return (1...12).contains(month) }
            return false
        default: return false
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
