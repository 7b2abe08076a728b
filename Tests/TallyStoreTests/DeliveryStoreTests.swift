import Foundation
import GRDB
import TallyCore
import TallyStore
import Testing

@Suite struct DeliveryStoreTests {
    let dir: StoreDirectory
    let store: TallyStore

    init() throws {
        dir = try StoreDirectory()
        store = try dir.store()
    }

    @Test func reopeningKeepsData() throws {
        let result = try store.record(article("2024-05-15", id: "a1"), for: benTre(), by: 1000, at: t0)
        let reopened = try TallyStore(path: dir.path("tally.sqlite"))
        let stored = try reopened.deliveries()
        #expect(stored.map(\.id) == [result.id])
        #expect(stored.first?.delivery == article("2024-05-15", id: "a1"))
        #expect(stored.first?.recordedBy == 1000)
        #expect(stored.first?.recordedAt == t0)
        #expect(try reopened.firstSeen(agreement: "ben-tre-2024") == t0)
    }

    @Test func openingInAMissingDirectoryFailsClearly() throws {
        #expect {
            _ = try TallyStore(path: dir.path("missing/tally.sqlite"))
        } throws: { error in
            let error = try #require(error as? StoreError)
            return error.isDatabaseFailure && error.description.contains("missing/tally.sqlite")
        }
    }

    @Test func identicalReRecordIsNotCreated() throws {
        let first = try store.record(article("2024-05-15", id: "a1"), for: benTre(), by: 1000, at: t0)
        let again = try store.record(article("2024-05-15", id: "a1"), for: benTre(), by: 1001, at: t0 + 60)
        #expect(first.created)
        #expect(again == RecordResult(id: first.id, created: false))
        #expect(try store.deliveryCount() == 1)
        #expect(try store.auditLog().count == 1)
        // Tag order and Unicode normalization do not make a different item.
        let tagged = article("2024-05-16", url: "https://example.vn/x", title: "Đại hội", tags: ["a", "b"])
        var reordered = tagged
        reordered.tags = ["b", "a"]
        reordered.title = "Đại hội".decomposedStringWithCanonicalMapping
        #expect(try store.record(tagged, for: benTre(), by: 1, at: t0).created)
        #expect(try !store.record(reordered, for: benTre(), by: 1, at: t0).created)
    }

    @Test func conflictingReRecordNamesTheFields() throws {
        let first = try store.record(article("2024-05-15", id: "a1"), for: benTre(), by: 1000, at: t0)
        #expect {
            _ = try store.record(article("2024-05-15", id: "a1", title: "Khác", count: 2), for: benTre(), by: 1000, at: t0)
        } throws: { error in
            let error = try #require(error as? StoreError)
            return error.conflictingFields == ["title", "count"] && error.description.contains("Delivery \(first.id)")
        }
        #expect(try store.deliveryCount() == 1)
    }

    @Test func deliveriesWithoutKeyAreAlwaysCreated() throws {
        let a = try store.record(article("2024-05-15"), for: benTre(), by: 1, at: t0)
        let b = try store.record(article("2024-05-15"), for: benTre(), by: 1, at: t0)
        #expect(a.created && b.created && a.id != b.id)
    }

    @Test func voidStopsCountingKeepsTheRowAndReleasesTheKey() throws {
        let agreement = benTre()
        let first = try store.record(article("2024-05-15", id: "a1", count: 3), for: agreement, by: 1000, at: t0)
        _ = try store.record(article("2024-05-20", id: "a2"), for: agreement, by: 1000, at: t0)
        let count = { try store.read { try $0.delivered(agreement: agreement.id, quota: "news", from: day("2024-01-01"), through: day("2024-12-31")) } }
        #expect(try count() == 4)

        let voided = try store.void(id: first.id, reason: "trùng bài", by: 1001, at: t0 + 10)
        #expect(voided.void == VoidInfo(at: t0 + 10, by: 1001, reason: "trùng bài"))
        #expect(try count() == 1)
        #expect(try store.deliveries().map(\.id).contains(first.id) == false)
        #expect(try store.deliveries(includeVoid: true).first { $0.id == first.id }?.void?.reason == "trùng bài")

        let again = try store.record(article("2024-05-15", id: "a1", count: 3), for: agreement, by: 1000, at: t0 + 20)
        #expect(again.created && again.id != first.id)
        #expect(try count() == 4)
    }

    @Test func voidErrors() throws {
        let first = try store.record(article("2024-05-15", id: "a1"), for: benTre(), by: 1000, at: t0)
        #expect(throws: StoreError.self) { try store.void(id: first.id, reason: "  ", by: 1, at: t0) }
        #expect { try store.void(id: 999, reason: "x", by: 1, at: t0) } throws: { ($0 as? StoreError)?.isNoSuchDelivery == true }
        _ = try store.void(id: first.id, reason: "sai", by: 1, at: t0)
        #expect { try store.void(id: first.id, reason: "sai", by: 1, at: t0) } throws: { ($0 as? StoreError)?.isAlreadyVoid == true }
    }

    @Test func countOutOfRangeIsRefused() throws {
        for count in [0, 10_001] {
            #expect { _ = try store.record(article("2024-05-15", count: count), for: benTre(), by: 1, at: t0) } throws: {
                ($0 as? StoreError)?.isInvalid == true && "\($0)".contains("between 1 and 10000")
            }
        }
    }

    @Test func aSecondConnectionSeesCommittedRows() throws {
        _ = try store.record(article("2024-05-15", id: "a1"), for: benTre(), by: 1, at: t0)
        let other = try DatabaseQueue(path: dir.path("tally.sqlite"))
        #expect(try other.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM delivery") } == 1)
        #expect(try other.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func writerIsSynchronousFull() throws {
        #expect(try store.writerSynchronousMode() == 2)
    }

    @Test func auditLogHasEveryChangeWithUID() throws {
        let r = try store.record(article("2024-05-15", id: "a1"), for: benTre(), by: 1000, at: t0)
        _ = try store.void(id: r.id, reason: "sai", by: 1001, at: t0 + 1)
        try store.markMilestoneDone(agreement: "ben-tre-2024", milestone: "dai-hoi/phu-luc", on: day("2024-06-10"), by: 1002, at: t0 + 2)
        #expect(try store.manualCompletions(agreement: "ben-tre-2024") == ["dai-hoi/phu-luc": day("2024-06-10")])
        #expect(try !store.markMilestoneDone(agreement: "ben-tre-2024", milestone: "dai-hoi/phu-luc", on: day("2024-06-10"), by: 1002, at: t0 + 2))
        try store.undoMilestone(agreement: "ben-tre-2024", milestone: "dai-hoi/phu-luc", by: 1003, at: t0 + 3)
        #expect(throws: StoreError.self) { try store.undoMilestone(agreement: "ben-tre-2024", milestone: "dai-hoi/phu-luc", by: 1, at: t0) }
        _ = try store.importDeliveries(
            [NumberedDelivery(line: 2, delivery: article("2024-05-16", id: "b1"))], agreements: ["ben-tre-2024": benTre()],
            by: 1004, at: t0 + 4, dryRun: false)

        let log = try store.auditLog(agreement: "ben-tre-2024")
        #expect(log.map(\.action) == [.record, .void, .milestoneDone, .milestoneUndo, .import])
        #expect(log.map(\.uid) == [1000, 1001, 1002, 1003, 1004])
        #expect(log.map(\.at) == [t0, t0 + 1, t0 + 2, t0 + 3, t0 + 4])
        #expect(log[0].deliveryID == r.id && log[1].detail.contains("sai"))
        #expect(try store.auditLog(limit: 2, after: log[1].id).map(\.action) == [.milestoneDone, .milestoneUndo])
        #expect(try store.auditLog(since: t0 + 3).count == 2)
        #expect(try store.auditLog(agreement: "other").isEmpty)
        #expect(try store.read { try $0.manualCompletions(agreement: "ben-tre-2024") }.isEmpty)
    }

    @Test func listingFiltersAndPages() throws {
        let agreement = benTre()
        for i in 1...9 {
            _ = try store.record(article("2024-05-1\(i)", id: "a\(i)", kind: i % 3 == 0 ? "video" : "article"), for: agreement, by: 1, at: t0)
        }
        let page1 = try store.deliveries(limit: 4)
        let page2 = try store.deliveries(limit: 4, after: page1.last?.id)
        #expect(page1.count == 4 && page2.count == 4 && page2[0].id > page1[3].id)
        #expect(try store.deliveries(kind: "video").count == 3)
        #expect(try store.deliveries(since: day("2024-05-13"), until: day("2024-05-15")).map(\.day) == [day("2024-05-13"), day("2024-05-14"), day("2024-05-15")])
        #expect(try store.deliveries(agreements: ["nope"]).isEmpty)
        #expect(try store.deliveries(agreements: ["ben-tre-2024"]).count == 9)
    }

    @Test func publicationDayIsInTheAgreementsZone() throws {
        // 20:00 UTC on the 15th is 03:00 on the 16th in Hà Nội.
        let r = try store.record(article("2024-05-15T20:00:00Z", id: "late"), for: benTre(), by: 1, at: t0)
        #expect(try store.delivery(id: r.id)?.day == day("2024-05-16"))
        #expect(try store.delivery(id: r.id)?.delivery.published.description == "2024-05-15T20:00:00Z")
    }

    @Test func hostileValuesRoundTripOrAreRefused() throws {
        let nfd = "Tuyên truyền Đại hội".decomposedStringWithCanonicalMapping
        let long = String(repeating: "Bến Tre ", count: 4000)  // 36 000 bytes
        let emoji = "🇻🇳 Tết 🎆 👩‍👩‍👧"
        var ok = article("2024-05-15", id: "emoji-\(emoji)", title: emoji + nfd, tags: ["dai-hoi", nfd, "q\"b\\s\nl\u{1}"])
        ok.outlet = nfd
        let r = try store.record(ok, for: benTre(), by: 1, at: t0)
        let back = try #require(try store.delivery(id: r.id)).delivery
        #expect(back.title?.unicodeScalars.elementsEqual((emoji + nfd).unicodeScalars) == true)
        #expect(back.outlet?.unicodeScalars.elementsEqual(nfd.unicodeScalars) == true)
        #expect(back.externalID == "emoji-\(emoji)")
        #expect(back.tags == ok.tags)

        let fits = String(repeating: "a", count: 32_768)
        #expect(try store.record(article("2024-05-15", title: fits), for: benTre(), by: 1, at: t0).created)
        #expect(try store.delivery(id: try store.deliveries().last!.id)?.delivery.title == fits)

        #expect { _ = try store.record(article("2024-05-15", title: long), for: benTre(), by: 1, at: t0) } throws: {
            "\($0)".contains("title is 32000") || "\($0)".contains("at most 32768")
        }
        #expect { _ = try store.record(article("2024-05-15", title: "a\u{0}b"), for: benTre(), by: 1, at: t0) } throws: {
            "\($0)".contains("NUL")
        }
        #expect { _ = try store.record(article("2024-05-15", id: "x\u{0}"), for: benTre(), by: 1, at: t0) } throws: {
            "\($0)".contains("NUL")
        }
        #expect(try store.deliveryCount() == 2)
    }
}
