import TallyCore
import TallyProtocol

/// CSV rows as the daemon's staged import takes them, cut into requests well under 1 MiB.
enum ImportBatches {
    /// The most rows in one `AddImportRows` call.
    static let maximumRows = 2_000
    /// The most bytes of rows in one call; with the envelope, far below the 1 MiB request limit.
    static let maximumBytes = 512 * 1024
    /// The largest single row accepted (one request must hold it).
    static let maximumRowBytes = 900 * 1024

    /// A parsed CSV row, raw, for the daemon to validate.
    static func importRow(_ row: DeliveryCSV.Row) -> ImportRow {
        func field(_ name: String) -> String? { row.fields[name] }
        return ImportRow(
            line: row.line, agreement: field("agreement"), published: field("published"), kind: field("kind"),
            language: field("language"), outlet: field("outlet"), title: field("title"), url: field("url"),
            tags: field("tags"), count: field("count"), id: field("id"))
    }

    /// An upper bound of the row's size as JSON: every field's UTF-8 bytes, six bytes for each
    /// that JSON must escape (`\u0001`), and the keys and punctuation.
    static func estimatedSize(of row: ImportRow) -> Int {
        let fields = [row.agreement, row.published, row.kind, row.language, row.outlet, row.title, row.url, row.tags, row.count, row.id]
        var size = 160 + String(row.line).utf8.count
        for case let value? in fields {
            size += 2
            for byte in value.utf8 {
                size += byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") ? 6 : 1
            }
        }
        return size
    }

    /// `rows` in order, cut after `maximumRows` rows or before `maximumBytes` would be passed.
    static func batches(_ rows: [ImportRow], maximumRows: Int = maximumRows, maximumBytes: Int = maximumBytes) -> [ArraySlice<ImportRow>] {
        var batches: [ArraySlice<ImportRow>] = []
        var start = rows.startIndex
        var bytes = 0
        for index in rows.indices {
            let size = estimatedSize(of: rows[index])
            if index > start, index - start >= maximumRows || bytes + size > maximumBytes {
                batches.append(rows[start..<index])
                start = index
                bytes = 0
            }
            bytes += size
        }
        if start < rows.endIndex { batches.append(rows[start...]) }
        return batches
    }
}
