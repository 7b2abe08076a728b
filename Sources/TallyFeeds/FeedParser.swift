import Foundation
import FoundationXML
import TallyCore

/// The kinds of document tally reads as a feed (SPEC §10).
public enum FeedFormat: String, Sendable {
    /// RSS 2.0 and 0.9x: `<rss>`, with or without a version.
    case rss
    /// RSS 1.0: `<rdf:RDF>` with items beside the channel.
    case rdf
    /// Atom 1.0: `<feed>` with `<entry>` elements.
    case atom
    /// A Google news sitemap: `<urlset>` whose `<url>` elements carry `news:news`.
    case sitemap
}

/// What a feed says: its format, its own title and language, and its items in document order.
public struct ParsedFeed: Sendable, Equatable {
    /// Which of the formats the document is.
    public var format: FeedFormat
    /// The channel's or feed's title, cleaned as item titles are; nil when it has none.
    public var title: String?
    /// The feed's language as written (`vi`, `en-US`), from `<language>`, `dc:language`, Atom `xml:lang` or the
    /// sitemap's `news:language`.
    public var language: String?
    /// At most ``FeedItem/maximumPerFetch`` items, in document order.
    public var items: [FeedItem]

    /// Creates a parsed feed.
    public init(format: FeedFormat, title: String? = nil, language: String? = nil, items: [FeedItem] = []) {
        self.format = format
        self.title = title
        self.language = language
        self.items = items
    }
}

/// Reads a fetched body as RSS, RDF, Atom or a news sitemap (SPEC §10). Pure: no I/O, no clock.
///
/// The body is transcoded to UTF-8, checked for what must never reach an XML parser (entity declarations), then
/// streamed through FoundationXML's SAX parser (libxml2): only the current item's text is kept, never a tree.
public enum FeedParser {
    /// The most bytes a body may have after decompression: 20 MiB.
    public static let maximumBytes = 20 * 1024 * 1024

    /// Parses `bytes` (the body after decompression, at most ``maximumBytes``); `contentType` is the HTTP
    /// `Content-Type` when there was one (its `charset` counts), and `baseURL` the feed's URL, against which
    /// relative links resolve.
    public static func parse(_ bytes: [UInt8], contentType: String?, baseURL: String) throws(FeedParseError) -> ParsedFeed {
        guard bytes.count <= maximumBytes else { throw .tooLarge(bytes.count) }
        let mediaType = FeedBody.mediaType(contentType)
        let text = try FeedCharset.utf8Text(bytes, contentType: contentType)
        let body = try FeedBody(text, mediaType: mediaType)

        let reader = FeedReader(baseURL: baseURL, mediaType: mediaType, lastLine: body.lastLine)
        let parser = XMLParser(data: body.data)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        // With this off FoundationXML does not pass XML_PARSE_DTDLOAD: no external DTD or entity is ever loaded.
        parser.shouldResolveExternalEntities = false
        parser.externalEntityResolvingPolicy = .never
        parser.delegate = reader
        _ = parser.parse()
        parser.delegate = nil
        return try reader.result()
    }
}
