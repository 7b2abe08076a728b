import ArgumentParser
import TallyCommandLine
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl agreements`.
struct Agreements: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreements",
        abstract: "List the agreements, one line each.",
        discussion: """
            Shows each agreement's id, state, dates, time zone, how many quotas and campaigns it has, \
            and its title. Archived agreements (whose file is gone) are listed too.

            Example:  tallyctl agreements
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (reply, json) = try TallydConnection(global).call(IOTally.listAgreements, VarlinkEmpty())
        if global.json { return try JSONOutput.print(json) }
        let lines = Self.table(reply.agreements).render(colour: terminal.colour, maximumWidth: terminal.width)
        for line in lines { print(line) }
        if reply.agreements.isEmpty { print("No agreements are configured.") }
    }

    private var terminal: Terminal { .standardOutput }

    /// The table `agreements` prints.
    static func table(_ agreements: [AgreementSummary]) -> TextTable {
        var table = TextTable(columns: [
            .init("ID"), .init("STATE"), .init("START"), .init("END"), .init("ZONE"),
            .init("QUOTAS", alignment: .right), .init("CAMPAIGNS", alignment: .right), .init("TITLE"),
        ])
        for agreement in agreements {
            table.append([
                .init(agreement.id), .init(agreement.state, style: StatusColour.of(agreement.state)),
                .init(agreement.start), .init(agreement.end), .init(agreement.timezone),
                .init(String(agreement.quotaCount)), .init(String(agreement.campaignCount)), .init(agreement.title),
            ])
        }
        return table
    }
}
