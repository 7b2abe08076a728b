import Foundation
import TallyCore
@testable import TallyStore
import Testing
import TallyTesting

/// A staged import keeps its rows on disk (issue 15): what it reads back, and commits, must be what was staged.
@Suite struct StagedImportTests {
    let dir: StoreDirectory
    let store: TallyStore

    init() throws {
        dir = try StoreDirectory()
        store = try dir.store()
    }

    @Test func rowsReadBackAsStaged() throws {
        var odd = article("2024-05-02T23:30:00+09:00", url: "https://example.vn/ä", title: "Tin\u{0}tức",
                          tags: ["", "3:x", "a\u{0}b", "kinh-tế", "12"], count: 42, language: "en-GB")
        odd.outlet = "Báo Tin tức"
        let rows = [
            NumberedDelivery(line: 2, delivery: article("2024-05-01", id: "a")),
            NumberedDelivery(line: 7, delivery: odd),
            NumberedDelivery(line: 9, delivery: article("2024-05-03", id: "c", tags: ["x"])),
        ]
        let staged = try store.stageImport()
        try staged.append(Array(rows.prefix(1)))
        try staged.append(Array(rows.dropFirst()))
        var read: [NumberedDelivery] = []
        try staged.forEach { read.append($0) }
        #expect(read == rows)
    }

    @Test func aNulInAStagedFieldIsStillRefusedAtCommit() throws {
        let staged = try store.stageImport()
        try staged.append([NumberedDelivery(line: 3, delivery: article("2024-05-01", id: "a", title: "x\u{0}y"))])
        #expect {
            _ = try store.importDeliveries(staged, agreements: ["ben-tre-2024": benTre()], by: 1, at: t0, dryRun: false)
        } throws: { error in
            "\(error)".contains("line 3: the title contains a NUL character")
        }
        #expect(try store.deliveryCount() == 0)
    }

    /// Counter sums written in several parts (the tallies set aside are written once they hold more than the
    /// limit, here every time) must leave what one write of all of them leaves.
    @Test func countersWrittenInPartsEqualThoseWrittenOnce() throws {
        var rng = SeededGenerator(state: 3)
        var other = benTre()
        other.id = "other"
        other.quotas.append(Quota(id: "tagged", target: 5, per: .week, filter: DeliveryFilter(tags: ["kinh-te"])))
        let agreements = ["ben-tre-2024": benTre(), "other": other]
        let rows = (2..<1_502).map { line in
            let date = CivilDate(dayNumber: day("2024-01-01").dayNumber + Int.random(in: 0..<300, using: &rng)).description
            return NumberedDelivery(line: line, delivery: article(
                date, id: "id-\(line)", kind: ["article", "video"].randomElement(using: &rng)!,
                tags: [[], ["kinh-te"]].randomElement(using: &rng)!, count: Int.random(in: 1...3, using: &rng),
                agreement: Bool.random(using: &rng) ? "ben-tre-2024" : "other"))
        }
        let staged = try store.stageImport()
        for batch in stride(from: 0, to: rows.count, by: 400) {
            try staged.append(Array(rows[batch..<min(batch + 400, rows.count)]))
        }
        let result = try store.importDeliveries(agreements: agreements, by: 7, at: t0, dryRun: false, pendingCellLimit: 0) { add in
            try staged.forEach(add)
        }
        #expect(result.created == rows.count)
        let cells = "SELECT group_concat(agreement || ' ' || subject_kind || ' ' || subject_id || ' ' || day || ' ' || count, '; ') FROM (SELECT * FROM subject_day ORDER BY 1, 2, 3, 4)"
        let inParts = try GRDBQueue(path: dir.path("tally.sqlite")).string(cells)

        let once = try StoreDirectory()
        _ = try once.store().importDeliveries(rows, agreements: agreements, by: 7, at: t0, dryRun: false)
        #expect(try GRDBQueue(path: once.path("tally.sqlite")).string(cells) == inParts)
    }

    @Test func stagingFilesGoWithTheirImportAndLeftoversWithTheNextStart() throws {
        let names = { try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".staging") } }
        var staged: StagedRows? = try store.stageImport()
        try staged?.append([NumberedDelivery(line: 2, delivery: article("2024-05-01", id: "a"))])
        #expect(try names().count == 1)
        staged = nil
        #expect(try names().isEmpty)

        #expect(FileManager.default.createFile(atPath: dir.path("import-left-by-a-crash.staging"), contents: Data("x".utf8)))
        _ = try dir.store()
        #expect(try names().isEmpty)
    }
}
