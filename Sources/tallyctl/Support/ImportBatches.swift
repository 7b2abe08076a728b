import TallyInterface
import TallyProtocol

/// CSV rows as the daemon's staged import takes them, cut into requests well under 1 MiB.
enum ImportBatches {
    /// The most rows in one `AddImportRows` call.
    static let maximumRows = 2_000
    /// The most bytes of rows in one call; with the envelope, far below the 1 MiB request limit.
    static let maximumBytes = 512 * 1024
    /// The largest single row accepted (one request must hold it).
    static let maximumRowBytes = 900 * 1024

    /// The data records of a CSV table, raw, for the daemon to validate: fields taken by column position.
    static func importRows(columns: [String], records: [(line: Int, fields: [String])]) -> [ImportRow] {
        func position(_ name: String) -> Int? { columns.firstIndex(of: name) }
        let agreement = position("agreement"), published = position("published"), kind = position("kind")
        let language = position("language"), outlet = position("outlet"), title = position("title"), url = position("url")
        let tags = position("tags"), count = position("count"), id = position("id")
        return records.map { record in
            func field(_ index: Int?) -> String? { index.map { record.fields[$0] } }
            return ImportRow(
                line: record.line, agreement: field(agreement), published: field(published), kind: field(kind),
                language: field(language), outlet: field(outlet), title: field(title), url: field(url), tags: field(tags),
                count: field(count), id: field(id))
        }
    }

    /// An upper bound of the row's size as JSON: every field as the wire's writer writes it, and room for the keys
    /// and punctuation.
    static func estimatedSize(of row: ImportRow) -> Int {
        func size(_ value: String?) -> Int {
            // The writer's own count, eight bytes at a time: a loop over each byte here, for every field of every
            // row, was 13 % of a 100,000-row import's time in tallyctl.
            value.map(VarlinkJSON.writtenLength(of:)) ?? 0
        }
        var digits = 1
        var line = row.line.magnitude
        while line >= 10 {
            digits += 1
            line /= 10
        }
        return 160 + digits + (row.line < 0 ? 1 : 0) + size(row.agreement) + size(row.published) + size(row.kind)
            + size(row.language) + size(row.outlet) + size(row.title) + size(row.url) + size(row.tags) + size(row.count)
            + size(row.id)
    }

    /// `rows` in order, cut after `maximumRows` rows or before `maximumBytes` would be passed.
    static func batches(_ rows: [ImportRow], maximumRows: Int = maximumRows, maximumBytes: Int = maximumBytes) -> [[ImportRow]] {
        var builder = Builder(maximumRows: maximumRows, maximumBytes: maximumBytes)
        var batches = rows.compactMap { builder.add($0) }
        if let last = builder.finish() { batches.append(last) }
        return batches
    }

    /// Batches made as rows come, for a file read a part at a time: `add` hands back the batch a row closes.
    struct Builder {
        let maximumRows: Int
        let maximumBytes: Int
        private var rows: [ImportRow] = []
        private var bytes = 0

        init(maximumRows: Int = ImportBatches.maximumRows, maximumBytes: Int = ImportBatches.maximumBytes) {
            self.maximumRows = maximumRows
            self.maximumBytes = maximumBytes
        }

        /// Adds `row`; returns the batch before it when the row would take that batch past either limit.
        mutating func add(_ row: ImportRow) -> [ImportRow]? {
            let size = estimatedSize(of: row)
            var full: [ImportRow]?
            if !rows.isEmpty, rows.count >= maximumRows || bytes + size > maximumBytes {
                full = rows
                rows = []
                bytes = 0
            }
            rows.append(row)
            bytes += size
            return full
        }

        /// The last batch, if any row is left.
        mutating func finish() -> [ImportRow]? {
            defer { rows = [] }
            return rows.isEmpty ? nil : rows
        }
    }
}
