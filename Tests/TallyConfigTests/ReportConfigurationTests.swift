import TallyConfig
import TallyCore
import TallyTesting
import Testing

/// `[report]` of the main file and an agreement's `report_to` (SPEC §11).
@Suite struct ReportConfigurationTests {
    @Test func reportSettingsAndRecipientsDecode() throws {
        let fixture = try Fixture(
            main: Fixture.main + """
                [report]
                mail_from = "Sở TT&TT Bến Tre <tally@sotttt.example.gov.vn>"
                sendmail  = "/usr/bin/msmtp"
                lang      = "en"

                """,
            agreements: ["10-a.toml": Fixture.agreement("a", """
                report_to = ["kehoach@ttxvn.example.vn", "\\"Phòng Thông tin, Bến Tre\\" <thongtin@bentre.example.gov.vn>"]

                """)])
        let configuration = try fixture.load()
        #expect(configuration.report == ReportSettings(
            mailFrom: "Sở TT&TT Bến Tre <tally@sotttt.example.gov.vn>", sendmail: "/usr/bin/msmtp", language: .en))
        #expect(configuration.agreements.first?.reportTo == [
            "kehoach@ttxvn.example.vn", "\"Phòng Thông tin, Bến Tre\" <thongtin@bentre.example.gov.vn>",
        ])
    }

    @Test func defaultsApplyWhereKeysAreLeftOut() throws {
        let configuration = try Fixture(agreements: ["10-a.toml": Fixture.agreement("a")]).load()
        #expect(configuration.report == ReportSettings(mailFrom: nil, sendmail: "/usr/sbin/sendmail", language: .vi))
        #expect(configuration.agreements.first?.reportTo == [])
        #expect(try Fixture(main: Fixture.main + "[report]\n").load().report == ReportSettings())
    }

    @Test func aChangedReportSectionIsASettingsChange() throws {
        let fixture = try Fixture()
        let old = try fixture.load()
        try fixture.directory.write("tally.toml", Fixture.main + "[report]\nmail_from = \"tally@example.vn\"\n")
        #expect(try fixture.load().changes(from: old) == ConfigurationChanges(settingsChanged: true))
    }

    /// Problems with `[report]`: the key path, the line and a part of the message.
    @Test(arguments: [
        ("[report]\nmail_from = \"tally\"\n", "report.mail_from", 6, "\"tally\" is not a mail address"),
        ("[report]\nmail_from = \"tally@\"\n", "report.mail_from", 6, "\"tally@\" is not a mail address"),
        ("[report]\nmail_from = \"tally@example.vn\\r\\nBcc: x@evil.example\"\n", "report.mail_from", 6, "is not a mail address"),
        ("[report]\nmail_from = \"Tally <tally@example.vn\"\n", "report.mail_from", 6, "is not a mail address"),
        ("[report]\nmail_from = [\"tally@example.vn\"]\n", "report.mail_from", 6, "expected a string"),
        ("[report]\nsendmail = \"sendmail\"\n", "report.sendmail", 6, "expected the absolute path of the MTA's sendmail program"),
        ("[report]\nlang = \"fr\"\n", "report.lang", 6, "expected a report language, vi or en, got \"fr\""),
        ("[report]\nto = [\"a@b.vn\"]\n", "report.to", 6, "unknown key; expected one of: mail_from, sendmail, lang"),
    ])
    func aBrokenReportSettingIsReported(_ extra: String, _ keyPath: String, _ line: Int, _ message: String) throws {
        let issues = try Fixture(main: Fixture.main + extra).issues()
        #expect(issues.count == 1, "got \(issues)")
        let issue = try #require(issues.first { $0.keyPath == keyPath }, "got \(issues)")
        #expect(issue.file.hasSuffix("tally.toml"))
        #expect(issue.line == line, "\(issue)")
        #expect(issue.message.contains(message), "\(issue.message)")
    }

    /// Problems with `report_to`: every bad address is named, each at its index.
    @Test(arguments: [
        ("report_to = \"kehoach@ttxvn.example.vn\"\n", ["report_to"], "expected an array of strings"),
        ("report_to = [\"kehoach\"]\n", ["report_to[0]"], "\"kehoach\" is not a mail address"),
        ("report_to = [\"a@ttxvn.example.vn\", \"@ttxvn.example.vn\", \"b@@ttxvn.example.vn\"]\n",
         ["report_to[1]", "report_to[2]"], "is not a mail address"),
        ("report_to = [\"Nguyễn@ttxvn.example.vn\"]\n", ["report_to[0]"], "is not a mail address"),
        ("report_to = [\"a@ttxvn.example.vn\", \"Phòng A <A@TTXVN.example.vn>\"]\n", ["report_to[1]"],
         "A@TTXVN.example.vn is already listed at report_to[0]; list each recipient once"),
    ])
    func aBrokenRecipientIsReported(_ line: String, _ keyPaths: [String], _ message: String) throws {
        let issues = try Fixture(agreements: ["10-a.toml": Fixture.agreement("a", line)]).issues()
        #expect(issues.map(\.keyPath) == keyPaths, "got \(issues)")
        for issue in issues {
            #expect(issue.file.hasSuffix("agreements.d/10-a.toml"))
            #expect(issue.line == 5, "\(issue)")
            #expect(issue.message.contains(message), "\(issue.message)")
        }
    }
}
