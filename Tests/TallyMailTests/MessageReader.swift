import Foundation

@testable import TallyMail

/// The tests' own reading of a rendered message, written from the RFCs and not from the renderer: lines, header
/// fields unfolded, RFC 2047 B and Q words, quoted-printable and base64 bodies, the MIME tree.
struct MessageReader {
    /// A header field as found, the value unfolded (CR LF / LF before whitespace removed), not decoded.
    struct Field: Equatable {
        var name: String
        var value: String
    }

    /// One entity: its header fields and its raw body lines, with the parts of a multipart.
    struct Entity {
        var fields: [Field]
        var body: [[UInt8]]
        var parts: [Entity]

        func field(_ name: String) -> String? {
            fields.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// `type/subtype`, lowercased.
        var mediaType: String {
            (field("Content-Type") ?? "text/plain").split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        }

        /// A parameter of a header field, as written (quotes removed, no RFC 2231 decoding).
        func parameter(_ name: String, of header: String) -> String? {
            guard let value = field(header) else { return nil }
            for piece in value.split(separator: ";").dropFirst() {
                let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2 && pair[0].lowercased() == name.lowercased() {
                    return pair[1].hasPrefix("\"") ? String(pair[1].dropFirst().dropLast()) : pair[1]
                }
            }
            return nil
        }

        /// The body decoded by its Content-Transfer-Encoding, line breaks as CR LF.
        var decodedBody: [UInt8] {
            switch field("Content-Transfer-Encoding")?.lowercased() {
            case "base64":
                let text = body.map { String(decoding: $0, as: UTF8.self) }.joined()
                return Data(base64Encoded: text).map { Array($0) } ?? Array("<bad base64>".utf8)
            case "quoted-printable":
                return MessageReader.decodeQuotedPrintable(body)
            default:
                return Array(body.joined(separator: [0x0D, 0x0A]))
            }
        }
    }

    let lines: [[UInt8]]
    let root: Entity

    /// Reads `bytes`, whose lines end in CR LF or in LF as `lineEnding` says.
    init(_ bytes: [UInt8], lineEnding: MailMessage.LineEnding = .lf) {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.last == [] { lines.removeLast() }
        if lineEnding == .crlf { lines = lines.map { $0.last == 0x0D ? Array($0.dropLast()) : $0 } }
        self.lines = lines
        root = Self.entity(lines[...])
    }

    private static func entity(_ lines: ArraySlice<[UInt8]>) -> Entity {
        var fields: [Field] = []
        var index = lines.startIndex
        while index < lines.endIndex && !lines[index].isEmpty {
            let line = String(decoding: lines[index], as: UTF8.self)
            if let first = line.first, first == " " || first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append(Field(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].drop { $0 == " " })))
            }
            index += 1
        }
        let body = Array(lines[min(index + 1, lines.endIndex)...])
        var entity = Entity(fields: fields, body: body, parts: [])
        if entity.mediaType.hasPrefix("multipart/"), let boundary = entity.parameter("boundary", of: "Content-Type") {
            let delimiter = Array("--\(boundary)".utf8)
            var current: [[UInt8]]?
            var parts: [Entity] = []
            for line in body {
                if line == delimiter || line == delimiter + Array("--".utf8) {
                    if let current { parts.append(Self.entity(current[...])) }
                    current = line == delimiter ? [] : nil
                    if current == nil { break }
                } else {
                    current?.append(line)
                }
            }
            entity.parts = parts
        }
        return entity
    }

    /// RFC 2045 §6.7: `=XX` octets, `=` at a line's end a soft break, other line ends hard (CR LF).
    static func decodeQuotedPrintable(_ lines: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for (number, line) in lines.enumerated() {
            var index = 0
            var soft = false
            while index < line.count {
                if line[index] == UInt8(ascii: "=") {
                    if index == line.count - 1 {
                        soft = true
                        break
                    }
                    let hex = String(decoding: line[(index + 1)..<min(index + 3, line.count)], as: UTF8.self)
                    out.append(UInt8(hex, radix: 16) ?? 0x3F)
                    index += 3
                } else {
                    out.append(line[index])
                    index += 1
                }
            }
            if !soft && number < lines.count - 1 { out += [0x0D, 0x0A] }
        }
        return out
    }

    /// An unstructured value with its RFC 2047 words decoded: whitespace between two adjacent encoded-words is
    /// dropped, any other kept.
    static func decodeUnstructured(_ value: String) -> String {
        var result = ""
        var previousWasEncoded = false
        var pendingSpace = ""
        var token = ""
        func flush() {
            guard !token.isEmpty else { return }
            if let decoded = decodeEncodedWord(token) {
                if !previousWasEncoded { result += pendingSpace }
                result += decoded
                previousWasEncoded = true
            } else {
                result += pendingSpace + token
                previousWasEncoded = false
            }
            pendingSpace = ""
            token = ""
        }
        for character in value {
            if character == " " || character == "\t" {
                flush()
                pendingSpace.append(character)
            } else {
                token.append(character)
            }
        }
        flush()
        return result + pendingSpace
    }

    /// The mailboxes of an address-list value (RFC 5322 §3.4): display names from atoms, quoted strings and
    /// encoded-words (adjacent encoded-words joined without the whitespace between them), addresses from `<…>` or
    /// bare.
    static func mailboxes(_ value: String) -> [(name: String, address: String)] {
        var result: [(name: String, address: String)] = []
        var words: [(text: String, encoded: Bool)] = []
        var address: String?
        var characters = value[...]
        func finish() {
            var name = ""
            for (index, word) in words.enumerated() {
                if index > 0 && !(word.encoded && words[index - 1].encoded) { name += " " }
                name += word.text
            }
            if let address { result.append((name, address)) } else if let last = words.last { result.append(("", last.text)) }
            words = []
            address = nil
        }
        while let first = characters.first {
            switch first {
            case " ", "\t":
                characters.removeFirst()
            case ",":
                characters.removeFirst()
                finish()
            case "\"":
                characters.removeFirst()
                var text = ""
                while let next = characters.popFirst(), next != "\"" {
                    text.append(next == "\\" ? (characters.popFirst() ?? "\\") : next)
                }
                words.append((text, false))
            case "<":
                let close = characters.firstIndex(of: ">") ?? characters.endIndex
                address = String(characters[characters.index(after: characters.startIndex)..<close])
                characters = characters[min(characters.index(after: close), characters.endIndex)...]
            default:
                let end = characters.firstIndex { $0 == " " || $0 == "," || $0 == "<" } ?? characters.endIndex
                let token = String(characters[..<end])
                characters = characters[end...]
                if let decoded = decodeEncodedWord(token) { words.append((decoded, true)) } else { words.append((token, false)) }
            }
        }
        finish()
        return result
    }

    /// `=?charset?B|Q?text?=` decoded, or nil when `token` is not an encoded-word in UTF-8.
    static func decodeEncodedWord(_ token: String) -> String? {
        guard token.hasPrefix("=?"), token.hasSuffix("?="), token.count >= 8 else { return nil }
        let parts = token.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].uppercased() == "UTF-8" else { return nil }
        let bytes: [UInt8]
        switch parts[1].uppercased() {
        case "B":
            guard let data = Data(base64Encoded: String(parts[2])) else { return nil }
            bytes = Array(data)
        case "Q":
            bytes = decodeQuotedPrintable([Array(parts[2].replacingOccurrences(of: "_", with: " ").utf8)])
        default:
            return nil
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// SplitMix64, so randomized tests replay from their seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random text from pieces chosen to stress the encoders: Vietnamese letters composed and decomposed, clusters
/// with no precomposed form, controls, specials, emoji sequences and long runs.
enum RandomText {
    static let pieces: [String] = [
        "a", "Z", "0", " ", "  ", ".", ",", "\"", "\\", "=", "?", "=?", "?=", "_", "<", ">", "@", ":", ";", "(", "%",
        "ả", "ệ", "đ", "Đ", "ươ", "Nguyễn", "Bến Tre", "Báo cáo", "e\u{0302}\u{0301}", "x\u{0301}\u{0323}",
        "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "🇻🇳", "—", "\u{FEFF}", "中文",
        "\r", "\n", "\r\n", "\t", "\u{0}", "\u{7F}", "\u{85}", "\u{1B}", "From ", ".\n",
    ]

    static func string(maxPieces: Int, using generator: inout SeededGenerator) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...maxPieces, using: &generator) {
            let piece = pieces.randomElement(using: &generator) ?? "a"
            // Now and then a long run of one piece, to cross line and word limits.
            text += Int.random(in: 0..<20, using: &generator) == 0
                ? String(repeating: piece, count: Int.random(in: 50...400, using: &generator)) : piece
        }
        return text
    }

    /// Random text without control characters, as a display name may hold.
    static func name(using generator: inout SeededGenerator) -> String {
        String(string(maxPieces: 8, using: &generator).unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init))
    }
}

extension Array where Element == UInt8 {
    /// Whether every CR is followed by LF and every LF preceded by CR.
    var hasOnlyCRLF: Bool {
        for (index, byte) in enumerated() {
            if byte == 0x0D && (index + 1 == count || self[index + 1] != 0x0A) { return false }
            if byte == 0x0A && (index == 0 || self[index - 1] != 0x0D) { return false }
        }
        return true
    }

    /// The longest line in octets, without its line break.
    var longestLine: Int {
        split(separator: 0x0A, omittingEmptySubsequences: false).map { $0.last == 0x0D ? $0.count - 1 : $0.count }.max() ?? 0
    }
}
