import Foundation
import Synchronization
import TallyInterface
import TallyProtocol
import TallyTesting

/// Shared by the reliability tests (crash, disk full, journal gone, load): sizes, the sqlite3 CLI on a
/// database whose daemon is stopped.
enum Reliability {
    /// `make stress` sets TALLY_STRESS=1: the long versions run, under `StressTests`.
    static let stress = ProcessInfo.processInfo.environment["TALLY_STRESS"] != nil

    /// Runs one statement with the sqlite3 CLI; its output, trimmed.
    static func sqlite(_ database: String, _ sql: String) throws -> String {
        let result = try Executables.run("/usr/bin/sqlite3", [database, sql])
        guard result.status == 0 else { throw Executables.Failure(description: "sqlite3 \(sql): \(result)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `PRAGMA integrity_check` of a database no daemon has open.
    static func integrity(_ database: String) throws -> String {
        try sqlite(database, "PRAGMA integrity_check")
    }

    /// The external ids of the deliveries whose id starts with `prefix`.
    static func externalIDs(_ database: String, prefix: String) throws -> Set<String> {
        let out = try sqlite(database, "SELECT external_id FROM delivery WHERE external_id LIKE '\(prefix)%'")
        return Set(out.split(separator: "\n").map(String.init))
    }

    /// A publication date in Q1–Q2 2025, spread by `n` over 100 days (the agreements start 2025-01-01,
    /// the tests' clock stands at 2025-04-10).
    static func day(_ n: Int) -> String {
        let start = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: .gmt, year: 2025, month: 1, day: 1).date!
        let date = start.addingTimeInterval(Double(n % 100) * 86_400)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = .gmt
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    /// Records one article with external id `id`, on its own connection when `client` is nil.
    static func record(_ client: VarlinkClient, _ agreement: String, id: String, n: Int) throws -> RecordReply {
        try client.call(IOTally.record, RecordParameters(delivery: DeliveryInput(
            agreement: agreement, published: day(n), kind: "article", tags: n % 3 == 0 ? ["dai-hoi"] : nil, id: id)))
    }

    /// A staged import of `rows` articles with ids `prefix-0…`, in batches of 1000, committed; throws when
    /// any call fails (the daemon died).
    static func importRows(_ socket: String, _ agreement: String, prefix: String, rows: Int) throws -> CommitImportReply {
        let client = try VarlinkClient(path: socket, timeout: .seconds(120))
        defer { client.close() }
        let session = try client.call(IOTally.beginImport, BeginImportParameters(defaultAgreement: agreement))
        var line = 2
        while line - 2 < rows {
            let batch = (line..<min(line + 1000, rows + 2)).map { l in
                ImportRow(line: l, published: day(l), kind: "article", tags: l % 3 == 0 ? "dai-hoi;kinh-te" : "kinh-te",
                          count: String(1 + l % 4), id: "\(prefix)-\(l - 2)")
            }
            _ = try client.call(IOTally.addImportRows, AddImportRowsParameters(importID: session.importID, rows: batch))
            line += batch.count
        }
        return try client.call(IOTally.commitImport, session)
    }
}

/// A value shared between a worker thread and the test.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func update(_ body: (inout Value) -> Void) { value.withLock { body(&$0) } }
    var current: Value { value.withLock { $0 } }
}
