import Foundation
import TallyTesting
import Testing

/// The built tallyctl against a running tallyd with a fixed clock: stdout and exit status.
@Suite("tallyctl end to end", .serialized)
struct TallyctlEndToEndTests {
    /// 38 articles of 120 by 2024-05-15 (expected 44.59): AT_RISK; the campaign has 2 of 5.
    static let atRiskCSV = """
        agreement,published,kind,title,url,tags,count,id
        ben-tre-2024,2024-05-10,article,"Bến Tre: 10 dự án mới",https://a.vn/1,kinh-te,36,A1
        ben-tre-2024,14/05/2024,article,Đại hội điểm,https://a.vn/2,dai-hoi,2,A2

        """

    @Test func unreachableDaemonIsExitFourAndNamesTheSocket() throws {
        let result = try execute(BuiltProducts.tallyctl, ["status"], environment: ["TALLY_SOCKET": "/nonexistent/io.tally"])
        #expect(result.status == 4)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "tallyd is not reachable at /nonexistent/io.tally (no such file or directory); start it with `systemctl start tallyd.socket`, or give its socket with --socket or $TALLY_SOCKET.\n")
        let viaOption = try execute(BuiltProducts.tallyctl, ["--socket", "/nonexistent/x", "agreements"])
        #expect(viaOption.status == 4)
        #expect(viaOption.stderr.contains("/nonexistent/x"))
    }

    @Test func usageErrorsAreSixtyFour() throws {
        for arguments in [["check", "--at", "someday"], ["status", "--bogus"], ["void", "x", "--reason", "r"], ["frobnicate"]] {
            let result = try execute(BuiltProducts.tallyctl, arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stdout.isEmpty)
        }
        let date = try execute(BuiltProducts.tallyctl, ["check", "--at", "someday"])
        #expect(date.stderr.hasPrefix("Error: --at: \"someday\" is not a date; write 2024-05-15, 15/05/2024, 2024-05-15T09:30, today or yesterday.\n"))
    }

    @Test func statusAtRiskIsTwoAndReadsWell() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        let imported = try harness.tallyctl(["import", try harness.file("d.csv", Self.atRiskCSV)])
        #expect(imported.status == 0, "\(imported.stderr)")
        let status = try harness.tallyctl(["status"])
        #expect(status.status == 2)
        #expect(status.stdout == """
            ● ben-tre-2024  ACTIVE  2024-01-01 – 2025-12-31  TTXVN – UBND tỉnh Bến Tre, 2024–2025
                QUOTA  WINDOW  DELIVERED  EXPECTED  PROGRESS        STATUS   PACE
                news   2024       38/120      44.6  ███▏░░░░░░ 31%  AT_RISK  needs 2.5/week, doing 2.0/week
                MILESTONE        DUE            LEFT  STATUS   PROGRESS
                dai-hoi/mo-dau   2024-07-01  47 days  PENDING  2/5
                dai-hoi/phu-luc  2024-06-15  31 days  PENDING  manual

            """)
        // Not a terminal, NO_COLOR or not: never an escape code; the same text.
        let noColour = try harness.tallyctl(["status"], environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
        #expect(noColour.stdout == status.stdout)
        #expect(!status.stdout.contains("\u{1B}"))
        // --json prints tallyd's reply laid out, with the same exit status.
        let json = try harness.tallyctl(["status", "--json"])
        #expect(json.status == 2, "\(json.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((parsed?["agreements"] as? [[String: Any]])?.first?["severity"] as? String == "WARNING")
        #expect(json.stdout.hasPrefix("{\n  \"agreements\" : [\n    {\n"), "\(json.stdout.prefix(80))")
        // A standard output that cannot be written is said on stderr; the exit status stays the status's, which is
        // what monitoring reads.
        let closed = try execute("/bin/sh", ["-c", "exec \"$0\" status --json > /dev/full", BuiltProducts.tallyctl],
                                 environment: ["TALLY_SOCKET": harness.socket])
        #expect(closed.status == 2, "\(closed)")
        #expect(closed.stderr.contains("cannot write the status"), "\(closed.stderr)")
        // Truncated to $COLUMNS with an ellipsis.
        let narrow = try harness.tallyctl(["status"], environment: ["COLUMNS": "60"])
        for line in narrow.stdout.split(separator: "\n") { #expect(displayColumns(String(line)) <= 60, "\(line)") }
        #expect(narrow.stdout.contains("…"))
    }

    @Test func behindIsThreeAndOnlyPastWindowsMissedIsZero() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre, "20-video.toml": Agreements.videos])
        // Nothing recorded: news is BEHIND (0 of expected 44.59).
        let behind = try harness.tallyctl(["status", "ben-tre-2024"])
        #expect(behind.status == 3)
        #expect(behind.stdout.contains("BEHIND"))
        // April's videos were missed, May's are on track: only the current window counts.
        let csv = """
            agreement,published,kind,url
            video-2024,2024-05-02,video,https://v.vn/1
            video-2024,2024-05-08,video,https://v.vn/2
            video-2024,2024-05-14,video,https://v.vn/3

            """
        #expect(try harness.tallyctl(["import", try harness.file("v.csv", csv)]).status == 0)
        let videos = try harness.tallyctl(["status", "video-2024"])
        #expect(videos.status == 0, "\(videos.stdout)")
        #expect(videos.stdout.contains("ON_TRACK"))
        let past = try harness.tallyctl(["show", "video-2024", "--json"])
        #expect(past.stdout.contains("\"outcome\" : \"MISSED\""), "April was missed: \(past.stdout)")
        let all = try harness.tallyctl(["status"])
        #expect(all.status == 3)
        // The worst first.
        let headers = all.stdout.split(separator: "\n").filter { $0.hasPrefix("●") }
        #expect(headers.first?.contains("ben-tre-2024") == true)
    }

    @Test func agreementsAlignVietnameseAndWideTitlesByDisplayWidth() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre, "20-video.toml": Agreements.videos])
        let result = try harness.tallyctl(["agreements"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            ID            STATE   START       END         ZONE              QUOTAS  CAMPAIGNS  TITLE
            ben-tre-2024  ACTIVE  2024-01-01  2025-12-31  Asia/Ho_Chi_Minh       1          1  TTXVN – UBND tỉnh Bến Tre, 2024–2025
            video-2024    ACTIVE  2024-01-01  2024-12-31  Asia/Ho_Chi_Minh       1          0  Video tiếng Việt – 中文 – 2024

            """)
        // A title recorded in NFD still lines up.
        let nfdTitle = "Đồng bằng sông Cửu Long".decomposedStringWithCanonicalMapping
        let csv = "published,kind,title,id\n2024-05-01,article,\(nfdTitle),N1\n2024-05-02,article,中文新闻,N2\n"
        #expect(try harness.tallyctl(["import", "--agreement", "ben-tre-2024", try harness.file("n.csv", csv)]).status == 0)
        let listed = try harness.tallyctl(["deliveries"])
        let rows = listed.stdout.split(separator: "\n").dropFirst().dropLast().map(String.init)
        #expect(rows.count == 2)
        let titles = ["Đồng bằng sông Cửu Long", "中文新闻"]
        let titleStarts = zip(rows, titles).map { row, title in displayColumns(row) - displayColumns(title) }
        #expect(zip(rows, titles).allSatisfy { $0.hasSuffix($1) })
        #expect(Set(titleStarts).count == 1, "\(rows)")
    }

    @Test func importIsAllOrNothingAndNamesTheLine() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        let csv = """
            agreement,published,kind,title,url,count
            ben-tre-2024,2024-05-01,article,Một,https://a.vn/1,1
            ben-tre-2024,2024-05-02,article,Hai,https://a.vn/2,0
            ben-tre-2024,2024-05-03,article,Ba,https://a.vn/3,1

            """
        let result = try harness.tallyctl(["import", try harness.file("bad.csv", csv)])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("bad.csv:3: "), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was imported"))
        let listed = try harness.tallyctl(["deliveries", "--json"])
        #expect(listed.stdout.contains("\"deliveries\" : [\n\n  ]") || listed.stdout.contains("\"deliveries\" : []"), "\(listed.stdout)")
    }

    /// tallyctl sends a file's rows as it reads them: a bad line far into the file, after many batches were staged,
    /// still leaves nothing imported, and names its line; so does a byte that is not UTF-8, and a row too large to
    /// send. The same file repaired then imports whole.
    @Test func aBadLineFarIntoAFileImportsNothing() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        var csv = "published,kind,title,id\n"
        for index in 1...50_000 { csv += "2024-0\(index % 4 + 1)-1\(index % 10),article,Tin số \(index),S\(index)\n" }
        let broken = [
            ("quote.csv", Data((csv + "2024-05-15,article,\"Tin\"x,S0\n").utf8), "quote.csv:50002: text after a closing quote"),
            ("utf8.csv", Data(csv.utf8) + Data([0xC3, 0x28]) + Data("\n".utf8), "is not UTF-8 text"),
            ("large.csv", Data((csv + "2024-05-15,article,\(String(repeating: "x", count: 1_000_000)),S0\n").utf8),
             "large.csv:50002: the row is larger than 900 KiB"),
        ]
        for (name, data, message) in broken {
            let path = try harness.directory.write(name, bytes: [UInt8](data))
            let result = try harness.tallyctl(["import", path, "--agreement", "ben-tre-2024"])
            #expect(result.status == 1, "\(name)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
            let info = try harness.tallyctl(["deliveries", "--json", "--limit", "1"])
            #expect(!info.stdout.contains("\"id\""), "\(name): something was imported: \(info.stdout.prefix(300))")
        }
        let repaired = try harness.tallyctl(["import", try harness.file("ok.csv", csv), "--agreement", "ben-tre-2024"])
        #expect(repaired.stdout.contains("imported 50000 deliveries from 50000 rows"), "\(repaired.stderr)")
    }

    @Test func importReadsBOMDayMonthYearAndQuotedLinesAndReimportAddsNothing() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        let csv = "\u{FEFF}published,kind,title,tags,id\r\n15/05/2024,article,\"Bến Tre, \"\"mới\"\"\r\nhai dòng\",kinh-te|dau-tu,Q1\r\n2024-05-14T09:30,article,x,a;b,Q2\r\n"
        let path = try harness.file("bom.csv", csv)
        let first = try harness.tallyctl(["import", path, "--agreement", "ben-tre-2024"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasSuffix("imported 2 deliveries from 2 rows; 0 already recorded.\n"))
        let again = try harness.tallyctl(["import", path, "--agreement", "ben-tre-2024"])
        #expect(again.stdout.hasSuffix("imported 0 deliveries from 2 rows; 2 already recorded.\n"))
        let exported = try harness.tallyctl(["export"])
        #expect(exported.stdout.contains("\"Bến Tre, \"\"mới\"\"\r\nhai dòng\""), "\(exported.stdout)")
        #expect(exported.stdout.contains("2024-05-15,article"))
    }

    @Test func aHundredThousandRowsImportInOneTransaction() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        var csv = "published,kind,title,id\n"
        for index in 1...100_000 { csv += "2024-0\(index % 4 + 1)-1\(index % 10),article,Tin số \(index),B\(index)\n" }
        let path = try harness.file("big.csv", csv)
        let started = Date()
        let result = try harness.tallyctl(["import", path, "--agreement", "ben-tre-2024", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"created\" : 100000"), "\(result.stdout)")
        // Speed is measured by `make bench`, not asserted here.
        print("100,000-row import through tallyctl: \(Int(Date().timeIntervalSince(started))) s")
        let history = try harness.tallyctl(["history", "--json"])
        #expect(history.stdout.components(separatedBy: "\"action\"").count - 1 <= 2, "one import, one audit entry (or one per agreement)")
    }

    @Test func exportThenImportIntoAFreshDaemonReproducesTheDeliveries() throws {
        let first = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        #expect(try first.tallyctl(["import", try first.file("d.csv", Self.atRiskCSV)]).status == 0)
        #expect(try first.tallyctl(["record", "ben-tre-2024", "--kind", "video", "--published", "2024-05-14", "--title", "Không có id"]).status == 0)
        let exported = try first.tallyctl(["export", "ben-tre-2024"])
        #expect(exported.status == 0)
        let second = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        let imported = try second.tallyctl(["import", "-"], input: exported.stdout)
        #expect(imported.status == 0, "\(imported.stderr)")
        let again = try second.tallyctl(["export", "ben-tre-2024"])
        #expect(again.stdout == exported.stdout)
        let firstStatus = try first.tallyctl(["status", "--json"])
        let secondStatus = try second.tallyctl(["status", "--json"])
        #expect(firstStatus.stdout == secondStatus.stdout)
    }

    @Test func recordVoidMilestoneAndErrors() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        let arguments = ["record", "ben-tre-2024", "--kind", "article", "--published", "15/05/2024", "--title", "Một", "--id", "X1", "--tag", "dai-hoi"]
        let recorded = try harness.tallyctl(arguments)
        #expect(recorded.status == 0)
        #expect(recorded.stdout == "Recorded delivery 1 for ben-tre-2024.\n")
        #expect(try harness.tallyctl(arguments).stdout == "Already recorded as delivery 1 for ben-tre-2024; nothing changed.\n")
        let conflict = try harness.tallyctl(arguments.dropLast(4) + ["--title", "Hai", "--id", "X1", "--count", "2"])
        #expect(conflict.status == 1)
        #expect(conflict.stderr.hasPrefix("ben-tre-2024: delivery 1 with the id X1 already exists with a different "), "\(conflict.stderr)")
        let future = try harness.tallyctl(["record", "ben-tre-2024", "--kind", "article", "--published", "2024-06-01", "--id", "F"])
        #expect(future.status == 1)
        #expect(future.stderr.hasPrefix("ben-tre-2024: published: "), "\(future.stderr)")
        let unknown = try harness.tallyctl(["show", "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "There is no agreement \"nope\"; `tallyctl agreements` lists the ids.\n")
        let voided = try harness.tallyctl(["void", "1", "--reason", "recorded twice"])
        #expect(voided.stdout == "Voided delivery 1 (ben-tre-2024, 2024-05-15, \"Một\"): recorded twice.\n")
        #expect(try harness.tallyctl(["void", "99", "--reason", "x"]).stderr == "There is no delivery 99; `tallyctl deliveries` lists them with their ids.\n")
        let done = try harness.tallyctl(["milestone", "done", "ben-tre-2024", "dai-hoi/phu-luc", "--date", "2024-05-14"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout == "ben-tre-2024 dai-hoi/phu-luc: DONE (reached 2024-05-14, due 2024-06-15).\n")
        let undone = try harness.tallyctl(["milestone", "undo", "ben-tre-2024", "dai-hoi/phu-luc"])
        #expect(undone.stdout.hasPrefix("ben-tre-2024 dai-hoi/phu-luc: PENDING"), "\(undone.stdout)")
        let missing = try harness.tallyctl(["milestone", "done", "ben-tre-2024", "dai-hoi/khong-co"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("ben-tre-2024: there is no manual milestone \"dai-hoi/khong-co\""))
        let history = try harness.tallyctl(["history", "ben-tre-2024"])
        #expect(history.status == 0)
        #expect(history.stdout.contains("void"))
        let backup = try harness.tallyctl(["backup", harness.directory.path("copy.sqlite")])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.hasPrefix("Backed up the database to \(harness.directory.path("copy.sqlite")) ("))
        #expect(FileManager.default.fileExists(atPath: harness.directory.path("copy.sqlite")))
        let reload = try harness.tallyctl(["reload"])
        #expect(reload.stdout == "Reloaded: nothing changed; 1 agreement loaded.\n", "\(reload.stderr)")
    }

    /// SPEC §9 through the binaries: `show`'s amendments section (text and JSON) and `validate --explain` on the
    /// daemon's own configuration, with its arithmetic and its error for an unknown id.
    @Test func amendmentsInShowAndValidateExplain() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.amended], now: "2025-06-10T10:00:00+07:00")
        let show = try harness.tallyctl(["show", "ben-tre-2025"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("""

              Amendments
                ends 2026-12-31 (was 2025-12-31, pl-02)
                ID     EFFECTIVE   SIGNED                   NEW END     TITLE
                pl-01  2025-05-16  2025-05-20, retroactive              Phụ lục 01: tăng tin, bài từ 16/5
                       news     target 45; kinds article, interview; at risk < 0.80
                       monthly  removed from 2025-05-16
                       en       added: 12 per quarter; counts languages en; Tin tiếng Anh
                pl-02  2025-10-01  2025-09-01               2026-12-31  Phụ lục 02: gia hạn đến hết 2026

            """), "\(show.stdout)")
        // Q2's target under pl-01, as the status shows it.
        #expect(show.stdout.contains("    news   2025-Q2       0/38"), "\(show.stdout)")

        let json = try TallyctlJSONTests.document(try harness.tallyctl(["show", "ben-tre-2025", "--json"]), "show")
        let detail = try #require(json["agreement"] as? [String: Any])
        let amendments = try #require(detail["amendments"] as? [[String: Any]])
        #expect(amendments.map { $0["id"] as? String } == ["pl-01", "pl-02"])
        #expect(amendments.map { $0["end"] as? String } == [nil, "2026-12-31"])
        let changes = try #require(amendments.first?["quotas"] as? [[String: Any]])
        #expect(changes.map { $0["change"] as? String } == ["amend", "remove", "add"])
        #expect(changes[0]["target"] as? Int == 45 && changes[0]["at_risk_below"] as? Double == 0.8)
        #expect((changes[0]["filters"] as? [String: [String]]) == ["kinds": ["article", "interview"]])
        #expect(changes[2]["per"] as? String == "quarter" && changes[2]["title"] as? String == "Tin tiếng Anh")
        let status = try #require(detail["status"] as? [String: Any])
        #expect(status["original_end"] as? String == "2025-12-31" && status["end"] as? String == "2026-12-31")

        let config = harness.daemon.configPath
        let explained = try execute(BuiltProducts.tallyctl, ["validate", "--explain", "ben-tre-2025", config])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.contains("""
                2025-Q2  2025-04-01  2025-05-15    45      30  kinds article                  0.90      0.70  original
                         2025-05-16  2025-06-30    46      45  kinds article, interview       0.80      0.70  pl-01
                         target 38: Σ = 30 × 45 + 45 × 46 = 3420; B = 91; round-half-up(3420 / 91) = 38; shaped by pl-01

            """), "\(explained.stdout)")
        #expect(explained.stdout.contains("    days: 2025-01-01 – 2025-05-15 (removed by pl-01)\n"))
        let document = try TallyctlJSONTests.document(
            try execute(BuiltProducts.tallyctl, ["validate", "--explain", "ben-tre-2025", config, "--json"]), "validate --explain")
        let quotas = try #require((document["explanation"] as? [String: Any])?["quotas"] as? [[String: Any]])
        let q2 = try #require((quotas.first?["windows"] as? [[String: Any]])?.dropFirst().first)
        #expect(q2["sum"] as? Int == 3420 && q2["divisor"] as? Int == 91 && q2["base_target"] as? Int == 38)
        #expect((q2["segments"] as? [[String: Any]])?.map { $0["amendment"] as? String } == [nil, "pl-01"])

        let unknown = try execute(BuiltProducts.tallyctl, ["validate", "--explain", "nope", config])
        #expect(unknown.status == 1 && unknown.stdout.isEmpty)
        #expect(unknown.stderr == "There is no agreement \"nope\" in \(config); give one of its agreements: ben-tre-2025.\n")
    }
}

/// Terminal columns of `text`, as the tests measure them independently of TallyReport.
func displayColumns(_ text: String) -> Int {
    text.precomposedStringWithCanonicalMapping.reduce(0) { width, character in
        let scalar = character.unicodeScalars.first?.value ?? 0
        let wide = (0x1100...0x115F).contains(scalar) || (0x2E80...0xA4CF).contains(scalar) || (0xAC00...0xD7A3).contains(scalar)
            || (0xF900...0xFAFF).contains(scalar) || (0xFF00...0xFF60).contains(scalar) || (0x1F300...0x1FAFF).contains(scalar)
        return width + (wide ? 2 : 1)
    }
}
