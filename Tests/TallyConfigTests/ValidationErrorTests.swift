import TallyConfig
import Testing

/// One broken agreement file and the issue it must produce.
struct BrokenAgreement: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var keyPath: String
    var line: Int?
    var message: String

    var testDescription: String { name }
}

private let quota = "\n[[quota]]\nid = \"news\"\ntarget = 12\n"

private let brokenAgreements: [BrokenAgreement] = [
    .init(name: "unknown top-level key", text: Fixture.agreement("a", "refrence = \"x\"\n"), keyPath: "refrence", line: 5,
          message: "unknown key (did you mean \"reference\"?)"),
    .init(name: "unknown key in a quota", text: Fixture.agreement("a", quota + "per_month = 3\n"), keyPath: "quota[0].per_month", line: 9,
          message: "unknown key"),
    .init(name: "unknown key in a milestone", text: Fixture.agreement("a", """
        [[campaign]]
        id = "c"
        start = 2024-03-01
        end = 2024-05-31
          [[campaign.milestone]]
          id = "m"
          due = 2024-04-01
          manual = true
          owner = "x"
        """), keyPath: "campaign[0].milestone[0].owner", line: 13, message: "unknown key; expected one of: id, title, due, target, manual"),
    .init(name: "end before start", text: "id = \"a\"\ntitle = \"t\"\nstart = 2025-01-01\nend = 2024-12-31\n", keyPath: "end", line: 4,
          message: "the agreement ends (2024-12-31) before it starts (2025-01-01)"),
    .init(name: "duplicate quota id", text: Fixture.agreement("a", quota + quota), keyPath: "quota[1].id", line: 11,
          message: "duplicate quota id \"news\", already used by quota[0]"),
    .init(name: "wrong type", text: Fixture.agreement("a", quota + "prorate = \"no\"\n"), keyPath: "quota[0].prorate", line: 9,
          message: "expected true or false, got the string \"no\""),
    .init(name: "quoted date", text: "id = \"a\"\ntitle = \"t\"\nstart = \"2024-01-01\"\nend = 2024-12-31\n", keyPath: "start", line: 3,
          message: "write dates without quotes"),
    .init(name: "missing required key", text: "id = \"a\"\nstart = 2024-01-01\nend = 2024-12-31\n", keyPath: "title", line: nil,
          message: "is required but missing"),
    .init(name: "milestone due outside its campaign", text: Fixture.agreement("a", """
        [[campaign]]
        id = "c"
        start = 2024-03-01
        end = 2024-05-31
          [[campaign.milestone]]
          id = "m"
          due = 2024-06-01
          target = 3
        """), keyPath: "campaign[0].milestone[0].due", line: 11, message: "outside its campaign (2024-03-01 to 2024-05-31)"),
    .init(name: "campaign outside its agreement", text: Fixture.agreement("a", "[[campaign]]\nid = \"c\"\nstart = 2023-12-01\nend = 2024-01-31\n"),
          keyPath: "campaign[0].start", line: 7, message: "outside its agreement (2024-01-01 to 2025-12-31)"),
    .init(name: "unknown per", text: Fixture.agreement("a", quota + "per = \"monthly\"\n"), keyPath: "quota[0].per", line: 9,
          message: "expected one of total, year, quarter, month, week, got \"monthly\""),
    .init(name: "empty filter", text: Fixture.agreement("a", quota + "tags = []\n"), keyPath: "quota[0].tags", line: 9,
          message: "an empty list matches nothing"),
    .init(name: "target 0", text: Fixture.agreement("a", "[[quota]]\nid = \"q\"\ntarget = 0\n"), keyPath: "quota[0].target", line: 7,
          message: "expected a target from 1 to 1000000, got 0"),
    .init(name: "target 1000001", text: Fixture.agreement("a", "[[quota]]\nid = \"q\"\ntarget = 1000001\n"), keyPath: "quota[0].target", line: 7,
          message: "expected a target from 1 to 1000000, got 1000001"),
    .init(name: "milestone target out of range", text: Fixture.agreement("a", """
        [[campaign]]
        id = "c"
        start = 2024-03-01
        end = 2024-05-31
        [[campaign.milestone]]
        id = "m"
        due = 2024-04-01
        target = 0
        """), keyPath: "campaign[0].milestone[0].target", line: 12, message: "expected a target from 1 to 1000000"),
    .init(name: "bad time zone", text: Fixture.agreement("a", "timezone = \"Asia/Saigon_City\"\n"), keyPath: "timezone", line: 5,
          message: "unknown time zone \"Asia/Saigon_City\""),
    .init(name: "bad id characters", text: Fixture.agreement("Ben_Tre"), keyPath: "id", line: 1,
          message: "\"Ben_Tre\" is not a valid id"),
    .init(name: "bad tag", text: Fixture.agreement("a", quota + "tags = [\"Kinh tế\"]\n"), keyPath: "quota[0].tags[0]", line: 9,
          message: "\"Kinh tế\" is not a tag"),
    .init(name: "both target and manual", text: Fixture.agreement("a", """
        [[campaign]]
        id = "c"
        start = 2024-03-01
        end = 2024-05-31
        [[campaign.milestone]]
        id = "m"
        due = 2024-04-01
        target = 3
        manual = true
        """), keyPath: "campaign[0].milestone[0].manual", line: 13, message: "not both"),
    .init(name: "quota thresholds against the global pace", text: Fixture.agreement("a", quota + "at_risk_below = 0.6\n"),
          keyPath: "quota[0].at_risk_below", line: 9, message: "behind_below 0.7 (from [pace]) must not be above at_risk_below 0.6"),
    .init(name: "blackout to before from", text: Fixture.agreement("a", "[[blackout]]\nfrom = 2024-02-10\nto = 2024-02-01\n"),
          keyPath: "blackout[0].to", line: 7, message: "the blackout ends (2024-02-01) before it starts (2024-02-10)"),
    .init(name: "TOML syntax error", text: "id = \"a\"\ntitle = \"t\"\nstart = 2024-01-01\nend = \n", keyPath: "", line: 4,
          message: "TOML syntax error"),
]

@Suite struct ValidationErrorTests {
    @Test(arguments: brokenAgreements)
    func aBrokenAgreementIsReportedWithFileKeyPathAndLine(_ broken: BrokenAgreement) throws {
        let fixture = try Fixture(agreements: ["10-x.toml": broken.text])
        let issues = fixture.issues()
        let issue = try #require(issues.first { $0.keyPath == broken.keyPath }, "got \(issues)")
        #expect(issue.file.hasSuffix("agreements.d/10-x.toml"))
        #expect(issue.line == broken.line)
        #expect(issue.message.contains(broken.message), "\(issue.message)")
        #expect(ConfigurationError(issues: issues).description.contains("agreements.d/10-x.toml"))
    }

    /// Problems in the main file, each with its key path and line.
    @Test(arguments: [
        ("colour = \"red\"\n", "colour", 5, "unknown key"),
        ("check_intervall = \"15m\"\n", "daemon.check_intervall", 5, "did you mean \"check_interval\"?"),
        ("check_interval = \"15 min\"\n", "daemon.check_interval", 5, "expected a duration like \"30s\""),
        ("timezone = \"Mars/Olympus\"\n", "daemon.timezone", 5, "unknown time zone"),
        ("renotify = 7\n", "daemon.renotify", 5, "got the whole number 7"),
        ("[pace]\nat_risk_below = 1.5\n", "pace.at_risk_below", 6, "above 0 and at most 1"),
        ("[pace]\nat_risk_below = 0.5\n", "pace.at_risk_below", 6, "must not be above at_risk_below 0.5"),
        ("[[blackout]]\nfrom = 2025-02-02\nto = 2025-01-25\n", "blackout[0].to", 7, "before it starts"),
        ("[access]\nwriters = \"tally\"\n", "access.writers", 6, "expected an array of strings"),
    ])
    func aBrokenMainFileIsReported(_ extra: String, _ keyPath: String, _ line: Int, _ message: String) throws {
        // A root-level key must come before the first table header to stay at the root.
        let main = keyPath.contains(".") || keyPath.hasPrefix("blackout") ? Fixture.main + extra : extra + Fixture.main
        let fixture = try Fixture(main: main)
        let issues = fixture.issues()
        let issue = try #require(issues.first { $0.keyPath == keyPath }, "got \(issues)")
        #expect(issue.file.hasSuffix("tally.toml"))
        #expect(issue.line == (keyPath.contains(".") || keyPath.hasPrefix("blackout") ? line : 1))
        #expect(issue.message.contains(message), "\(issue.message)")
    }

    @Test func duplicateAgreementIdsAcrossFilesAreRefused() throws {
        let fixture = try Fixture(agreements: ["10-a.toml": Fixture.agreement("same"), "20-b.toml": Fixture.agreement("same")])
        let issues = fixture.issues()
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.file.hasSuffix("agreements.d/20-b.toml"))
        #expect(issue.keyPath == "id" && issue.line == 1)
        #expect(issue.message.contains("already used by") && issue.message.contains("agreements.d/10-a.toml"))
    }

    @Test func everyProblemOfEveryFileIsReportedAtOnce() throws {
        let fixture = try Fixture(
            main: Fixture.main + "check_interval = \"0s\"\n",
            agreements: [
                "10-syntax.toml": "id = \"a\"\ntitle = [\n",
                "20-semantic.toml": Fixture.agreement("b", "[[quota]]\nid = \"q\"\ntarget = 0\nper = \"daily\"\n"),
                "30-fine.toml": Fixture.agreement("c"),
            ])
        let issues = fixture.issues()
        #expect(issues.map(\.keyPath) == ["daemon.check_interval", "", "quota[0].target", "quota[0].per"])
        #expect(issues.map { $0.file.split(separator: "/").last.map(String.init) ?? "" } == ["tally.toml", "10-syntax.toml", "20-semantic.toml", "20-semantic.toml"])
        #expect(issues[1].line != nil)
        let lines = ConfigurationError(issues: issues).description.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[3].hasSuffix("20-semantic.toml:8: quota[0].per: expected one of total, year, quarter, month, week, got \"daily\""))
    }

    @Test func aSyntaxErrorInTheMainFileStillChecksTheAgreements() throws {
        let fixture = try Fixture(main: "[daemon\n", agreements: ["10-a.toml": Fixture.agreement("Bad")])
        let issues = fixture.issues()
        #expect(issues.map(\.keyPath) == ["", "id"])
        #expect(issues.first?.line == 1)
    }
}
