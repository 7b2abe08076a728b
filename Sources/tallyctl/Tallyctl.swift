import ArgumentParser

/// The tally control CLI: one subcommand per file under `Commands/`.
@main
struct Tallyctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tallyctl",
        abstract: "Control and query tallyd, the news-cooperation agreement tracker.",
        version: "0.1.0",
        subcommands: [Validate.self, Report.self]
    )
}
