import TallyCore

/// Text as tally keeps it from a feed (SPEC §10): markup removed, character references decoded once, whitespace
/// (no-break spaces too) collapsed and trimmed, NFC, at most a given number of characters.
enum FeedText {
    /// The longest title kept, in characters.
    static let titleLimit = 1_000
    /// The longest summary kept, in characters: enough to match words in, short enough for 10,000 items.
    static let summaryLimit = 4_000
    /// The longest category, language or other short text kept, in characters.
    static let wordLimit = 200

    /// `markup` with its tags removed and its character references decoded (once: `&amp;amp;` is `&amp;`),
    /// cut at a word boundary to at most `limit` characters.
    static func clean(_ markup: String, limit: Int) -> String {
        var stripper = MarkupStripper(Array(markup.unicodeScalars), scalarLimit: 3 * limit + 16)
        let text = stripper.run().nfc
        return cut(text, to: limit)
    }

    /// `text` cut to at most `limit` characters, at the last space before it when there is one, so no word is
    /// left half (a cut word could match a shorter one).
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let end = text.index(text.startIndex, offsetBy: limit)
        let head = text[..<end]
        if text[end] == " " { return String(head) }
        guard let space = head.lastIndex(of: " ") else { return String(head) }
        return String(head[..<space])
    }

    static let inlineTags: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark",
        "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    ]
}

/// One pass over markup: tags and comments out (block-level ones leave a space), references decoded, runs of
/// whitespace made one space. Linear whatever the input: a search that finds no end is remembered.
private struct MarkupStripper {
    let scalars: [Unicode.Scalar]
    let scalarLimit: Int
    var out = String.UnicodeScalarView()
    var written = 0
    var pendingSpace = false
    /// No `>` at or after this index: every later `<` is text.
    var noTagEndFrom = Int.max

    init(_ scalars: [Unicode.Scalar], scalarLimit: Int) {
        self.scalars = scalars
        self.scalarLimit = scalarLimit
    }

    mutating func run() -> String {
        var i = 0
        while i < scalars.count, written < scalarLimit {
            let scalar = scalars[i]
            if scalar == "<", let next = tag(at: i) {
                i = next
            } else if scalar == "&", let (decoded, next) = reference(at: i) {
                emit(decoded)
                i = next
            } else {
                emit(scalar)
                i += 1
            }
        }
        return String(out)
    }

    private mutating func emit(_ scalar: Unicode.Scalar) {
        // ASCII first: the Unicode property lookup was a third of a 20 MiB feed's parse.
        let isWhitespace = scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
        if isWhitespace {
            pendingSpace = true
            return
        }
        if pendingSpace, written > 0 {
            out.append(" ")
            written += 1
        }
        pendingSpace = false
        out.append(scalar)
        written += 1
    }

    /// The index after the tag, comment or declaration that starts at `start`, nil when `<` is text there.
    private mutating func tag(at start: Int) -> Int? {
        guard start + 1 < scalars.count else { return nil }
        let next = scalars[start + 1]
        if next == "!", matches("<!--", at: start) {
            // An unterminated comment hides the rest, as in a browser.
            return find("-->", from: start + 4).map { $0 + 3 } ?? scalars.count
        }
        let closing = next == "/"
        let nameStart = closing ? start + 2 : start + 1
        guard next == "!" || next == "?" || (nameStart < scalars.count && isASCIILetter(scalars[nameStart])),
            let end = tagEnd(from: start + 1)
        else { return nil }
        var name = ""
        var j = nameStart
        while j < end, j - nameStart < 16, isASCIILetter(scalars[j]) || ("0"..."9").contains(scalars[j]) {
            name.unicodeScalars.append(scalars[j])
            j += 1
        }
        name = name.lowercased()
        if !FeedText.inlineTags.contains(name) { pendingSpace = true }
        if !closing, name == "script" || name == "style" {
            // Their content is code, not text.
            guard let close = find("</" + name, from: end + 1, caseInsensitive: true) else { return scalars.count }
            return (tagEnd(from: close) ?? scalars.count - 1) + 1
        }
        return end + 1
    }

    /// The index of the next `>`.
    private mutating func tagEnd(from start: Int) -> Int? {
        guard start < noTagEndFrom else { return nil }
        var i = start
        while i < scalars.count {
            if scalars[i] == ">" { return i }
            i += 1
        }
        noTagEndFrom = start
        return nil
    }

    /// The decoded scalar of the reference at `start` and the index after it; nil when `&` is text there.
    private func reference(at start: Int) -> (Unicode.Scalar, Int)? {
        var i = start + 1
        if i < scalars.count, scalars[i] == "#" {
            i += 1
            let hex = i < scalars.count && (scalars[i] == "x" || scalars[i] == "X")
            if hex { i += 1 }
            let digitsStart = i
            var value: UInt32 = 0
            while i < scalars.count, i - digitsStart < 8, let digit = Self.digit(scalars[i], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                i += 1
            }
            guard i > digitsStart, i < scalars.count, scalars[i] == ";" else { return nil }
            return (Self.characterReference(value), i + 1)
        }
        let nameStart = i
        while i < scalars.count, i - nameStart <= 10, isASCIILetter(scalars[i]) || ("0"..."9").contains(scalars[i]) { i += 1 }
        guard i > nameStart, i < scalars.count, scalars[i] == ";" else { return nil }
        var name = ""
        name.unicodeScalars.append(contentsOf: scalars[nameStart..<i])
        guard let scalar = HTMLEntities.scalar(named: Substring(name)) else { return nil }
        return (scalar, i + 1)
    }

    /// What a numeric reference means in HTML: 0x80…0x9F as windows-1252; a control character (which tallyd would
    /// refuse the whole item for) or nothing valid as U+FFFD.
    static func characterReference(_ value: UInt32) -> Unicode.Scalar {
        if (0x80...0x9F).contains(value), let scalar = Unicode.Scalar(FeedCharset.windows1252C1[Int(value - 0x80)]) {
            return scalar
        }
        let whitespace: Set<UInt32> = [0x09, 0x0A, 0x0D]
        guard value >= 0x20 && value != 0x7F || whitespace.contains(value), let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return scalar
    }

    private static func digit(_ scalar: Unicode.Scalar, hex: Bool) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f" where hex: scalar.value - 0x61 + 10
        case "A"..."F" where hex: scalar.value - 0x41 + 10
        default: nil
        }
    }

    private func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }

    private func matches(_ literal: String, at start: Int, caseInsensitive: Bool = false) -> Bool {
        var i = start
        for expected in literal.unicodeScalars {
            guard i < scalars.count else { return false }
            let actual = scalars[i]
            let same = caseInsensitive && ("A"..."Z").contains(actual) ? actual.value + 32 == expected.value : actual == expected
            guard same else { return false }
            i += 1
        }
        return true
    }

    /// The index where `literal` next starts (`literal` in lower case when `caseInsensitive`).
    private func find(_ literal: String, from start: Int, caseInsensitive: Bool = false) -> Int? {
        guard let first = literal.unicodeScalars.first else { return nil }
        var i = start
        while i < scalars.count {
            let s = scalars[i]
            if s == first || (caseInsensitive && s.value + 32 == first.value), matches(literal, at: i, caseInsensitive: caseInsensitive) {
                return i
            }
            i += 1
        }
        return nil
    }
}
