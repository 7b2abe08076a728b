import Foundation
import TallyCore
import Testing
@testable import TallyFeeds

@Suite struct FeedParserTests {
    @Test func rss2AsVietnamesePublishersWriteIt() throws {
        let feed = try Fixture.parse("rss2-kinh-te.xml")
        #expect(feed.format == .rss)
        #expect(feed.title == "Kinh tế - Báo Ví Dụ")
        #expect(feed.language == "vi-VN")
        #expect(feed.items.count == 4)

        let first = feed.items[0]
        #expect(first.title == "Bình Dương thu hút thêm 1,2 tỷ USD vốn đầu tư nước ngoài")
        #expect(first.url == "https://baovidu.vn/kinh-te/binh-duong-thu-hut-von-2026120501.html")
        #expect(first.guid == "https://baovidu.vn/kinh-te/binh-duong-thu-hut-von-2026120501.html")
        #expect(first.summary == "Trong 11 tháng, tỉnh Bình Dương đã cấp phép cho 120 dự án mới tại Thủ Dầu Một và các khu công nghiệp.")
        #expect(first.categories == ["Kinh tế", "Đầu tư"])
        #expect(first.published == PublicationTime(date: CivilDate(year: 2026, month: 12, day: 5)!, secondOfDay: 9 * 3600 + 1800,
                                                   offsetSeconds: 7 * 3600))
    }

    @Test func entitiesAreDecodedOnceAndEscapedHTMLLosesItsMarkup() throws {
        let item = try Fixture.parse("rss2-kinh-te.xml").items[1]
        // `&amp;amp;` in XML is the text `&amp;`: decoded once, not twice.
        #expect(item.title == "Giá vàng hôm nay tăng mạnh &amp; ổn định")
        #expect(item.summary == "Giá vàng SJC tăng 500.000 đồng mỗi lượng. Thị trường ổn định.")
        #expect(item.url == "https://baovidu.vn/kinh-te/gia-vang-hom-nay-2026120502.html", "relative link, the feed's URL")
        #expect(item.guid == "gia-vang-2026120502")
        #expect(item.published?.description == "2026-12-05T08:15:00+07:00")
    }

    @Test func permalinkGuidContentEncodedAndDCDate() throws {
        let item = try Fixture.parse("rss2-kinh-te.xml").items[2]
        #expect(item.title == "Xuất khẩu gạo đạt kỷ lục \"10 triệu tấn\"", "a CDATA title's references are HTML's")
        #expect(item.url == "https://baovidu.vn/kinh-te/xuat-khau-gao-2026120503.html")
        #expect(item.summary == "Năm nay, xuất khẩu gạo của Việt Nam vượt mốc 10 triệu tấn.", "scripts are not text")
        #expect(item.published?.description == "2026-12-05T07:00:00+07:00")
    }

    @Test func anOpaqueGuidIsNoLinkAndAnUnreadableDateIsNil() throws {
        let item = try Fixture.parse("rss2-kinh-te.xml").items[3]
        #expect(item.url == nil)
        #expect(item.guid == "12345")
        #expect(item.published == nil)
        #expect(item.categories.isEmpty)
    }

    @Test func xmlBaseFeedburnerAndOnlyWebLinks() throws {
        let feed = try Fixture.parse("rss2-feedburner-base.xml")
        #expect(feed.items.map(\.url) == [
            "https://tintuc.example.vn/giao-duc/hoc-sinh-dat-giai.html",
            "https://tintuc.example.vn/xa-hoi/tin-qua-feedburner.html",
            "https://tintuc.example.vn/the-thao/bong-da.html",
            nil,
        ])
        #expect(feed.items[0].published?.description == "2026-12-04T21:05:00Z")
        #expect(feed.items[1].published?.description == "2026-12-03T16:00:00+07:00")
    }

    @Test func atom() throws {
        let feed = try Fixture.parse("atom-van-hoa.xml", contentType: "application/atom+xml")
        #expect(feed.format == .atom)
        #expect(feed.title == "Văn hóa")
        #expect(feed.language == "vi")
        #expect(feed.items.count == 2)
        let first = feed.items[0]
        #expect(first.title == "Lễ hội áo dài tại Huế")
        #expect(first.url == "https://baovidu.vn/van-hoa/le-hoi-ao-dai.html", "rel=alternate, not self")
        #expect(first.guid == "tag:baovidu.vn,2026:1")
        #expect(first.summary == "Hàng nghìn người tham gia lễ hội.")
        #expect(first.categories == ["le-hoi", "Lễ hội", "Huế"])
        #expect(first.published?.description == "2026-12-05T09:00:00+07:00", "published before updated")
        let second = feed.items[1]
        #expect(second.url == "https://baovidu.vn/van-hoa/trien-lam-son-mai.html", "a link without rel")
        #expect(second.summary == "Hơn 50 tác phẩm được trưng bày.")
        #expect(second.published?.description == "2026-12-04T15:30:00Z", "updated when nothing else")
    }

    @Test func rdf() throws {
        let feed = try Fixture.parse("rdf-giao-duc.xml")
        #expect(feed.format == .rdf)
        #expect(feed.title == "Giáo dục")
        #expect(feed.language == "vi")
        #expect(feed.items == [FeedItem(
            guid: "https://baovidu.vn/giao-duc/tuyen-sinh.html", url: "https://baovidu.vn/giao-duc/tuyen-sinh.html",
            title: "Tuyển sinh lớp 10 năm 2027", summary: "Sở Giáo dục công bố phương án tuyển sinh.",
            categories: ["Tuyển sinh"], published: PublicationTime(date: CivilDate(year: 2026, month: 12, day: 1)!))])
    }

    @Test func newsSitemapWithItsOwnPrefix() throws {
        let feed = try Fixture.parse("news-sitemap.xml", contentType: "application/xml")
        #expect(feed.format == .sitemap)
        #expect(feed.language == "vi")
        #expect(feed.items == [FeedItem(
            url: "https://baovidu.vn/thoi-su/ky-hop-quoc-hoi.html", title: "Kỳ họp Quốc hội bế mạc",
            categories: ["Quốc hội", "kỳ họp", "Hà Nội"],
            published: InternetDate.parse("2026-12-05T08:00:00+07:00"))], "a <url> without news:news is no article")
    }

    @Test func undeclaredPrefixLeadingWhitespaceAndRSSWithoutVersion() throws {
        let undeclared = try Fixture.parse("undeclared-prefix.xml")
        #expect(undeclared.items.first?.published?.description == "2026-12-02T06:00:00+07:00")
        #expect(undeclared.items.first?.categories == ["Y tế"])
        let leading = try Fixture.parse("leading-whitespace.xml")
        #expect(leading.items.map(\.title) == ["Xét xử vụ án"])
        let old = try Fixture.parse("rss091-no-version.xml")
        #expect(old.format == .rss)
        #expect(old.language == "en")
        #expect(old.items.map(\.url) == ["http://example.com/1"])
    }

    @Test func decomposedVietnameseBecomesNFC() throws {
        let title = try #require(try Fixture.parse("nfd-title.xml").items.first?.title)
        #expect(title == "Việt Nam đón tiếp đoàn đại biểu")
        #expect(title.unicodeScalars.count == "Việt Nam đón tiếp đoàn đại biểu".precomposedStringWithCanonicalMapping.unicodeScalars.count)
    }

    @Test func onlyAnItemsOwnChildrenAreItsFields() throws {
        let body = Array("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry>
            <source><title>Nguồn khác</title><link href="https://nguon.vn/"/><id>tag:nguon</id></source>
            <title>Tin gốc</title><link href="https://baovidu.vn/tin-goc.html"/><id>tag:goc</id>
            </entry></feed>
            """.utf8)
        let item = try #require(try FeedParser.parse(body, contentType: nil, baseURL: "https://baovidu.vn/").items.first)
        #expect(item.title == "Tin gốc")
        #expect(item.url == "https://baovidu.vn/tin-goc.html")
        #expect(item.guid == "tag:goc")
    }
}
