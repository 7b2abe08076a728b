import TallyCommandLine
import TallyCore
import ArgumentParser
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl alerts [AGREEMENT] [--since D] [--follow]`.
struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List the alerts raised, or follow new ones as they come.",
        discussion: """
            An alert is raised when a quota, milestone or agreement changes to a state worth knowing \
            (at risk, behind, met, missed, due soon, expiring, stale…), and repeated while a bad state \
            lasts. The same alerts are in the systemd journal (journalctl -t tallyd).

            With --follow, new alerts are printed as they are raised until tallyd stops or you press \
            Ctrl-C; with --since too, the alerts since then come first. With --json and --follow, each \
            alert is one JSON object on its own line.

            Example:  tallyctl alerts ben-tre-2024 --since 2024-04-01
                      tallyctl alerts --follow --json | jq .message
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "An agreement id (default: all).")
    var agreement: String?

    @Option(help: ArgumentHelp("Only alerts raised on or after this date (\(DateArgument.accepted)).", valueName: "date"))
    var since: String?

    @Flag(help: "Keep running and print new alerts as they are raised.")
    var follow = false

    func validate() throws {
        _ = try DateArgument.parse(since, option: "--since")
    }

    func run() throws {
        let day = try DateArgument.parse(since, option: "--since")?.day
        let daemon = try TallydConnection(global)
        do {
            if !follow || day != nil {
                let listed = try daemon.collectPages(IOTally.listAlerts, key: "alerts", items: \.alerts, next: \.nextAfter) { after in
                    PageParameters(agreement: agreement, since: day, limit: 1000, after: after)
                }
                if follow {
                    for (alert, json) in zip(listed.items, listed.json) { try printFollowed(alert, json: json) }
                } else if global.json {
                    return try JSONOutput.print(JSONValue.object(["alerts": .array(listed.json)]))
                } else {
                    let terminal = Terminal.standardOutput
                    for line in Self.table(listed.items).render(colour: terminal.colour, maximumWidth: terminal.width) { print(line) }
                    if listed.items.isEmpty { print("No alerts.") }
                }
            }
            if follow { try watch(daemon) }
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: agreement)
        }
    }

    private func watch(_ daemon: TallydConnection) throws {
        try daemon.client.stream(IOTally.watchAlerts, WatchAlertsParameters(agreement: agreement), timeout: nil) { reply, _ in
            guard let alert = reply.alert else { return }
            try printFollowed(alert, json: JSONValue(encoding: alert))
        }
    }

    private func printFollowed(_ alert: AlertRecord, json: JSONValue) throws {
        printFlushed(global.json ? try JSONOutput.line(json) : Self.line(alert))
    }

    /// One alert on one line, as `--follow` prints it.
    static func line(_ alert: AlertRecord) -> String {
        "\(WireFormat.timestamp(alert.at))  \(alert.type.rawValue)  \(subject(alert))  \(alert.message)"
    }

    /// `ben-tre-2024/news 2024-Q2`, `ben-tre-2024 dai-hoi-xii/mo-dau`, `ben-tre-2024`.
    static func subject(_ alert: AlertRecord) -> String {
        if let quota = alert.quota { return "\(alert.agreement)/\(quota)" + (alert.window.map { " \($0)" } ?? "") }
        if let milestone = alert.milestone { return "\(alert.agreement) \(milestone)" }
        return alert.agreement
    }

    /// The table `alerts` prints.
    static func table(_ alerts: [AlertRecord]) -> TextTable {
        var table = TextTable(columns: [.init("AT"), .init("TYPE"), .init("SUBJECT"), .init("STATUS"), .init("MESSAGE")])
        for alert in alerts {
            let repeated = alert.repeatCount > 0 ? " (repeat \(alert.repeatCount))" : ""
            table.append([
                .init(WireFormat.timestamp(alert.at)), .init(alert.type.rawValue), .init(subject(alert)),
                .init(alert.status, style: StatusColour.of(alert.status)), .init(alert.message + repeated),
            ])
        }
        return table
    }
}
