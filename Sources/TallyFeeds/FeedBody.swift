import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A body in UTF-8 made ready for libxml2, and checked before it for what libxml2 must never see.
///
/// FoundationXML always asks libxml2 to substitute entities (`XML_PARSE_NOENT`) and offers no way to refuse a
/// declaration, so a DOCTYPE that declares entities is refused here, on the bytes, before any parser runs. An
/// entity can only be declared by markup that contains `<!ENTITY` after the `<!DOCTYPE` (external DTDs are never
/// loaded), so looking for those bytes anywhere after it cannot miss one, whatever tricks the subset plays.
struct FeedBody {
    /// The bytes libxml2 parses: the XML declaration blanked (its `encoding` no longer true after transcoding),
    /// control characters XML forbids turned into spaces.
    let data: Data
    /// The number of the body's last line, to tell a body that ends too early from one broken in the middle.
    let lastLine: Int

    init(_ utf8: [UInt8], mediaType: String?) throws(FeedParseError) {
        var bytes = utf8
        var newlines = 0
        bytes.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices {
                let byte = buffer[i]
                if byte == 0x0A {
                    newlines += 1
                } else if byte < 0x20, byte != 0x09, byte != 0x0D {
                    // Stray control characters are common in real feeds and fatal to an XML parser.
                    buffer[i] = 0x20
                }
            }
        }
        lastLine = newlines + 1
        guard let first = bytes.firstIndex(where: { !Self.isSpace($0) }) else { throw .empty }
        guard bytes[first] == UInt8(ascii: "<") else { throw .notAFeed(got: Self.describe(mediaType, root: nil)) }
        if bytes[first...].starts(with: Array("<?xml".utf8)), bytes.count > first + 5,
            Self.isSpace(bytes[first + 5]) || bytes[first + 5] == UInt8(ascii: "?")
        {
            // Up to the first `>`, which a declaration has only at its end: a broken one (no `?>`) must not reach
            // libxml2 either, whose 2.9.14 crashes switching to its encoding in that case (found by FuzzFeed).
            let end = Self.find([UInt8(ascii: ">")], in: bytes[...], from: first) ?? bytes.count - 1
            for i in first...end where bytes[i] != 0x0A { bytes[i] = 0x20 }
        }
        if let doctype = Self.find(Array("<!DOCTYPE".utf8), in: bytes[...], from: first) {
            if Self.find(Array("<!ENTITY".utf8), in: bytes[...], from: doctype) != nil { throw .declaresEntities }
            // FoundationXML crashes on `<!ATTLIST … #IMPLIED>` and `<!NOTATION … SYSTEM …>` (it reads a NULL
            // default value or public id as a string); feeds need no declarations of their own.
            for keyword in ["ATTLIST", "NOTATION", "ELEMENT"]
            where Self.find(Array("<!\(keyword)".utf8), in: bytes[...], from: doctype) != nil {
                throw .declaresMarkup(keyword)
            }
        }
        Self.blankEmptyProcessingInstructions(&bytes, from: first)
        if Self.looksLikeHTML(bytes[first...]) { throw .notAFeed(got: Self.describe(mediaType, root: "html")) }
        data = Data(bytes)
    }

    /// Turns `<?target?>` (a processing instruction without data) into spaces: FoundationXML reads the NULL data
    /// libxml2 passes for it as a C string and crashes. Inside CDATA or a comment this only blanks text; elsewhere
    /// tally has no use for processing instructions.
    private static func blankEmptyProcessingInstructions(_ bytes: inout [UInt8], from start: Int) {
        let opening = Array("<?".utf8)
        var index = start
        while let at = find(opening, in: bytes[...], from: index) {
            var end = at + 2
            // libxml2's target name ends at the first byte that cannot be in a name; these four never can.
            while end < bytes.count, !isSpace(bytes[end]), bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: ">"),
                bytes[end] != UInt8(ascii: "<")
            {
                end += 1
            }
            if end > at + 2, end + 1 < bytes.count, bytes[end] == UInt8(ascii: "?"), bytes[end + 1] == UInt8(ascii: ">") {
                for i in at...(end + 1) { bytes[i] = 0x20 }
                index = end + 2
            } else {
                index = at + 2
            }
        }
    }

    /// An HTML page's usual start: `<!DOCTYPE html` or `<html`, in any case, after comments.
    private static func looksLikeHTML(_ bytes: ArraySlice<UInt8>) -> Bool {
        var rest = bytes.prefix(4096)
        while let start = rest.firstIndex(where: { !isSpace($0) }), rest[start...].starts(with: Array("<!--".utf8)) {
            guard let end = find(Array("-->".utf8), in: rest, from: start) else { return false }
            rest = rest[(end + 3)...]
        }
        let head = String(decoding: rest.prefix(20), as: UTF8.self).lowercased().drop(while: \.isWhitespace)
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html>") || head.hasPrefix("<html ")
    }

    /// What arrived instead of a feed, for "not a feed: got …": the media type when it says it is not XML, else the
    /// root element.
    static func describe(_ mediaType: String?, root: String?) -> String {
        if let mediaType, !mediaType.contains("xml"), !mediaType.contains("rss"), !mediaType.contains("atom") {
            return mediaType
        }
        if let root { return "<" + root + ">" }
        return "a body that is not XML"
    }

    /// The media type of a `Content-Type` (`text/html`), lower-cased, without its parameters.
    static func mediaType(_ contentType: String?) -> String? {
        guard let contentType,
            let type = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
            !type.isEmpty
        else { return nil }
        return type
    }

    /// XML's whitespace.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// The index where `needle` first occurs in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>, from: Int) -> Int? {
        guard from >= haystack.startIndex, from < haystack.endIndex, !needle.isEmpty else { return nil }
        return haystack[from...].withUnsafeBufferPointer { hay -> Int? in
            needle.withUnsafeBufferPointer { pin -> Int? in
                guard let base = hay.baseAddress, let pinBase = pin.baseAddress else { return nil }
                // memchr for the first byte, memcmp for the rest: fast in debug builds too (glibc's memmem is not
                // exported to Swift).
                var offset = 0
                while offset + pin.count <= hay.count {
                    guard let hit = memchr(base + offset, Int32(pin[0]), hay.count - offset - pin.count + 1) else { return nil }
                    let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    if memcmp(base + at, pinBase, pin.count) == 0 { return from + at }
                    offset = at + 1
                }
                return nil
            }
        }
    }
}
