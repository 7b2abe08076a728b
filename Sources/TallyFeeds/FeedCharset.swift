import Foundation
import TallyCore

/// The text encodings tally reads a feed in, and how a body's is found (SPEC §10): the byte-order mark, else the
/// HTTP `charset`, else the XML declaration (UTF-16 without a mark detected as XML 1.0 Appendix F says), else
/// UTF-8.
enum FeedCharset: Equatable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    /// Also what ISO-8859-1 and US-ASCII labels mean, as browsers read them (WHATWG Encoding).
    case windows1252

    /// `bytes` as UTF-8 without a byte-order mark, ready for the XML parser.
    static func utf8Text(_ bytes: [UInt8], contentType: String?) throws(FeedParseError) -> [UInt8] {
        let (charset, markLength) = try detect(bytes, contentType: contentType)
        let body = bytes[markLength...]
        switch charset {
        case .utf8:
            let complete = try validateUTF8(body)
            return markLength == 0 && complete == body.endIndex ? bytes : Array(body[..<complete])
        case .utf16LittleEndian: return try transcodeUTF16(body, littleEndian: true)
        case .utf16BigEndian: return try transcodeUTF16(body, littleEndian: false)
        case .windows1252: return transcodeWindows1252(body)
        }
    }

    /// The charset and the length of its byte-order mark (0 without one).
    static func detect(_ bytes: [UInt8], contentType: String?) throws(FeedParseError) -> (FeedCharset, Int) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            throw .unsupportedCharset("UTF-32")
        }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        let sniffed = try sniff(bytes)
        if let label = httpCharset(contentType) { return (try named(label, sniffed: sniffed), 0) }
        if let sniffed { return (sniffed, 0) }
        if let label = declaredEncoding(bytes) {
            // The declaration was read as ASCII, so the bytes are not UTF-16 whatever it says.
            let charset = try named(label, sniffed: nil)
            return (charset == .utf16BigEndian || charset == .utf16LittleEndian ? .utf8 : charset, 0)
        }
        return (.utf8, 0)
    }

    /// UTF-16 (or UTF-32) without a mark, from its first two code units being ASCII (XML 1.0 Appendix F: `<?`,
    /// here any ASCII so leading whitespace is allowed too).
    private static func sniff(_ bytes: [UInt8]) throws(FeedParseError) -> FeedCharset? {
        guard bytes.count >= 4 else { return nil }
        let (a, b, c, d) = (bytes[0], bytes[1], bytes[2], bytes[3])
        if (a == 0 && b == 0 && c == 0 && d != 0) || (a != 0 && b == 0 && c == 0 && d == 0) {
            throw .unsupportedCharset("UTF-32")
        }
        if a == 0, b != 0, b < 0x80, c == 0, d != 0, d < 0x80 { return .utf16BigEndian }
        if a != 0, a < 0x80, b == 0, c != 0, c < 0x80, d == 0 { return .utf16LittleEndian }
        return nil
    }

    /// The `charset` parameter of a `Content-Type`, lower-cased, unquoted.
    static func httpCharset(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingASCIISpaces.lowercased() == "charset" else { continue }
            var value = pair[1].trimmingASCIISpaces
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
            return value.isEmpty ? nil : value.lowercased()
        }
        return nil
    }

    /// The `encoding` of an XML declaration at the start of ASCII-compatible bytes (after whitespace), lower-cased.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(512)
        guard let start = head.firstIndex(where: { !FeedBody.isSpace($0) }), head[start...].starts(with: Array("<?xml".utf8)),
            let end = FeedBody.find(Array("?>".utf8), in: head, from: start)
        else { return nil }
        let declaration = String(decoding: head[start..<end], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[key.upperBound...].drop(while: { $0 == " " || $0 == "=" || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix(while: { $0 != quote })
        return value.isEmpty ? nil : value.lowercased()
    }

    /// The charset a label names, or the error that names it.
    private static func named(_ label: String, sniffed: FeedCharset?) throws(FeedParseError) -> FeedCharset {
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return .utf8
        case "utf-16", "utf16", "ucs-2", "iso-10646-ucs-2", "unicode":
            return sniffed == .utf16LittleEndian ? .utf16LittleEndian : .utf16BigEndian
        case "utf-16le", "utf16le": return .utf16LittleEndian
        case "utf-16be", "utf16be": return .utf16BigEndian
        case "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987",
            "latin1", "l1", "cp819", "ibm819", "csisolatin1", "iso-ir-100", "us-ascii", "ascii", "ansi_x3.4-1968":
            return .windows1252
        default: throw .unsupportedCharset(label)
        }
    }

    // MARK: Transcoding

    /// The end of the valid UTF-8: the end of `bytes`, or before a sequence the body stops in the middle of (a
    /// truncated body, which the XML parser then reports as such).
    private static func validateUTF8(_ bytes: ArraySlice<UInt8>) throws(FeedParseError) -> Int {
        if String(validating: bytes, as: UTF8.self) != nil { return bytes.endIndex }
        if let lead = UTF8Cut.start(ofScalarCutIn: bytes), String(validating: bytes[..<lead], as: UTF8.self) != nil {
            return lead
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return bytes.endIndex
            case .error: throw .invalidText("UTF-8", line: line)
            }
        }
    }

    private static func transcodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) throws(FeedParseError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var line = 1
        var index = bytes.startIndex
        func unit(_ i: Int) -> UInt32 {
            littleEndian ? UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 : UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
        }
        while index + 1 < bytes.endIndex {
            var value = unit(index)
            index += 2
            if (0xD800..<0xDC00).contains(value) {
                guard index + 1 < bytes.endIndex else { throw .invalidText("UTF-16", line: line) }
                let low = unit(index)
                guard (0xDC00..<0xE000).contains(low) else { throw .invalidText("UTF-16", line: line) }
                index += 2
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(value) {
                throw .invalidText("UTF-16", line: line)
            }
            guard let scalar = Unicode.Scalar(value) else { throw .invalidText("UTF-16", line: line) }
            if scalar == "\n" { line += 1 }
            UTF8.encode(scalar) { out.append($0) }
        }
        guard index == bytes.endIndex else { throw .invalidText("UTF-16", line: line) }
        return out
    }

    private static func transcodeWindows1252(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            let value = (0x80...0x9F).contains(byte) ? windows1252C1[Int(byte - 0x80)] : UInt32(byte)
            // Every entry of the table, and every byte from 0xA0, is a scalar.
            UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}") { out.append($0) }
        }
        return out
    }

    /// What windows-1252 puts at 0x80…0x9F (ISO-8859-1's C1 controls); the five unassigned bytes keep their C1
    /// code point, as WHATWG's table does.
    static let windows1252C1: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80–87
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88–8F
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90–97
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98–9F
    ]
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingASCIISpaces: Substring {
        let start = firstIndex(where: { $0 != " " && $0 != "\t" }) ?? endIndex
        let end = lastIndex(where: { $0 != " " && $0 != "\t" }).map { index(after: $0) } ?? start
        return start < end ? self[start..<end] : self[start..<start]
    }
}
