import ArgumentParser
import TallyCommandLine
import TallyInterface
import TallyProtocol

/// `tallyctl check [--at DATE]`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate now, or as a what-if at another date.",
        discussion: """
            Without --at, tallyd evaluates every agreement now, raises the alerts due (this needs write \
            access) and prints the status as `tallyctl status` does. With --at, it answers what the status \
            would be at the end of that day in each agreement's time zone, and changes nothing: no state, \
            no alert.

            Example:  tallyctl check --at 2024-06-30

            The exit status is that of `tallyctl status`: 0, 2 or 3.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Evaluate as of this date, changing nothing (\(DateArgument.accepted)).", valueName: "date"))
    var at: String?

    func validate() throws {
        _ = try DateArgument.parse(at, option: "--at")
    }

    func run() throws {
        let moment = try DateArgument.parse(at, option: "--at")
        let daemon = try TallydConnection(global)
        let preface = moment.map { moment in
            let when = !moment.hasTime ? "the end of \(moment.day)" : moment.wire
            return "What-if at \(when) (nothing was changed):\n"
        }
        try StatusOutput.run(IOTally.check, CheckParameters(at: moment?.wire), on: daemon, options: global,
                             preface: preface)
    }
}
