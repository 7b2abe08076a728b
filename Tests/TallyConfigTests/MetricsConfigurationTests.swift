import TallyConfig
import TallyTesting
import Testing

/// `[metrics]` of the main file (SPEC §11): where tallyd writes node_exporter's textfile.
@Suite struct MetricsConfigurationTests {
    @Test func anAbsolutePromFileIsTheTextfile() throws {
        let fixture = try Fixture(main: Fixture.main + "[metrics]\ntextfile = \"/var/lib/prometheus/node-exporter/tally.prom\"\n")
        #expect(try fixture.load().metrics == MetricsSettings(textfile: "/var/lib/prometheus/node-exporter/tally.prom"))
    }

    /// A relative path is taken from the main file's directory, as every path of the main file (SPEC §1).
    @Test func aRelativeTextfileIsTakenFromTheMainFilesDirectory() throws {
        let fixture = try Fixture(main: Fixture.main + "[metrics]\ntextfile = \"node-exporter/tally.prom\"\n")
        #expect(try fixture.load().metrics.textfile == fixture.directory.path("node-exporter/tally.prom"))
    }

    @Test func metricsAreOffWithoutTheSectionOrTheKey() throws {
        #expect(try Fixture().load().metrics.textfile == nil)
        #expect(try Fixture(main: Fixture.main + "[metrics]\n").load().metrics.textfile == nil)
    }

    /// Each is reported at `metrics.textfile` (line 6, under `[metrics]` on line 5) of tally.toml, or at the key.
    @Test(arguments: [
        ("[metrics]\ntextfile = \"node-exporter/.prom\"\n", "metrics.textfile", 6, "does not name a *.prom file"),
        ("[metrics]\ntextfile = \"/var/lib/prometheus/node-exporter/tally.txt\"\n", "metrics.textfile", 6,
         "\"/var/lib/prometheus/node-exporter/tally.txt\" does not name a *.prom file, the only files node_exporter's textfile collector reads"),
        ("[metrics]\ntextfile = \"/var/lib/prometheus/node-exporter/\"\n", "metrics.textfile", 6, "does not name a *.prom file"),
        ("[metrics]\ntextfile = 1\n", "metrics.textfile", 6, "expected a string, got the whole number 1"),
        ("[metrics]\ntextfile = [\"/a.prom\"]\n", "metrics.textfile", 6, "expected a string, got an array"),
        ("[metrics]\ntextfile = \"\"\n", "metrics.textfile", 6, "must not be empty"),
        ("[metrics]\ntextfil = \"/a.prom\"\n", "metrics.textfil", 6, "unknown key (did you mean \"textfile\"?); expected one of: textfile"),
    ])
    func aBadTextfileIsReportedWithFileLineAndKeyPath(_ extra: String, _ keyPath: String, _ line: Int, _ message: String) throws {
        let fixture = try Fixture(main: Fixture.main + extra)
        let issues = fixture.issues()
        #expect(issues.count == 1, "got \(issues)")
        let issue = try #require(issues.first { $0.keyPath == keyPath }, "got \(issues)")
        #expect(issue.file.hasSuffix("tally.toml"))
        #expect(issue.line == line, "\(issue)")
        #expect(issue.message.contains(message), "\(issue.message)")
        #expect(ConfigurationError(issues: issues).description.contains("tally.toml:\(line): \(keyPath): "))
    }

    @Test func metricsMustBeATable() throws {
        let issues = try Fixture(main: "metrics = \"/var/lib/prometheus/node-exporter/tally.prom\"\n" + Fixture.main).issues()
        #expect(issues.count == 1, "got \(issues)")
        let issue = try #require(issues.first)
        #expect(issue.keyPath == "metrics" && issue.line == 1, "\(issue)")
        #expect(issue.message.contains("expected a table, written [metrics]"), "\(issue.message)")
    }

    /// A reload that turns metrics on, moves or turns them off changes the global settings.
    @Test func aChangedTextfileIsAChangedGlobalSetting() throws {
        let fixture = try Fixture()
        let off = try fixture.load()
        try fixture.directory.write("tally.toml", Fixture.main + "[metrics]\ntextfile = \"/srv/metrics/tally.prom\"\n")
        let on = try fixture.load()
        #expect(on.changes(from: off) == ConfigurationChanges(settingsChanged: true))
        try fixture.directory.write("tally.toml", Fixture.main + "[metrics]\ntextfile = \"/srv/metrics/tally.prom\"\n")
        #expect(try fixture.load().changes(from: on).isEmpty)
    }
}
