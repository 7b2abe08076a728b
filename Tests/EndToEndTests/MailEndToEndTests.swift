import Foundation
import TallyTesting
import Testing

/// `tallyctl report --mail` as tally-report.service runs it (SPEC §11): the built binaries, a real tallyd, Debian's
/// msmtp as the sendmail, a real SMTP server on loopback (aiosmtpd) that keeps what it receives, and Python's
/// `email` package reading each message header by header.
@Suite(.requires(.msmtp), .requires(.aiosmtpd))
struct MailEndToEndTests {
    static let from = "Sở TT&TT Bến Tre <tally@sotttt.example.gov.vn>"

    /// `Scenario.quarterly(id)` mailed to `recipients`.
    static func agreement(_ id: String, to recipients: [String]) -> String {
        let list = recipients.map { "\"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" }.joined(separator: ", ")
        return Scenario.quarterly(id).replacingOccurrences(
            of: "end = 2025-12-31\n", with: "end = 2025-12-31\n" + (recipients.isEmpty ? "" : "report_to = [\(list)]\n"))
    }

    /// A daemon with `agreements`, `[report]` mailing through msmtp to `sink`, and the environment tallyctl runs in.
    static func daemon(_ agreements: [String: String], sink: SMTPSink, report: String? = nil) throws
        -> (DaemonHarness, [String: String], TemporaryDirectory)
    {
        let home = try TemporaryDirectory(prefix: "tally-mail-home")
        try sink.writeMsmtpConfiguration(home: home.path, from: "tally@sotttt.example.gov.vn")
        let section = report ?? """
            [report]
            mail_from = "\(from)"
            sendmail = "/usr/bin/msmtp"
            lang = "vi"
            """
        let daemon = try DaemonHarness(agreements: agreements, mainExtra: section + "\n", now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        return (daemon, ["TALLY_SOCKET": daemon.socketPath, "HOME": home.path], home)
    }

    /// `--config` for the daemon's main file: `[report]` is read from the file, not asked of tallyd.
    static func config(_ daemon: DaemonHarness) -> [String] {
        ["--config", daemon.configPath]
    }

    @Test func eachAgreementsReportArrivesAsOneMessageThatAMIMEParserReadsBack() throws {
        let sink = try SMTPSink()
        let a = Scenario.uniqueID("mail-a")
        let b = Scenario.uniqueID("mail-b")
        let (daemon, environment, home) = try Self.daemon([
            "a.toml": Self.agreement(a, to: ["\"Phòng Kế hoạch, TTXVN\" <kehoach@ttxvn.example.vn>", "vanthu@sotttt.example.gov.vn"]),
            "b.toml": Self.agreement(b, to: ["bientap@baobentre.example.vn"]),
        ], sink: sink)
        defer { daemon.stop() }
        defer { withExtendedLifetime(home) {} }
        let period = ["--period", "2025-Q1"]

        let run = try Executables.run("tallyctl", ["report", a, b, "--mail"] + period + Self.config(daemon), environment: environment)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == """
            \(a): mailed to kehoach@ttxvn.example.vn, vanthu@sotttt.example.gov.vn
            \(b): mailed to bientap@baobentre.example.vn

            """, "\(run)")
        let messages = sink.messages()
        try #require(messages.count == 2, "the sink received \(messages.count) messages")
        #expect(messages[0].envelopeTo == ["kehoach@ttxvn.example.vn", "vanthu@sotttt.example.gov.vn"])
        #expect(messages[1].envelopeTo == ["bientap@baobentre.example.vn"])
        #expect(messages.allSatisfy { $0.envelopeFrom == "tally@sotttt.example.gov.vn" })

        for (message, id) in zip(messages, [a, b]) {
            let mail = try ParsedMail.parse(message.path)
            #expect(mail.defects == [], "\(mail.defects)")
            #expect(mail.subject == "Báo cáo thực hiện hợp đồng \(id) — 2025-Q1")
            #expect(mail.from == [.init(name: "Sở TT&TT Bến Tre", address: "tally@sotttt.example.gov.vn")])
            #expect(mail.to.map(\.address) == message.envelopeTo)
            if id == a { #expect(mail.to.first?.name == "Phòng Kế hoạch, TTXVN") }
            // Dated when the report was made: the daemon's clock, in its zone.
            #expect(mail.date == 1_744_261_200, "Date: \(mail.headers["date"] ?? "")")
            #expect(mail.dateOffset == 7 * 3_600)
            #expect(mail.messageID.hasPrefix("<") && mail.messageID.hasSuffix("@sotttt.example.gov.vn>"), "\(mail.messageID)")
            #expect(mail.mimeVersion == "1.0")
            #expect(mail.headers["auto-submitted"] == "auto-generated")
            #expect(mail.structure == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/csv"])
            #expect(mail.longestLine <= 998, "a line of \(mail.longestLine) octets")
            #expect(mail.bareLF == 0 && mail.bareCR == 0, "as received over SMTP the lines end in CRLF")

            // The parts are the report files' own formats, byte for byte but for the line ends: text travels in
            // MIME's canonical form, CRLF, which the reader's system turns into its own.
            let text = try Executables.run("tallyctl", ["report", id, "--format", "text"] + period, environment: environment)
            let html = try Executables.run("tallyctl", ["report", id, "--format", "html"] + period, environment: environment)
            let csv = try Executables.run("tallyctl", ["report", id, "--format", "csv"] + period, environment: environment)
            #expect(mail.part("text/plain")?.charset == "utf-8")
            let local = { (part: ParsedMail.Part?) in
                part.map { String(decoding: $0.content, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n") }
            }
            #expect(local(mail.part("text/plain")) == text.stdout)
            #expect(local(mail.part("text/html")) == html.stdout)
            let attachment = try #require(mail.part("text/csv"))
            #expect(attachment.disposition == "attachment")
            #expect(attachment.filename == "\(id)-2025-Q1.vi.csv")
            #expect(attachment.content == Data(csv.stdout.utf8))
            #expect(attachment.content.starts(with: [0xEF, 0xBB, 0xBF]), "the CSV keeps its byte order mark")
        }
    }

    @Test(.requires(.chromium)) func chromiumRendersTheHTMLPartAsReceived() throws {
        let sink = try SMTPSink()
        let id = Scenario.uniqueID("mail-html")
        let (daemon, environment, home) = try Self.daemon(["a.toml": Self.agreement(id, to: ["kehoach@ttxvn.example.vn"])], sink: sink)
        defer { daemon.stop() }
        let run = try Executables.run("tallyctl", ["report", id, "--mail", "--period", "2025-Q1"] + Self.config(daemon), environment: environment)
        #expect(run.status == 0, "\(run)")
        let mail = try ParsedMail.parse(try #require(sink.messages().first).path)
        let html = try #require(mail.part("text/html")).content
        let page = home.path("mail.html")
        try html.write(to: URL(fileURLWithPath: page))
        let png = ProcessInfo.processInfo.environment["TALLY_MAIL_ARTIFACT"] ?? home.path("mail.png")
        let chromium = try #require(Component.chromiumPath)
        let render = try Executables.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--disable-dev-shm-usage",
            "--user-data-dir=\(home.path("profile"))", "--window-size=900,1400", "--screenshot=\(png)",
            URL(fileURLWithPath: page).absoluteString,
        ], timeout: .seconds(120))
        #expect(render.status == 0, "\(render)")
        let size = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        #expect(size > 10_000, "the screenshot is \(size) bytes")
    }

    @Test func aRefusedRecipientFailsItsAgreementOnlyAndNoReportIsLost() throws {
        let sink = try SMTPSink()
        let good = Scenario.uniqueID("mail-good")
        let refused = Scenario.uniqueID("mail-refused")
        let nobody = Scenario.uniqueID("mail-nobody")
        let (daemon, environment, home) = try Self.daemon([
            "1.toml": Self.agreement(refused, to: ["refuse-all@ttxvn.example.vn"]),
            "2.toml": Self.agreement(good, to: ["kehoach@ttxvn.example.vn"]),
            "3.toml": Self.agreement(nobody, to: []),
        ], sink: sink)
        defer { daemon.stop() }
        let output = home.path("reports")
        let run = try Executables.run(
            "tallyctl", ["report", refused, good, nobody, "--period", "2025-Q1", "--format", "all", "--output", output, "--mail"]
                + Self.config(daemon),
            environment: environment)
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.contains("\(good): mailed to kehoach@ttxvn.example.vn\n"), "\(run)")
        #expect(run.stderr.contains("\(nobody): not mailed, the agreement has no report_to"), "\(run)")
        // msmtp's own exit status (EX_DATAERR) and its words about the refusal.
        #expect(run.stderr.contains("\(refused): /usr/bin/msmtp exited with status 65: "), "\(run)")
        #expect(run.stderr.contains("550 5.1.1 mailbox unavailable"), "\(run)")
        #expect(run.stderr.contains("refuse-all@ttxvn.example.vn"), "\(run)")
        #expect(run.stderr.contains("1 of 2 reports could not be mailed"), "\(run)")
        #expect(sink.messages().map(\.envelopeTo) == [["kehoach@ttxvn.example.vn"]])
        for id in [refused, good, nobody] {
            for ext in ["txt", "md", "html", "csv", "json"] {
                #expect(FileManager.default.fileExists(atPath: "\(output)/2025-Q1/\(id).vi.\(ext)"), "\(id).vi.\(ext)")
            }
        }
    }

    @Test func aMissingSendmailIsOneSentenceAndTheFilesAreStillWritten() throws {
        let sink = try SMTPSink()
        let id = Scenario.uniqueID("mail-nosendmail")
        let (daemon, environment, home) = try Self.daemon(
            ["a.toml": Self.agreement(id, to: ["kehoach@ttxvn.example.vn"])], sink: sink,
            report: "[report]\nmail_from = \"tally@sotttt.example.gov.vn\"\nsendmail = \"/nonexistent/sbin/sendmail\"\n")
        defer { daemon.stop() }
        let output = home.path("reports")
        let run = try Executables.run(
            "tallyctl", ["report", id, "--period", "2025-Q1", "--format", "all", "--output", output, "--mail"] + Self.config(daemon),
            environment: environment)
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr == "no report mailed: /nonexistent/sbin/sendmail does not exist: install an MTA that provides sendmail (msmtp-mta, postfix, exim4, …) or set [report] sendmail to the one you have\n", "\(run)")
        #expect(FileManager.default.fileExists(atPath: "\(output)/2025-Q1/\(id).vi.html"))
        #expect(sink.messages().isEmpty)
    }

    @Test func withoutMailFromNothingIsMailedAndTheRunSucceeds() throws {
        let sink = try SMTPSink()
        let id = Scenario.uniqueID("mail-nofrom")
        let (daemon, environment, home) = try Self.daemon(
            ["a.toml": Self.agreement(id, to: ["kehoach@ttxvn.example.vn"])], sink: sink, report: "")
        defer { daemon.stop() }
        let output = home.path("reports")
        let run = try Executables.run(
            "tallyctl", ["report", id, "--period", "2025-Q1", "--format", "all", "--output", output, "--mail"] + Self.config(daemon),
            environment: environment)
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "no report mailed: \(daemon.configPath) has no [report] mail_from\n", "\(run)")
        #expect(FileManager.default.fileExists(atPath: "\(output)/2025-Q1/\(id).vi.csv"))
        #expect(sink.messages().isEmpty)
    }

    @Test func aMainFileThatCannotBeReadMailsNothingAndTheFilesAreStillWritten() throws {
        let sink = try SMTPSink()
        let id = Scenario.uniqueID("mail-noconfig")
        let (daemon, environment, home) = try Self.daemon(["a.toml": Self.agreement(id, to: ["kehoach@ttxvn.example.vn"])], sink: sink)
        defer { daemon.stop() }
        let broken = try home.write("broken.toml", "[report]\nmail_from = \"tally@\"\n")
        let output = home.path("reports")
        for config in [home.path("missing.toml"), broken] {
            let run = try Executables.run(
                "tallyctl", ["report", id, "--period", "2025-Q1", "--format", "csv", "--output", output, "--mail", "--config", config],
                environment: environment)
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("no report mailed: [report] could not be read"), "\(run)")
            #expect(run.stderr.contains(config), "the sentence names the file: \(run)")
        }
        #expect(FileManager.default.fileExists(atPath: output), "the report file was written first")
        #expect(sink.messages().isEmpty)
    }

    @Test func aDryRunWritesTheMessagesForTheRecipientsGiven() throws {
        let sink = try SMTPSink()
        let id = Scenario.uniqueID("mail-dry")
        let (daemon, environment, home) = try Self.daemon(["a.toml": Self.agreement(id, to: ["kehoach@ttxvn.example.vn"])], sink: sink)
        defer { daemon.stop() }
        let directory = home.path("outbox")
        let run = try Executables.run(
            "tallyctl", ["report", id, "--period", "2025-Q1", "--lang", "en", "--mail-dry-run", directory,
                         "--to", "Trần Thị B <b@example.vn>", "c@example.vn"] + Self.config(daemon),
            environment: environment)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "\(directory)/\(id).eml (to b@example.vn, c@example.vn)\n", "\(run)")
        let mail = try ParsedMail.parse(directory + "/\(id).eml")
        #expect(mail.to == [.init(name: "Trần Thị B", address: "b@example.vn"), .init(name: "", address: "c@example.vn")])
        #expect(mail.subject == "Agreement compliance report \(id) — 2025-Q1")
        #expect(mail.part("text/csv")?.filename == "\(id)-2025-Q1.en.csv")
        #expect(mail.bareLF == 0 && mail.crlf > 10, ".eml files are written with CRLF line endings")
        #expect(sink.messages().isEmpty, "a dry run sends nothing")
    }

    @Test(arguments: [
        (["--to", "c@example.vn"], "--to names the recipients of --mail or --mail-dry-run"),
        (["--mail", "--to", "kehoach@"], "--to: \"kehoach@\" is not a mail address"),
        (["--mail", "--mail-dry-run", "/tmp/x"], "give one of them"),
        (["--config", "/etc/tally/tally.toml"], "--config names the file whose [report] --mail or --mail-dry-run reads"),
    ])
    func mailOptionsAreCheckedBeforeAnythingRuns(_ arguments: [String], _ message: String) throws {
        let run = try Executables.run("tallyctl", ["report", "--socket", "/nonexistent/io.tally"] + arguments)
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains(message), "\(run)")
    }
}
