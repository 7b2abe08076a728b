import Foundation
import TallyCore
import TallyMail
import TallyReport

/// `report --mail` and `--mail-dry-run` (SPEC §11): one message per agreement; a failure is kept and the others
/// are still sent, and the command then fails with every failure listed.
struct ReportMailing {
    /// `[report]` as tallyd has it.
    var settings: ReportSettings
    /// `--to`: recipients instead of each agreement's `report_to`.
    var recipients: [String]
    /// `--mail-dry-run DIR`.
    var dryRun: String?

    func send(_ data: ComplianceReportSet, language: ReportLanguage) throws {
        var standardError = StandardError()
        guard let fromText = settings.mailFrom else {
            print("no report mailed: tallyd's configuration has no [report] mail_from", to: &standardError)
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
            let to = override.isEmpty ? report.reportTo.compactMap { try? MailAddress(parsing: $0) } : override
            guard !to.isEmpty else {
                print("\(report.agreementID): not mailed, the agreement has no report_to", to: &standardError)
                continue
            }
            let envelope = ReportMail.Envelope(
                from: from, to: to, messageID: MailMessage.makeMessageID(at: date, from: from, using: &generator))
            let message = try ReportMail.message(report, of: data, language: language, envelope: envelope)
            let recipients = to.map(\.address).joined(separator: ", ")
            if let dryRun {
                let path = URL(fileURLWithPath: dryRun, isDirectory: true)
                    .appendingPathComponent(ReportMail.messageFileName(report.agreementID))
                try Data(message.rendered(lineEnding: .crlf)).write(to: path, options: .atomic)
                print("\(path.path) (to \(recipients))")
                continue
            }
            do {
                try sendmail.send(message.rendered(lineEnding: .lf))
                sent += 1
                print("\(report.agreementID): mailed to \(recipients)")
            } catch {
                failures.append("\(report.agreementID): \(error.description)")
            }
        }
        if !failures.isEmpty {
            throw CommandFailure(
                "\(failures.count) of \(failures.count + sent) reports could not be mailed", details: failures)
        }
    }
}
