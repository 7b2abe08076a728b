import TallyCore
import Testing
@testable import TallyFeeds

@Suite struct FeedTextTests {
    @Test(arguments: [
        ("<p>Một</p><p>Hai</p>", "Một Hai"),
        ("<b>Bình</b> <i>Dương</i>", "Bình Dương"),
        ("H<sub>2</sub>O", "H2O"),
        ("Tin&nbsp;&nbsp;nóng\u{A0}\u{A0}hôm nay", "Tin nóng hôm nay"),
        ("&lt;b&gt; stays text", "<b> stays text"),
        ("&amp;amp;", "&amp;"),
        ("&#7879; &#x1EC7; &#X1ec7;", "ệ ệ ệ"),
        ("&#150; &#0; &#xD800; &#99999999;", "– \u{FFFD} \u{FFFD} \u{FFFD}"),
        ("&unknown; & &; &#; &#x;", "&unknown; & &; &#; &#x;"),
        ("a < b > c", "a < b > c"),
        ("1 <2 and 3", "1 <2 and 3"),
        ("x <!-- bình luận --> y", "x y"),
        ("before <!-- never closed", "before"),
        ("<style>p { color: red }</style>Nội dung<script>alert(1)</script>", "Nội dung"),
        ("<SCRIPT>x</SCRIPT>ok", "ok"),
        ("<script>never closed", ""),
        ("<img src=\"a.jpg\" alt=\"ảnh\"/>Chú thích", "Chú thích"),
        ("<a href='x'>liên kết", "liên kết"),
        ("  \n\t  ", ""),
        ("\u{2003}em\u{3000}space\u{2009}", "em space"),
    ])
    func cleaning(markup: String, text: String) {
        #expect(FeedText.clean(markup, limit: 4_000) == text)
    }

    @Test func aLongSummaryIsCutBetweenWords() {
        let markup = String(repeating: "Bình Dương ", count: 1_000)
        let text = FeedText.clean(markup, limit: 4_000)
        #expect(text.count <= 4_000)
        #expect(text.hasSuffix("Bình") || text.hasSuffix("Dương"), "whole words only")
        #expect(FeedText.clean("Bình Dươngs", limit: 10) == "Bình")
    }

    @Test func manyUnclosedTagsStayLinear() {
        let markup = String(repeating: "<a", count: 100_000)
        let start = ContinuousClock.now
        #expect(FeedText.clean(markup, limit: 4_000).hasPrefix("<a<a"))
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func anHTMLEntityWrittenInXMLIsReadAsHTMLWould() throws {
        let body = Array("<rss><channel><item><title>Tin&nbsp;nóng &hellip; &copy;</title></item></channel></rss>".utf8)
        let feed = try FeedParser.parse(body, contentType: nil, baseURL: "https://baovidu.vn/")
        #expect(feed.items.first?.title == "Tin nóng … ©")
    }

    @Test func aTitleWithMarkupInPlainTextLosesTheMarkup() throws {
        let body = Array("<rss><channel><item><title>&lt;b&gt;Nóng&lt;/b&gt; 5 &lt; 6 &amp; 7</title></item></channel></rss>".utf8)
        #expect(try FeedParser.parse(body, contentType: nil, baseURL: "https://x.vn/").items.first?.title == "Nóng 5 < 6 & 7")
    }
}

/// A numeric reference to a control character (ESC, which a terminal would act on) is U+FFFD, so that tallyd,
/// which refuses control characters, does not drop the whole item.
@Suite struct ControlReferenceTests {
    @Test(arguments: ["&#27;", "&#x1b;", "&#7;", "&#127;", "&#0;"])
    func controlsBecomeTheReplacementCharacter(reference: String) {
        #expect(FeedText.clean("Tin\(reference)31m", limit: 100) == "Tin\u{FFFD}31m")
    }

    @Test func whitespaceAndTextReferencesAreKept() {
        #expect(FeedText.clean("Bình&#10;Dương &#x1EA1; &#147;x&#148;", limit: 100) == "Bình Dương ạ \u{201C}x\u{201D}")
    }
}
