import ArgumentParser
import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol

/// `tallyctl export [AGREEMENT…] [--since D] [--until D]`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write deliveries as CSV in the import format.",
        discussion: """
            The columns are those `tallyctl import` reads (agreement,published,kind,language,outlet,title,url,\
            tags,count,id), so a list can be checked with a partner in a spreadsheet and imported elsewhere: \
            export, then import into another tallyd, reproduces the deliveries. Voided items are left out. An \
            item recorded with neither an id nor a URL gets the id tally-<number> so that it can be imported.

            Example:
              tallyctl export ben-tre-2024 --since 2024-01-01 --until 2024-06-30 --output ben-tre-h1.csv --bom
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Agreement ids (default: all).")
    var agreements: [String] = []

    @OptionGroup var range: DateRangeOptions

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"), completion: .file(extensions: ["csv"]))
    var output: String?

    @Flag(help: "Start with a UTF-8 byte order mark, so that spreadsheet programs show Vietnamese correctly.")
    var bom = false

    func run() throws {
        let (since, until) = try range.wire()
        let listed = try TallydConnection.deliveries(
            global, agreement: agreements.first,
            selection: ListDeliveriesParameters(
                agreements: agreements.isEmpty ? nil : agreements, since: since, until: until, includeVoid: false))
        let text: String
        if global.json {
            text = try JSONOutput.document(JSONValue.object(["deliveries": .array(listed.json)])) + "\n"
        } else {
            text = (bom ? "\u{FEFF}" : "") + Self.csv(listed.items)
        }
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                throw CommandFailure("\(output): the file cannot be written (\(error.localizedDescription)); give a path in a writable directory.")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// The CSV text: the header, then one line per delivery, each ending in a line feed. A delivery recorded
    /// without an id or a URL is exported with `tally-<id>`, so that importing the file again adds nothing.
    static func csv(_ deliveries: [DeliveryRecord]) -> String {
        var text = DeliveryCSV.headerLine + "\n"
        for record in deliveries where record.void == nil {
            var delivery = record.delivery
            if delivery.key == nil { delivery.externalID = "tally-\(record.id)" }
            text += DeliveryCSV.line(for: delivery) + "\n"
        }
        return text
    }
}
