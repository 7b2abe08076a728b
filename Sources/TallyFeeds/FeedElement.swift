/// The namespaces feeds use, matched by URI (a news sitemap may write `n:` for `news:`).
enum FeedNamespace {
    static let atom = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let userlandRSS2 = "http://backend.userland.com/rss2"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let feedburner = "http://rssnamespace.org/feedburner/ext/1.0"
    static let sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
    static let news = "http://www.google.com/schemas/sitemap-news/0.9"

    /// What a prefix a feed uses without declaring it usually means, as mature readers assume.
    static let undeclared: [Substring: String] = [
        "atom": atom, "rdf": rdf, "dc": dc, "content": content, "feedburner": feedburner, "news": news,
    ]

    /// Whether elements in `uri` are RSS's own (RSS 2.0 and 0.9x have none; RSS 1.0 and 0.90 have theirs).
    static func isRSS(_ uri: String) -> Bool { uri.isEmpty || uri == rss10 || uri == rss090 || uri == userlandRSS2 }

    static func isAtom(_ uri: String) -> Bool { uri == atom || uri == atom03 }
}

/// An element's expanded name: namespace URI (empty for none) and local name.
struct FeedElementName: Equatable {
    var namespace: String
    var local: String

    init(namespace: String, local: String) {
        self.namespace = namespace
        self.local = local
    }

    /// From what FoundationXML reports: an undeclared prefix comes with an empty URI and the prefix in `qName`.
    init(local: String, namespaceURI: String?, qualifiedName: String?) {
        self.local = local
        if let namespaceURI, !namespaceURI.isEmpty {
            namespace = namespaceURI
        } else if let qualifiedName, let colon = qualifiedName.firstIndex(of: ":") {
            let prefix = qualifiedName[..<colon]
            namespace = FeedNamespace.undeclared[prefix] ?? "undeclared:" + prefix
        } else {
            namespace = ""
        }
    }

    func `is`(_ namespace: String, _ local: String) -> Bool { self.namespace == namespace && self.local == local }
    var isRSS: Bool { FeedNamespace.isRSS(namespace) }
    var isAtom: Bool { FeedNamespace.isAtom(namespace) }
}

/// What an element's text becomes.
enum FeedField: Equatable {
    case feedTitle, feedLanguage
    case title, link, origLink, guid, summary, content, category, keywords
    case date(FeedDateKind)

    /// How its text is read and how much of it is kept (UTF-8 bytes of markup).
    func buffer(html: Bool) -> MarkupBuffer {
        switch self {
        case .feedTitle, .title: MarkupBuffer(html ? .html : .plain, limit: 64 * 1024)
        case .summary, .content: MarkupBuffer(html ? .html : .plain, limit: 256 * 1024)
        case .category, .keywords: MarkupBuffer(.plain, limit: 8 * 1024)
        case .feedLanguage, .link, .origLink, .guid, .date: MarkupBuffer(.raw, limit: 8 * 1024)
        }
    }
}

extension FeedFormat {
    /// The format a root element names, nil when it names none.
    init?(root name: FeedElementName) {
        switch name.local {
        case "rss" where name.isRSS: self = .rss
        case "RDF" where name.namespace == FeedNamespace.rdf: self = .rdf
        case "feed" where name.isAtom || name.namespace.isEmpty: self = .atom
        case "urlset" where name.namespace == FeedNamespace.sitemap || name.namespace.isEmpty: self = .sitemap
        default: return nil
        }
    }

    /// Whether `name` starts an item in this format.
    func isItem(_ name: FeedElementName) -> Bool {
        switch self {
        case .rss, .rdf: name.local == "item" && name.isRSS
        case .atom: name.local == "entry" && (name.isAtom || name.namespace.isEmpty)
        case .sitemap: name.local == "url" && (name.namespace == FeedNamespace.sitemap || name.namespace.isEmpty)
        }
    }

    /// The field an element inside an item fills, and whether its text is HTML; nil for the rest.
    func itemField(_ name: FeedElementName, attributes: [String: String]) -> (FeedField, html: Bool)? {
        let atomHTML = attributes["type"]?.lowercased() == "html"
        switch name.namespace {
        case FeedNamespace.dc:
            switch name.local {
            case "date": return (.date(.dcDate), false)
            case "subject": return (.category, false)
            case "description": return (.summary, true)
            default: return nil
            }
        case FeedNamespace.content: return name.local == "encoded" ? (.content, true) : nil
        case FeedNamespace.feedburner: return name.local == "origLink" ? (.origLink, false) : nil
        case FeedNamespace.news:
            switch name.local {
            case "title": return (.title, false)
            case "publication_date": return (.date(.pubDate), false)
            case "keywords": return (.keywords, false)
            case "language": return (.feedLanguage, false)
            default: return nil
            }
        case FeedNamespace.sitemap where self == .sitemap: return name.local == "loc" ? (.link, false) : nil
        case _ where name.isAtom || (self == .atom && name.namespace.isEmpty):
            switch name.local {
            case "title": return (.title, atomHTML)
            case "id": return (.guid, false)
            case "summary": return (.summary, atomHTML)
            case "content": return attributes["src"] == nil ? (.content, atomHTML) : nil
            case "published", "issued": return (.date(.published), false)
            case "updated", "modified": return (.date(.updated), false)
            default: return nil
            }
        case _ where name.isRSS && self != .sitemap:
            switch name.local {
            case "title": return (.title, false)
            case "link": return (.link, false)
            case "guid": return (.guid, false)
            case "description": return (.summary, true)
            case "category": return (.category, false)
            case "pubDate": return (.date(.pubDate), false)
            default: return nil
            }
        case _ where self == .sitemap && name.namespace.isEmpty:
            return name.local == "loc" ? (.link, false) : nil
        default: return nil
        }
    }

    /// The field an element outside any item fills (the feed's title and language), given its parent.
    func feedField(_ name: FeedElementName, parent: FeedElementName, depth: Int, attributes: [String: String])
        -> (FeedField, html: Bool)?
    {
        let inChannel = parent.local == "channel" && parent.isRSS
        switch self {
        case .rss, .rdf:
            if inChannel, name.isRSS, name.local == "title" { return (.feedTitle, false) }
            if inChannel, name.isRSS || name.namespace == FeedNamespace.dc, name.local == "language" { return (.feedLanguage, false) }
        case .atom:
            if depth == 1, name.local == "title", name.isAtom || name.namespace.isEmpty {
                return (.feedTitle, attributes["type"]?.lowercased() == "html")
            }
        case .sitemap: break
        }
        return nil
    }
}
