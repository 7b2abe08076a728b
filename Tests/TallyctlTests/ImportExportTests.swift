import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting
import Testing

@testable import tallyctl

@Suite("Import batches and the export format")
struct ImportExportTests {
    static func row(_ line: Int, title: String = "Bến Tre thu hút đầu tư") -> ImportRow {
        ImportRow(
            line: line, agreement: "ben-tre-2024", published: "15/05/2024", kind: "article", language: "vi",
            outlet: "Báo Tin tức", title: title, url: "https://baotintuc.vn/a/\(line)", tags: "kinh-te;dau-tu", count: "1",
            id: "A\(line)")
    }

    static func encodedSize(_ rows: some Collection<ImportRow>) throws -> Int {
        try VarlinkCall.encode(
            method: IOTally.addImportRows.name,
            parameters: AddImportRowsParameters(importID: "00000000-0000-0000-0000-000000000000", rows: Array(rows))
        ).count + 1
    }

    @Test func smallRowsGoTwoThousandAtATime() throws {
        let rows = (2...10_001).map { ImportRow(line: $0, published: "2024-05-15", kind: "article", id: "A\($0)") }
        let batches = ImportBatches.batches(rows)
        #expect(batches.map(\.count) == [2000, 2000, 2000, 2000, 2000])
        #expect(batches.flatMap { $0 }.map(\.line) == rows.map(\.line))
        for batch in batches { #expect(try Self.encodedSize(batch) < 1024 * 1024) }
    }

    @Test func largeRowsAreCutByBytes() throws {
        let long = String(repeating: "Đại hội \"XII\"\n", count: 2_000)
        let rows = (2...201).map { Self.row($0, title: long) }
        let batches = ImportBatches.batches(rows)
        #expect(batches.count > 1)
        #expect(batches.reduce(0) { $0 + $1.count } == rows.count)
        for batch in batches {
            let estimated = batch.reduce(0) { $0 + ImportBatches.estimatedSize(of: $1) }
            #expect(estimated <= ImportBatches.maximumBytes || batch.count == 1)
            #expect(try Self.encodedSize(batch) < 1024 * 1024)
        }
    }

    @Test func theEstimateIsAnUpperBound() throws {
        let awkward = [
            Self.row(2), Self.row(3, title: "\u{1}\u{2}\"\\\t\n"), Self.row(4, title: "中文👍"), ImportRow(line: 5),
            Self.row(6, title: String(repeating: "\"", count: 500)),
        ]
        for row in awkward {
            let actual = try JSONEncoder().encode(row).count
            #expect(ImportBatches.estimatedSize(of: row) >= actual, "line \(row.line)")
        }
    }

    /// A parsed CSV row as an import row, its fields looked up by name: the reference for the by-position reader.
    private static func rowByName(_ row: DeliveryCSV.Row) -> ImportRow {
        func field(_ name: String) -> String? { row.fields[name] }
        return ImportRow(
            line: row.line, agreement: field("agreement"), published: field("published"), kind: field("kind"),
            language: field("language"), outlet: field("outlet"), title: field("title"), url: field("url"),
            tags: field("tags"), count: field("count"), id: field("id"))
    }

    @Test func rowsByPositionAreRowsByName() throws {
        let csv = "ID,kind,published,title,Tags\nA1,article,15/05/2024,\"Bến Tre, mới\",a|b\n\nA2,video,2024-05-16,,\n"
        let table = try DeliveryCSV.table(csv, agreementGiven: true)
        let byName = try DeliveryCSV.parse(csv, agreementGiven: true).map(Self.rowByName)
        #expect(ImportBatches.importRows(columns: table.columns, records: table.records) == byName)
        #expect(byName.map(\.line) == [2, 4] && byName[1].title == "" && byName[0].agreement == nil)
    }

    @Test func aSingleRowIsNeverSplitOrDropped() {
        #expect(ImportBatches.batches([]).isEmpty)
        let rows = [Self.row(2, title: String(repeating: "x", count: 600 * 1024)), Self.row(3)]
        #expect(ImportBatches.batches(rows).map(\.count) == [1, 1])
    }

    @Test func rowsKeepTheirLinesAndRawFields() throws {
        let csv = "\u{FEFF}published,kind,title,tags\n15/05/2024,article,\"Bến Tre, \"\"mới\"\"\nhai dòng\",a|b\n"
        let rows = try DeliveryCSV.parse(csv, agreementGiven: true).map(Self.rowByName)
        #expect(rows.count == 1)
        #expect(rows[0].line == 2)
        #expect(rows[0].published == "15/05/2024")
        #expect(rows[0].title == "Bến Tre, \"mới\"\nhai dòng")
        #expect(rows[0].tags == "a|b")
        #expect(rows[0].agreement == nil)
    }

    @Test func rejectedRowsShowTheFirstHundredThenACount() {
        let errors = (2...151).map { RowError(line: $0, reason: "kind: \"\" is not a kind.") }
        let lines = Import.rejectedLines(errors, total: 150, file: "may.csv")
        #expect(lines.count == 101)
        #expect(lines[0] == "may.csv:2: kind: \"\" is not a kind")
        #expect(lines[100] == "… and 50 more")
        let fromDaemon = Import.rejectedLines(Array(errors.prefix(100)), total: 250, file: "may.csv")
        #expect(fromDaemon.last == "… and 150 more")
        #expect(Import.rejectedLines(Array(errors.prefix(3)), total: 3, file: "f").count == 3)
    }

    @Test func summaries() {
        #expect(Import.summary(CommitImportReply(created: 117, unchanged: 3, rows: 120, dryRun: false), file: "may.csv")
            == "may.csv: imported 117 deliveries from 120 rows; 3 already recorded.")
        #expect(Import.summary(CommitImportReply(created: 1, unchanged: 0, rows: 1, dryRun: true), file: "may.csv")
            == "may.csv: all 1 row are valid: 1 would be recorded, 0 are already recorded; nothing was written (--dry-run).")
    }

    @Test func exportWritesWhatImportReads() throws {
        let deliveries = try [
            #"""
            {"id": 1, "agreement": "ben-tre-2024", "published": "2024-05-15T09:30:00", "day": "2024-05-15", "kind": "article",
             "language": "vi", "outlet": "Báo Tin tức", "title": "Bến Tre, \"mới\"\nhai dòng", "url": "https://a.vn/1",
             "tags": ["kinh-te", "dau-tu"], "count": 2, "external_id": "X1", "recorded_at": "2024-05-15T10:00:00+07:00",
             "recorded_by": 0}
            """#,
            #"""
            {"id": 2, "agreement": "ben-tre-2024", "published": "2024-05-16", "day": "2024-05-16", "kind": "video",
             "language": "en", "tags": [], "count": 1, "recorded_at": "2024-05-16T10:00:00+07:00", "recorded_by": 0}
            """#,
            #"""
            {"id": 3, "agreement": "ben-tre-2024", "published": "2024-05-17", "day": "2024-05-17", "kind": "video",
             "language": "en", "url": "https://a.vn/3", "tags": [], "count": 1, "recorded_at": "2024-05-17T10:00:00+07:00",
             "recorded_by": 0, "void": {"at": "2024-05-18T00:00:00+07:00", "by": 0, "reason": "twice"}}
            """#,
        ].map { try JSONDecoder().decode(DeliveryRecord.self, from: Data($0.utf8)) }
        let csv = Export.csv(deliveries)
        let rows = try DeliveryCSV.parse(csv)
        #expect(rows.count == 2, "voided deliveries are not exported")
        let first = try DeliveryCSV.delivery(from: rows[0].fields)
        #expect(first.title == "Bến Tre, \"mới\"\nhai dòng")
        #expect(first.published.description == "2024-05-15T09:30:00")
        #expect(first.tags == ["kinh-te", "dau-tu"])
        #expect(first.count == 2)
        #expect(first.externalID == "X1")
        #expect(first.outlet == "Báo Tin tức")
        let second = try DeliveryCSV.delivery(from: rows[1].fields)
        #expect(second.externalID == "tally-2", "an item without id or URL gets one, so that it can be imported")
        #expect(second.language == "en")
        #expect(csv.hasPrefix("agreement,published,kind,language,outlet,title,url,tags,count,id\n"))
    }
}

/// `tallyctl import` reads its file a part at a time (`ImportSource`): the rows, their lines and the errors are
/// those of reading the whole file, and a UTF-8 scalar cut between two parts is whole again.
@Suite struct ImportSourceTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "tally-import-source")
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try directory.write(name, bytes: bytes)
    }

    static func read(_ path: String, agreementGiven: Bool = true) throws -> [ImportRow] {
        var source = try ImportSource(file: path, agreementGiven: agreementGiven)
        var rows: [ImportRow] = []
        while let part = try source.next() { rows += part }
        return rows
    }

    static func failure(_ path: String, agreementGiven: Bool = true) -> String {
        do {
            _ = try read(path, agreementGiven: agreementGiven)
            return "no error"
        } catch let error as CommandFailure {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// Rows across several parts, with multi-byte titles cut at part ends and a quoted field over two lines: the
    /// same rows as the whole text gives.
    @Test func rowsAcrossPartsAreTheWholeFilesRows() throws {
        var text = "\u{FEFF}published,kind,title,id\r\n"
        var n = 0
        while text.utf8.count < 3 * ImportSource.partSize + 1234 {
            n += 1
            text += "2024-05-\(n % 28 + 1),article,\"Tin số \(n): Hà Nội 🇻🇳, \"\"đặc biệt\"\"\nDòng hai\",T\(n)\r\n"
        }
        let path = try file("parts.csv", Array(text.utf8))
        let table = try DeliveryCSV.table(text, agreementGiven: true)
        let expected = ImportBatches.importRows(columns: table.columns, records: table.records)
        let rows = try Self.read(path)
        #expect(rows.count == n)
        #expect(rows == expected)
    }

    @Test func errorsFurtherOnNameTheirLine() throws {
        var text = "published,kind,id\n"
        for n in 1...100_000 { text += "2024-05-15,article,T\(n)\n" }
        let bad = try file("bad.csv", Array((text + "2024-05-15,\"article\"x,T0\n").utf8))
        let narrow = try file("narrow.csv", Array((text + "2024-05-15,article\n").utf8))
        var notUTF8 = Array(text.utf8)
        notUTF8.insert(0xFF, at: notUTF8.count - 10)
        let binary = try file("binary.csv", notUTF8)
        // A scalar begun at the very end and never finished.
        let cut = try file("cut.csv", Array(text.utf8) + [0xE1, 0xBB])
        let empty = try file("empty.csv", [])
        #expect(Self.failure(bad).contains("\(bad):100002: text after a closing quote"))
        #expect(Self.failure(bad).hasSuffix("Nothing was imported."))
        #expect(Self.failure(narrow).contains("\(narrow):100002: 2 fields where the header has 3"))
        #expect(Self.failure(binary).contains("is not UTF-8 text"))
        #expect(Self.failure(cut).contains("is not UTF-8 text"))
        #expect(Self.failure(empty).contains("\(empty):1: the file is empty"))
        #expect(Self.failure("/nonexistent/x.csv").contains("cannot be read"))
    }

    @Test func aHeaderWithoutTheAgreementColumnNeedsTheOption() throws {
        let path = try file("header.csv", Array("published,kind,id\n2024-05-15,article,T1\n".utf8))
        #expect(Self.failure(path, agreementGiven: false).contains("\(path):1: the header has no \"agreement\" column"))
        #expect(try Self.read(path).map(\.id) == ["T1"])
    }

    /// A scalar cut anywhere between two parts is accepted; a byte that is no UTF-8 is not, wherever it falls.
    @Test func utf8CutAnywhereIsWholeAgain() {
        let text = Array("aé中🇻🇳z".utf8)
        for cut in 0...text.count {
            var check = UTF8Check()
            let first = Array(text[..<cut]), second = Array(text[cut...])
            let accepted = first.withUnsafeBufferPointer { check.accept($0) } && second.withUnsafeBufferPointer { check.accept($0) }
            #expect(accepted && check.finish(), "cut \(cut)")
        }
        for bad in [[0xFF] as [UInt8], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0x80]] {
            var check = UTF8Check()
            let accepted = (Array("ok".utf8) + bad + Array("!".utf8)).withUnsafeBufferPointer { check.accept($0) }
            #expect(!(accepted && check.finish()), "\(bad)")
        }
    }
}
