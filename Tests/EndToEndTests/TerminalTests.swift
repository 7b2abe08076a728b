import Foundation
import Testing
import TallyTesting

/// tallyctl on a real terminal: `script(1)` gives it a pseudo-terminal for stdout and stderr.
@Suite struct TerminalTests {
    /// Runs `arguments` under a pseudo-terminal; what the terminal showed.
    static func onTerminal(_ harness: TallyctlHarness, _ arguments: [String], environment: [String: String] = [:]) throws
        -> Execution
    {
        let command = ([BuiltProducts.tallyctl] + arguments).map { "'\($0)'" }.joined(separator: " ")
        var variables = ["TALLY_SOCKET": harness.socket, "TERM": "xterm"]
        variables.merge(environment) { _, new in new }
        return try execute("/usr/bin/script", ["-qefc", command, "/dev/null"], environment: variables)
    }

    @Test func colourOnATerminalButNeverWithNoColor() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        let coloured = try Self.onTerminal(harness, ["status"])
        #expect(coloured.stdout.contains("\u{1B}["), "a terminal gets colour")
        #expect(coloured.stdout.contains("ben-tre-2024"))
        let plain = try Self.onTerminal(harness, ["status"], environment: ["NO_COLOR": ""])
        #expect(!plain.stdout.contains("\u{1B}["), "NO_COLOR, even empty, turns colour off")
        let dumb = try Self.onTerminal(harness, ["status"], environment: ["TERM": "dumb"])
        #expect(!dumb.stdout.contains("\u{1B}["))
        // Not a terminal: no colour either.
        #expect(!(try harness.tallyctl(["status"]).stdout.contains("\u{1B}[")))
    }

    @Test func importShowsAProgressBarOnATerminalOnly() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        var csv = "published,kind,title,id\n"
        for index in 1...60_000 { csv += "2024-0\(index % 4 + 1)-1\(index % 10),article,Tin số \(index),T\(index)\n" }
        let path = try harness.file("big.csv", csv)
        let shown = try Self.onTerminal(harness, ["import", path, "--agreement", "ben-tre-2024"],
                                        environment: ["TALLYCTL_PROGRESS_AFTER_MS": "0"])
        #expect(shown.stdout.contains("imported 60000 deliveries"), "\(shown.stdout.suffix(300))")
        // `importing  [█████░░░] 25%  16000 rows`, drawn once the import runs over a second (at once here).
        #expect(shown.stdout.contains("000 rows"), "the progress line counts rows")
        #expect(shown.stdout.contains("importing  ["), "the progress line has a bar: the file's size is known")
        #expect(shown.stdout.contains("%"), "the progress line shows a percentage")
        // Without a terminal the same import prints no progress line.
        let again = try harness.tallyctl(["import", path, "--agreement", "ben-tre-2024"])
        #expect(!again.stderr.contains("%"))
        #expect(again.stdout.contains("imported 0 deliveries from 60000 rows; 60000 already recorded."))
    }
}
