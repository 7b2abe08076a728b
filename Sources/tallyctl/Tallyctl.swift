import ArgumentParser
import Foundation
import TallyCommandLine

/// The tally control CLI: one subcommand per file under `Commands/`.
@main
struct Tallyctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tallyctl",
        abstract: "Control and query tallyd, the news-cooperation agreement tracker.",
        discussion: """
            tallyd keeps agreements between a news agency and its partners: quotas of \
            articles, videos… per year, quarter, month or week, and campaigns with \
            milestones. tallyctl asks it how delivery stands and records what was published.

            Getting started:
              tallyctl agreements                  list the agreements
              tallyctl status ben-tre-2024         how one stands, the worst first
              tallyctl record ben-tre-2024 --kind article --published today \\
                  --url https://baotintuc.vn/a/123 record one published item
              tallyctl import may.csv --dry-run    check a CSV file, then import
              tallyctl import may.csv              it without --dry-run
              tallyctl show ben-tre-2024           why a quota is behind: targets,
                                                   filters, past windows
              tallyctl deliveries ben-tre-2024     what was counted
              tallyctl feeds                       how the agreements' feeds are read
              tallyctl inbox                       feed items waiting for review
              tallyctl inbox accept 12 13          record two of them
              tallyctl accept draft ben-tre-2024   the acceptance record to sign
              tallyctl settle ben-tre-2024         accepted, paid and due
              tallyctl backup /var/backups/tally/tally.sqlite   copy the database

            Each command has its own help: tallyctl help record.

            Dates: 2024-05-15, 15/05/2024, 2024-05-15T09:30, today or yesterday \
            (today in the local time zone, $TZ). The socket is --socket, else $TALLY_SOCKET, \
            else /run/tally/io.tally.

            Exit status: 0 success; 1 error; 2 (status, check) something needs attention \
            soon; 3 (status, check) a quota is behind or a milestone was missed; 4 tallyd \
            is not reachable; 64 wrong usage.
            """,
        version: CommandLineProgram.version,
        subcommands: [
            StatusCommand.self, Agreements.self, Show.self, Record.self, Import.self, Export.self, Deliveries.self,
            VoidDelivery.self, Milestone.self, Check.self, Alerts.self, History.self, Report.self, Reload.self,
            Backup.self, Validate.self, Feeds.self, Inbox.self, Fetch.self, Accept.self, PaymentCommand.self, Settle.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    static func main() { CommandLineProgram.run(Self.self) }
}
