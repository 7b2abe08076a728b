import ArgumentParser
import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol

/// `tallyctl import FILE [--agreement A] [--allow-future] [--dry-run]`.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import deliveries from a CSV file, all rows or none.",
        discussion: """
            The first row names the columns, any of: agreement,published,kind,language,outlet,title,url,tags,count,id \
            (published and kind are required; agreement may be left out when --agreement is given). Tags are \
            separated by ; or |. Dates are written 2024-05-15, 15/05/2024 or 2024-05-15T09:30[+07:00]. The file \
            is UTF-8, with or without a BOM; quoted fields may hold commas and line breaks. Every row needs an \
            id or a url, so importing the same file twice adds nothing.

            One bad row refuses the whole file: nothing is imported and the bad rows are listed with their \
            line numbers (the first 100, then a count). Try a file first with --dry-run.

            Example:
              tallyctl import tin-bai-thang-5.csv --agreement ben-tre-2024 --dry-run
              tallyctl import tin-bai-thang-5.csv --agreement ben-tre-2024
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The CSV file (- for standard input).", completion: .file(extensions: ["csv"]))
    var file: String

    @Option(help: ArgumentHelp("The agreement for rows without an agreement column or value.", valueName: "id"))
    var agreement: String?

    @Flag(help: "Accept publication dates in the future.")
    var allowFuture = false

    @Flag(help: "Check every row and report what would be imported, writing nothing.")
    var dryRun = false

    func validate() throws {
        if let agreement, agreement.isEmpty {
            throw ValidationError("--agreement: give an agreement id such as ben-tre-2024.")
        }
    }

    func run() throws {
        let rows = try Self.readRows(file: file, agreementGiven: agreement != nil)
        if let oversized = rows.first(where: { ImportBatches.estimatedSize(of: $0) > ImportBatches.maximumRowBytes }) {
            throw CommandFailure("\(file):\(oversized.line): the row is larger than 900 KiB; shorten its fields.")
        }
        let daemon = try TallydConnection(global)
        let progress = ProgressReporter(label: dryRun ? "checking" : "importing", total: rows.count)
        defer { progress.finish() }
        let committed: (reply: CommitImportReply, json: JSONValue)
        do {
            let begun = try daemon.call(
                IOTally.beginImport,
                BeginImportParameters(defaultAgreement: agreement, allowFuture: allowFuture ? true : nil, dryRun: dryRun ? true : nil))
            let id = begun.reply.importID
            var sent = 0
            // Each batch is sent before the previous one's reply is read, so that tallyd always has the next
            // batch at hand while tallyctl encodes the one after. Replies come in order; the first error ends it.
            var inFlight: [Int] = []
            func awaitReply() throws {
                _ = try daemon.client.receive(IOTally.addImportRows)
                sent += inFlight.removeFirst()
                progress.update(sent)
            }
            for batch in ImportBatches.batches(rows) {
                try daemon.client.send(IOTally.addImportRows, AddImportRowsParameters(importID: id, rows: Array(batch)))
                inFlight.append(batch.count)
                if inFlight.count > 1 { try awaitReply() }
            }
            while !inFlight.isEmpty { try awaitReply() }
            committed = try daemon.callLong(IOTally.commitImport, ImportID(importID: id))
        } catch let error as VarlinkError {
            progress.finish()
            throw try rejection(error, rows: rows.count)
        }
        progress.finish()
        if global.json { return try JSONOutput.print(committed.json) }
        print(Self.summary(committed.reply, file: file))
    }

    /// The data rows of `file`, or a failure naming the line that cannot be read.
    static func readRows(file: String, agreementGiven: Bool) throws -> [ImportRow] {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("\(file): the file cannot be read; give the path of a CSV file.")
            }
            data = contents
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CommandFailure("\(file): the file is not UTF-8 text; save it as \"CSV UTF-8\" and import it again.")
        }
        do {
            let table = try DeliveryCSV.table(text, agreementGiven: agreementGiven)
            return ImportBatches.importRows(columns: table.columns, records: table.records)
        } catch {
            throw CommandFailure("\(file):\(error.line): \(error.message.sentence) Nothing was imported.")
        }
    }

    private func rejection(_ error: VarlinkError, rows: Int) throws -> any Error {
        switch error.name {
        case TallyErrorName.importRejected:
            let rejected = (try? error.decodeParameters(as: Rejected.self)) ?? Rejected(errors: [], total: 0)
            if global.json { try JSONOutput.print(error.parameters) }
            return CommandFailure(
                "\(file): nothing was imported: \(rejected.total) of \(plural(rows, "row")) \(rejected.total == 1 ? "is" : "are") wrong; "
                    + "fix \(rejected.total == 1 ? "it" : "them") and import the file again.",
                details: Self.rejectedLines(rejected.errors, total: rejected.total, file: file))
        case TallyErrorName.invalidDelivery:
            guard let invalid = try? error.decodeParameters(as: InvalidRow.self) else {
                return ErrorSentences.daemonFailure(error, agreement: agreement)
            }
            let place = invalid.line.map { "\(file):\($0)" } ?? file
            return CommandFailure("\(place): \(invalid.field): \(invalid.reason.sentenceBody); nothing was imported.")
        default:
            return ErrorSentences.daemonFailure(error, agreement: agreement)
        }
    }

    /// `io.tally.InvalidDelivery`'s parameters.
    struct InvalidRow: Decodable {
        var field: String
        var reason: String
        var line: Int?
    }

    /// `io.tally.ImportRejected`'s parameters.
    struct Rejected: Decodable {
        var errors: [RowError]
        var total: Int
    }

    /// `file:line: reason` for the first 100 rejected rows, then `… and N more`.
    static func rejectedLines(_ errors: [RowError], total: Int, file: String, limit: Int = 100) -> [String] {
        let shown = errors.sorted { $0.line < $1.line }.prefix(limit)
        var lines = shown.map { "\(file):\($0.line): \($0.reason.sentenceBody)" }
        let more = max(total, errors.count) - shown.count
        if more > 0 { lines.append("… and \(more) more") }
        return lines
    }

    /// What a successful import prints.
    static func summary(_ reply: CommitImportReply, file: String) -> String {
        if reply.dryRun {
            return "\(file): all \(plural(reply.rows, "row")) are valid: \(reply.created) would be recorded, "
                + "\(reply.unchanged) \(reply.unchanged == 1 ? "is" : "are") already recorded; nothing was written (--dry-run)."
        }
        return "\(file): imported \(plural(reply.created, "delivery", "deliveries")) "
            + "from \(plural(reply.rows, "row")); \(reply.unchanged) already recorded."
    }
}
