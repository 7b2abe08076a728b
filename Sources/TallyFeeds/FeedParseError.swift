import TallyCore

/// Why a body could not be read as a feed: one sentence for `feeds`, stderr and the journal (SPEC §10).
public struct FeedParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sentence, starting in lower case so callers can prefix the feed's id.
    public var description: String

    init(_ description: String) {
        self.description = description
    }

    static let expected = "expected RSS, Atom or a news sitemap"

    static func tooLarge(_ count: Int) -> Self {
        Self("the feed is \(count) bytes, more than the \(FeedParser.maximumBytes / 1024 / 1024) MiB tally reads")
    }

    static let empty = Self("the feed is empty")

    static func unsupportedCharset(_ label: String) -> Self {
        Self("the feed is in charset \(printable(label)); tally reads UTF-8, UTF-16 and ISO-8859-1/windows-1252")
    }

    static func invalidText(_ charset: String, line: Int) -> Self {
        Self("the feed is not valid \(charset) (line \(line)); a feed in ISO-8859-1 or windows-1252 must declare it")
    }

    static let declaresEntities = Self("the feed declares entities in its DOCTYPE, which tally refuses")

    /// `keyword`: `ATTLIST`, `NOTATION` or `ELEMENT`.
    static func declaresMarkup(_ keyword: String) -> Self {
        Self("the feed's DOCTYPE declares <!\(keyword) …>, which tally refuses: a feed needs no DTD of its own")
    }

    /// `got` names what arrived: a media type (`text/html`) or a root element (`<html>`).
    static func notAFeed(got: String) -> Self {
        Self("not a feed: got \(printable(got)), \(expected)")
    }

    static let sitemapIndex = Self(
        "not a feed: got a sitemap index, which lists sitemaps rather than articles; name one of its news sitemaps")

    static func truncated(line: Int) -> Self {
        Self("the feed ends before its XML is complete (line \(line))")
    }

    static func malformed(_ what: String, line: Int, column: Int) -> Self {
        Self("the feed is not well-formed XML at line \(line), column \(column): \(what)")
    }

    static let tooManyItems = Self(
        "the feed lists more than \(FeedItem.maximumPerFetch) items; tally reads at most \(FeedItem.maximumPerFetch) a fetch")

    static func tooDeep(line: Int) -> Self {
        Self("the feed nests elements more than \(FeedReader.maximumDepth) deep (line \(line))")
    }

    /// At most 40 printable ASCII characters of text taken from the feed, so a sentence stays one short line.
    private static func printable(_ text: String) -> String {
        let kept = text.unicodeScalars.prefix(40).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }
        return String(kept) + (text.unicodeScalars.count > 40 ? "…" : "")
    }
}
