import Foundation
import TallyCore
import TallyStore
import Testing
import TallyTesting

@Suite struct ImportTests {
    let dir: StoreDirectory
    let store: TallyStore
    let agreements = ["ben-tre-2024": benTre()]

    init() throws {
        dir = try StoreDirectory()
        store = try dir.store()
    }

    @Test func importsAndCountsUnchangedRows() throws {
        _ = try store.record(article("2024-05-01", id: "old"), for: benTre(), by: 1, at: t0)
        let rows = [
            NumberedDelivery(line: 2, delivery: article("2024-05-01", id: "old")),
            NumberedDelivery(line: 3, delivery: article("2024-05-02", url: "https://example.vn/a")),
            NumberedDelivery(line: 4, delivery: article("2024-05-02", url: "https://example.vn/a")),
            NumberedDelivery(line: 5, delivery: article("2024-06-02T23:30:00Z", id: "late", kind: "video")),
        ]
        let result = try store.importDeliveries(rows, agreements: agreements, by: 7, at: t0 + 5, dryRun: false)
        #expect(result.created == 2 && result.unchanged == 2 && !result.dryRun)
        #expect(result.touched == [AgreementDay(agreement: "ben-tre-2024", day: day("2024-05-02")), AgreementDay(agreement: "ben-tre-2024", day: day("2024-06-03"))])
        #expect(try store.read { try $0.delivered(agreement: "ben-tre-2024", quota: "video", from: day("2024-04-01"), through: day("2024-06-30")) } == 1)
        #expect(try store.read { try $0.lastRecorded(agreement: "ben-tre-2024") } == t0 + 5)

        let again = try store.importDeliveries(rows, agreements: agreements, by: 7, at: t0 + 6, dryRun: false)
        #expect(again.created == 0 && again.unchanged == 4 && again.touched.isEmpty)
        #expect(try store.deliveryCount() == 3)
    }

    /// The import sums counter deltas per cell in memory (by subject index and day, per agreement, rows of
    /// agreements interleaved): what it leaves in `subject_day` must be what a recount from the deliveries gives.
    @Test(arguments: [1, 2])
    func countersAfterALargeImportEqualARecount(seed: UInt64) throws {
        var rng = SeededGenerator(state: seed)
        var other = benTre()
        other.id = "other"
        other.quotas.append(Quota(id: "outlet", target: 5, per: .month, filter: DeliveryFilter(kinds: ["article", "photo"], outlets: ["BÁO TIN TỨC"])))
        other.quotas.append(Quota(id: "tagged", target: 5, per: .week, filter: DeliveryFilter(tags: ["kinh-te", "dai-hoi"])))
        let agreements = ["ben-tre-2024": benTre(), "other": other]
        _ = try store.record(article("2024-05-01", id: "id-0"), for: benTre(), by: 1, at: t0)
        var rows: [NumberedDelivery] = []
        var first: [String: Delivery] = [:]
        for line in 2..<3_002 {
            let date = CivilDate(dayNumber: day("2024-01-01").dayNumber + Int.random(in: 0..<500, using: &rng)).description
            let published = [date, date + "T23:30", date + "T20:15:00Z", date + "T06:00+09:00"].randomElement(using: &rng)!
            var delivery = article(
                published, id: "id-\(Int.random(in: 0..<2_500, using: &rng))",
                kind: ["article", "video", "photo"].randomElement(using: &rng)!,
                tags: [[], ["kinh-te"], ["dai-hoi", "x"]].randomElement(using: &rng)!, count: Int.random(in: 1...3, using: &rng),
                language: ["vi", "en", "en-GB"].randomElement(using: &rng)!,
                agreement: Bool.random(using: &rng) ? "ben-tre-2024" : "other")
            delivery.outlet = ["Báo Tin tức", "báo tin tức", "VNA", nil].randomElement(using: &rng)!
            // Keys repeat: keep the first row of a key (and its repeats identical), as a valid file would.
            if delivery.agreement == "ben-tre-2024", delivery.externalID == "id-0" { delivery = article("2024-05-01", id: "id-0") }
            let key = delivery.agreement + "/" + (delivery.externalID ?? "")
            delivery = first[key] ?? delivery
            first[key] = delivery
            rows.append(NumberedDelivery(line: line, delivery: delivery))
        }
        let result = try store.importDeliveries(rows, agreements: agreements, by: 7, at: t0 + 5, dryRun: false)
        #expect(result.created > 1_000 && result.unchanged > 100)
        #expect(result.created + result.unchanged == rows.count)

        let raw = try GRDBQueue(path: dir.path("tally.sqlite"))
        let cells = "SELECT group_concat(agreement || ' ' || subject_kind || ' ' || subject_id || ' ' || day || ' ' || count, '; ') FROM (SELECT * FROM subject_day ORDER BY 1, 2, 3, 4)"
        let imported = try raw.string(cells)
        // A different fingerprint makes synchronize recount every agreement from its deliveries.
        try raw.execute("UPDATE agreement SET fingerprint = 'stale'")
        try store.synchronize(agreements: Array(agreements.values), at: t0 + 6)
        #expect(try raw.string(cells) == imported)
        #expect(try raw.int("SELECT COUNT(*) FROM subject_day WHERE agreement = 'other' AND subject_id = 'tagged'") ?? 0 > 10)
    }

    @Test func oneBadRowStoresNothing() throws {
        let rows = [
            NumberedDelivery(line: 2, delivery: article("2024-05-01", id: "a")),
            NumberedDelivery(line: 3, delivery: article("2024-05-02", id: "b", count: 0)),
            NumberedDelivery(line: 4, delivery: article("2024-05-03", id: "c")),
        ]
        #expect {
            _ = try store.importDeliveries(rows, agreements: agreements, by: 1, at: t0, dryRun: false)
        } throws: { error in
            let rejected = try #require((error as? StoreError)?.rejectedRows)
            return rejected.total == 1 && rejected.rows.map(\.line) == [3] && "\(error)".contains("line 3: the count 0")
        }
        #expect(try store.deliveryCount() == 0)
        #expect(try store.auditLog().isEmpty)
        #expect(try store.firstSeen(agreement: "ben-tre-2024") == nil)
    }

    @Test func everyKindOfBadRowIsListed() throws {
        _ = try store.record(article("2024-05-01", id: "stored"), for: benTre(), by: 1, at: t0)
        var rows = [
            NumberedDelivery(line: 2, delivery: article("2024-05-01", id: "x", agreement: "unknown")),
            NumberedDelivery(line: 3, delivery: article("2024-05-01", id: "stored", title: "Khác")),
            NumberedDelivery(line: 4, delivery: article("2024-05-01", id: "dup")),
            NumberedDelivery(line: 5, delivery: article("2024-05-02", id: "dup")),
            NumberedDelivery(line: 6, delivery: article("2024-05-02")),
        ]
        rows += (0..<150).map { NumberedDelivery(line: 10 + $0, delivery: article("2024-05-01", id: "z\($0)", count: 0)) }
        #expect {
            _ = try store.importDeliveries(rows, agreements: agreements, by: 1, at: t0, dryRun: false)
        } throws: { error in
            let rejected = try #require((error as? StoreError)?.rejectedRows)
            let messages = rejected.rows.prefix(4).map(\.reason)
            return rejected.total == 154 && rejected.rows.count == 100
                && rejected.rows.prefix(4).map(\.line) == [2, 3, 5, 6]
                && messages[0].contains("no agreement unknown")
                && messages[1].contains("already has the external id stored") && messages[1].contains("title")
                && messages[2].contains("as line 4") && messages[2].contains("published")
                && messages[3].contains("neither an id nor a URL")
                && "\(error)".contains("and 54 more")
        }
        #expect(try store.deliveryCount() == 1)
    }

    @Test func dryRunWritesNothing() throws {
        let rows = [NumberedDelivery(line: 2, delivery: article("2024-05-01", id: "a"))]
        let result = try store.importDeliveries(rows, agreements: agreements, by: 1, at: t0, dryRun: true)
        #expect(result.created == 1 && result.dryRun)
        #expect(try store.deliveryCount() == 0)
        #expect(try store.auditLog().isEmpty)
        #expect(try store.firstSeen(agreement: "ben-tre-2024") == nil)
        #expect(try store.read { try $0.delivered(agreement: "ben-tre-2024", quota: "all", from: day("2024-01-01"), through: day("2025-12-31")) } == 0)
    }

    @Test func hundredThousandRowsInOneTransaction() throws {
        let n = 100_000
        let kinds = ["article", "video", "photo", "article"]
        let rows = (0..<n).map { i in
            NumberedDelivery(
                line: i + 2,
                delivery: article(
                    CivilDate(dayNumber: day("2024-01-01").dayNumber + i % 700).description, id: "row-\(i)",
                    kind: kinds[i % 4], tags: i % 5 == 0 ? ["dai-hoi"] : [], language: i % 7 == 0 ? "en-US" : "vi"))
        }
        let clock = ContinuousClock()
        var result: ImportResult?
        let cpuBefore = processCPUSeconds()
        let elapsed = try clock.measure {
            result = try store.importDeliveries(rows, agreements: agreements, by: 1, at: t0, dryRun: false)
        }
        let cpu = processCPUSeconds() - cpuBefore
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // Wall time depends on what else the machine runs; process CPU time (all tests' threads) bounds the cost.
        print(
            "imported \(n) rows in one transaction: \(String(format: "%.2f", seconds)) s wall, \(Int(Double(n) / seconds)) rows/s; "
                + "\(String(format: "%.2f", cpu)) s process CPU")
        #expect(result?.created == n)
        #expect(try store.deliveryCount() == n)
        let all = try store.read { try $0.delivered(agreement: "ben-tre-2024", quota: "all", from: day("2024-01-01"), through: day("2025-12-31")) }
        #expect(all == n)
        let news = try store.read { try $0.delivered(agreement: "ben-tre-2024", quota: "news", from: day("2024-01-01"), through: day("2025-12-31")) }
        #expect(news == n / 2)
        #expect(try store.auditLog().count == 1)
    }
}

/// CPU time used by the whole process so far, in seconds.
private func processCPUSeconds() -> Double {
    Double(clock()) / Double(CLOCKS_PER_SEC)
}
