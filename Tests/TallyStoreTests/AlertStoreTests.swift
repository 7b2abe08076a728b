import Foundation
import GRDB
import TallyCore
import TallyStore
import Testing

@Suite struct AlertStoreTests {
    let dir: StoreDirectory
    let store: TallyStore

    init() throws {
        dir = try StoreDirectory()
        store = try dir.store()
    }

    private let subject = "quota/ben-tre-2024/news/2024-Q2"

    private func update(status: String, at: Date) -> AlertUpdate {
        AlertUpdate(
            states: [KeptSubjectState(subject: subject, agreement: "ben-tre-2024", state: SubjectState(status: status, lastAlertAt: at, repeatCount: 2))],
            alerts: [
                Alert(
                    type: .quotaBehind, at: at, agreement: "ben-tre-2024", quota: "news", window: "2024-Q2",
                    status: status, previousStatus: "ON_TRACK", delivered: 41, target: 120, expected: 60.25,
                    message: "ben-tre-2024/news: BEHIND in 2024-Q2 (41 of 120, expected 60.2)")
            ],
            outcomes: [
                recorded(agreement: "ben-tre-2024", quota: "news", window: "2024-Q1", start: day("2024-01-01"), end: day("2024-03-31"),
                    target: 30, delivered: 12, outcome: .missed, closedAt: at, updatedAt: at)
            ])
    }

    @Test func applyStoresEverything() throws {
        let ids = try store.apply(update(status: "BEHIND", at: t0))
        #expect(ids.count == 1)
        let states = try store.alertStates(agreement: "ben-tre-2024")
        #expect(states[subject] == SubjectState(status: "BEHIND", lastAlertAt: t0, repeatCount: 2))
        let alerts = try store.alerts(agreement: "ben-tre-2024")
        #expect(alerts.map(\.id) == ids)
        #expect(alerts.first?.type == .quotaBehind && alerts.first?.expected == 60.25 && alerts.first?.milestone == nil)
        #expect(try store.windowOutcomes(agreement: "ben-tre-2024").first?.outcome.outcome == .missed)

        // An update replaces the state, keeps the outcome's closing time, and a deletion drops a subject.
        var later = update(status: "AT_RISK", at: t0 + 100)
        later.outcomes[0].outcome.outcome = .met
        later.outcomes[0].outcome.delivered = 30
        later.alerts[0].repeatCount = 1
        let more = try store.apply(later)
        #expect(more[0] > ids[0])
        #expect(try store.alertStates(agreement: "ben-tre-2024")[subject]?.status == "AT_RISK")
        let outcome = try #require(try store.windowOutcomes(agreement: "ben-tre-2024").first)
        #expect(outcome.outcome.outcome == .met && outcome.delivered == 30 && outcome.closedAt == t0 && outcome.updatedAt == t0 + 100)
        #expect(try store.alerts(after: ids[0]).map(\.repeatCount) == [1])
        #expect(try store.alerts(since: t0 + 50).count == 1)
        try store.apply(AlertUpdate(deletedSubjects: [subject]))
        #expect(try store.alertStates(agreement: "ben-tre-2024").isEmpty)
    }

    /// `passBookkeeping` reads the last recorded window end per quota from `outcome_through`, which triggers keep
    /// equal to grouping `window_outcome` whatever order windows are recorded or revised in.
    @Test func outcomesThroughFollowsEveryWrite() throws {
        func outcome(_ quota: String, _ label: String, _ start: String, _ end: String) -> AlertUpdate {
            AlertUpdate(outcomes: [
                recorded(agreement: "ben-tre-2024", quota: quota, window: label, start: day(start), end: day(end),
                      target: 30, delivered: 1, outcome: .missed, closedAt: t0, updatedAt: t0)
            ])
        }
        let raw = try GRDBQueue(path: dir.path("tally.sqlite"))
        /// `behindTheStoresBack`: the raw connection wrote, which the store's kept bookkeeping of every
        /// agreement cannot know (only tallyd writes the file); the per-agreement read always reads.
        func check(behindTheStoresBack: Bool = false) throws {
            let grouped = try raw.queue.read { db in
                try Row.fetchAll(db, sql: "SELECT quota, MAX(window_end) AS e FROM window_outcome GROUP BY quota")
                    .map { ($0["quota"] as String, $0["e"] as String) }
            }
            let expected = Dictionary(uniqueKeysWithValues: grouped)
            let read = try store.passBookkeeping(agreements: ["ben-tre-2024"]).outcomesThrough["ben-tre-2024"] ?? [:]
            #expect(read.mapValues(\.description) == expected)
            if !behindTheStoresBack {
                let kept = try store.passBookkeeping().outcomesThrough["ben-tre-2024"] ?? [:]
                #expect(kept.mapValues(\.description) == expected)
            }
        }
        try store.apply(outcome("news", "2024-Q2", "2024-04-01", "2024-06-30"))
        try store.apply(outcome("news", "2024-Q1", "2024-01-01", "2024-03-31"))  // an older window: no change
        try store.apply(outcome("video", "2024-Q1", "2024-01-01", "2024-03-31"))
        try check()
        #expect(try store.passBookkeeping().outcomesThrough["ben-tre-2024"]?["news"] == day("2024-06-30"))
        // A revision that moves a window's end (its agreement was cut short) moves the answer both ways.
        try store.apply(outcome("news", "2024-Q2", "2024-04-01", "2024-05-31"))
        try check()
        #expect(try store.passBookkeeping().outcomesThrough["ben-tre-2024"]?["news"] == day("2024-05-31"))
        // A revision that leaves the end where it was (the trigger skips it since migration v5), then writes that
        // move an end, or move an outcome to another quota, behind the store's back.
        try store.apply(outcome("video", "2024-Q1", "2024-01-01", "2024-03-31"))
        try check()
        try raw.execute("UPDATE window_outcome SET window_end = '2024-09-30' WHERE quota = 'video'")
        try check(behindTheStoresBack: true)
        try raw.execute("UPDATE window_outcome SET quota = 'audio' WHERE quota = 'news' AND window_label = '2024-Q2'")
        try check(behindTheStoresBack: true)
        try raw.execute("UPDATE window_outcome SET quota = 'news' WHERE quota = 'audio'")
        try check(behindTheStoresBack: true)
        try raw.execute("DELETE FROM window_outcome WHERE quota = 'news' AND window_label = '2024-Q2'")
        try check(behindTheStoresBack: true)
        try raw.execute("DELETE FROM window_outcome WHERE quota = 'video'")
        try check(behindTheStoresBack: true)
        #expect(try store.passBookkeeping(agreements: ["ben-tre-2024"]).outcomesThrough["ben-tre-2024"]?["video"] == nil)
    }

    @Test func aFailedApplyWritesNothing() throws {
        // A trigger stands in for a disk that fails halfway through the transaction.
        let raw = try GRDBQueue(path: dir.path("tally.sqlite"))
        try raw.execute("CREATE TRIGGER fail BEFORE INSERT ON window_outcome BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        #expect {
            try store.apply(update(status: "BEHIND", at: t0))
        } throws: { error in
            (error as? StoreError)?.isDatabaseFailure == true && "\(error)".contains("injected failure")
        }
        #expect(try store.alertStates(agreement: "ben-tre-2024").isEmpty)
        #expect(try store.alerts().isEmpty)
    }

    @Test func aFailedRecordLeavesTheDatabaseAsItWas() throws {
        let raw = try GRDBQueue(path: dir.path("tally.sqlite"))
        try raw.execute("CREATE TRIGGER fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        #expect(throws: StoreError.self) { _ = try store.record(article("2024-05-15", id: "a"), for: benTre(), by: 1, at: t0) }
        #expect(try raw.int("SELECT COUNT(*) FROM delivery") == 0)
        #expect(try raw.int("SELECT COUNT(*) FROM subject_day") == 0)
    }

    @Test func backupIsConsistentAndRefusesToOverwrite() throws {
        _ = try store.record(article("2024-05-15", id: "a"), for: benTre(), by: 1, at: t0)
        try store.apply(update(status: "BEHIND", at: t0))
        let path = dir.path("backup.sqlite")
        try store.backup(to: path)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the copy is one self-contained file")
        let copy = try TallyStore(path: path)
        #expect(try copy.integrityCheck() == "ok")
        #expect(try copy.deliveryCount() == 1)
        #expect(try copy.alerts().count == 1)
        #expect(try copy.read { try $0.delivered(agreement: "ben-tre-2024", quota: "news", from: day("2024-01-01"), through: day("2024-12-31")) } == 1)
        #expect { try store.backup(to: path) } throws: { "\($0)".contains("already exists") }
        #expect(throws: StoreError.self) { try store.backup(to: dir.path("no/such/dir.sqlite")) }
        #expect(try store.integrityCheck() == "ok")
    }
}
