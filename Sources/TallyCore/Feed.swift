import Foundation

/// A feed an agreement names (SPEC §10): where its items are read and what a matching item records.
public struct Feed: Sendable, Hashable, Identifiable {
    /// `[a-z0-9-]+`, unique in the agreement.
    public var id: String
    /// `http` or `https`, as written in the file.
    public var url: String
    /// The outlet every delivery from this feed names.
    public var outlet: String
    public var kind: String
    /// The deliveries' language; nil means the feed's own language, else `vi`.
    public var language: String?
    /// Added to every item's delivery.
    public var tags: [String]
    /// An item counts when its title, summary or categories contain one of these words (empty: every item).
    public var match: [String]
    /// ... and none of these.
    public var exclude: [String]
    /// Whether matching items wait in the inbox for a person (true) or are recorded at once.
    public var review: Bool
    /// Poll interval in seconds, at least ``minimumInterval``.
    public var every: Int

    /// The shortest poll interval a file may set: 5 minutes.
    public static let minimumInterval = 300
    /// The poll interval when the file sets none: 1 hour.
    public static let defaultInterval = 3600

    public init(
        id: String, url: String, outlet: String, kind: String = "article", language: String? = nil, tags: [String] = [],
        match: [String] = [], exclude: [String] = [], review: Bool = true, every: Int = Feed.defaultInterval
    ) {
        self.id = id
        self.url = url
        self.outlet = outlet
        self.kind = kind
        self.language = language
        self.tags = tags
        self.match = match
        self.exclude = exclude
        self.review = review
        self.every = every
    }
}

/// One item as a feed lists it, after parsing and before the rules of §10 decide what it records.
///
/// The parser fills it from RSS, RDF, Atom or a news sitemap: text already decoded, stripped of markup and NFC;
/// `url` already chosen (`feedburner:origLink`, else the link, else a permalink `guid`) and resolved against
/// `xml:base` or the feed's URL, but not yet normalized (``FeedURL``).
public struct FeedItem: Sendable, Hashable {
    /// The RSS `guid`, Atom `id` or RDF `rdf:about`, as written.
    public var guid: String?
    /// The absolute `http(s)` URL of the article, when the item has one.
    public var url: String?
    /// Entities decoded once, markup removed, whitespace collapsed, NFC; may be empty.
    public var title: String
    /// The description, summary or content, markup removed, whitespace collapsed, NFC.
    public var summary: String?
    /// `<category>`, Atom `category@term`/`@label`, `dc:subject`, sitemap `news:keywords`.
    public var categories: [String]
    /// When it was published, as written (with its offset, or none when the feed gave no zone); nil when the
    /// item has no readable date.
    public var published: PublicationTime?

    public init(guid: String? = nil, url: String? = nil, title: String, summary: String? = nil, categories: [String] = [],
                published: PublicationTime? = nil) {
        self.guid = guid
        self.url = url
        self.title = title
        self.summary = summary
        self.categories = categories
        self.published = published
    }

    /// The most items one fetch may carry (SPEC §10).
    public static let maximumPerFetch = 10_000
}

/// A feed item that matched and waits for a person in the inbox (SPEC §10).
public struct InboxCandidate: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var agreement: String
    public var feed: String
    public var published: PublicationTime
    public var outlet: String
    public var title: String
    /// The normalized URL; nil for an item keyed `feed:<guid>`.
    public var url: String?
    /// `feed:<guid>` when the URL is not the key, else nil.
    public var externalID: String?
    /// The `match` words found (empty when the feed has no `match`).
    public var matched: [String]

    public init(id: Int64, agreement: String, feed: String, published: PublicationTime, outlet: String, title: String,
                url: String?, externalID: String?, matched: [String]) {
        self.id = id
        self.agreement = agreement
        self.feed = feed
        self.published = published
        self.outlet = outlet
        self.title = title
        self.url = url
        self.externalID = externalID
        self.matched = matched
    }
}

extension FeedItem {
    /// Longest title tallyd takes, in characters.
    public static let maximumTitle = 2_000
    /// Longest summary tallyd matches on, in characters (the parser cuts longer ones).
    public static let maximumSummary = 4_000
    /// Longest URL or guid, in UTF-8 bytes.
    public static let maximumIdentifier = 4_096
    /// Most categories of one item, and the longest one in characters.
    public static let maximumCategories = 100
    public static let maximumCategory = 500

    /// An item as tallyd takes it from the fetcher, which it never trusts (SPEC §10): text NFC, sizes in bounds,
    /// no control characters, a readable date when one is given. A URL that is not http(s) is dropped (the item
    /// may still be known by its guid). Returns the reason when the item cannot be taken.
    public static func checked(
        guid: String?, url: String?, title: String, summary: String?, categories: [String], published: String?
    ) -> Result<FeedItem, FeedItemProblem> {
        func clean(_ text: String, _ field: String, limit: Int) -> Result<String, FeedItemProblem> {
            guard text.count <= limit else { return .failure(FeedItemProblem("its \(field) is longer than \(limit) characters")) }
            // Tabs and line breaks are spaces in a one-line field; any other control character (C0, DEL, C1: a
            // terminal's escape sequences among them) is refused.
            // C0 and DEL are ASCII bytes; C1 (U+0080…U+009F) is encoded as C2 80…C2 9F.
            var previous: UInt8 = 0
            for byte in text.utf8 {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D || byte == 0x7F || previous == 0xC2 && byte < 0xA0 {
                    return .failure(FeedItemProblem("its \(field) contains control characters"))
                }
                previous = byte
            }
            let spaced = text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
                ? String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
                : text
            return .success(spaced.nfc)
        }
        var item = FeedItem(title: "")
        switch clean(title, "title", limit: maximumTitle) {
        case .success(let text): item.title = text
        case .failure(let problem): return .failure(problem)
        }
        if let summary {
            switch clean(summary, "summary", limit: maximumSummary) {
            case .success(let text): item.summary = text
            case .failure(let problem): return .failure(problem)
            }
        }
        guard categories.count <= maximumCategories else {
            return .failure(FeedItemProblem("it has more than \(maximumCategories) categories"))
        }
        for category in categories {
            switch clean(category, "category", limit: maximumCategory) {
            case .success(let text): item.categories.append(text)
            case .failure(let problem): return .failure(problem)
            }
        }
        if let guid {
            guard guid.utf8.count <= maximumIdentifier else { return .failure(FeedItemProblem("its guid is too long")) }
            switch clean(guid, "guid", limit: maximumIdentifier) {
            case .success(let text): item.guid = text
            case .failure(let problem): return .failure(problem)
            }
        }
        if let url, url.utf8.count <= maximumIdentifier, FeedURL.normalized(url) != nil { item.url = url }
        if let published {
            guard let time = PublicationTime(parsing: published) else {
                return .failure(FeedItemProblem("its date \(published.prefix(40)) is not RFC 3339"))
            }
            item.published = time
        }
        return .success(item)
    }
}

/// Why tallyd did not take a feed item: a fragment that follows "the item …".
public struct FeedItemProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
