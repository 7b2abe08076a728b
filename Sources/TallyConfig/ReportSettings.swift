import TallyCore

/// `[report]` of the main file (SPEC §11): how `tallyctl report --mail` sends reports. tallyctl reads it
/// from the file itself (`ConfigurationLoader.reportSettings`); tallyd checks it with the rest at every load.
public struct ReportSettings: Sendable, Hashable {
    /// The `From:` address (`Name <addr>` or `addr`); nothing is mailed without one.
    public var mailFrom: String?
    /// Run as `sendmail -i -t`, the message on its standard input.
    public var sendmail: String
    /// The language of mailed reports (and of the files the same run writes) when `--lang` is not given.
    public var language: ReportLanguage

    public init(mailFrom: String? = nil, sendmail: String = ReportSettings.defaultSendmail, language: ReportLanguage = .vi) {
        self.mailFrom = mailFrom
        self.sendmail = sendmail
        self.language = language
    }

    /// Where Debian's MTAs (exim4, postfix, msmtp-mta, …) put their sendmail.
    public static let defaultSendmail = "/usr/sbin/sendmail"
}
