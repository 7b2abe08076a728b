import Foundation
import TallyConfig
import TallyCore
import TallyTesting
import Testing

/// An agreement (2024-01-01 to 2025-12-31) with a quota `news` (per year, at_risk_below 0.85), a total quota
/// `photos`, and a campaign `c` (2024-03-01 to 2024-05-31) with a counted milestone `m` and a manual one `k`.
private let base = Fixture.agreement("a", """
    [[quota]]
    id = "news"
    target = 12
    per = "year"
    at_risk_below = 0.85
    [[quota]]
    id = "photos"
    target = 40
    [[campaign]]
    id = "c"
    start = 2024-03-01
    end = 2024-05-31
    [[campaign.milestone]]
    id = "m"
    due = 2024-04-01
    target = 3
    [[campaign.milestone]]
    id = "k"
    due = 2024-05-01
    manual = true

    """)

/// `base` with one amendment, effective 2024-07-01, holding `body`.
private func amended(_ body: String, effective: String = "2024-07-01") -> String {
    base + "[[amendment]]\nid = \"pl-01\"\ntitle = \"Phụ lục 01\"\neffective = \(effective)\n" + body
}

/// A broken file, the key path of its issue, the text on the issue's line, and a part of the message.
struct BrokenAmendment: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var keyPath: String
    /// The issue's line is the first holding this at or after the first line holding `after`.
    var lineText: String
    var message: String
    /// Where the search for `lineText` starts; from the top when no line holds it.
    var after = "[[amendment]]"

    var testDescription: String { name }

    /// The 1-based line of `lineText`.
    var line: Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let from = lines.firstIndex { $0.contains(after) } ?? 0
        return lines[from...].firstIndex { $0.contains(lineText) }.map { $0 + 1 }
    }
}

private let fixed = "per, prorate and carry of a quota cannot be amended; to change the period, remove the quota"

private let brokenAmendments: [BrokenAmendment] = [
    .init(name: "carry on a total quota", text: Fixture.agreement("a", "[[quota]]\nid = \"q\"\ntarget = 5\ncarry = \"deficit\"\n"),
          keyPath: "quota[0].carry", lineText: "carry", message: "a total quota has only one window"),
    .init(name: "unknown carry", text: Fixture.agreement("a", "[[quota]]\nid = \"q\"\ntarget = 5\nper = \"month\"\ncarry = \"always\"\n"),
          keyPath: "quota[0].carry", lineText: "carry", message: "expected one of none, deficit, surplus, both, got \"always\""),
    .init(name: "campaign reminders listed twice", text: base.replacingOccurrences(of: "end = 2024-05-31\n", with: "end = 2024-05-31\nremind = [\"3d\", \"72h\"]\n"),
          keyPath: "campaign[0].remind[1]", lineText: "remind", message: "\"3d\" is listed twice (also at campaign[0].remind[0])"),
    .init(name: "amendment without effective", text: base + "[[amendment]]\nid = \"pl-01\"\ntitle = \"t\"\n",
          keyPath: "amendment[0].effective", lineText: "[[amendment]]", message: "is required but missing"),
    .init(name: "amendment id", text: base + "[[amendment]]\nid = \"PL 01\"\ntitle = \"t\"\neffective = 2024-07-01\n",
          keyPath: "amendment[0].id", lineText: "PL 01", message: "\"PL 01\" is not a valid id"),
    .init(name: "unknown amendment key", text: amended("efective = 2024-07-01\n"),
          keyPath: "amendment[0].efective", lineText: "efective", message: "did you mean \"effective\"?"),
    .init(name: "duplicate amendment ids", text: amended("[[amendment]]\nid = \"pl-01\"\ntitle = \"t\"\neffective = 2024-08-01\n"),
          keyPath: "amendment[1].id", lineText: "id = \"pl-01\"", message: "duplicate amendment id \"pl-01\", already used by amendment[0]",
          after: "Phụ lục 01"),
    .init(name: "effective before the start", text: amended("", effective: "2023-12-31"),
          keyPath: "amendment[0].effective", lineText: "effective", message: "takes effect on 2023-12-31, outside its agreement (2024-01-01 to 2025-12-31)"),
    .init(name: "effective after the end", text: amended("", effective: "2026-01-01"),
          keyPath: "amendment[0].effective", lineText: "effective", message: "outside its agreement (2024-01-01 to 2025-12-31)"),
    .init(name: "effective after an early end", text: amended("[[amendment]]\nid = \"pl-02\"\ntitle = \"t\"\neffective = 2024-06-01\nend = 2024-06-30\n"),
          keyPath: "amendment[0].effective", lineText: "effective", message: "outside its agreement (2024-01-01 to 2024-06-30, as amended)"),
    .init(name: "end before effective", text: amended("end = 2024-06-30\n"),
          keyPath: "amendment[0].end", lineText: "end =", message: "before the amendment takes effect (2024-07-01)"),
    .init(name: "fractional value", text: amended("value = 1.5e9\n"),
          keyPath: "amendment[0].value", lineText: "value", message: "expected a whole number of đồng"),
    .init(name: "negative value", text: amended("value = -1\n"),
          keyPath: "amendment[0].value", lineText: "value", message: "expected a contract value from 1 to 1_000_000_000_000_000 đồng, got -1"),
    .init(name: "per amended", text: amended("[[amendment.quota]]\nid = \"news\"\ntarget = 15\nper = \"month\"\n"),
          keyPath: "amendment[0].quota[0].per", lineText: "per =", message: fixed),
    .init(name: "prorate amended", text: amended("[[amendment.quota]]\nid = \"news\"\nprorate = false\n"),
          keyPath: "amendment[0].quota[0].prorate", lineText: "prorate", message: fixed),
    .init(name: "carry amended", text: amended("[[amendment.quota]]\nid = \"news\"\ntarget = 15\n[[amendment.quota]]\nid = \"photos\"\ncarry = \"both\"\n"),
          keyPath: "amendment[0].quota[1].carry", lineText: "carry", message: fixed),
    .init(name: "title amended", text: amended("[[amendment.quota]]\nid = \"news\"\ntitle = \"Tin\"\n"),
          keyPath: "amendment[0].quota[0].title", lineText: "title = \"Tin\"", message: "the title of quota \"news\" cannot be amended"),
    .init(name: "a quota named but not changed", text: amended("[[amendment.quota]]\nid = \"news\"\n"),
          keyPath: "amendment[0].quota[0]", lineText: "[[amendment.quota]]", message: "quota \"news\" is named but nothing of it changes"),
    .init(name: "unknown quota", text: amended("[[amendment.quota]]\nid = \"new\"\ntitle = \"x\"\n"),
          keyPath: "amendment[0].quota[0].id", lineText: "id = \"new\"", message: "no quota \"new\" in this agreement to amend (did you mean \"news\"?)"),
    .init(name: "new quota without a title", text: amended("[[amendment.quota]]\nid = \"en\"\ntarget = 10\n"),
          keyPath: "amendment[0].quota[0].title", lineText: "[[amendment.quota]]", message: "is required but missing"),
    .init(name: "new total quota with carry", text: amended("[[amendment.quota]]\nid = \"en\"\ntitle = \"t\"\ntarget = 10\ncarry = \"surplus\"\n"),
          keyPath: "amendment[0].quota[0].carry", lineText: "carry", message: "a total quota has only one window"),
    .init(name: "price without [settlement]", text: amended("[[amendment.quota]]\nid = \"news\"\nprice = 500000\n"),
          keyPath: "amendment[0].quota[0].price", lineText: "price", message: "a price is paid only under the agreement's [settlement], which this file does not have"),
    .init(name: "amended target out of range", text: amended("[[amendment.quota]]\nid = \"news\"\ntarget = 0\n"),
          keyPath: "amendment[0].quota[0].target", lineText: "target = 0", message: "expected a target from 1 to 1000000, got 0"),
    .init(name: "amended empty filter", text: amended("[[amendment.quota]]\nid = \"news\"\ntags = []\n"),
          keyPath: "amendment[0].quota[0].tags", lineText: "tags", message: "an empty list matches nothing"),
    .init(name: "amended threshold against the one in force", text: amended("[[amendment.quota]]\nid = \"news\"\nbehind_below = 0.88\n"),
          keyPath: "amendment[0].quota[0].behind_below", lineText: "behind_below",
          message: "behind_below 0.88 must not be above at_risk_below 0.85 (in force before this amendment)"),
    .init(name: "removed with other terms", text: amended("[[amendment.quota]]\nid = \"news\"\nremoved = true\ntarget = 3\n"),
          keyPath: "amendment[0].quota[0].target", lineText: "target = 3", message: "a removed quota takes no other terms"),
    .init(name: "removed = false", text: amended("[[amendment.quota]]\nid = \"news\"\nremoved = false\n"),
          keyPath: "amendment[0].quota[0].removed", lineText: "removed", message: "removed = false changes nothing"),
    .init(name: "removed from its first day", text: amended("[[amendment.quota]]\nid = \"news\"\nremoved = true\n", effective: "2024-01-01"),
          keyPath: "amendment[0].quota[0].removed", lineText: "removed", message: "would leave it not a single day"),
    .init(name: "the same quota twice in one amendment", text: amended("[[amendment.quota]]\nid = \"news\"\ntarget = 15\n[[amendment.quota]]\nid = \"news\"\ntarget = 16\n"),
          keyPath: "amendment[0].quota[1].id", lineText: "id = \"news\"", message: "duplicate quota id \"news\", already used by amendment[0].quota[0]",
          after: "target = 15"),
    .init(name: "existing campaign with more than an end", text: amended("[[amendment.campaign]]\nid = \"c\"\ntitle = \"x\"\nend = 2024-06-30\n"),
          keyPath: "amendment[0].campaign[0].title", lineText: "title = \"x\"", message: "an amendment may only give it a new end"),
    .init(name: "campaign end outside the agreement", text: amended("[[amendment.campaign]]\nid = \"c\"\nend = 2026-01-31\n"),
          keyPath: "amendment[0].campaign[0].end", lineText: "2026-01-31", message: "would end on 2026-01-31, outside its agreement (2024-01-01 to 2025-12-31)"),
    .init(name: "campaign end before its milestone", text: amended("[[amendment.campaign]]\nid = \"c\"\nend = 2024-04-15\n"),
          keyPath: "amendment[0].campaign[0].end", lineText: "2024-04-15", message: "before its milestone \"k\" falls due (2024-05-01)"),
    .init(name: "new campaign outside the amended dates", text: amended("end = 2024-12-31\n[[amendment.campaign]]\nid = \"d\"\nstart = 2024-10-01\nend = 2025-01-31\n"),
          keyPath: "amendment[0].campaign[0].end", lineText: "2025-01-31", message: "outside its agreement (2024-01-01 to 2024-12-31)"),
    .init(name: "early end cuts a campaign", text: amended("end = 2024-04-30\n", effective: "2024-02-01"),
          keyPath: "amendment[0].end", lineText: "end =", message: "but campaign \"c\" runs until 2024-05-31"),
    .init(name: "milestone due outside its campaign", text: amended("[[amendment.milestone]]\ncampaign = \"c\"\nid = \"m\"\ndue = 2024-06-15\n"),
          keyPath: "amendment[0].milestone[0].due", lineText: "due", message: "outside its campaign \"c\" (2024-03-01 to 2024-05-31, as amended)"),
    .init(name: "target of a manual milestone", text: amended("[[amendment.milestone]]\ncampaign = \"c\"\nid = \"k\"\ntarget = 4\n"),
          keyPath: "amendment[0].milestone[0].target", lineText: "target", message: "milestone \"k\" is manual"),
    .init(name: "milestone of an unknown campaign", text: amended("[[amendment.milestone]]\ncampaign = \"cc\"\nid = \"m\"\ndue = 2024-04-02\n"),
          keyPath: "amendment[0].milestone[0].campaign", lineText: "campaign =", message: "no campaign \"cc\" in this agreement (did you mean \"c\"?)"),
    .init(name: "unknown milestone", text: amended("[[amendment.milestone]]\ncampaign = \"c\"\nid = \"x\"\ndue = 2024-04-02\n"),
          keyPath: "amendment[0].milestone[0].id", lineText: "id = \"x\"", message: "campaign \"c\" has no milestone \"x\""),
    .init(name: "milestone named but not changed", text: amended("[[amendment.milestone]]\ncampaign = \"c\"\nid = \"m\"\n"),
          keyPath: "amendment[0].milestone[0]", lineText: "[[amendment.milestone]]", message: "is named but nothing of it changes"),
    .init(name: "removed, then amended by a later amendment earlier in the file", text: amended("""
        [[amendment.quota]]
        id = "news"
        target = 20
        [[amendment]]
        id = "pl-00"
        title = "t"
        effective = 2024-06-01
        [[amendment.quota]]
        id = "news"
        removed = true

        """), keyPath: "amendment[0].quota[0].id", lineText: "id = \"news\"",
          message: "quota \"news\" was removed by amendment \"pl-00\" (effective 2024-06-01, at amendment[1].quota[0]), so it cannot be amended or removed again"),
    .init(name: "removed twice", text: amended("""
        [[amendment.quota]]
        id = "photos"
        removed = true
        [[amendment]]
        id = "pl-02"
        title = "t"
        effective = 2024-09-01
        [[amendment.quota]]
        id = "photos"
        removed = true

        """), keyPath: "amendment[1].quota[0].id", lineText: "id = \"photos\"", message: "was removed by amendment \"pl-01\"",
          after: "2024-09-01"),
]

@Suite struct AmendmentValidationTests {
    @Test(arguments: brokenAmendments)
    func aBrokenAmendmentIsReportedWithFileLineAndKeyPath(_ broken: BrokenAmendment) throws {
        let fixture = try Fixture(agreements: ["10-x.toml": broken.text])
        let issues = fixture.issues()
        let issue = try #require(issues.first { $0.keyPath == broken.keyPath }, "got \(issues)")
        #expect(issue.file.hasSuffix("agreements.d/10-x.toml"))
        #expect(issue.line == broken.line, "\(issue)")
        #expect(broken.line != nil, "\"\(broken.lineText)\" is not in the text")
        #expect(issue.message.contains(broken.message), "\(issue.message)")
        #expect(ConfigurationError(issues: issues).description.contains("agreements.d/10-x.toml:\(issue.line ?? 0): \(broken.keyPath): "))
    }

    /// Problems with `remind` and `onboarding` in the main file.
    @Test(arguments: [
        ("remind = [\"14d\", \"0s\"]\n", "daemon.remind[1]", "a whole number from 1"),
        ("remind = [\"3d\", \"72h\", \"1d\"]\n", "daemon.remind[1]", "\"3d\" is listed twice (also at daemon.remind[0])"),
        ("remind = []\n", "daemon.remind", "an empty list would raise no milestone-due-soon at all"),
        ("remind = \"7d\"\n", "daemon.remind", "expected an array of durations"),
        ("onboarding = \"-1d\"\n", "daemon.onboarding", "a whole number from 0"),
        ("onboarding = 0\n", "daemon.onboarding", "got the whole number 0"),
    ])
    func aBrokenReminderOrOnboardingIsReported(_ extra: String, _ keyPath: String, _ message: String) throws {
        let fixture = try Fixture(main: Fixture.main + extra)
        let issues = fixture.issues()
        #expect(issues.count == 1, "got \(issues)")
        let issue = try #require(issues.first { $0.keyPath == keyPath }, "got \(issues)")
        #expect(issue.file.hasSuffix("tally.toml"))
        #expect(issue.line == 5)
        #expect(issue.message.contains(message), "\(issue.message)")
    }

    @Test func oneBrokenAmendmentRefusesTheWholeConfiguration() throws {
        let fixture = try Fixture(agreements: [
            "10-a.toml": amendedAgreement, "20-x.toml": amended("[[amendment.quota]]\nid = \"news\"\nper = \"month\"\ntarget = 15\n"),
        ])
        let issues = fixture.issues()
        #expect(issues.map(\.keyPath) == ["amendment[0].quota[0].per"])
    }

    @Test func tenThousandQuotaEntriesAreCheckedWithoutTrouble() throws {
        let added = (0..<10_000).map { "[[amendment.quota]]\nid = \"q\($0)\"\ntitle = \"t\"\ntarget = 1\nper = \"month\"\n" }
        let fixture = try Fixture(agreements: ["10-x.toml": amended(added.joined())])
        let agreement = try #require(try fixture.load().agreements.first)
        #expect(agreement.quotas.count == 10_002)

        let unknown = (0..<10_000).map { "[[amendment.quota]]\nid = \"x\($0)\"\n" }
        try fixture.directory.write("agreements.d/10-x.toml", amended(unknown.joined()))
        let issues = fixture.issues()
        #expect(issues.count == 10_000)
        #expect(issues.last?.keyPath == "amendment[0].quota[9999].id")
        #expect(issues.last?.message.contains("no quota \"x9999\"") == true)
    }

    @Test func aHugeIdIsAnIdAndIsShortenedInMessages() throws {
        let huge = String(repeating: "a", count: 200_000)
        let fixture = try Fixture(agreements: ["10-x.toml": amended("[[amendment.quota]]\nid = \"\(huge)\"\n")])
        let issues = fixture.issues()
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.keyPath == "amendment[0].quota[0].id")
        #expect(issue.message.contains("no quota \"" + String(repeating: "a", count: 40) + "…\""))
        #expect(issue.message.count < 1_000)

        try fixture.directory.write("agreements.d/10-x.toml", base + "[[amendment]]\nid = \"\(huge)\"\ntitle = \"t\"\neffective = 2024-07-01\n")
        #expect(try fixture.load().agreements.first?.amendments.first?.id.count == 200_000)
    }
}
