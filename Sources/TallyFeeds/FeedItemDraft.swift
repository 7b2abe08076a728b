import TallyCore

/// One item while its elements arrive; ``item()`` applies SPEC §10's choices once it has ended.
struct FeedItemDraft {
    /// The RSS `guid`, Atom `id` or RDF `rdf:about`, trimmed.
    var guid: String?
    /// RSS `isPermaLink` (true unless "false"); false for Atom ids and RDF `rdf:about`, which are never links.
    var guidIsPermaLink = false
    var link: String?
    /// An Atom `<link rel="alternate">` (or without `rel`), in Atom or inside an RSS item.
    var alternateLink: String?
    var origLink: String?
    var title: String?
    var summary: String?
    var content: String?
    var categories: [String] = []
    /// The first date of each kind, as written.
    var dates: [FeedDateKind: String] = [:]
    /// For a sitemap `<url>`: whether it has `news:news` (without it, it is no article and no item).
    var isNews = false

    /// The most categories kept for one item.
    static let maximumCategories = 50

    mutating func addCategory(_ text: String) {
        let category = FeedText.clean(text, limit: FeedText.wordLimit)
        guard !category.isEmpty, categories.count < Self.maximumCategories, !categories.contains(category) else { return }
        categories.append(category)
    }

    /// The item: URL = `feedburner:origLink`, else the link, else a permalink `guid`; published = the first readable
    /// of `pubDate`, `dc:date`, Atom `published`, `updated`.
    func item() -> FeedItem {
        let permalink = guidIsPermaLink ? guid.flatMap(FeedLink.absolute) : nil
        let published = FeedDateKind.allCases.lazy.compactMap { dates[$0].flatMap(InternetDate.parse) }.first
        let text = [summary, content].lazy.compactMap { $0 }.first { !$0.isEmpty }
        return FeedItem(
            guid: guid, url: origLink ?? link ?? alternateLink ?? permalink, title: title ?? "", summary: text,
            categories: categories, published: published)
    }
}

/// Where an item's date came from, in the order SPEC §10 reads them.
enum FeedDateKind: Int, CaseIterable, Hashable {
    case pubDate, dcDate, published, updated
}

/// The text of one element as it arrives, as markup for ``FeedText/clean(_:limit:)``, up to a bound.
///
/// Entities are decoded once (SPEC §10): character data comes already decoded by the XML parser, so in plain
/// text its `&` is escaped again and survives the cleaning as written; a CDATA section is not decoded by XML, so
/// its references are decoded by the cleaning. HTML (an RSS description, Atom `type="html"`) is markup either way.
struct MarkupBuffer {
    enum Mode {
        /// Text whose markup is to be removed but whose decoded characters stay as they are (a title).
        case plain
        /// HTML (a description).
        case html
        /// Kept exactly as written (a link, a guid, a date).
        case raw
    }

    let mode: Mode
    private(set) var text = ""
    /// The most UTF-8 bytes kept; what comes after is dropped.
    let limit: Int

    init(_ mode: Mode, limit: Int) {
        self.mode = mode
        self.limit = limit
    }

    mutating func appendCharacters(_ characters: String) {
        guard text.utf8.count < limit else { return }
        text += mode == .plain ? characters.replacingAmpersands : characters
    }

    mutating func appendCDATA(_ block: String) {
        guard text.utf8.count < limit else { return }
        text += block
    }

    /// A child element began or ended inside the text (Atom XHTML): words on either side stay apart.
    mutating func appendBoundary() {
        guard mode != .raw, text.utf8.count < limit else { return }
        text += " "
    }

    /// The text cleaned (``FeedText``) to at most `characters`, or trimmed when raw.
    func cleaned(limit characters: Int) -> String {
        if mode == .raw { return text.trimmingWhitespace }
        return FeedText.clean(text, limit: characters)
    }
}

extension String {
    fileprivate var replacingAmpersands: String {
        guard contains("&") else { return self }
        var result = ""
        for character in self { if character == "&" { result += "&amp;" } else { result.append(character) } }
        return result
    }

    /// Without leading and trailing whitespace (Unicode's, no-break spaces too).
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
