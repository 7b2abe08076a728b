import Foundation

/// The key form of an item's URL (SPEC §10): the same article reached through two section feeds, with tracking
/// parameters or a fragment, or written by hand, gives one key.
public enum FeedURL {
    /// `url` normalized: scheme and host lower-cased, the default port (80 for http, 443 for https), the fragment
    /// and the `utm_*`, `fbclid` and `gclid` query parameters dropped (the others kept in order; a query left
    /// empty loses its `?`), an empty path written `/`. Nil for anything but an absolute http or https URL with
    /// a host.
    ///
    /// Beyond §10, only what RFC 3986 §6.2.2 calls equivalent is rewritten: the text is taken in NFC, characters
    /// a URL cannot hold (a Vietnamese path segment, a space) are percent-encoded as UTF-8, escapes get upper-case
    /// hex digits, and escaped letters, digits and `-._~` are written plainly. So `…/bình-dương` and
    /// `…/b%c3%acnh-d%C6%B0%C6%A1ng` are one key. An internationalized host stays as written, lower-cased.
    public static func normalized(_ url: String) -> String? {
        let text = url.trimmingWhitespace().nfc
        guard !text.isEmpty, let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = host(in: text, components)
        else { return nil }

        var result = scheme + "://"
        if let user = components.percentEncodedUser {
            result += escapesNormalized(user)
            if let password = components.percentEncodedPassword { result += ":" + escapesNormalized(password) }
            result += "@"
        }
        result += host
        if let port = components.port {
            guard (1...65_535).contains(port) else { return nil }
            if port != (scheme == "http" ? 80 : 443) { result += ":\(port)" }
        }
        let path = components.percentEncodedPath
        result += path.isEmpty ? "/" : escapesNormalized(path)
        if let query = components.percentEncodedQuery {
            let kept = query.split(separator: "&").filter { !isTracking(parameter: $0) }
            if !kept.isEmpty { result += "?" + kept.map(escapesNormalized).joined(separator: "&") }
        }
        return result
    }

    /// The key a delivery's URL is found by when a feed lists the same article (SPEC §10): its normalized form when
    /// that differs from the URL as written, else nil (the URL is its own key). Read byte by byte first: most URLs
    /// recorded by hand or by CSV are already plain (lower-case scheme and host, no port, no query, no fragment,
    /// ASCII), and an import asks this of every row.
    public static func key(of url: String) -> String? {
        var slashes = 0
        var plain = true
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "/"): slashes += 1
            case UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: " "), 0x80...: plain = false
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where slashes < 3: plain = false
            case UInt8(ascii: ":") where slashes == 2: plain = false
            default: break
            }
            if !plain { break }
        }
        if plain, slashes >= 3 { return nil }
        guard let normalized = normalized(url), normalized != url else { return nil }
        return normalized
    }

    /// The host as `text` writes it, lower-cased: URLComponents would give an internationalized one in
    /// Punycode or percent-encoded, and turn Punycode into Unicode. Nil when there is none.
    private static func host(in text: String, _ components: URLComponents) -> String? {
        guard let parsed = components.percentEncodedHost, !parsed.isEmpty, let separator = text.range(of: "://") else { return nil }
        let authority = text[separator.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        let host =
            if hostAndPort.hasPrefix("["), let close = hostAndPort.firstIndex(of: "]") {
                hostAndPort[...close]
            } else {
                hostAndPort.prefix { $0 != ":" }
            }
        return host.isEmpty ? nil : host.lowercased().nfc
    }

    /// `utm_*`, `fbclid`, `gclid`: they say where a reader came from, not which article it is.
    private static func isTracking(parameter: Substring) -> Bool {
        let name = (parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").lowercased()
        return name.hasPrefix("utm_") || name == "fbclid" || name == "gclid"
    }

    /// Upper-case hex in escapes; escaped unreserved characters (letters, digits, `-._~`) decoded.
    private static func escapesNormalized(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "%")) else { return String(text) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                let value = high << 4 | low
                if isUnreserved(value) {
                    result.append(value)
                } else {
                    result += [byte, hexDigit(high), hexDigit(low)]
                }
                index += 3
            } else {
                result.append(byte)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        ASCIIClass.lowercase.contains(byte) || ASCIIClass.uppercase.contains(byte) || ASCIIClass.digit.contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }
}
