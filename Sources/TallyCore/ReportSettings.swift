/// The languages reports are written in (SPEC §7); the renderers' words for each are in TallyReport.
public enum ReportLanguage: String, Sendable, CaseIterable, Codable {
    case vi, en
}

/// `[report]` of the main file (SPEC §11): how `tallyctl report --mail` sends reports.
public struct ReportSettings: Sendable, Hashable {
    /// The `From:` address (`Name <addr>` or `addr`); nothing is mailed without one.
    public var mailFrom: String?
    /// Run as `sendmail -i -t`, the message on its standard input.
    public var sendmail: String
    /// The language of reports when `--lang` is not given.
    public var language: ReportLanguage

    public init(mailFrom: String? = nil, sendmail: String = ReportSettings.defaultSendmail, language: ReportLanguage = .vi) {
        self.mailFrom = mailFrom
        self.sendmail = sendmail
        self.language = language
    }

    /// Where Debian's MTAs (exim4, postfix, msmtp-mta, …) put their sendmail.
    public static let defaultSendmail = "/usr/sbin/sendmail"
}
