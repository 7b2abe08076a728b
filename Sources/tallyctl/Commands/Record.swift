import ArgumentParser
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol

/// `tallyctl record AGREEMENT --kind K --published DATE …`.
struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record one published item (a delivery) against an agreement.",
        discussion: """
            Give at least the kind and the publication date, and an --id or a --url so that recording the \
            same item again changes nothing (it answers "already recorded", exit 0). The same id or URL \
            with different details is refused as a conflict. A date without a time zone is in the \
            agreement's zone; dates in the future are refused unless --allow-future is given.

            Example:
              tallyctl record ben-tre-2024 --kind article --published 15/05/2024 \\
                --title "Bến Tre: 10 dự án mới" --url https://baotintuc.vn/a/123 --tag kinh-te --outlet "Báo Tin tức"

            Prints the delivery's id, which `tallyctl void` takes.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The agreement's id (see `tallyctl agreements`).")
    var agreement: String

    @Option(help: ArgumentHelp("What was published: article, photo, video, infographic, emagazine, podcast, broadcast, screen, or another word.", valueName: "kind"))
    var kind: String

    @Option(help: ArgumentHelp("When it was published (\(DateArgument.accepted)).", valueName: "date"))
    var published: String

    @Option(help: ArgumentHelp("Its language, a BCP 47 tag such as vi, en or zh-CN (default: vi).", valueName: "tag"))
    var language: String?

    @Option(help: ArgumentHelp("Where it was published, e.g. \"Báo Tin tức\".", valueName: "name"))
    var outlet: String?

    @Option(help: ArgumentHelp("Its title.", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("Its address; identifies the item when --id is not given.", valueName: "url"))
    var url: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag such as kinh-te (repeat for several).", valueName: "tag"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("How many items it counts for, 1 to 10000 (default: 1), e.g. for a series.", valueName: "n"))
    var count: Int?

    @Option(help: ArgumentHelp("Your own id for the item; identifies it within the agreement.", valueName: "id"))
    var id: String?

    @Flag(help: "Accept a publication date in the future.")
    var allowFuture = false

    func validate() throws {
        _ = try DateArgument.parse(published, option: "--published")
        if let count, !Delivery.countRange.contains(count) {
            throw ValidationError("--count: \(count) is outside 1…10000; a delivery counts for 1 to 10000 items.")
        }
        let kindWord = kind.lowercased()
        guard kindWord.isIdentifierWord else {
            throw ValidationError("--kind: \"\(kind)\" is not a kind; use a word of lowercase letters, digits and dashes such as article or video.")
        }
        if let bad = tags.first(where: { !$0.lowercased().isIdentifierWord }) {
            throw ValidationError("--tag: \"\(bad)\" is not a tag; use lowercase letters, digits and dashes, such as kinh-te.")
        }
    }

    func run() throws {
        guard let date = try DateArgument.parse(published, option: "--published") else { return }
        let input = DeliveryInput(
            agreement: agreement, published: date.wire, kind: kind.lowercased(), language: language, outlet: outlet,
            title: title, url: url, tags: tags.isEmpty ? nil : tags.map { $0.lowercased() }, count: count, id: id)
        let daemon = try TallydConnection(global)
        let recorded: (reply: RecordReply, json: JSONValue)
        do {
            recorded = try daemon.call(IOTally.record, RecordParameters(delivery: input, allowFuture: allowFuture ? true : nil))
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: agreement)
        }
        if global.json { return try JSONOutput.print(recorded.json) }
        print(Self.sentence(recorded.reply, agreement: agreement))
    }

    /// What `record` prints.
    static func sentence(_ reply: RecordReply, agreement: String) -> String {
        reply.created
            ? "Recorded delivery \(reply.id) for \(agreement)."
            : "Already recorded as delivery \(reply.id) for \(agreement); nothing changed."
    }
}
