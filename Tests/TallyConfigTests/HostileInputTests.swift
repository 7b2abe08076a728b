import Foundation
import TallyConfig
import TallyCore
import TallyTesting
import Testing

@Suite struct HostileInputTests {
    private func singleIssue(_ fixture: Fixture, file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ConfigurationIssue {
        let issues = fixture.issues(sourceLocation: sourceLocation)
        #expect(issues.count == 1, "got \(issues)", sourceLocation: sourceLocation)
        let issue = try #require(issues.first, sourceLocation: sourceLocation)
        #expect(issue.file.hasSuffix(file), sourceLocation: sourceLocation)
        return issue
    }

    @Test func anOversizedFileIsRefusedWithoutParsing() throws {
        let fixture = try Fixture()
        // Valid TOML, so only the size can be the reason.
        try fixture.directory.write("agreements.d/10-big.toml", String(repeating: "# padding\n", count: 110_000))
        let issue = try singleIssue(fixture, file: "agreements.d/10-big.toml")
        #expect(issue.message.contains("limited to 1 MiB"))
    }

    @Test func invalidUTF8IsRefusedWithItsLine() throws {
        let fixture = try Fixture()
        try fixture.directory.write("agreements.d/10-latin1.toml", bytes: Array("id = \"a\"\ntitle = \"".utf8) + [0x54, 0xE2, 0x6E, 0x22, 0x0A])
        let issue = try singleIssue(fixture, file: "agreements.d/10-latin1.toml")
        #expect(issue.line == 2)
        #expect(issue.message.contains("not valid UTF-8"))
    }

    @Test func aBinaryFileIsRefused() throws {
        let fixture = try Fixture()
        try fixture.directory.write("agreements.d/10-binary.toml", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00])
        let issue = try singleIssue(fixture, file: "agreements.d/10-binary.toml")
        #expect(issue.message.contains("binary"))
    }

    @Test func deeplyNestedValuesAreASyntaxErrorNotACrash() throws {
        let fixture = try Fixture(agreements: [
            "10-arrays.toml": "x = " + String(repeating: "[", count: 100_000),
            "20-tables.toml": "x = " + String(repeating: "{ a = ", count: 100_000),
        ])
        let issues = fixture.issues()
        #expect(issues.count == 2)
        #expect(issues.allSatisfy { $0.message.contains("TOML syntax error") && $0.line == 1 })
    }

    // Found by `make fuzz` (target config): toml++ in TOMLKit 0.6.0 asserts, aborting the process,
    // on a table header with no key after its `[`; a half-typed header must stay a syntax error.
    @Test(arguments: ["[\n", "[[=\n", "[[[a]]]\n", "[ỏ]\n", "[#\n"])
    func aTableHeaderWithoutAKeyIsASyntaxErrorNotACrash(header: String) throws {
        let fixture = try Fixture(agreements: ["10-header.toml": Fixture.agreement("a", "\n" + header)])
        let issue = try singleIssue(fixture, file: "agreements.d/10-header.toml")
        #expect(issue.message.contains("TOML syntax error") && issue.message.contains("table header"))
        #expect(issue.line == Fixture.agreement("a", "").split(separator: "\n", omittingEmptySubsequences: false).count + 1)
    }

    @Test func deeplyDottedKeysAreOnlyAnUnknownKey() throws {
        let dotted = (0..<5_000).map { "k\($0)" }.joined(separator: ".")
        let fixture = try Fixture(agreements: ["10-dotted.toml": Fixture.agreement("a", dotted + " = 1\n")])
        let issue = try singleIssue(fixture, file: "agreements.d/10-dotted.toml")
        #expect(issue.keyPath == "k0" && issue.message.contains("unknown key"))
    }

    @Test func aDirectoryNamedLikeAnAgreementFileIsReported() throws {
        let fixture = try Fixture()
        try fixture.directory.makeDirectory("agreements.d/10-dir.toml")
        let issue = try singleIssue(fixture, file: "agreements.d/10-dir.toml")
        #expect(issue.message.contains("is a directory"))
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file"))
    func anUnreadableFileIsReported() throws {
        let fixture = try Fixture(agreements: ["10-secret.toml": Fixture.agreement()])
        chmod(fixture.directory.path("agreements.d/10-secret.toml"), 0)
        let issue = try singleIssue(fixture, file: "agreements.d/10-secret.toml")
        #expect(issue.message.contains("cannot be read"))
    }

    @Test func aMissingMainFileIsOneSentence() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("nope.toml")
        #expect(throws: ConfigurationError(issues: [ConfigurationIssue(file: path, message: "the file does not exist")])) {
            try ConfigurationLoader.load(mainFile: path)
        }
    }

    @Test func aMissingAgreementsDirectoryIsAnError() throws {
        let fixture = try Fixture(main: "[daemon]\nagreements_dir = \"agreements\"\n")
        let issue = try singleIssue(fixture, file: "tally.toml")
        #expect(issue.keyPath == "daemon.agreements_dir" && issue.line == 2)
        #expect(issue.message.contains("does not exist"))
    }

    @Test func onlyVisibleTomlFilesAreReadInNameOrder() throws {
        let fixture = try Fixture(agreements: [
            "20-b.toml": Fixture.agreement("b"), "10-a.toml": Fixture.agreement("a"),
            "notes.txt": "not toml", "10-a.toml~": "backup", ".#10-a.toml": "editor lock",
        ])
        #expect(try fixture.load().agreements.map(\.id) == ["a", "b"])
    }

    @Test func anEmptyAgreementsDirectoryGivesZeroAgreements() throws {
        let configuration = try Fixture().load()
        #expect(configuration.agreements.isEmpty)
        #expect(configuration.summary == ConfigurationSummary(agreements: 0, quotas: 0, campaigns: 0, milestones: 0, blackouts: 0))
    }
}
