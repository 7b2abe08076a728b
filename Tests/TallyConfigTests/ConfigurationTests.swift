import Foundation
import TallyConfig
import TallyCore
import TallyTesting
import Testing

@Suite struct ConfigurationTests {
    @Test func relativePathsResolveAgainstTheMainFilesDirectory() throws {
        let directory = try TemporaryDirectory()
        try directory.write("etc/tally/tally.toml", """
            [daemon]
            socket = "../../run/io.tally"
            database = "./state/tally.sqlite"
            agreements_dir = "agreements.d"
            """)
        try directory.makeDirectory("etc/tally/agreements.d")
        try directory.write("etc/tally/agreements.d/10-a.toml", Fixture.agreement("a"))
        let configuration = try ConfigurationLoader.load(mainFile: directory.path("etc/tally/tally.toml"))
        #expect(configuration.mainFile == directory.path("etc/tally/tally.toml"))
        #expect(configuration.daemon.socketPath == directory.path("run/io.tally"))
        #expect(configuration.daemon.databasePath == directory.path("etc/tally/state/tally.sqlite"))
        #expect(configuration.daemon.agreementsDirectory == directory.path("etc/tally/agreements.d"))
        #expect(configuration.sources == ["a": directory.path("etc/tally/agreements.d/10-a.toml")])
    }

    @Test func defaultsApplyWhereKeysAreLeftOut() throws {
        let fixture = try Fixture(main: "", agreements: ["10-a.toml": Fixture.agreement("a", "[[quota]]\nid = \"q\"\ntarget = 5\n")])
        let configuration = try fixture.load()
        #expect(configuration.daemon.socketPath == "/run/tally/io.tally")
        #expect(configuration.daemon.databasePath == "/var/lib/tally/tally.sqlite")
        #expect(configuration.policy == EvaluationPolicy())
        #expect(configuration.writers == ["tally-editors"])
        let agreement = try #require(configuration.agreements.first)
        #expect(agreement.timeZone == TimeZone(identifier: "Asia/Ho_Chi_Minh"))
        #expect(agreement.quotas == [Quota(id: "q", target: 5, per: .total, prorate: true)])
    }

    @Test func agreementsWithoutATimeZoneTakeTheDaemonDefault() throws {
        let fixture = try Fixture(
            main: Fixture.main + "timezone = \"Europe/Paris\"\n",
            agreements: ["10-a.toml": Fixture.agreement("a"), "20-b.toml": Fixture.agreement("b", "timezone = \"Asia/Bangkok\"\n")])
        let configuration = try fixture.load()
        #expect(configuration.agreements.map(\.timeZone.identifier) == ["Europe/Paris", "Asia/Bangkok"])
    }

    @Test func stringsAreNormalisedToNFC() throws {
        let decomposed = "Ba\u{0301}o A\u{0309}nh Vie\u{0323}\u{0302}t Nam"
        let fixture = try Fixture(agreements: ["10-a.toml": Fixture.agreement("a", "parties = [\"\(decomposed)\"]\n")])
        #expect(try fixture.load().agreements.first?.parties == ["Báo Ảnh Việt Nam"])
    }

    @Test(arguments: [
        ("30s", Duration.seconds(30)), ("15m", .seconds(900)), ("6h", .seconds(21_600)), ("7d", .seconds(604_800)),
        ("1s", .seconds(1)), ("3650d", .seconds(3_650 * 86_400)),
    ])
    func validDurationsParse(_ text: String, _ expected: Duration) {
        #expect(ConfigurationDuration.parse(text) == expected)
        #expect(ConfigurationDuration.parse(ConfigurationDuration.format(expected)) == expected)
    }

    @Test(arguments: ["", "0s", "15", "m", "15 m", "15min", "-5m", "+5m", "1.5h", "7D", "3651d", "99999999999999999999s", "٣d"])
    func invalidDurationsAreRefused(_ text: String) {
        #expect(ConfigurationDuration.parse(text) == nil)
    }

    @Test func durationsFormatWithTheLargestExactUnit() {
        #expect(ConfigurationDuration.format(.seconds(604_800)) == "7d")
        #expect(ConfigurationDuration.format(.seconds(5_400)) == "90m")
        #expect(ConfigurationDuration.format(.seconds(45)) == "45s")
    }

    @Test func changesNameAddedRemovedAndChangedAgreements() throws {
        let fixture = try Fixture(agreements: [
            "10-a.toml": Fixture.agreement("a"), "20-b.toml": Fixture.agreement("b"), "30-c.toml": Fixture.agreement("c"),
        ])
        let old = try fixture.load()
        #expect(old.changes(from: old).isEmpty)
        #expect(old.changes(from: old).description == "no changes")

        try fixture.directory.remove("agreements.d/10-a.toml")
        try fixture.directory.write("agreements.d/20-b.toml", Fixture.agreement("b", "reference = \"15/HĐ\"\n"))
        try fixture.directory.write("agreements.d/40-d.toml", Fixture.agreement("d"))
        try fixture.directory.write("tally.toml", Fixture.main + "due_soon = \"3d\"\n")
        let new = try fixture.load()
        let changes = new.changes(from: old)
        #expect(changes == ConfigurationChanges(added: ["d"], removed: ["a"], changed: ["b"], settingsChanged: true))
        #expect(changes.description == "added d; removed a; changed b; global settings changed")
    }

    @Test func issueDescriptionsLeaveOutWhatIsUnknown() {
        #expect(ConfigurationIssue(file: "a.toml", line: 3, keyPath: "quota[0].per", message: "m").description == "a.toml:3: quota[0].per: m")
        #expect(ConfigurationIssue(file: "a.toml", keyPath: "id", message: "m").description == "a.toml: id: m")
        #expect(ConfigurationIssue(file: "a.toml", message: "m").description == "a.toml: m")
    }
}
