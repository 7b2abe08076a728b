import TallyCore
import TallyFeeds

/// The `Content-Type` the control byte chooses: none, HTML, and the charsets tally reads or refuses.
private let contentTypes: [String?] = [
    nil, "application/rss+xml", "text/html; charset=utf-8", "application/xml; charset=UTF-8",
    "text/xml; charset=iso-8859-1", "application/atom+xml; charset=utf-16", "text/xml; charset=koi8-r",
    "application/xml; charset=\"windows-1252\"",
]

/// One input: a control byte (its low 3 bits choose the `Content-Type`), then the body as fetched.
/// Errors are the expected outcome for most inputs; a crash, a sanitizer report or a broken promise of
/// `FeedItem`'s documentation is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeed(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let contentType = contentTypes[Int(data[0] & 7)]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let feed = try? FeedParser.parse(body, contentType: contentType, baseURL: "https://baovidu.vn/rss/tin.rss") else {
        return 0
    }
    precondition(feed.items.count <= FeedItem.maximumPerFetch, "too many items")
    for item in feed.items {
        if let url = item.url {
            // The scheme as written (`hTtps:` is one): normalizing is the core's work.
            let scheme = url.prefix(while: { $0 != ":" }).lowercased()
            precondition(scheme == "http" || scheme == "https", "a URL that is not http(s): \(url)")
        }
        for text in [item.title, item.summary ?? ""] + item.categories {
            precondition(text.first?.isWhitespace != true && text.last?.isWhitespace != true, "untrimmed text: \(text.debugDescription)")
            precondition(!text.contains("  "), "uncollapsed whitespace: \(text.debugDescription)")
            precondition(text == text.nfc, "text not in NFC: \(text.debugDescription)")
        }
        precondition((item.summary?.count ?? 0) <= 4_000, "summary over the limit")
        precondition(item.title.count <= 1_000, "title over the limit")
    }
    return 0
}
