import ArgumentParser

/// `tallyctl status`'s arguments, parsed and printed back: no socket, no call, no JSON.
struct Status: ParsableCommand {
    @OptionGroup var global: Global
    @Argument var agreements: [String] = []
    @Flag var json = false

    func run() {
        print(global.socket, agreements, json)
    }
}

struct Global: ParsableArguments {
    @Option var socket = "/run/tally/io.tally"
    @Flag var quiet = false
}

struct Floor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "argument-floor", version: "1", subcommands: [Status.self])
}

Floor.main()
