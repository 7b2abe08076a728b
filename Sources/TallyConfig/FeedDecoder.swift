import Foundation
import TallyCore

/// Reads an agreement's `[[feed]]` entries (SPEC §10).
enum FeedDecoder {
    /// The keys of `[[feed]]`.
    static let keys = ["id", "url", "outlet", "kind", "language", "tags", "match", "exclude", "review", "every"]
    /// The longest feed URL accepted, in bytes: far beyond any real feed's, short enough for any server.
    static let maximumURLLength = 2_048

    /// Every `[[feed]]` of `root` that has no problem, in file order.
    static func decode(_ root: TableReader) -> [Feed] {
        let readers = root.tables("feed", keys: keys)
        let feeds = readers.map(feed)
        AgreementDecoder.requireUnique(readers, what: "feed")
        requireDistinctURLs(readers)
        return feeds.compactMap { $0 }
    }

    /// One `[[feed]]`, when it has no problem.
    private static func feed(_ table: TableReader) -> Feed? {
        let issuesBefore = table.log.issues.count
        let id = AgreementDecoder.identifier(table, "id", required: true)
        let url = url(table)
        let outlet = table.string("outlet", required: true)
        let kind = kind(table)
        let language = language(table)
        let tags = tags(table)
        let match = words(table, "match")
        let exclude = words(table, "exclude")
        if let match, let exclude { requireDisjoint(table, match: match, exclude: exclude) }
        let review = table.bool("review") ?? true
        let every = interval(table)
        guard table.log.issues.count == issuesBefore, let id, let url, let outlet else { return nil }
        return Feed(
            id: id, url: url, outlet: outlet, kind: kind ?? "article", language: language, tags: tags ?? [],
            match: match ?? [], exclude: exclude ?? [], review: review, every: every ?? Feed.defaultInterval)
    }

    /// An absolute http or https URL with a host, as written: no spaces, no user name or password, a port
    /// from 1 to 65535.
    private static func url(_ table: TableReader) -> String? {
        guard let url = table.string("url", required: true) else { return nil }
        let problem: String? =
            if url.utf8.count > maximumURLLength {
                "the URL is \(url.utf8.count) bytes long; a feed URL may have at most \(maximumURLLength)"
            } else if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
                "\(quoted(url)) contains a space or a control character; write a space in a URL as %20"
            } else {
                urlProblem(url)
            }
        if let problem {
            table.issue("url", problem)
            return nil
        }
        return url
    }

    /// What keeps `url` from being a feed's URL, if anything.
    private static func urlProblem(_ url: String) -> String? {
        let example = "an http or https URL such as \"https://www.vietnamplus.vn/rss/kinhte-311.rss\""
        guard let components = URLComponents(string: url), let scheme = components.scheme else {
            return "\(quoted(url)) is not a URL; expected \(example)"
        }
        guard ["http", "https"].contains(scheme.lowercased()) else {
            return "\(quoted(url)) uses the \(scheme.lowercased()) scheme, but tally reads feeds over http and https only; expected \(example)"
        }
        guard let host = components.percentEncodedHost, !host.isEmpty else {
            return "\(quoted(url)) names no host; expected \(example)"
        }
        guard components.percentEncodedUser == nil, components.percentEncodedPassword == nil else {
            return "\(quoted(url)) holds a user name or password, which would show in `tallyctl feeds` and the journal; tally reads only public feeds, so leave out the part before \"@\""
        }
        if let port = components.port, !(1...65_535).contains(port) {
            return "\(quoted(url)) names port \(port); a port is from 1 to 65535"
        }
        guard FeedURL.normalized(url) != nil else {
            return "\(quoted(url)) is not a URL tally can read; expected \(example)"
        }
        return nil
    }

    /// Two feeds of one agreement reading the same URL (after normalization) are a mistake: each item would be
    /// the first feed's.
    private static func requireDistinctURLs(_ tables: [TableReader]) {
        var seen: [String: String] = [:]
        for table in tables {
            guard let url = table.table["url"]?.string, let key = FeedURL.normalized(url) else { continue }
            if let first = seen[key] {
                table.issue("url", "\(first) already reads \(quoted(url)); an item of both would count for the first feed only, so name each feed once")
            } else {
                seen[key] = table.path
            }
        }
    }

    /// `kind`: `[a-z0-9-]+`, as a delivery's.
    private static func kind(_ table: TableReader) -> String? {
        guard let kind = table.string("kind") else { return nil }
        guard AgreementDecoder.isIdentifier(kind) else {
            table.issue("kind", "\(quoted(kind)) is not a kind: lowercase letters, digits and \"-\" (article, photo, video, …)")
            return nil
        }
        return kind
    }

    private static func language(_ table: TableReader) -> String? {
        guard let language = table.string("language") else { return nil }
        guard AgreementDecoder.isLanguageTag(language) else {
            table.issue("language", "\(quoted(language)) is not a BCP 47 language tag such as \"vi\", \"en\" or \"en-US\"; leave out language to take the feed's own")
            return nil
        }
        return language
    }

    /// `tags`, each `[a-z0-9-]+`; an empty list adds none.
    private static func tags(_ table: TableReader) -> [String]? {
        guard let tags = table.strings("tags") else { return nil }
        var valid = true
        for (index, tag) in tags.enumerated() where !AgreementDecoder.isIdentifier(tag) {
            table.log.add(table.keyPath("tags") + "[\(index)]", "\(quoted(tag)) is not a tag: lowercase letters, digits and \"-\" (e.g. \"kinh-te\")")
            valid = false
        }
        return valid ? tags : nil
    }

    /// `match` or `exclude`: words or phrases, NFC (the reader's doing), each with a letter or digit, none twice
    /// (ignoring case); `match` not empty, since an empty list would read as "nothing counts" or "everything
    /// counts" depending on who reads it.
    private static func words(_ table: TableReader, _ key: String) -> [String]? {
        guard let words = table.strings(key) else { return nil }
        if key == "match", words.isEmpty {
            table.issue(key, "an empty list is ambiguous; list the words an item must contain, or leave out match to count every item of the feed")
            return nil
        }
        var valid = true
        var first: [String: Int] = [:]
        for (index, word) in words.enumerated() {
            let path = table.keyPath(key) + "[\(index)]"
            guard word.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) else {
                table.log.add(path, "\(quoted(word)) has no letter or digit; list words or phrases such as \"Bình Dương\"")
                valid = false
                continue
            }
            let folded = FeedMatcher.comparable(word)
            if let earlier = first[folded] {
                table.log.add(path, "\(quoted(word)) is listed twice (also at \(table.keyPath(key))[\(earlier)]); words match ignoring case, so list each once")
                valid = false
                continue
            }
            first[folded] = index
        }
        return valid ? words : nil
    }

    /// A word in both `match` and `exclude` makes every item that holds it not count: surely a mistake.
    private static func requireDisjoint(_ table: TableReader, match: [String], exclude: [String]) {
        let matched = Dictionary(match.enumerated().map { (FeedMatcher.comparable($0.element), $0.offset) }, uniquingKeysWith: { first, _ in first })
        for (index, word) in exclude.enumerated() {
            guard let other = matched[FeedMatcher.comparable(word)] else { continue }
            table.log.add(table.keyPath("exclude") + "[\(index)]", "\(quoted(word)) is also in \(table.keyPath("match"))[\(other)]; an excluded word always wins, so an item holding it would never count; remove it from one of the lists")
        }
    }

    /// `every`: a duration of at least `Feed.minimumInterval`.
    private static func interval(_ table: TableReader) -> Int? {
        guard let every = table.duration("every") else { return nil }
        let seconds = Int(every.components.seconds)
        guard seconds >= Feed.minimumInterval else {
            let minimum = ConfigurationDuration.format(.seconds(Feed.minimumInterval))
            table.issue("every", "a feed is read at most every \(minimum), so that publishers are not polled harder than they allow; expected \"\(minimum)\" or more, got \"\(ConfigurationDuration.format(every))\"")
            return nil
        }
        return seconds
    }

    /// A value for a message: quoted, and shortened when long.
    private static func quoted(_ text: String) -> String {
        "\"" + (text.count > 80 ? String(text.prefix(80)) + "…" : text) + "\""
    }
}
