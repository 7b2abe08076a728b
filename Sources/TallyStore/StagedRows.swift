import Foundation
import GRDB
import TallyCore

/// The checked rows of one staged import, kept on disk beside the database until the import is committed or
/// dropped, so that the daemon's memory does not grow with the import (2,000,000 rows held in memory took
/// 1.7 GiB). The file is removed when the last reference goes away; files left by a crash are removed when
/// the store is next opened.
///
/// Nothing here needs to survive a crash (an import that was not committed leaves nothing), so the file has
/// no journal and is never synced; the committed import is written by the store's own durable transaction.
public final class StagedRows: Sendable {
    /// Where staging files live: beside the database, named so that `removeLeftovers` finds them.
    static let filePrefix = "import-"
    static let fileSuffix = ".staging"

    private let queue: DatabaseQueue
    let path: String

    init(directory: String) throws {
        path = directory + "/" + Self.filePrefix + UUID().uuidString.lowercased() + Self.fileSuffix
        var configuration = Configuration()
        configuration.label = "tally-staging"
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                PRAGMA journal_mode = OFF;
                PRAGMA synchronous = OFF;
                PRAGMA cache_size = -1024;
                CREATE TABLE batch (rows BLOB NOT NULL);
                """)
        }
    }

    deinit {
        // The queue closes after this; the open file needs no name until then.
        unlink(path)
    }

    /// Removes staging files that a daemon killed mid-import left in `directory`.
    static func removeLeftovers(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(filePrefix) && name.hasSuffix(fileSuffix) {
            unlink(directory + "/" + name)
        }
    }

    /// Appends `rows`, in order, as one record: a batch is written and read as one blob, not row by row
    /// through SQL (which would cost about as much as the commit's own inserts).
    public func append(_ rows: [NumberedDelivery]) throws {
        var record = BatchRecord()
        record.bytes.reserveCapacity(rows.count * 256)
        for row in rows { record.write(row) }
        do {
            try queue.inDatabase { db in
                try db.execute(sql: "INSERT INTO batch (rows) VALUES (?)", arguments: [Data(record.bytes)])
            }
        } catch let error as DatabaseError {
            throw StoreError.database(operation: "staging imported rows", message: error.message ?? "\(error.resultCode)")
        }
    }

    /// Calls `body` with every staged row, in the order they were appended; one batch is in memory at a time.
    func forEach(_ body: (NumberedDelivery) throws -> Void) throws {
        try queue.read { db in
            let batches = try Row.fetchCursor(db, sql: "SELECT rows FROM batch ORDER BY rowid")
            while let batch = try batches.next() {
                try batch.withUnsafeData(atIndex: 0) { data in
                    guard let data else { return }
                    try data.withUnsafeBytes { bytes in
                        var reader = BatchRecord.Reader(bytes: bytes)
                        while !reader.atEnd { try body(try reader.read()) }
                    }
                }
            }
        }
    }
}

/// The rows of one batch as bytes: per row its line, count and publication time, then each text field as a
/// length (-1 for none) and its UTF-8 bytes, NULs and all (the commit's checks must still see them), and the
/// tags as a count and one such field each.
struct BatchRecord {
    var bytes: [UInt8] = []

    mutating func write(_ row: NumberedDelivery) {
        let d = row.delivery
        write(row.line)
        write(d.count)
        write(d.published.description)
        write(d.agreement)
        write(d.kind)
        write(d.language)
        write(d.outlet)
        write(d.title)
        write(d.url)
        write(d.externalID)
        write(d.tags.count)
        for tag in d.tags { write(tag) }
    }

    private mutating func write(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func write(_ text: String?) {
        guard let text else { return write(-1) }
        write(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    /// Reads rows back from a record's bytes.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset >= bytes.count }

        mutating func read() throws -> NumberedDelivery {
            let line = try int()
            let count = try int()
            let published = try text() ?? ""
            guard let time = PublicationTime(parsing: published) else {
                throw StoreError.invalid("A staged row has an unreadable publication time \(published).")
            }
            let agreement = try text() ?? "", kind = try text() ?? "", language = try text() ?? ""
            let outlet = try text(), title = try text(), url = try text(), externalID = try text()
            let tagCount = try int()
            guard tagCount >= 0, tagCount <= bytes.count - offset else { throw Self.damaged }
            var tags: [String] = []
            tags.reserveCapacity(tagCount)
            for _ in 0..<tagCount { tags.append(try text() ?? "") }
            return NumberedDelivery(line: line, delivery: Delivery(
                agreement: agreement, published: time, kind: kind, language: language, outlet: outlet, title: title,
                url: url, tags: tags, count: count, externalID: externalID))
        }

        private static var damaged: StoreError { StoreError.invalid("A staged batch of rows is damaged.") }

        private mutating func int() throws -> Int {
            guard bytes.count - offset >= 8 else { throw Self.damaged }
            var value: Int64 = 0
            withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 8])) }
            offset += 8
            return Int(Int64(littleEndian: value))
        }

        private mutating func text() throws -> String? {
            let length = try int()
            if length < 0 { return nil }
            guard length <= bytes.count - offset else { throw Self.damaged }
            defer { offset += length }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
        }
    }
}
