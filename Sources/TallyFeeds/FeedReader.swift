import Foundation
import FoundationXML
import TallyCore

/// The SAX side of ``FeedParser``: follows FoundationXML's events, keeps the path of open elements, the item being
/// read and the text of the one field being read, and turns each ended item into a ``FeedItem``. The first
/// problem stops the parser.
final class FeedReader: NSObject, XMLParserDelegate {
    /// The deepest nesting read; feeds need fewer than ten levels, XHTML content a few more.
    static let maximumDepth = 100

    private let baseURL: String
    private let mediaType: String?
    private let lastLine: Int

    private var format: FeedFormat?
    private var feedTitle: String?
    private var language: String?
    private var items: [FeedItem] = []
    private var failure: FeedParseError?
    /// The root element has ended: what follows (a PHP warning, say) is not read.
    private var finished = false

    private struct OpenElement {
        var name: FeedElementName
        /// The `xml:base` in scope, resolved; the feed's URL when none.
        var base: String?
    }

    private var path: [OpenElement] = []
    private var draft: FeedItemDraft?
    private var draftDepth = 0

    private struct Capture {
        var field: FeedField
        var depth: Int
        var base: String?
        var buffer: MarkupBuffer
    }

    private var capture: Capture?

    init(baseURL: String, mediaType: String?, lastLine: Int) {
        self.baseURL = baseURL
        self.mediaType = mediaType
        self.lastLine = lastLine
    }

    /// The feed read, or why it could not be.
    func result() throws(FeedParseError) -> ParsedFeed {
        if let failure { throw failure }
        guard let format else { throw .notAFeed(got: FeedBody.describe(mediaType, root: nil)) }
        guard finished else { throw .truncated(line: lastLine) }
        return ParsedFeed(format: format, title: feedTitle, language: language, items: items)
    }

    private func fail(_ error: FeedParseError, _ parser: XMLParser) {
        guard failure == nil else { return }
        failure = error
        parser.abortParsing()
    }

    private var reading: Bool { failure == nil && !finished }

    // MARK: Elements

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String]) {
        guard reading else { return }
        guard path.count < Self.maximumDepth else { return fail(.tooDeep(line: parser.lineNumber), parser) }
        let name = FeedElementName(local: elementName, namespaceURI: namespaceURI, qualifiedName: qName)
        let parentBase = path.last?.base ?? baseURL
        let base = attributes["xml:base"].flatMap { FeedLink.resolve($0, against: parentBase) } ?? parentBase
        let parent = path.last
        path.append(OpenElement(name: name, base: base))

        if capture != nil {
            capture?.buffer.appendBoundary()
            return
        }
        guard let format else { return root(name, qName: qName, attributes: attributes, parser) }
        if draft == nil {
            if format.isItem(name) {
                guard items.count < FeedItem.maximumPerFetch else { return fail(.tooManyItems, parser) }
                startItem(format, attributes: attributes)
            } else if let parent, let (field, html) = format.feedField(name, parent: parent.name, depth: path.count - 1,
                                                                         attributes: attributes) {
                capture = Capture(field: field, depth: path.count, base: base, buffer: field.buffer(html: html))
            }
            return
        }
        // RSS, RDF and Atom fields are the item's children: an Atom entry's `<source><title>` is another feed's.
        guard format == .sitemap || path.count == draftDepth + 1 else { return }
        if let (field, html) = format.itemField(name, attributes: attributes) {
            if field == .guid { draft?.guidIsPermaLink = format == .rss && attributes["isPermaLink"]?.lowercased() != "false" }
            capture = Capture(field: field, depth: path.count, base: base, buffer: field.buffer(html: html))
        } else if name.isAtom, name.local == "link" {
            let rel = attributes["rel"]?.lowercased() ?? "alternate"
            if rel == "alternate", draft?.alternateLink == nil, let href = attributes["href"] {
                draft?.alternateLink = FeedLink.resolve(href, against: base)
            }
        } else if name.isAtom || (format == .atom && name.namespace.isEmpty), name.local == "category" {
            for key in ["term", "label"] { if let value = attributes[key] { draft?.addCategory(value) } }
        } else if name.is(FeedNamespace.news, "news") {
            draft?.isNews = true
        }
    }

    private func root(_ name: FeedElementName, qName: String?, attributes: [String: String], _ parser: XMLParser) {
        if name.local == "sitemapindex" { return fail(.sitemapIndex, parser) }
        guard let format = FeedFormat(root: name) else {
            return fail(.notAFeed(got: FeedBody.describe(mediaType, root: qName ?? name.local)), parser)
        }
        self.format = format
        if format == .atom, let lang = attributes["xml:lang"] { language = Self.short(lang) }
    }

    private func startItem(_ format: FeedFormat, attributes: [String: String]) {
        var item = FeedItemDraft()
        if format == .rdf, let about = attributes.first(where: { $0.key == "about" || $0.key.hasSuffix(":about") })?.value {
            item.guid = Self.short(about, limit: FeedLink.maximumLength)
        }
        draft = item
        draftDepth = path.count
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard reading else { return }
        let depth = path.count
        if let ended = capture, ended.depth == depth {
            capture = nil
            store(ended)
        } else if capture != nil {
            capture?.buffer.appendBoundary()
        }
        if let item = draft, draftDepth == depth {
            draft = nil
            if format != .sitemap || item.isNews { items.append(item.item()) }
        }
        path.removeLast()
        if path.isEmpty {
            finished = true
            // Whatever follows the root element is not the feed's; a PHP warning after `</rss>` is common.
            parser.abortParsing()
        }
    }

    private func store(_ ended: Capture) {
        let buffer = ended.buffer
        switch ended.field {
        case .feedTitle: if feedTitle == nil { feedTitle = buffer.cleaned(limit: FeedText.titleLimit).nonEmpty }
        case .feedLanguage: if language == nil { language = Self.short(buffer.cleaned(limit: 0)) }
        case .title: if draft?.title == nil { draft?.title = buffer.cleaned(limit: FeedText.titleLimit).nonEmpty }
        case .link: if draft?.link == nil { draft?.link = FeedLink.resolve(buffer.text, against: ended.base) }
        case .origLink: if draft?.origLink == nil { draft?.origLink = FeedLink.resolve(buffer.text, against: ended.base) }
        case .guid: if draft?.guid == nil { draft?.guid = Self.short(buffer.cleaned(limit: 0), limit: FeedLink.maximumLength) }
        case .summary: if draft?.summary == nil { draft?.summary = buffer.cleaned(limit: FeedText.summaryLimit).nonEmpty }
        case .content: if draft?.content == nil { draft?.content = buffer.cleaned(limit: FeedText.summaryLimit).nonEmpty }
        case .category: draft?.addCategory(buffer.text)
        case .keywords:
            for keyword in buffer.text.split(separator: ",") { draft?.addCategory(String(keyword)) }
        case .date(let kind): if draft?.dates[kind] == nil { draft?.dates[kind] = buffer.cleaned(limit: 0) }
        }
    }

    /// Short text as written, trimmed; nil when empty or longer than `limit` characters.
    private static func short(_ text: String, limit: Int = 35) -> String? {
        let trimmed = text.trimmingWhitespace
        return trimmed.isEmpty || trimmed.utf8.count > limit ? nil : trimmed
    }

    // MARK: Text

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard reading else { return }
        capture?.buffer.appendCharacters(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard reading, capture != nil else { return }
        capture?.buffer.appendCDATA(String(decoding: CDATABlock, as: UTF8.self))
    }

    /// libxml2 asks for an entity no DTD declared (`&nbsp;` written in XML): an HTML name is read as HTML would.
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        if reading, let scalar = HTMLEntities.scalar(named: Substring(name)) {
            capture?.buffer.appendCDATA(String(Character(scalar)))
        }
        // FoundationXML drops what is returned here when there is no document tree, as in SAX.
        return nil
    }

    // MARK: Errors

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard reading else { return }
        let code = (parseError as NSError).code
        guard !FeedXMLError.isTolerated(code) else { return }
        let line = parser.lineNumber
        if format == nil, let mediaType, FeedBody.describe(mediaType, root: nil) == mediaType {
            return fail(.notAFeed(got: mediaType), parser)
        }
        if FeedXMLError.meansEndOfInput(code), line >= lastLine { return fail(.truncated(line: line), parser) }
        fail(.malformed(FeedXMLError.phrase(code), line: line, column: parser.columnNumber), parser)
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
