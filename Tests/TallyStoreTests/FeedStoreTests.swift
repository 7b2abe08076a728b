import Foundation
import TallyCore
import TallyStore
import TallyTesting
import Testing

/// SPEC §10 in the store: what one fetch's items become, the inbox, and that an existing delivery always wins.
@Suite struct FeedStoreTests {
    static let feedURL = "https://baotintuc.vn/rss/dia-phuong.rss"

    static func agreement(review: Bool = true, feeds: [Feed]? = nil) -> Agreement {
        var a = benTre()
        a.feeds = feeds ?? [
            Feed(id: "dia-phuong", url: feedURL, outlet: "Báo Tin tức", tags: ["rss"], match: ["Bến Tre"], review: review),
            Feed(id: "thoi-su", url: "https://baotintuc.vn/rss/thoi-su.rss", outlet: "Báo Tin tức", review: review),
        ]
        return a
    }

    static func items(_ pairs: [(String, String)], published: String = "2024-05-10T08:00:00+07:00") -> [KeyedFeedItem] {
        FeedIntake.keyed(pairs.map { FeedItem(guid: $0.0, url: $0.0, title: $0.1, published: PublicationTime(parsing: published)) })
    }

    static func fetch(_ store: TallyStore, _ a: Agreement, feed: Int = 0, _ items: [KeyedFeedItem], at now: Date = t0)
        throws -> FeedFetchResult
    {
        try store.applyFetch(FetchReport(.fetched(etag: "e", lastModified: nil)), fetchedURL: a.feeds[feed].url, items: items,
                             intake: FeedIntake(agreement: a, feed: a.feeds[feed], feedLanguage: "vi"), by: 0, at: now)
    }

    @Test func matchingItemsWaitInTheInboxAndAreNeverOfferedTwice() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        let a = Self.agreement()
        try store.synchronize(agreements: [a], at: t0)
        let items = Self.items([("https://baotintuc.vn/a.html", "Bến Tre đón khách"), ("https://baotintuc.vn/b.html", "Hà Nội")])
        let first = try Self.fetch(store, a, items)
        #expect(first.waiting == 1 && first.recorded == 0 && first.skipped == 1)
        #expect(first.status.seen == 2 && first.status.waiting == 1 && first.status.state.health == .ok)
        let inbox = try store.inbox()
        #expect(inbox.map(\.title) == ["Bến Tre đón khách"] && inbox.first?.matched == ["Bến Tre"])
        #expect(inbox.first?.outlet == "Báo Tin tức" && inbox.first?.url == "https://baotintuc.vn/a.html")
        let again = try Self.fetch(store, a, items, at: t0.addingTimeInterval(3600))
        #expect(again.waiting == 0 && again.skipped == 2)
        #expect(try store.inbox().count == 1)
        #expect(try store.deliveryCount() == 0)
    }

    @Test func acceptingRecordsTheDeliveryAuditedWithThePerson() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        let a = Self.agreement()
        try store.synchronize(agreements: [a], at: t0)
        _ = try Self.fetch(store, a, Self.items([("https://baotintuc.vn/a.html", "Bến Tre"), ("https://baotintuc.vn/c.html", "Bến Tre 2")]))
        let ids = try store.inbox().map(\.id)
        let accepted = try store.acceptCandidates(ids: [ids[0]], agreements: [a.id: a], by: 1000, at: t0)
        #expect(accepted.accepted.count == 1 && accepted.accepted[0].created)
        let delivery = try #require(try store.delivery(id: accepted.accepted[0].delivery))
        #expect(delivery.url == "https://baotintuc.vn/a.html" && delivery.outlet == "Báo Tin tức" && delivery.tags == ["rss"])
        #expect(delivery.recordedBy == 1000 && delivery.day == day("2024-05-10"))
        #expect(try store.auditLog().last?.action == .inboxAccept)
        #expect(try store.read { try $0.delivered(agreement: a.id, quota: "news", from: day("2024-01-01"), through: day("2024-12-31")) } == 1)
        // Rejected: never offered again, and an id no longer waiting is refused with nothing written.
        #expect(try store.rejectCandidates(ids: [ids[1]], reason: "quảng cáo", by: 1000, at: t0) == 1)
        #expect(throws: StoreError.noSuchCandidate(ids[1])) { try store.rejectCandidates(ids: [ids[1]], reason: nil, by: 0, at: t0) }
        #expect(throws: StoreError.noSuchCandidate(ids[0])) {
            try store.acceptCandidates(ids: [ids[0]], agreements: [a.id: a], by: 0, at: t0)
        }
        let again = try Self.fetch(store, a, Self.items([("https://baotintuc.vn/c.html", "Bến Tre 2")]), at: t0.addingTimeInterval(60))
        #expect(again.waiting == 0)
        #expect(try store.inbox().isEmpty)
    }

    @Test func aDeliveryRecordedByHandWinsAndNeverConflicts() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        let a = Self.agreement(review: false)
        try store.synchronize(agreements: [a], at: t0)
        // Recorded by hand with an external id and the article's URL, and another only by URL with other fields.
        _ = try store.record(article("2024-05-09", id: "TTXVN-1", url: "https://baotintuc.vn/a.html", title: "Khác"), for: a, by: 0, at: t0)
        _ = try store.record(article("2024-05-09", url: "https://baotintuc.vn/b.html", title: "Khác nữa"), for: a, by: 0, at: t0)
        let result = try Self.fetch(store, a, Self.items([
            ("https://baotintuc.vn/a.html", "Bến Tre"), ("https://baotintuc.vn/b.html?utm_source=rss", "Bến Tre"),
            ("https://baotintuc.vn/d.html", "Bến Tre"),
        ]))
        #expect(result.recorded == 1 && result.skipped == 2 && result.touched == [day("2024-05-10")])
        #expect(try store.deliveryCount() == 3)
        #expect(try store.auditLog().last?.action == .feedRecord)
        // Typed by hand in other forms of the same URLs: upper-case host, tracking parameters, the default port,
        // a fragment, no path. Each is the feed's article, taken once.
        for (n, typed) in ["HTTPS://BaoTinTuc.vn/e.html", "https://baotintuc.vn/f.html?utm_source=zalo&fbclid=1",
                           "https://baotintuc.vn:443/g.html#top", "https://baotintuc.vn"].enumerated() {
            _ = try store.record(article("2024-05-09", id: "tay-\(n)", url: typed, title: "Khác"), for: a, by: 0, at: t0)
        }
        let again = try Self.fetch(store, a, Self.items([
            ("https://baotintuc.vn/e.html", "Bến Tre"), ("https://baotintuc.vn/f.html", "Bến Tre"),
            ("https://baotintuc.vn/g.html", "Bến Tre"), ("https://baotintuc.vn/", "Bến Tre"),
        ]), at: t0.addingTimeInterval(60))
        #expect(again.recorded == 0 && again.skipped == 4)
        #expect(try store.deliveryCount() == 7)
    }

    @Test func theSameArticleInTwoFeedsIsTakenOnceByTheFirstFeed() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        let a = Self.agreement()
        try store.synchronize(agreements: [a], at: t0)
        let items = Self.items([("https://baotintuc.vn/a.html", "Bến Tre")])
        #expect(try Self.fetch(store, a, feed: 0, items).waiting == 1)
        let second = try Self.fetch(store, a, feed: 1, items)
        #expect(second.waiting == 0 && second.skipped == 1)
        #expect(try store.inbox().map(\.feed) == ["dia-phuong"])
    }

    @Test func aFetchOfAURLTheFileNoLongerNamesIsRefusedWithNothingWritten() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        let a = Self.agreement()
        try store.synchronize(agreements: [a], at: t0)
        #expect(throws: StoreError.self) {
            try store.applyFetch(FetchReport(.notModified), fetchedURL: "https://old.example/rss", items: [],
                                 intake: FeedIntake(agreement: a, feed: a.feeds[0], feedLanguage: nil), by: 0, at: t0)
        }
        #expect(try store.feedStatuses([(a.id, a.feeds[0])]).first?.state.health == .new)
    }

    @Test func itemsThatDidNotMatchAreLookedAtAgainWhenTheWordsChange() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        var a = Self.agreement()
        try store.synchronize(agreements: [a], at: t0)
        let items = Self.items([("https://baotintuc.vn/e.html", "Thủ Dầu Một mở đường mới")])
        #expect(try Self.fetch(store, a, items).waiting == 0)
        a.feeds[0].match.append("Thủ Dầu Một")
        #expect(try Self.fetch(store, a, items, at: t0.addingTimeInterval(60)).waiting == 1)
    }

    @Test func partialCallsTakeItemsWithoutApplyingTheResult() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        let a = Self.agreement()
        try store.synchronize(agreements: [a], at: t0)
        let intake = FeedIntake(agreement: a, feed: a.feeds[0], feedLanguage: nil)
        let partial = try store.applyFetch(nil, fetchedURL: Self.feedURL, items: Self.items([("https://baotintuc.vn/p.html", "Bến Tre")]),
                                           intake: intake, by: 0, at: t0)
        #expect(partial.waiting == 1 && partial.status.state == FeedState(fileURL: Self.feedURL))
        let last = try store.applyFetch(FetchReport(.fetched(etag: "e2", lastModified: nil)), fetchedURL: Self.feedURL,
                                        items: Self.items([("https://baotintuc.vn/q.html", "Bến Tre")]), intake: intake, by: 0, at: t0)
        #expect(last.waiting == 1 && last.status.state.etag == "e2" && last.status.state.health == .ok)
        #expect(last.status.waiting == 2)
    }

    /// An item that never counted is forgotten a week after its feed stopped listing it; one still listed, or one
    /// that became a candidate, is kept.
    @Test func itemsThatNeverCountedAreForgottenAWeekAfterTheyLeftTheFeed() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        let a = Self.agreement()
        try store.synchronize(agreements: [a], at: t0)
        let gone = Self.items([("https://baotintuc.vn/cu.html", "Hà Nội"), ("https://baotintuc.vn/bt.html", "Bến Tre")])
        let stays = Self.items([("https://baotintuc.vn/moi.html", "Hải Phòng")])
        #expect(try Self.fetch(store, a, gone + stays).status.seen == 3)
        #expect(try Self.fetch(store, a, stays, at: t0.addingTimeInterval(6 * 86_400)).status.seen == 3)
        let later = try Self.fetch(store, a, stays, at: t0.addingTimeInterval(8 * 86_400))
        #expect(later.status.seen == 2 && later.status.waiting == 1)
    }
}
