import Testing

import TallyCore

/// The key form of an item's URL (SPEC §10).
@Suite struct FeedURLTests {
    @Test(arguments: [
        // Scheme and host lower-cased; the path keeps its case.
        ("HTTPS://WWW.VietnamPlus.VN/Kinh-Te/Bai.html", "https://www.vietnamplus.vn/Kinh-Te/Bai.html"),
        ("http://baotintuc.vn", "http://baotintuc.vn/"),
        // Default ports dropped, others kept.
        ("https://nhandan.vn:443/chinh-tri", "https://nhandan.vn/chinh-tri"),
        ("http://nhandan.vn:80/chinh-tri", "http://nhandan.vn/chinh-tri"),
        ("https://nhandan.vn:80/chinh-tri", "https://nhandan.vn:80/chinh-tri"),
        ("http://127.0.0.1:8080/rss.xml", "http://127.0.0.1:8080/rss.xml"),
        ("http://[::1]:8443/rss", "http://[::1]:8443/rss"),
        // Fragments dropped.
        ("https://baotintuc.vn/tin.htm#binh-luan", "https://baotintuc.vn/tin.htm"),
        ("https://baotintuc.vn/#", "https://baotintuc.vn/"),
        // Tracking parameters dropped, the others kept in order.
        ("https://baotintuc.vn/a.htm?utm_source=x&id=5&fbclid=y", "https://baotintuc.vn/a.htm?id=5"),
        ("https://baotintuc.vn/a.htm?b=2&utm_medium=rss&a=1&gclid=z&utm_campaign=c", "https://baotintuc.vn/a.htm?b=2&a=1"),
        ("https://baotintuc.vn/a.htm?utm_source=rss&utm_medium=feed", "https://baotintuc.vn/a.htm"),
        ("https://baotintuc.vn/a.htm?UTM_Source=rss", "https://baotintuc.vn/a.htm"),
        ("https://baotintuc.vn/a.htm?", "https://baotintuc.vn/a.htm"),
        ("https://baotintuc.vn/a.htm?id=5&&page=2", "https://baotintuc.vn/a.htm?id=5&page=2"),
        ("https://baotintuc.vn/a.htm?utm=1&xutm_source=2&fbclid_x=3", "https://baotintuc.vn/a.htm?utm=1&xutm_source=2&fbclid_x=3"),
        ("https://baotintuc.vn/a?q=b%C3%ACnh+d%C6%B0%C6%A1ng#top", "https://baotintuc.vn/a?q=b%C3%ACnh+d%C6%B0%C6%A1ng"),
        // Vietnamese path segments: written raw, in NFD, or escaped in either case, they are one key.
        ("https://example.vn/tin-tức/bình-dương", "https://example.vn/tin-t%E1%BB%A9c/b%C3%ACnh-d%C6%B0%C6%A1ng"),
        ("https://example.vn/tin-tu\u{031B}\u{0301}c/bi\u{0300}nh-du\u{031B}o\u{031B}ng", "https://example.vn/tin-t%E1%BB%A9c/b%C3%ACnh-d%C6%B0%C6%A1ng"),
        ("https://example.vn/tin-t%e1%bb%a9c/b%c3%acnh-d%c6%b0%c6%a1ng", "https://example.vn/tin-t%E1%BB%A9c/b%C3%ACnh-d%C6%B0%C6%A1ng"),
        // Escaped unreserved characters are the characters; reserved ones stay escaped.
        ("https://example.vn/%7Etin/%41-%2d.html", "https://example.vn/~tin/A--.html"),
        ("https://example.vn/a%2Fb?x=%26", "https://example.vn/a%2Fb?x=%26"),
        // An internationalized host stays as written, lower-cased.
        ("https://ĐÀ-NẴNG.vn/tin", "https://đà-nẵng.vn/tin"),
        ("https://xn---nng-zna70au54p.vn/tin", "https://xn---nng-zna70au54p.vn/tin"),
        // Surrounding whitespace is not part of it.
        ("  https://baotintuc.vn/a.htm\n", "https://baotintuc.vn/a.htm"),
    ])
    func normalizes(_ url: String, _ expected: String) {
        #expect(FeedURL.normalized(url) == expected)
        #expect(FeedURL.normalized(expected) == expected, "normalizing is idempotent")
    }

    @Test(arguments: [
        "", "   ", "ftp://example.vn/rss", "file:///etc/passwd", "mailto:toasoan@baotintuc.vn", "javascript:alert(1)",
        "feed://example.vn/rss", "/rss/kinhte-311.rss", "www.vietnamplus.vn/rss", "https://", "https:///rss", "https:example.vn",
        "http://example.vn:99999/", "http://example.vn:0/",
    ])
    func refusesWhatIsNoHTTPURL(_ url: String) {
        #expect(FeedURL.normalized(url) == nil)
    }

    @Test func theSameArticleInTwoSectionFeedsHasOneKey() {
        let fromEconomy = "https://www.vietnamplus.vn/binh-duong-thu-hut-fdi-post1000.vnp?utm_source=rss&utm_medium=kinhte#comments"
        let fromProvinces = "HTTPS://WWW.VIETNAMPLUS.VN:443/binh-duong-thu-hut-fdi-post1000.vnp?utm_source=rss_dia-phuong"
        let byHand = "https://www.vietnamplus.vn/binh-duong-thu-hut-fdi-post1000.vnp"
        #expect(FeedURL.normalized(fromEconomy) == byHand)
        #expect(FeedURL.normalized(fromProvinces) == byHand)
        #expect(FeedURL.normalized(byHand) == byHand)
    }
}

/// A delivery's URL key: nil when the URL is its own normalized form (read without parsing), else that form.
@Suite struct FeedURLKeyTests {
    @Test(arguments: [
        ("https://baotintuc.vn/a/b.html", nil),
        ("https://baotintuc.vn/Thoi-Su/B.html", nil),
        ("https://baotintuc.vn/a?id=5", nil),
        ("HTTPS://BaoTinTuc.vn/a", "https://baotintuc.vn/a"),
        ("https://baotintuc.vn:443/a", "https://baotintuc.vn/a"),
        ("https://baotintuc.vn/a?utm_source=x&id=5#c", "https://baotintuc.vn/a?id=5"),
        ("https://baotintuc.vn", "https://baotintuc.vn/"),
        ("https://baotintuc.vn/bình-dương", "https://baotintuc.vn/b%C3%ACnh-d%C6%B0%C6%A1ng"),
        ("not a url", nil),
    ] as [(String, String?)])
    func keys(url: String, key: String?) {
        #expect(FeedURL.key(of: url) == key)
        // Whatever the shortcut says, the key is what normalization gives.
        #expect((FeedURL.key(of: url) ?? url) == (FeedURL.normalized(url) ?? url))
    }
}
