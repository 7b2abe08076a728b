import Foundation

/// Links as a feed writes them, made absolute (SPEC §10): resolved against `xml:base` or the feed's URL, kept only
/// when `http` or `https`. Not normalized: the core does that (``FeedItem``).
enum FeedLink {
    /// The longest link kept, in UTF-8 bytes; longer ones are dropped (a base this long would multiply by every
    /// relative link).
    static let maximumLength = 4096

    /// `reference` resolved against `base` when it is an `http(s)` URL after resolving, else nil.
    static func resolve(_ reference: String, against base: String?) -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= maximumLength else { return nil }
        let baseURL = base.flatMap { URL(string: $0) }
        guard let url = URL(string: trimmed, relativeTo: baseURL)?.absoluteURL, isWeb(url) else { return nil }
        let absolute = url.absoluteString
        return absolute.utf8.count <= maximumLength ? absolute : nil
    }

    /// `text` when it is already an absolute `http(s)` URL (a permalink `guid`), else nil: an opaque guid such as
    /// `12345` must not become a link by resolving.
    static func absolute(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= maximumLength, let url = URL(string: trimmed), isWeb(url) else { return nil }
        return url.absoluteString
    }

    private static func isWeb(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}
