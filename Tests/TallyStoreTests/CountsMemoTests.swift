import Foundation
import Testing

@testable import TallyStore
import TallyCore
import TallyTesting

/// Remembered counts must never outlive a write: the same questions asked after each kind of write get the
/// answers a fresh read gives.
@Suite struct CountsMemoTests {
    let dir: StoreDirectory
    let store: TallyStore

    init() throws {
        dir = try StoreDirectory()
        store = try dir.store()
    }

    private struct Answers: Equatable {
        var delivered: [Int] = []
        /// Each quota's carry-over question: the sums of all its windows, as one answer.
        var windowSums: [[Int]] = []
        var days: [[DayCount]] = []
        var lastRecorded: Date?
        var completions: [String: CivilDate] = [:]
    }

    private static let ranges: [(CivilDate, CivilDate)] = [
        (day("2024-01-01"), day("2024-12-31")), (day("2024-04-01"), day("2024-06-30")), (day("2024-05-15"), day("2024-05-15")),
    ]

    private func answers(_ counts: any DeliveryCounts, _ agreement: Agreement) throws -> Answers {
        var answers = Answers()
        for (from, through) in Self.ranges {
            for quota in agreement.quotas {
                answers.delivered.append(try counts.delivered(agreement: agreement.id, quota: quota.id, from: from, through: through))
            }
            for campaign in agreement.campaigns {
                answers.days.append(try counts.campaignDays(agreement: agreement.id, campaign: campaign.id, from: from, through: through))
            }
        }
        for quota in agreement.quotas {
            let windows = agreement.schedule(of: quota).windows
            answers.windowSums.append(try counts.delivered(agreement: agreement.id, quota: quota.id, windows: windows))
        }
        answers.lastRecorded = try counts.lastRecorded(agreement: agreement.id)
        answers.completions = try counts.manualCompletions(agreement: agreement.id)
        return answers
    }

    private func expectFresh(_ agreement: Agreement, _ step: String) throws {
        let remembered = try store.readRemembered { try answers($0, agreement) }
        let again = try store.readRemembered { try answers($0, agreement) }
        let fresh = try store.read { try answers($0, agreement) }
        #expect(remembered == fresh, "after \(step)")
        #expect(again == fresh, "asked twice after \(step)")
    }

    @Test func everyWriteIsSeen() throws {
        var agreement = benTre()
        try store.synchronize(agreements: [agreement], at: t0)
        try expectFresh(agreement, "synchronize")
        var ids: [Int64] = []
        for i in 0..<12 {
            let published = CivilDate(dayNumber: day("2024-04-20").dayNumber + i * 9).description
            let delivery = article(published, id: "m\(i)", kind: i % 3 == 0 ? "video" : "article", tags: i % 2 == 0 ? ["dai-hoi"] : [])
            ids.append(try store.record(delivery, for: agreement, by: 1, at: t0 + Double(i)).id)
            try expectFresh(agreement, "record \(i)")
        }
        _ = try store.void(id: ids[4], reason: "trùng", by: 1, at: t0 + 100)
        try expectFresh(agreement, "void")
        _ = try store.markMilestoneDone(agreement: agreement.id, milestone: "dai-hoi/phu-luc", on: day("2024-06-10"), by: 1, at: t0 + 101)
        try expectFresh(agreement, "milestone done")
        try store.undoMilestone(agreement: agreement.id, milestone: "dai-hoi/phu-luc", by: 1, at: t0 + 102)
        try expectFresh(agreement, "milestone undone")
        agreement.quotas[0].filter = DeliveryFilter(kinds: ["video"])
        try store.synchronize(agreements: [agreement], at: t0 + 103)
        try expectFresh(agreement, "a changed filter")
        #expect(try store.readRemembered { try answers($0, agreement) }.delivered.contains { $0 > 0 })
        #expect(try store.readRemembered { try answers($0, agreement) }.windowSums.contains { $0.contains { $0 > 0 } })
    }

    /// Prefetched answers (two set-based queries) equal the answers of the one-by-one queries, for every
    /// subject and range, and are what the next remembered read serves.
    @Test func prefetchAnswersLikeSingleQueries() throws {
        let agreement = benTre()
        try store.synchronize(agreements: [agreement], at: t0)
        var rng = SeededGenerator(state: 7)
        for i in 0..<150 {
            let published = CivilDate(dayNumber: day("2024-01-01").dayNumber + Int.random(in: 0..<366, using: &rng)).description
            let delivery = article(published, id: "p\(i)", kind: ["article", "video"].randomElement(using: &rng)!,
                                   tags: Bool.random(using: &rng) ? ["dai-hoi"] : [], count: Int.random(in: 1...4, using: &rng),
                                   language: ["vi", "en"].randomElement(using: &rng)!)
            _ = try store.record(delivery, for: agreement, by: 1, at: t0 + Double(i))
        }
        var questions = CountQuestions()
        var ranges: [(CivilDate, CivilDate)] = []
        for _ in 0..<30 {
            let from = day("2023-12-01").dayNumber + Int.random(in: 0..<400, using: &rng)
            ranges.append((CivilDate(dayNumber: from), CivilDate(dayNumber: from + Int.random(in: 0..<120, using: &rng))))
        }
        for (from, through) in ranges {
            questions.quotas += agreement.quotas.map { (agreement.id, $0.id, from, through) }
            questions.campaigns += agreement.campaigns.map { (agreement.id, $0.id, from, through) }
        }
        questions.quotas.append((agreement.id, "no-such-quota", day("2024-01-01"), day("2024-12-31")))
        var asked = false
        try store.prefetch([(agreement.id, "t")]) { _ in asked = true; return questions }
        #expect(asked)
        try store.read { counts in
            for q in questions.quotas {
                let key = CountsMemo.Key(agreement: q.agreement, subject: q.quota, from: q.from.dayNumber, through: q.through.dayNumber)
                let expected = try counts.delivered(agreement: q.agreement, quota: q.quota, from: q.from, through: q.through)
                #expect(store.memo.delivered(key) == expected)
            }
        }
        let fresh = try store.read { counts in
            try questions.campaigns.map { try counts.campaignDays(agreement: $0.agreement, campaign: $0.campaign, from: $0.from, through: $0.through) }
        }
        for (c, expected) in zip(questions.campaigns, fresh) {
            let key = CountsMemo.Key(agreement: c.agreement, subject: c.campaign, from: c.from.dayNumber, through: c.through.dayNumber)
            #expect(store.memo.campaignDays(key) == expected)
        }
        #expect(fresh.contains { !$0.isEmpty })
        // The same tag again asks nothing; after a write it asks again.
        asked = false
        try store.prefetch([(agreement.id, "t")]) { _ in asked = true; return questions }
        #expect(!asked)
        _ = try store.record(article("2024-05-15", id: "later"), for: agreement, by: 1, at: t0 + 1000)
        try store.prefetch([(agreement.id, "t")]) { _ in asked = true; return questions }
        #expect(asked)
    }

    /// Many windows' sums from one walk over a quota's days (what the first pass over a new agreement asks of
    /// every closed window) are each window's own sum, remembered or not.
    @Test func windowSumsInOneWalkAreEachWindowsSum() throws {
        let agreement = benTre()
        try store.synchronize(agreements: [agreement], at: t0)
        var rng = SeededGenerator(state: 11)
        for i in 0..<120 {
            let published = CivilDate(dayNumber: day("2024-01-01").dayNumber + Int.random(in: 0..<366, using: &rng)).description
            _ = try store.record(article(published, id: "w\(i)", kind: ["article", "video"].randomElement(using: &rng)!,
                                         tags: Bool.random(using: &rng) ? ["dai-hoi"] : [], count: Int.random(in: 1...4, using: &rng)),
                                 for: agreement, by: 1, at: t0 + Double(i))
        }
        var counted = 0
        for quota in agreement.quotas {
            let windows = agreement.schedule(of: quota).windows
            let oneByOne = try store.read { counts in
                try windows.map { try counts.delivered(agreement: agreement.id, quota: quota.id, from: $0.start, through: $0.end) }
            }
            #expect(try store.read { try $0.delivered(agreement: agreement.id, quota: quota.id, windows: windows) } == oneByOne)
            #expect(try store.readRemembered { try $0.delivered(agreement: agreement.id, quota: quota.id, windows: windows) } == oneByOne)
            let some = Array(windows.dropFirst().enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
            #expect(try store.read { try $0.delivered(agreement: agreement.id, quota: quota.id, windows: some) }
                == some.map { w in oneByOne[windows.firstIndex(of: w)!] })
            counted += oneByOne.reduce(0, +)
        }
        #expect(counted > 0)
    }

    @Test func prefetchQuotesAnyText() {
        #expect(TallyStore.jsonRows([["a\"b", "c\\d", "e\u{1}f", "Bến Tre"], []]) == #"[["a\"b","c\\d","e\u0001f","Bến Tre"],[]]"#)
    }

    @Test func anAnswerFromBeforeAWriteIsNeverServedAfterIt() {
        let writes = WriteGeneration()
        let memo = CountsMemo(writes: writes)
        let key = CountsMemo.Key(agreement: "a", subject: "q", from: 1, through: 2)
        let other = CountsMemo.Key(agreement: "b", subject: "q", from: 1, through: 2)
        let before = writes.current(.counts)
        memo.remember(delivered: 7, for: other, generation: before)
        writes.advance(.agreements(["a"]))  // a write to "a" commits while a reader still holds an older snapshot
        let after = writes.current(.counts)
        #expect(after != before)
        // The older reader's answer about "a" is not kept; its answer about "b", which the write did not touch, is.
        memo.remember(delivered: 41, for: key, generation: before)
        #expect(memo.delivered(key) == nil)
        #expect(memo.delivered(other) == 7)
        memo.remember(delivered: 42, for: key, generation: after)
        #expect(memo.delivered(key) == 42)
        memo.remember(delivered: 41, for: key, generation: before)  // late and older: ignored
        #expect(memo.delivered(key) == 42)
        // A write of every agreement's counts forgets both; a write of none, neither.
        writes.advance(.none)
        #expect(memo.delivered(key) == 42)
        writes.advance(.all)
        #expect(memo.delivered(key) == nil)
        #expect(memo.delivered(other) == nil)
    }

    /// A write to one agreement's counts is seen by that agreement's remembered answers at once, and leaves the
    /// other agreement's remembered (asked again, they are not read from SQLite: the prefetch does not ask).
    @Test func aWriteToOneAgreementLeavesTheOthersRemembered() throws {
        let first = benTre()
        var second = benTre()
        second.id = "vinh-long-2024"
        try store.synchronize(agreements: [first, second], at: t0)
        for (i, agreement) in [first, second].enumerated() {
            _ = try store.record(article("2024-05-0\(i + 1)", id: "x\(i)", agreement: agreement.id), for: agreement, by: 1,
                                 at: t0 + Double(i))
        }
        var asked: [String] = []
        try store.prefetch([(first.id, "d"), (second.id, "d")]) { ids in asked = ids; return CountQuestions() }
        #expect(asked == [first.id, second.id])
        try expectFresh(first, "both read")
        try expectFresh(second, "both read")

        _ = try store.record(article("2024-05-03", id: "y", agreement: first.id), for: first, by: 1, at: t0 + 10)
        asked = []
        try store.prefetch([(first.id, "d"), (second.id, "d")]) { ids in asked = ids; return CountQuestions() }
        #expect(asked == [first.id])
        try expectFresh(first, "a record for it")
        try expectFresh(second, "a record for the other")
        let key = CountsMemo.Key(agreement: second.id, subject: "news", from: day("2024-01-01").dayNumber,
                                 through: day("2024-12-31").dayNumber)
        #expect(store.memo.delivered(key) == 1)

        let voided = try store.record(article("2024-05-04", id: "z", agreement: second.id), for: second, by: 1, at: t0 + 11).id
        try expectFresh(second, "a record")
        #expect(store.memo.delivered(key) == 2)
        _ = try store.void(id: voided, reason: "trùng", by: 1, at: t0 + 12)
        #expect(store.memo.delivered(key) == nil)
        try expectFresh(second, "its void")
        #expect(store.memo.delivered(key) == 1)

        // An import forgets the answers of the agreements its rows name, a dry run nobody's.
        let agreements = [first.id: first, second.id: second]
        let rows = [NumberedDelivery(line: 2, delivery: article("2024-05-05", id: "i", agreement: second.id))]
        _ = try store.importDeliveries(rows, agreements: agreements, by: 1, at: t0 + 13, dryRun: true)
        #expect(store.memo.delivered(key) == 1)
        try expectFresh(first, "a record")
        let firstKey = CountsMemo.Key(agreement: first.id, subject: "news", from: day("2024-01-01").dayNumber,
                                      through: day("2024-12-31").dayNumber)
        #expect(store.memo.delivered(firstKey) == 2)
        _ = try store.importDeliveries(rows, agreements: agreements, by: 1, at: t0 + 14, dryRun: false)
        #expect(store.memo.delivered(key) == nil)
        #expect(store.memo.delivered(firstKey) == 2)
        try expectFresh(second, "an import")
        #expect(store.memo.delivered(key) == 2)
    }

    /// Alert bookkeeping is a write the kept bookkeeping of every agreement must see, but it changes no count:
    /// the remembered counts outlive it, and any other write forgets them.
    @Test func alertBookkeepingKeepsTheCountsButNotTheBookkeeping() throws {
        let agreement = benTre()
        try store.synchronize(agreements: [agreement], at: t0)
        var asked = false
        try store.prefetch([(agreement.id, "t")]) { _ in asked = true; return CountQuestions() }
        #expect(asked)
        #expect(try store.passBookkeeping().outcomesThrough[agreement.id] == nil)
        var update = AlertUpdate()
        update.outcomes = [recorded(agreement: agreement.id, quota: "news", window: "2024-Q1", start: day("2024-01-01"),
                                    end: day("2024-03-31"), target: 3, delivered: 1, outcome: .missed, closedAt: t0, updatedAt: t0)]
        try store.apply(update)
        #expect(try store.passBookkeeping().outcomesThrough[agreement.id]?["news"] == day("2024-03-31"))
        asked = false
        try store.prefetch([(agreement.id, "t")]) { _ in asked = true; return CountQuestions() }
        #expect(!asked)
        _ = try store.record(article("2024-05-15", id: "after"), for: agreement, by: 1, at: t0 + 1)
        try store.prefetch([(agreement.id, "t")]) { _ in asked = true; return CountQuestions() }
        #expect(asked)
    }
}
