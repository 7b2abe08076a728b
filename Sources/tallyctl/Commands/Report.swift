import ArgumentParser
import Foundation
import TallyProtocol
import TallyReport

/// `tallyctl report [AGREEMENT…] [--period P] [--format F] [--lang L] [--output PATH]` (SPEC §7).
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the compliance report of a period.",
        discussion: """
            PERIOD is 2024, 2024-Q2, 2024-05, 2024-W19, previous-month, previous-quarter, previous-year or \
            FROM..TO dates (2024-05-01..2024-05-20); the default is the current quarter to date. Without \
            --output the report goes to standard output. With --output DIR (an existing directory, or any path \
            with --format all) every agreement gets its own file, DIR/<period>/<agreement>.<lang>.<ext>.
            """
    )

    /// Output formats, and `all` for every one of them.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, md, html, csv, json, all
    }

    // The CLI's shared options group (wip-cli) replaces this when merged; same flag, same default.
    @Option(help: "The daemon's socket (default: $TALLY_SOCKET, else /run/tally/io.tally).")
    var socket: String?

    @Argument(help: "Agreements to report on (default: every agreement whose dates meet the period).")
    var agreements: [String] = []

    @Option(help: "The period to report on.")
    var period: String?

    @Option(help: "text, md, html, csv, json, or all.")
    var format: Format = .text

    @Option(name: .customLong("lang"), help: "vi or en.")
    var language: String = "vi"

    @Option(help: "A file, or a directory for one file per agreement.")
    var output: String?

    @Option(help: "Report as if now were this date or date-time (default: now).")
    var at: String?

    func validate() throws {
        guard ReportLanguage(rawValue: language) != nil else {
            throw ValidationError("--lang must be vi or en, not '\(language)'.")
        }
        if format == .all, output == nil {
            throw ValidationError("--format all writes one file per agreement and format: give --output DIRECTORY.")
        }
    }

    func run() throws {
        let language = ReportLanguage(rawValue: language) ?? .vi
        let path = socket ?? ProcessInfo.processInfo.environment["TALLY_SOCKET"] ?? "/run/tally/io.tally"
        var standardError = StandardError()
        let data: ReportData
        do {
            let client = try VarlinkClient(path: path)
            data = try client.call(
                TallyInterface.getReportData,
                GetReportDataParameters(agreements: agreements.isEmpty ? nil : agreements, period: period, at: at)
            ).report
        } catch let error as VarlinkClientError where error.code == .unreachable {
            print("tallyd is not reachable at \(path) (\(error.detail)); start it with 'systemctl start tallyd.socket' "
                  + "or pass --socket PATH.", to: &standardError)
            throw ExitCode(4)
        } catch let error as VarlinkError {
            print(Self.sentence(for: error), to: &standardError)
            throw ExitCode.failure
        }
        let formats: [ReportFormat] = format == .all ? ReportFormat.allCases : [ReportFormat(rawValue: format.rawValue) ?? .text]
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

    /// A daemon error as one sentence for stderr.
    static func sentence(for error: VarlinkError) -> String {
        if error.name == "io.tally.InvalidArgument", let reason = try? error.decodeParameters(as: [String: String].self)["reason"] {
            return reason
        }
        if error.name == "io.tally.NoSuchAgreement",
            let agreement = try? error.decodeParameters(as: [String: String].self)["agreement"]
        {
            return "No agreement is called '\(agreement)'; 'tallyctl agreements' lists them."
        }
        return "tallyd refused the report: \(error)"
    }
}
