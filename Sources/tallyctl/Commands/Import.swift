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
        var source = try ImportSource(file: file, agreementGiven: agreement != nil)
        // The header first: a file that is not a CSV of deliveries starts no import, and tallyd is not asked.
        var first: [ImportRow] = []
        while source.columns == nil, let rows = try source.next() { first += rows }
        let daemon = try TallydConnection(global)
        let progress = ProgressReporter(label: dryRun ? "checking" : "importing", totalBytes: source.size)
        defer { progress.finish() }
        var received = 0
        let committed: (reply: CommitImportReply, json: JSONValue)
        do {
            let begun = try daemon.call(
                IOTally.beginImport,
                BeginImportParameters(defaultAgreement: agreement, allowFuture: allowFuture ? true : nil, dryRun: dryRun ? true : nil))
            let id = begun.reply.importID
            // Each batch is sent before the previous one's reply is read, so that tallyd always has the next
            // batch at hand while tallyctl reads and encodes the one after. Replies come in order; the first error
            // ends it. A row the file cannot give (a CSV or UTF-8 error further on) ends it too, before the commit:
            // tallyd drops what was staged when the connection closes, and nothing is imported.
            var inFlight: [(rows: Int, bytes: Int)] = []
            func awaitReply() throws {
                _ = try daemon.client.receive(IOTally.addImportRows)
                let (rows, bytes) = inFlight.removeFirst()
                received += rows
                progress.update(rows: received, bytes: bytes)
            }
            var builder = ImportBatches.Builder()
            func send(_ batch: [ImportRow]) throws {
                try daemon.client.send(IOTally.addImportRows, AddImportRowsParameters(importID: id, rows: batch))
                inFlight.append((batch.count, source.bytesRead))
                if inFlight.count > 1 { try awaitReply() }
            }
            func add(_ rows: [ImportRow]) throws {
                for row in rows {
                    guard ImportBatches.estimatedSize(of: row) <= ImportBatches.maximumRowBytes else {
                        throw CommandFailure("\(file):\(row.line): the row is larger than 900 KiB; shorten its fields. Nothing was imported.")
                    }
                    if let batch = builder.add(row) { try send(batch) }
                }
            }
            try add(first)
            first = []
            while let rows = try source.next() { try add(rows) }
            if let batch = builder.finish() { try send(batch) }
            while !inFlight.isEmpty { try awaitReply() }
            committed = try daemon.callLong(IOTally.commitImport, ImportID(importID: id))
        } catch let error as VarlinkError {
            progress.finish()
            throw try rejection(error, rows: received)
        }
        progress.finish()
        if global.json { return try JSONOutput.print(committed.json) }
        print(Self.summary(committed.reply, file: file))
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
