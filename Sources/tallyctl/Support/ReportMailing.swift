import Foundation
import TallyCommandLine
import TallyConfig
import TallyCore
import TallyMail
import TallyReport

/// `report --mail` and `--mail-dry-run` (SPEC §11): one message per agreement; a failure is kept and the others
/// are still sent, and the command then fails with every failure listed.
struct ReportMailing {
    /// `[report]` of the main file.
    var settings: ReportSettings
    /// That file, for the sentences.
    var configuration: String
    /// `--to`: recipients instead of each agreement's `report_to`.
    var recipients: [String]
    /// `--mail-dry-run DIR`.
    var dryRun: String?

    func send(_ data: ComplianceReportSet, language: ReportLanguage) throws {
        var standardError = StandardError()
        guard let fromText = settings.mailFrom else {
            print("no report mailed: \(configuration) has no [report] mail_from", to: &standardError)
            return
        }
        let from: MailAddress
        let override: [MailAddress]
        do {
            from = try MailAddress(parsing: fromText)
            override = try recipients.map { address throws(MailAddressError) in try MailAddress(parsing: address) }
        } catch {
            throw CommandFailure(error.description)
        }
        let sendmail = Sendmail(path: settings.sendmail)
        if let dryRun {
            try FileManager.default.createDirectory(atPath: dryRun, withIntermediateDirectories: true)
        } else {
            do {
                try sendmail.check()
            } catch {
                throw CommandFailure("no report mailed: \(error.description)")
            }
        }
        var generator = SystemRandomNumberGenerator()
        let date = data.generatedAt.instant(in: .gmt)
        var failures: [String] = []
        var sent = 0
        for report in data.agreements {
            let id = report.agreementID
            var to = override
            if to.isEmpty {
                do {
                    to = try report.reportTo.map { address throws(MailAddressError) in try MailAddress(parsing: address) }
                } catch {
                    failures.append("\(id): report_to: \(error.description)")
                    continue
                }
            }
            guard !to.isEmpty else {
                print("\(id): not mailed, the agreement has no report_to", to: &standardError)
                continue
            }
            let recipients = to.map(\.address).joined(separator: ", ")
            do {
                let envelope = ReportMail.Envelope(
                    from: from, to: to, messageID: MailMessage.makeMessageID(at: date, from: from, using: &generator))
                let message = try ReportMail.message(report, of: data, language: language, envelope: envelope)
                if let dryRun {
                    let path = URL(fileURLWithPath: dryRun, isDirectory: true)
                        .appendingPathComponent(ReportMail.messageFileName(id))
                    try Data(message.rendered(lineEnding: .crlf)).write(to: path, options: .atomic)
                    print("\(path.path) (to \(recipients))")
                } else {
                    try sendmail.send(message.rendered(lineEnding: .lf))
                    print("\(id): mailed to \(recipients)")
                }
                sent += 1
            } catch let failure as Sendmail.Failure {
                failures.append("\(id): \(failure.description)")
            } catch {
                failures.append("\(id): \(error.localizedDescription)")
            }
        }
        if !failures.isEmpty {
            let verb = dryRun == nil ? "mailed" : "written"
            throw CommandFailure(
                "\(failures.count) of \(failures.count + sent) reports could not be \(verb)", details: failures)
        }
    }
}
