import Foundation
import FoundationXML
import TallyCore
import Testing
@testable import TallyFeeds

@Suite struct FeedHostileInputTests {
    @Test func billionLaughsIsRefusedBeforeParsing() throws {
        let start = ContinuousClock.now
        #expect(Fixture.error(try Fixture.bytes("billion-laughs.xml"))?.description
            == "the feed declares entities in its DOCTYPE, which tally refuses")
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func anExternalEntityIsNeverLoaded() throws {
        #expect(Fixture.error(try Fixture.bytes("external-entity.xml"))?.description
            == "the feed declares entities in its DOCTYPE, which tally refuses")
        // An external DTD (RSS 0.91's) is not fetched either: the feed parses offline.
        #expect(try Fixture.parse("rss091-no-version.xml").items.count == 1)
    }

    /// What FoundationXML on Linux does with entities if the pre-check were bypassed, measured on this toolchain
    /// (libxml2 2.9.14): it always sets `XML_PARSE_NOENT` (substitute entities) and there is no option to refuse a
    /// DOCTYPE. libxml2's own amplification guard stops billion laughs at once with error 89 (an entity loop); the
    /// title gets no text. A declared internal entity is substituted into nothing that reaches the delegate, and an
    /// external one (`SYSTEM "file:///etc/passwd"`) is not read because `shouldResolveExternalEntities = false`
    /// leaves out `XML_PARSE_DTDLOAD`. Safe today, but only by libxml2's guard, whose limits have changed between
    /// versions: hence tally refuses such documents itself.
    @Test func whatFoundationXMLDoesWithEntitiesUnguarded() throws {
        final class Recorder: NSObject, XMLParserDelegate {
            var text = ""
            var errors: [Int] = []
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { errors.append((parseError as NSError).code) }
        }
        func unguarded(_ name: String) throws -> (Bool, Recorder, Duration) {
            let parser = XMLParser(data: Data(try Fixture.bytes(name)))
            parser.shouldResolveExternalEntities = false
            let recorder = Recorder()
            parser.delegate = recorder
            let start = ContinuousClock.now
            let ok = parser.parse()
            return (ok, recorder, ContinuousClock.now - start)
        }
        let (laughsParsed, laughs, elapsed) = try unguarded("billion-laughs.xml")
        #expect(!laughsParsed)
        #expect(laughs.errors.contains(89), "XML_ERR_ENTITY_LOOP")
        #expect(laughs.text.utf8.count < 10_000, "nothing near 3 GB of lol")
        #expect(elapsed < .seconds(5))

        let (_, external, _) = try unguarded("external-entity.xml")
        #expect(!external.text.contains("root:"), "/etc/passwd is not read")
    }

    @Test func anHTMLPageIsNotAFeed() throws {
        let page = try Fixture.bytes("html-page.html")
        #expect(Fixture.error(page, contentType: "text/html; charset=utf-8")?.description
            == "not a feed: got text/html, expected RSS, Atom or a news sitemap")
        #expect(Fixture.error(page)?.description == "not a feed: got <html>, expected RSS, Atom or a news sitemap")
        #expect(Fixture.error(Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8), contentType: "application/xml")?.description
            == "not a feed: got <svg>, expected RSS, Atom or a news sitemap")
        #expect(Fixture.error(Array("{\"items\": []}".utf8), contentType: "application/json")?.description
            == "not a feed: got application/json, expected RSS, Atom or a news sitemap")
        #expect(Fixture.error(Array("<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>".utf8))?.description
            .hasPrefix("not a feed: got a sitemap index") == true)
        #expect(Fixture.error([])?.description == "the feed is empty")
        #expect(Fixture.error(Array("Service Unavailable".utf8), contentType: "application/rss+xml")?.description
            == "not a feed: got a body that is not XML, expected RSS, Atom or a news sitemap")
    }

    @Test func truncatedXMLSaysWhereItEnds() throws {
        let truncated = Fixture.error(try Fixture.bytes("truncated.xml"))
        #expect(truncated?.description == "the feed ends before its XML is complete (line 4)", "\(String(describing: truncated))")
        let full = try Fixture.bytes("rss2-kinh-te.xml")
        // Cut anywhere inside the root element: always the same sentence, never a partial feed.
        for cut in stride(from: 200, to: full.count - 10, by: 97) {
            let error = Fixture.error(Array(full[..<cut]))
            #expect(error?.description.hasPrefix("the feed ends before its XML is complete (line ") == true, "cut at \(cut): \(String(describing: error))")
        }
    }

    @Test func malformedXMLSaysLineAndColumn() {
        let body = Array("<rss><channel>\n<title>Tin</titel>\n</channel></rss>".utf8)
        #expect(Fixture.error(body)?.description
            == "the feed is not well-formed XML at line 2, column 19: an end tag does not match its start tag")
    }

    @Test func whatFollowsTheRootElementIsIgnored() throws {
        let body = Array("<rss><channel><item><title>A</title></item></channel></rss>\n<b>Warning</b>: mysql_connect()".utf8)
        #expect(try FeedParser.parse(body, contentType: nil, baseURL: "https://x.vn/").items.map(\.title) == ["A"])
    }

    @Test func deepNestingIsBounded() {
        let depth = 5_000
        let body = Array(("<rss>" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</rss>").utf8)
        let error = Fixture.error(body)
        #expect(error?.description.hasPrefix("the feed nests elements more than 100 deep") == true, "\(String(describing: error))")
    }

    @Test func overTheSizeLimit() {
        let body = [UInt8](repeating: 0x20, count: FeedParser.maximumBytes + 1)
        #expect(Fixture.error(body)?.description == "the feed is 20971521 bytes, more than the 20 MiB tally reads")
    }

    @Test func moreThanTenThousandItemsStopsEarly() {
        let item = "<item><title>Tin số</title><link>https://baovidu.vn/tin.html</link></item>\n"
        let body = Array(("<rss version=\"2.0\"><channel><title>Lớn</title>\n" + String(repeating: item, count: 20_000)
            + "</channel></rss>").utf8)
        #expect(Fixture.error(body)?.description
            == "the feed lists more than 10000 items; tally reads at most 10000 a fetch")
    }

    @Test func aTwentyMiBFeedParses() throws {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Thời sự</title>\n"
        let filler = String(repeating: "Người dân Bình Dương và Thủ Dầu Một theo dõi tin tức hằng ngày. ", count: 28)
        var count = 0
        while text.utf8.count < FeedParser.maximumBytes - 4_000, count < FeedItem.maximumPerFetch {
            count += 1
            text += "<item><title><![CDATA[Tin số \(count) về kinh tế]]></title><link>https://baovidu.vn/tin-\(count).html</link>"
                + "<description><![CDATA[<p>\(filler)</p>]]></description><pubDate>Sat, 05 Dec 2026 09:30:00 +0700</pubDate></item>\n"
        }
        text += "</channel></rss>\n"
        let bytes = Array(text.utf8)
        #expect(bytes.count > 19 * 1024 * 1024)
        let feed = try FeedParser.parse(bytes, contentType: "application/rss+xml; charset=utf-8", baseURL: "https://baovidu.vn/")
        #expect(feed.items.count == count)
        #expect(feed.items.last?.url == "https://baovidu.vn/tin-\(count).html")
        #expect(feed.items.last?.summary?.count ?? 0 <= FeedText.summaryLimit)
    }
}

/// Inputs that crash FoundationXML's `XMLParser` on Linux (found by fuzz/FuzzFeed): it declares C string
/// parameters as non-optional and reads the NULL libxml2 passes for a missing value. They must never reach it.
@Suite struct FoundationXMLCrashTests {
    @Test func aProcessingInstructionWithoutData() throws {
        let body = Array("<?xml version=\"1.0\"?><?xst?>\n<rss><channel><item><?a?><title>Tin<?b?></title></item></channel></rss>".utf8)
        #expect(try FeedParser.parse(body, contentType: nil, baseURL: "https://x.vn/").items.map(\.title) == ["Tin"])
        // The fuzzer's input, as found.
        let found: [UInt8] = Array("<?xst?>\n<rsuest?>\n<rss vers".utf8) + [0x05, 0x00, 0x3C, 0x00, 0x3F, 0x00, 0x78, 0x00, 0x6D, 0x00, 0x6C]
        #expect(Fixture.error(found) != nil)
    }

    @Test(arguments: [
        ("<!DOCTYPE rss [<!ATTLIST rss a CDATA #IMPLIED>]><rss/>", "ATTLIST"),
        ("<!DOCTYPE rss [<!NOTATION n SYSTEM \"x\">]><rss/>", "NOTATION"),
        ("<!DOCTYPE rss [<!ELEMENT rss ANY>]><rss/>", "ELEMENT"),
    ])
    func declarationsInTheDoctype(document: String, keyword: String) {
        #expect(Fixture.error(Array(document.utf8))?.description
            == "the feed's DOCTYPE declares <!\(keyword) …>, which tally refuses: a feed needs no DTD of its own")
    }

    @Test func aDoctypeWithoutDeclarationsIsRead() throws {
        #expect(try FeedParser.parse(Array("<!DOCTYPE rss><rss><channel><title>T</title></channel></rss>".utf8),
                                     contentType: nil, baseURL: "https://x.vn/").title == "T")
    }
}

extension FoundationXMLCrashTests {
    /// libxml2 2.9.14 crashes in `xmlSwitchToEncoding` on a declaration that names an encoding and is not closed
    /// with `?>` (found by FuzzFeed; the file is its input: a control byte, then the body).
    @Test func aBrokenXMLDeclarationNeverReachesLibxml2() throws {
        let input = try Fixture.bytes("fuzz-broken-declaration.bin")
        _ = Fixture.error(Array(input.dropFirst()), contentType: "text/xml; charset=iso-8859-1")
        let body = Array("<?xml version=\"1.0\" encoding=\"windows-1252\"<rss><channel><title>T</title></channel></rss>".utf8)
        _ = Fixture.error(body)
    }
}
