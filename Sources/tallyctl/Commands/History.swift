import TallyCommandLine
import TallyCore
import ArgumentParser
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl history [AGREEMENT] [--since D]`.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the audit log: every record, void, import and milestone change, by whom.",
        discussion: """
            Each change to the data is logged with the time, the user id that made it and what changed.

            Example:  tallyctl history ben-tre-2024 --since yesterday
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "An agreement id (default: all).")
    var agreement: String?

    @Option(help: ArgumentHelp("Only changes on or after this date (\(DateArgument.accepted)).", valueName: "date"))
    var since: String?

    func validate() throws {
        _ = try DateArgument.parse(since, option: "--since")
    }

    func run() throws {
        let day = try DateArgument.parse(since, option: "--since")?.day
        let listed: (items: [AuditEntry], json: [JSONValue])
        do {
            listed = try TallydConnection(global).collectPages(IOTally.history, key: "entries", items: \.entries, next: \.nextAfter) { after in
                PageParameters(agreement: agreement, since: day, limit: 1000, after: after)
            }
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: agreement)
        }
        if global.json { return try JSONOutput.print(JSONValue.object(["entries": .array(listed.json)])) }
        let terminal = Terminal.standardOutput
        for line in Self.table(listed.items).render(colour: terminal.colour, maximumWidth: terminal.width) { print(line) }
        if listed.items.isEmpty { print("No changes recorded.") }
    }

    /// The table `history` prints.
    static func table(_ entries: [AuditEntry]) -> TextTable {
        var table = TextTable(columns: [.init("AT"), .init("UID", alignment: .right), .init("ACTION"), .init("AGREEMENT"), .init("DETAIL")])
        for entry in entries {
            table.append([
                .init(WireFormat.timestamp(entry.at)), .init(String(entry.uid)), .init(entry.action.rawValue), .init(entry.agreement),
                .init(entry.detail),
            ])
        }
        return table
    }
}
