import ArgumentParser
import Foundation
import TallyDaemon

/// tallyd: the tally daemon. Everything it does lives in TallyDaemon; this only reads the command line.
@main
struct Tallyd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tallyd",
        abstract: "Track news-cooperation agreements: quotas, milestones, deliveries and alerts.",
        discussion: """
            Runs under systemd (Type=notify, socket activation through tallyd.socket) or by hand. \
            Control it with tallyctl over the Varlink socket named in the configuration.
            """,
        version: TallyVersion.current)

    @Option(name: .shortAndLong, help: "The main configuration file.")
    var config = "/etc/tally/tally.toml"

    func run() async throws {
        let code = await Daemon.run(configPath: config, environment: ProcessInfo.processInfo.environment)
        if code != 0 { throw ExitCode(code) }
    }
}

