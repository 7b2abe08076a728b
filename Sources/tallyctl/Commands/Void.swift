import TallyCommandLine
import TallyCore
import Foundation
import ArgumentParser
import TallyInterface
import TallyProtocol

/// `tallyctl void DELIVERY --reason TEXT`.
struct VoidDelivery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void",
        abstract: "Void a delivery recorded by mistake: it stops counting and stays in the history.",
        discussion: """
            Nothing is ever deleted: a voided delivery no longer counts for any quota or milestone, is \
            still shown by `tallyctl deliveries --include-void`, in reports and in `tallyctl history`, and no \
            longer holds its id or URL, so the item can be recorded again correctly.

            Example:  tallyctl void 1234 --reason "recorded twice, see 1233"
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The delivery's number, as `tallyctl deliveries` shows it.")
    var delivery: Int

    @Option(help: ArgumentHelp("Why it is voided; kept in the history.", valueName: "text"))
    var reason: String

    func validate() throws {
        guard delivery > 0 else { throw ValidationError("DELIVERY: \(delivery) is not a delivery number; they start at 1.") }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--reason: say why the delivery is voided, e.g. --reason \"recorded twice\".")
        }
    }

    func run() throws {
        let (reply, json) = try TallydConnection(global).call(IOTally.void, VoidParameters(id: delivery, reason: reason))
        if global.json { return try JSONOutput.print(json) }
        let voided = reply.delivery
        let title = voided.title.map { ", \"\($0)\"" } ?? ""
        print("Voided delivery \(voided.id) (\(voided.agreement), \(voided.day)\(title)): \(reason.sentenceBody).")
    }
}
