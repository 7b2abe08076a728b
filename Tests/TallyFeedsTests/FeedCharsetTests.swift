import TallyCore
import Testing
@testable import TallyFeeds

@Suite struct FeedCharsetTests {
    @Test func windows1252AsDeclared() throws {
        let feed = try Fixture.parse("windows-1252.xml", contentType: "application/rss+xml")
        #expect(feed.title == "Café news")
        #expect(feed.items.first?.title == "“Quoted” café – crème brûlée €5")
    }

    @Test func theHTTPCharsetWinsOverTheDeclaration() throws {
        // The declaration says windows-1252; the server says UTF-8 and is right.
        let body = Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><title>Thời sự</title></channel></rss>".utf8)
        let feed = try FeedParser.parse(body, contentType: "text/xml; charset=\"UTF-8\"", baseURL: "https://baovidu.vn/")
        #expect(feed.title == "Thời sự")
        let latin = try FeedParser.parse(Array("<rss><channel><title>caf\u{E9}</title></channel></rss>".unicodeScalars.map { UInt8($0.value) }),
                                         contentType: "application/xml; charset=ISO-8859-1", baseURL: "https://x.vn/")
        #expect(latin.title == "café")
    }

    @Test(arguments: ["utf16le-bom.xml", "utf16be-no-bom.xml"])
    func utf16WithAndWithoutAMark(_ name: String) throws {
        let feed = try Fixture.parse(name, contentType: nil)
        #expect(feed.title == "Thể thao")
        #expect(feed.items.first?.title == "Đội tuyển Việt Nam thắng 2–0")
    }

    @Test func anUnsupportedCharsetIsNamed() throws {
        let error = Fixture.error(try Fixture.bytes("koi8-r.xml"))
        #expect(error?.description == "the feed is in charset koi8-r; tally reads UTF-8, UTF-16 and ISO-8859-1/windows-1252")
        let fromHTTP = Fixture.error(Array("<rss/>".utf8), contentType: "application/rss+xml; charset=Shift_JIS")
        #expect(fromHTTP?.description == "the feed is in charset shift_jis; tally reads UTF-8, UTF-16 and ISO-8859-1/windows-1252")
    }

    @Test func invalidUTF8SaysWhere() {
        let body = Array("<rss>\n<channel>\n<title>".utf8) + [0xC3, 0x28] + Array("</title></channel></rss>".utf8)
        #expect(Fixture.error(body)?.description
            == "the feed is not valid UTF-8 (line 3); a feed in ISO-8859-1 or windows-1252 must declare it")
    }

    @Test func oddUTF16IsAnError() {
        let body: [UInt8] = [0xFF, 0xFE] + Array("<rss/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) + [0x41]
        #expect(Fixture.error(body)?.description.hasPrefix("the feed is not valid UTF-16") == true)
    }

    @Test func theWindows1252TableHasItsThirtyTwoEntries() {
        #expect(FeedCharset.windows1252C1.count == 32)
        #expect(FeedCharset.windows1252C1[0] == 0x20AC)
        #expect(FeedCharset.windows1252C1[0x1F] == 0x0178)
        #expect(HTMLEntities.latin1Names.count == 96)
    }
}
