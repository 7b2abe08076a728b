import Foundation
import Testing

@testable import TallyCore

/// SPEC §10's item → delivery rules: keys, the first of two items with one key, `feed:<guid>`, dates.
@Suite struct FeedIntakeTests {
    static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? .gmt
    static let agreement = Agreement(
        id: "binh-duong-2026", title: "Bình Dương", start: CivilDate(year: 2026, month: 1, day: 1) ?? .init(dayNumber: 0),
        end: CivilDate(year: 2026, month: 12, day: 31) ?? .init(dayNumber: 0), timeZone: zone)
    static let feed = Feed(id: "kinh-te", url: "https://baotinh.vn/rss/kinh-te.rss", outlet: "Báo Tỉnh", tags: ["kinh-te"],
                           match: ["Bình Dương"], review: true)
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30T00:53:20Z

    static func item(_ url: String?, guid: String? = nil, title: String = "Bình Dương thu hút đầu tư", published: String? = "2026-11-20T08:00:00+07:00")
        -> FeedItem
    {
        FeedItem(guid: guid, url: url, title: title, published: published.flatMap { PublicationTime(parsing: $0) })
    }

    @Test func theNormalizedURLIsTheKeyAndTheFirstOfTwoItemsWins() {
        let keyed = FeedIntake.keyed([
            Self.item("https://BaoTinh.vn:443/a.html?utm_source=rss#top", title: "first"),
            Self.item("https://baotinh.vn/a.html", title: "second"),
            Self.item("https://baotinh.vn/b.html"),
        ])
        #expect(keyed.map(\.key) == ["url:https://baotinh.vn/a.html", "url:https://baotinh.vn/b.html"])
        #expect(keyed.first?.item.title == "first" && keyed.first?.externalID == nil)
    }

    @Test func itemsWithoutAURLOrSharingOneWithOtherGuidsAreKeyedByGuid() {
        let keyed = FeedIntake.keyed([
            Self.item(nil, guid: "tag:baotinh.vn,2026:1"),
            Self.item("https://baotinh.vn/podcast", guid: "ep-1"),
            Self.item("https://baotinh.vn/podcast", guid: "ep-2"),
            Self.item(nil, guid: nil),
        ])
        #expect(keyed.map(\.key) == ["id:feed:tag:baotinh.vn,2026:1", "id:feed:ep-1", "id:feed:ep-2"])
        #expect(keyed.allSatisfy { $0.url == nil && $0.externalID == String($0.key.dropFirst(3)) })
    }

    @Test func theSameURLWithTheSameGuidTwiceIsOneItem() {
        let keyed = FeedIntake.keyed([Self.item("https://baotinh.vn/a", guid: "1"), Self.item("https://baotinh.vn/a", guid: "1")])
        #expect(keyed.map(\.key) == ["url:https://baotinh.vn/a"])
    }

    @Test func aDeliveryTakesTheFeedsSettings() throws {
        let intake = FeedIntake(agreement: Self.agreement, feed: Self.feed, feedLanguage: "vi-VN")
        let keyed = try #require(FeedIntake.keyed([Self.item("https://baotinh.vn/a")]).first)
        let delivery = try #require(intake.delivery(for: keyed, firstSeen: Self.now, now: Self.now))
        #expect(delivery.agreement == "binh-duong-2026" && delivery.kind == "article" && delivery.outlet == "Báo Tỉnh")
        #expect(delivery.language == "vi-VN" && delivery.tags == ["kinh-te"] && delivery.count == 1)
        #expect(delivery.url == "https://baotinh.vn/a" && delivery.key == "url:https://baotinh.vn/a")
        #expect(delivery.published.description == "2026-11-20T08:00:00+07:00")
    }

    @Test func anItemWithoutADateTakesTheTimeItWasFirstSeenInTheAgreementsZone() throws {
        let intake = FeedIntake(agreement: Self.agreement, feed: Self.feed, feedLanguage: nil)
        let keyed = try #require(FeedIntake.keyed([Self.item("https://baotinh.vn/a", published: nil)]).first)
        let firstSeen = Date(timeIntervalSince1970: 1_795_000_000)
        let delivery = try #require(intake.delivery(for: keyed, firstSeen: firstSeen, now: Self.now))
        #expect(delivery.published == PublicationTime(firstSeen, in: Self.zone) && delivery.language == "vi")
    }

    /// Outside the agreement's dates (in its zone: 31 Dec 23:30 UTC is 1 Jan in Hồ Chí Minh), or more than a day
    /// ahead of now, an item records nothing.
    @Test(arguments: [
        ("2025-12-31T23:59:00+07:00", false), ("2025-12-31T17:00:00Z", true), ("2026-01-01", true),
        ("2026-12-31T23:59:00+07:00", true), ("2026-12-31T17:00:00Z", false),
    ])
    func datesOutsideTheAgreementAreSkipped(published: String, taken: Bool) throws {
        let intake = FeedIntake(agreement: Self.agreement, feed: Self.feed, feedLanguage: nil)
        let keyed = try #require(FeedIntake.keyed([Self.item("https://baotinh.vn/a", published: published)]).first)
        let later = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15
        #expect((intake.delivery(for: keyed, firstSeen: later, now: later) != nil) == taken)
    }

    /// `now` is 2026-11-30 00:53:20 UTC: a day ahead is 07:53:20 +07:00 on 1 December.
    @Test(arguments: [("2026-12-01T07:53:00+07:00", true), ("2026-12-01T07:54:00+07:00", false), ("2026-12-01", true)])
    func itemsMoreThanADayAheadAreSkipped(published: String, taken: Bool) throws {
        let intake = FeedIntake(agreement: Self.agreement, feed: Self.feed, feedLanguage: nil)
        let keyed = try #require(FeedIntake.keyed([Self.item("https://baotinh.vn/a", published: published)]).first)
        #expect((intake.delivery(for: keyed, firstSeen: Self.now, now: Self.now) != nil) == taken)
    }

    @Test func matchingUsesTheFeedsWords() {
        let intake = FeedIntake(agreement: Self.agreement, feed: Self.feed, feedLanguage: nil)
        #expect(intake.matches(Self.item("https://baotinh.vn/a", title: "BÌNH DƯƠNG mở rộng khu công nghiệp")) == ["Bình Dương"])
        #expect(intake.matches(Self.item("https://baotinh.vn/a", title: "Bình Dươngs")) == nil)
    }

    @Test func itemsFromTheFetcherAreCheckedAgain() {
        #expect((try? FeedItem.checked(guid: nil, url: "https://a.vn/1", title: "Tin\u{0}", summary: nil, categories: [],
                                       published: nil).get()) == nil)
        #expect((try? FeedItem.checked(guid: nil, url: nil, title: String(repeating: "a", count: 2_001), summary: nil,
                                       categories: [], published: nil).get()) == nil)
        #expect((try? FeedItem.checked(guid: nil, url: nil, title: "t", summary: nil, categories: [], published: "hôm qua").get()) == nil)
        #expect((try? FeedItem.checked(guid: nil, url: nil, title: "Tin \u{9B}31m", summary: nil, categories: [],
                                       published: nil).get()) == nil)
        #expect((try? FeedItem.checked(guid: nil, url: nil, title: "Tin\tmột\ndòng", summary: nil, categories: [],
                                       published: nil).get())?.title == "Tin một dòng")
        let dropped = try? FeedItem.checked(guid: "g", url: "javascript:alert(1)", title: "Bi\u{300}nh", summary: nil,
                                            categories: [], published: "2026-11-20").get()
        #expect(dropped?.url == nil && dropped?.title == "Bình" && dropped?.published?.description == "2026-11-20")
    }
}
