import TallyCommandLine
import TallyCore
import ArgumentParser
import TallyInterface
import TallyProtocol

/// `tallyctl milestone done|undo AGREEMENT CAMPAIGN/MILESTONE`.
struct Milestone: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milestone",
        abstract: "Mark a manual milestone done, or undo that.",
        discussion: """
            Manual milestones (manual = true in the agreement file, e.g. signing an annex) are completed by \
            hand; counted milestones complete by themselves when enough deliveries are recorded.

            Example:
              tallyctl milestone done ben-tre-2024 dai-hoi-xii/phu-luc --date 14/06/2025
              tallyctl milestone undo ben-tre-2024 dai-hoi-xii/phu-luc
            """,
        subcommands: [Done.self, Undo.self]
    )

    /// The agreement and milestone both subcommands take.
    struct Target: ParsableArguments {
        @Argument(help: "The agreement's id.")
        var agreement: String

        @Argument(help: "The milestone, as CAMPAIGN/MILESTONE (see `tallyctl show AGREEMENT`).")
        var milestone: String

        func validate() throws {
            let parts = milestone.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
                throw ValidationError("\"\(milestone)\" is not CAMPAIGN/MILESTONE; write it like dai-hoi-xii/phu-luc.")
            }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done",
            abstract: "Mark a manual milestone done (today, or on --date).",
            discussion: "Example:  tallyctl milestone done ben-tre-2024 dai-hoi-xii/phu-luc --date 2025-06-14"
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target

        @Option(help: ArgumentHelp("When it was done (default: today; \(DateArgument.accepted)).", valueName: "date"))
        var date: String?

        func validate() throws {
            _ = try DateArgument.parse(date, option: "--date")
        }

        func run() throws {
            let day = try DateArgument.parse(date, option: "--date")?.day
            let parameters = MilestoneParameters(agreement: target.agreement, milestone: target.milestone, date: day)
            try Milestone.change(IOTally.milestoneDone, parameters, global: global)
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo",
            abstract: "Undo a manual milestone's completion.",
            discussion: "Example:  tallyctl milestone undo ben-tre-2024 dai-hoi-xii/phu-luc"
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target

        func run() throws {
            let parameters = MilestoneParameters(agreement: target.agreement, milestone: target.milestone)
            try Milestone.change(IOTally.milestoneUndo, parameters, global: global)
        }
    }

    fileprivate static func change(
        _ method: VarlinkMethod<MilestoneParameters, MilestoneReply>, _ parameters: MilestoneParameters, global: GlobalOptions
    ) throws {
        let changed: (reply: MilestoneReply, json: JSONValue)
        do {
            changed = try TallydConnection(global).call(method, parameters)
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: parameters.agreement)
        }
        if global.json { return try JSONOutput.print(changed.json) }
        print(sentence(changed.reply.milestone, agreement: parameters.agreement))
    }

    /// `ben-tre-2024 dai-hoi-xii/phu-luc: DONE (reached 2025-06-14, due 2025-06-15).`
    static func sentence(_ milestone: MilestoneEvaluation, agreement: String) -> String {
        let reached = milestone.reachedOn.map { "reached \($0), " } ?? ""
        return "\(agreement) \(milestone.id): \(milestone.status.rawValue) (\(reached)due \(milestone.due))."
    }
}
