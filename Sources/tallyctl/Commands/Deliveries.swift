import TallyCommandLine
import TallyCore
import ArgumentParser
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl deliveries [AGREEMENT] [--since D] [--until D] [--kind K] [--include-void]`.
struct Deliveries: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "List recorded deliveries, by publication date.",
        discussion: """
            Shows each delivery's id (what `tallyctl void` takes), publication date in the agreement's time \
            zone, agreement, kind, language, count, outlet and title. Voided items are left out unless \
            --include-void is given. All pages are fetched: the list is complete.

            Example:  tallyctl deliveries ben-tre-2024 --since 2024-04-01 --kind video
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "An agreement id (default: all).")
    var agreement: String?

    @OptionGroup var range: DateRangeOptions

    @Option(help: ArgumentHelp("Only this kind, e.g. video.", valueName: "kind"))
    var kind: String?

    @Flag(help: "Also list voided deliveries, with why they were voided.")
    var includeVoid = false

    func run() throws {
        let (since, until) = try range.wire()
        let listed = try TallydConnection.deliveries(
            global, agreement: agreement,
            selection: ListDeliveriesParameters(
                agreements: agreement.map { [$0] }, since: since, until: until, kind: kind?.lowercased(),
                includeVoid: includeVoid ? true : nil))
        if global.json { return try JSONOutput.print(JSONValue.object(["deliveries": .array(listed.json)])) }
        let terminal = Terminal.standardOutput
        for line in Self.table(listed.items).render(colour: terminal.colour, maximumWidth: terminal.width) { print(line) }
        print(Self.footer(listed.items))
    }

    /// The table `deliveries` prints.
    static func table(_ deliveries: [DeliveryRecord]) -> TextTable {
        var table = TextTable(columns: [
            .init("ID", alignment: .right), .init("DATE"), .init("AGREEMENT"), .init("KIND"), .init("LANG"),
            .init("COUNT", alignment: .right), .init("OUTLET"), .init("TITLE"),
        ])
        for delivery in deliveries {
            let title = delivery.title ?? delivery.url ?? delivery.externalID ?? ""
            let voided = delivery.void.map { "VOID (\($0.reason.sentenceBody)) " } ?? ""
            table.append([
                .init(String(delivery.id)), .init(delivery.day.description), .init(delivery.agreement), .init(delivery.kind),
                .init(delivery.language), .init(String(delivery.count)), .init(delivery.outlet ?? ""),
                .init(voided + title, style: delivery.void == nil ? nil : .grey),
            ])
        }
        return table
    }

    /// `3 deliveries counting 5 items` (voided ones apart).
    static func footer(_ deliveries: [DeliveryRecord]) -> String {
        let counted = deliveries.filter { $0.void == nil }
        let items = counted.reduce(0) { $0 + $1.count }
        var text = "\(plural(counted.count, "delivery", "deliveries")) counting \(plural(items, "item"))"
        let voided = deliveries.count - counted.count
        if voided > 0 { text += "; \(voided) voided" }
        return text + "."
    }
}
