import ArgumentParser
import Foundation
import TallyCommandLine
import TallyConfig
import TallyCore
import TallyInterface
import TallyMail
import TallyProtocol
import TallyReport

/// `tallyctl report [AGREEMENT…] [--period P] [--format F] [--lang L] [--output PATH] [--mail [--to ADDR…]]
/// [--mail-dry-run DIR]` (SPEC §7, §11).
///
/// Thin on purpose: the data comes from tallyd (`io.tally.GetReportData`), the rendering, the file layout and the
/// message from TallyReport; the machine's MTA sends it. `[report]` is read from the main file here, not asked of
/// tallyd: the program tallyctl runs (perhaps as root) is the one the administrator's file names.
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

            --mail sends one message per agreement to its report_to (--to ADDR… instead), from [report] mail_from, \
            through `sendmail -i -t` ([report] sendmail; [report] is read from --config, default \
            /etc/tally/tally.toml): the text report, the HTML report as its alternative, the CSV attached. Agreements without recipients are skipped with a note; without mail_from nothing is \
            mailed. Files asked for with --output are written first, so a failing MTA loses no report. \
            --mail-dry-run DIR writes DIR/<agreement>.eml instead of sending.

            Example:  tallyctl report ben-tre-2024 --period 2024-Q2 --format html --lang vi --output /tmp/reports
                      tallyctl report --period previous-month --mail
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

    @Option(help: ArgumentHelp("en or vi (default: vi; when mailing, [report] lang).", valueName: "lang"))
    var lang: String?

    @Option(help: ArgumentHelp("A file, or a directory for one file per agreement and format.", valueName: "path"),
            completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("Report as if now were this date or date-time (default: now).", valueName: "date"))
    var at: String?

    @Flag(help: "Mail each agreement's report to its report_to, through the machine's sendmail.")
    var mail = false

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("With --mail or --mail-dry-run: these recipients instead of report_to.", valueName: "addr"))
    var to: [String] = []

    @Option(help: ArgumentHelp("With --mail or --mail-dry-run: the main file whose [report] says how to mail (default: \(Self.defaultConfig)).",
                               valueName: "path"),
            completion: .file(extensions: ["toml"]))
    var config: String?

    /// tallyd's main file as the units name it.
    static let defaultConfig = "/etc/tally/tally.toml"

    @Option(name: .customLong("mail-dry-run"),
            help: ArgumentHelp("Write the messages as DIR/<agreement>.eml instead of sending them.", valueName: "dir"),
            completion: .directory)
    var mailDryRun: String?

    func validate() throws {
        if let lang, ReportLanguage(rawValue: lang) == nil {
            throw ValidationError("--lang: \"\(lang)\" is not a report language; use en or vi.")
        }
        if !to.isEmpty, !mail, mailDryRun == nil {
            throw ValidationError("--to names the recipients of --mail or --mail-dry-run; add one of them.")
        }
        if config != nil, !mail, mailDryRun == nil {
            throw ValidationError("--config names the file whose [report] --mail or --mail-dry-run reads; add one of them.")
        }
        if mail, mailDryRun != nil {
            throw ValidationError("--mail sends and --mail-dry-run writes the messages instead: give one of them.")
        }
        for address in to {
            do {
                _ = try MailAddress(parsing: address)
            } catch {
                throw ValidationError("--to: \(error.description).")
            }
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
        let (reply, _) = try TallydConnection(global).call(
            IOTally.getReportData,
            GetReportDataParameters(agreements: agreements.isEmpty ? nil : agreements, period: period, at: at))
        let data = reply.report
        let mailing = mail || mailDryRun != nil
        var settings: ReportSettings?
        var unreadable: ConfigurationError?
        if mailing {
            do {
                settings = try ConfigurationLoader.reportSettings(mainFile: config ?? Self.defaultConfig)
            } catch {
                unreadable = error
            }
        }
        let language = lang.flatMap(ReportLanguage.init(rawValue:)) ?? settings?.language ?? .vi
        // The files first: whatever the configuration or the MTA does next, the report is kept.
        if output != nil || !mailing {
            try writeFiles(data, language: language)
        }
        if let unreadable {
            throw CommandFailure("no report mailed: [report] could not be read", details: [unreadable.description])
        }
        if let settings {
            try ReportMailing(settings: settings, configuration: config ?? Self.defaultConfig, recipients: to, dryRun: mailDryRun)
                .send(data, language: language)
        }
    }

    /// The report to `--output` (a file, or one file per agreement and format in a directory) or standard output.
    private func writeFiles(_ data: ComplianceReportSet, language: ReportLanguage) throws {
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
