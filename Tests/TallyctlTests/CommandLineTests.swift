import ArgumentParser
import TallyCommandLine
import TallyInterface
import TallyProtocol
import Testing

@testable import tallyctl

@Suite("Options, terminal and views")
struct CommandLineTests {
    @Test func socketPathPrecedence() {
        #expect(GlobalOptions.socketPath(option: "/a", environment: ["TALLY_SOCKET": "/b"]) == "/a")
        #expect(GlobalOptions.socketPath(option: nil, environment: ["TALLY_SOCKET": "/b"]) == "/b")
        #expect(GlobalOptions.socketPath(option: nil, environment: ["TALLY_SOCKET": ""]) == "/run/tally/io.tally")
        #expect(GlobalOptions.socketPath(option: nil, environment: [:]) == "/run/tally/io.tally")
    }

    @Test func globalOptionsGoBeforeOrAfterTheCommand() throws {
        for arguments in [["--json", "--socket", "/s", "status"], ["status", "--json", "--socket", "/s"], ["--socket", "/s", "status", "--json"]] {
            let command = try #require(try Tallyctl.parseAsRoot(arguments) as? StatusCommand)
            #expect(command.global.json)
            #expect(command.global.socket == "/s")
        }
    }

    /// tally-fetch's command line: the global options and the fetch options, as its root command reads them.
    struct FetchLine: ParsableCommand {
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: FetchOptions
    }

    /// `tallyctl fetch` hands tally-fetch its options as a command line that parses back to the same options,
    /// given before or after the command name, with an agreement id that looks like an option kept an id.
    @Test func fetchForwardsItsOptionsAsGiven() throws {
        for arguments in [
            ["fetch"], ["fetch", "a", "b", "--feed", "vnp", "--force"], ["--socket", "/s", "fetch", "--json", "a"],
            ["fetch", "--feed", "x", "--", "-odd"],
        ] {
            let command = try #require(try Tallyctl.parseAsRoot(arguments) as? Fetch)
            let line = try FetchLine.parse(command.global.arguments + command.options.arguments)
            #expect(line.global.socket == command.global.socket && line.global.json == command.global.json, "\(arguments)")
            #expect(line.options.agreements == command.options.agreements, "\(arguments)")
            #expect(line.options.feed == command.options.feed && line.options.force == command.options.force, "\(arguments)")
        }
        #expect(try #require(try Tallyctl.parseAsRoot(["fetch", "--", "-odd"]) as? Fetch).options.agreements == ["-odd"])
        #expect(FetchProgram.candidates(besides: "/usr/bin/tallyctl") == ["/usr/bin/tally-fetch", "/usr/libexec/tally/tally-fetch"])
    }

    @Test func usageErrorsAreSixtyFour() {
        for arguments in [
            ["status", "--bogus"], ["record", "a", "--kind", "article"], ["nonsense"], ["void", "x", "--reason", "r"],
            ["void", "3", "--reason", " "], ["milestone", "done", "a", "no-slash"], ["report", "--format", "pdf"],
            ["report", "--period", "2024-Q5"], ["record", "a", "--kind", "Bài Viết", "--published", "today"],
            ["record", "a", "--kind", "article", "--published", "today", "--count", "0"],
        ] {
            do {
                _ = try Tallyctl.parseAsRoot(arguments)
                Issue.record("\(arguments) parsed")
            } catch {
                #expect(Tallyctl.exitCode(for: error).rawValue == 64, "\(arguments)")
            }
        }
    }

    @Test(arguments: [
        ("2024", true), ("2024-Q2", true), ("2024-05", true), ("2024-W19", true), ("previous-month", true),
        ("previous-quarter", true), ("previous-year", true), ("2024-01-01..2024-06-30", true), ("15/01/2024..today", true),
        ("2024-Q5", false), ("2024-13", false), ("2024-W54", false), ("24", false), ("2024-06-30..2024-01-01", false), ("last-month", false),
    ])
    func periods(text: String, valid: Bool) {
        #expect(Report.isPeriod(text) == valid)
    }

    @Test func colourOnlyOnATerminalWithoutNoColourOrDumb() {
        #expect(Terminal(isTTY: true, terminalWidth: 100, environment: [:]).colour)
        #expect(!Terminal(isTTY: false, terminalWidth: nil, environment: [:]).colour)
        #expect(!Terminal(isTTY: true, terminalWidth: 100, environment: ["NO_COLOR": ""]).colour)
        #expect(!Terminal(isTTY: true, terminalWidth: 100, environment: ["NO_COLOR": "1"]).colour)
        #expect(!Terminal(isTTY: true, terminalWidth: 100, environment: ["TERM": "dumb"]).colour)
    }

    @Test func widthFromTheTerminalThenColumns() {
        #expect(Terminal(isTTY: true, terminalWidth: 100, environment: ["COLUMNS": "60"]).width == 100)
        #expect(Terminal(isTTY: false, terminalWidth: nil, environment: ["COLUMNS": "60"]).width == 60)
        #expect(Terminal(isTTY: false, terminalWidth: nil, environment: ["COLUMNS": "x"]).width == nil)
        #expect(Terminal(isTTY: false, terminalWidth: nil, environment: [:]).width == nil)
    }

    @Test func backupPathsAreMadeAbsolute() {
        #expect(Backup.absolute("/var/b.sqlite", in: "/home/a") == "/var/b.sqlite")
        #expect(Backup.absolute("b.sqlite", in: "/home/a") == "/home/a/b.sqlite")
        #expect(Backup.absolute("../b.sqlite", in: "/home/a") == "/home/b.sqlite")
    }

    @Test func reloadLines() {
        #expect(Reload.lines(ReloadReply(added: [], removed: [], changed: [], archived: [], agreements: 3))
            == ["Reloaded: nothing changed; 3 agreements loaded."])
        #expect(Reload.lines(ReloadReply(added: ["a", "b"], removed: [], changed: ["c"], archived: [], agreements: 1))
            == ["Reloaded; 1 agreement loaded:", "  added: a, b", "  changed: c"])
    }
}
