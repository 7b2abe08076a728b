import Foundation
import TallyCore
@testable import TallyStore
import Testing
import TallyTesting

@Suite struct CounterTests {
    let dir: StoreDirectory
    let store: TallyStore

    init() throws {
        dir = try StoreDirectory()
        store = try dir.store()
    }

    private func news(_ store: TallyStore) throws -> Int {
        try store.read { try $0.delivered(agreement: "ben-tre-2024", quota: "news", from: day("2024-01-01"), through: day("2024-12-31")) }
    }

    @Test func synchronizeRebuildsOnlyWhenFiltersChange() throws {
        try store.synchronize(agreements: [benTre()], at: t0)
        _ = try store.record(article("2024-05-15", id: "a"), for: benTre(), by: 1, at: t0 + 1)
        _ = try store.record(article("2024-05-16", id: "v", kind: "video"), for: benTre(), by: 1, at: t0 + 1)
        #expect(try news(store) == 1)

        try store.synchronize(agreements: [benTre(newsKinds: ["article", "video"])], at: t0 + 100)
        #expect(try news(store) == 2)
        #expect(try store.firstSeen(agreement: "ben-tre-2024") == t0)

        // Unchanged filters: the counters are left as they are, even if someone tampers with them.
        let db = try GRDBQueue(path: dir.path("tally.sqlite"))
        try db.execute("UPDATE subject_day SET count = 40 WHERE subject_kind = 'quota' AND subject_id = 'news'")
        try store.synchronize(agreements: [benTre(newsKinds: ["article", "video"])], at: t0 + 200)
        #expect(try news(store) == 80)
        try store.synchronize(agreements: [benTre()], at: t0 + 300)
        #expect(try news(store) == 1)
    }

    @Test func changingTheZoneMovesDays() throws {
        var agreement = benTre()
        let r = try store.record(article("2024-05-15T20:00:00Z", id: "a"), for: agreement, by: 1, at: t0)
        #expect(try store.delivery(id: r.id)?.day == day("2024-05-16"))
        agreement.timeZone = TimeZone(identifier: "UTC")!
        try store.synchronize(agreements: [agreement], at: t0)
        #expect(try store.delivery(id: r.id)?.day == day("2024-05-15"))
        #expect(try store.read { try $0.delivered(agreement: agreement.id, quota: "news", from: day("2024-05-15"), through: day("2024-05-15")) } == 1)
    }

    @Test(arguments: [1, 2, 3])
    func countersAgreeWithTheLedger(seed: UInt64) throws {
        var rng = SeededGenerator(state: seed)
        var agreement = benTre()
        agreement.quotas.append(Quota(id: "outlet", target: 5, per: .month, filter: DeliveryFilter(kinds: ["article", "photo"], outlets: ["BÁO TIN TỨC"])))
        agreement.quotas.append(Quota(id: "tagged", target: 5, per: .week, filter: DeliveryFilter(tags: ["kinh-te", "dai-hoi"])))
        agreement.campaigns.append(Campaign(id: "video-en", start: day("2024-01-01"), end: day("2024-12-31"), filter: DeliveryFilter(kinds: ["video"], languages: ["en"])))
        var ledger = DeliveryLedger(agreements: [agreement])
        var live: [Int64: Int] = [:]  // delivery id → ledger index

        let kinds = ["article", "video", "photo", "podcast"]
        let languages = ["vi", "en", "en-GB", "fr"]
        let outlets: [String?] = ["Báo Tin tức", "báo tin tức", "VNA", nil]
        let tagSets: [[String]] = [[], ["kinh-te"], ["dai-hoi", "x"], ["Dai-Hoi"]]
        for i in 0..<300 {
            let dayNumber = day("2024-01-01").dayNumber + Int.random(in: 0..<366, using: &rng)
            let date = CivilDate(dayNumber: dayNumber).description
            let published: String
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: published = date
            case 1: published = date + String(format: "T%02d:15:00", Int.random(in: 0..<24, using: &rng))
            default: published = date + String(format: "T%02d:45:00Z", Int.random(in: 0..<24, using: &rng))
            }
            var delivery = article(
                published, id: Bool.random(using: &rng) ? "id-\(Int.random(in: 0..<250, using: &rng))" : nil,
                kind: kinds.randomElement(using: &rng)!, tags: tagSets.randomElement(using: &rng)!,
                count: Int.random(in: 1...5, using: &rng), language: languages.randomElement(using: &rng)!)
            delivery.outlet = outlets.randomElement(using: &rng)!
            let at = t0 + Double(i)
            do {
                let result = try store.record(delivery, for: agreement, by: 1, at: at)
                if result.created {
                    live[result.id] = ledger.entries.count
                    ledger.entries.append(.init(delivery: delivery, recordedAt: at))
                }
            } catch let error as StoreError where error.conflictingFields != nil {
                continue
            }
            if Int.random(in: 0..<10, using: &rng) == 0, let victim = live.keys.randomElement(using: &rng) {
                _ = try store.void(id: victim, reason: "test", by: 1, at: at)
                ledger.entries[live.removeValue(forKey: victim)!].voided = true
            }
        }
        try compare(agreement, ledger, &rng)

        // A changed filter rebuilds the counters to what the ledger answers under the new configuration.
        agreement.quotas[0].filter = DeliveryFilter(kinds: ["article", "podcast"], languages: ["en"])
        agreement.campaigns[0].filter = DeliveryFilter(outlets: ["vna"])
        ledger.agreements[agreement.id] = agreement
        try store.synchronize(agreements: [agreement], at: t0)
        try compare(agreement, ledger, &rng)

        // An amendment's filters count from its effective day, by publication date (SPEC §9); a quota it adds
        // is counted too.
        let amended = Agreement(
            id: agreement.id, title: agreement.title, start: agreement.start, end: agreement.end, timeZone: agreement.timeZone,
            quotas: agreement.quotas, campaigns: agreement.campaigns,
            amendments: [
                Amendment(id: "pl-01", title: "PL 01", effective: day("2024-05-16"), quotas: [
                    QuotaAmendment(id: "news", change: .amend(QuotaChanges(kinds: ["video"], languages: ["vi", "fr"]))),
                    QuotaAmendment(id: "podcasts", change: .add(Quota(id: "podcasts", target: 3, per: .month,
                                                                     filter: DeliveryFilter(kinds: ["podcast"])))),
                ]),
                Amendment(id: "pl-02", title: "PL 02", effective: day("2024-09-01"), quotas: [
                    QuotaAmendment(id: "outlet", change: .amend(QuotaChanges(outlets: ["VNA"]))),
                ]),
            ])
        ledger.agreements[agreement.id] = amended
        try store.synchronize(agreements: [amended], at: t0)
        try compare(amended, ledger, &rng)
        // Voids after the change take back what they counted on their day.
        for victim in live.keys.sorted().prefix(20) {
            _ = try store.void(id: victim, reason: "test", by: 1, at: t0)
            ledger.entries[live.removeValue(forKey: victim)!].voided = true
        }
        try compare(amended, ledger, &rng)
    }

    private func compare(_ agreement: Agreement, _ ledger: DeliveryLedger, _ rng: inout SeededGenerator) throws {
        let yearStart = day("2024-01-01").dayNumber
        var ranges = [(day("2023-12-31"), day("2025-01-01"))]
        for _ in 0..<40 {
            let a = yearStart + Int.random(in: -5..<370, using: &rng)
            ranges.append((CivilDate(dayNumber: a), CivilDate(dayNumber: a + Int.random(in: 0..<90, using: &rng))))
        }
        try store.read { counts in
            for (from, through) in ranges {
                for quota in agreement.quotas {
                    let stored = try counts.delivered(agreement: agreement.id, quota: quota.id, from: from, through: through)
                    #expect(stored == ledger.delivered(agreement: agreement.id, quota: quota.id, from: from, through: through), "\(quota.id) \(from)…\(through)")
                }
                for campaign in agreement.campaigns {
                    let stored = try counts.campaignDays(agreement: agreement.id, campaign: campaign.id, from: from, through: through)
                    #expect(stored == ledger.campaignDays(agreement: agreement.id, campaign: campaign.id, from: from, through: through))
                }
            }
            #expect(try counts.lastRecorded(agreement: agreement.id) == ledger.lastRecorded(agreement: agreement.id))
            #expect(try counts.lastRecorded(agreement: "other") == nil)
        }
        #expect(ledger.delivered(agreement: agreement.id, quota: "all", from: day("2024-01-01"), through: day("2024-12-31")) > 100)
    }
}

@Suite struct SnapshotTests {
    @Test func aReadPassSeesOneSnapshot() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        _ = try store.record(article("2024-05-15", id: "a"), for: benTre(), by: 1, at: t0)
        let raw = try GRDBQueue(path: dir.path("tally.sqlite"))
        let (before, after) = try store.read { counts in
            let before = try counts.delivered(agreement: "ben-tre-2024", quota: "news", from: day("2024-01-01"), through: day("2024-12-31"))
            try raw.execute("UPDATE subject_day SET count = count + 10")
            let after = try counts.delivered(agreement: "ben-tre-2024", quota: "news", from: day("2024-01-01"), through: day("2024-12-31"))
            return (before, after)
        }
        #expect(before == 1 && after == 1)
        #expect(try store.read { try $0.delivered(agreement: "ben-tre-2024", quota: "news", from: day("2024-01-01"), through: day("2024-12-31")) } == 11)
    }

    /// A stored fingerprint must keep matching after an upgrade, or every agreement's counters would be rebuilt:
    /// the form is pinned here as an earlier version wrote it.
    @Test func fingerprintKeepsTheStoredForm() throws {
        var plan = CounterPlan(benTre())
        plan.timeZone = "Asia/Ho_Chi_Minh"
        plan.subjects = [
            CounterPlan.Subject(kind: "quota", id: "news", kinds: ["article"], languages: nil, outlets: ["a/b"], tags: ["q\"uote", "Báo"]),
            CounterPlan.Subject(kind: "campaign", id: "c", kinds: nil, languages: ["vi"], outlets: nil, tags: nil),
        ]
        #expect(plan.fingerprint == #"{"subjects":[{"id":"news","kind":"quota","kinds":["article"],"outlets":["a/b"],"tags":["q\"uote","Báo"]},{"id":"c","kind":"campaign","languages":["vi"]}],"timeZone":"Asia/Ho_Chi_Minh"}"#)
    }

    @Test(arguments: 0..<50)
    func fingerprintRoundTrips(seed: UInt64) throws {
        var rng = SeededGenerator(state: seed)
        let texts = ["vi", "en-GB", "Báo Tin tức", "a/b", "q\"uote", "back\\slash", "tab\tnew\n", "\u{1}", "日本", "😀", ""]
        func list() -> [String]? { Bool.random(using: &rng) ? nil : (0..<Int.random(in: 0...3, using: &rng)).map { _ in texts.randomElement(using: &rng)! } }
        var plan = CounterPlan(benTre())
        plan.timeZone = ["Asia/Ho_Chi_Minh", "Europe/Paris", "America/Argentina/Buenos_Aires"].randomElement(using: &rng)!
        plan.subjects = (0..<Int.random(in: 0...6, using: &rng)).map { i in
            CounterPlan.Subject(kind: Bool.random(using: &rng) ? "quota" : "campaign", id: "s-\(i)", kinds: list(),
                                languages: list(), outlets: list(), tags: list())
        }
        #expect(try CounterPlan.decode(plan.fingerprint) == plan)
    }
}
