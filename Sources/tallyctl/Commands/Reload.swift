import ArgumentParser
import TallyCommandLine
import TallyInterface
import TallyProtocol

/// `tallyctl reload`.
struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make tallyd re-read its configuration; prints what changed or why it was refused.",
        discussion: """
            An invalid configuration is refused whole: tallyd keeps the one it had and the problems are \
            listed (exit 1). Check files first with `tallyctl validate`. An agreement whose file was removed \
            keeps its data and becomes ARCHIVED (read-only) until its file returns. `systemctl reload tallyd` \
            runs this.

            Example:  tallyctl reload
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (reply, json) = try TallydConnection(global).call(IOTally.reload, VarlinkEmpty())
        if global.json { return try JSONOutput.print(json) }
        for line in Self.lines(reply) { print(line) }
    }

    /// What `reload` prints.
    static func lines(_ reply: ReloadReply) -> [String] {
        let changes = [("added", reply.added), ("changed", reply.changed), ("archived", reply.archived), ("removed", reply.removed)]
        var lines = changes.filter { !$0.1.isEmpty }.map { "  \($0.0): \($0.1.joined(separator: ", "))" }
        let total = plural(reply.agreements, "agreement")
        lines.insert(lines.isEmpty ? "Reloaded: nothing changed; \(total) loaded." : "Reloaded; \(total) loaded:", at: 0)
        return lines
    }
}
