/// Decides whether a feed item counts (SPEC §10): its title, summary or categories contain one of the feed's
/// `match` words and none of its `exclude` words, as whole words, in NFC, ignoring case.
///
/// A word is found where it stands between text edges or characters that are neither letters, marks nor
/// digits: "BÌNH DƯƠNG" and "«Bình Dương»" hold "Bình Dương", "Bình Dươngs" does not. A phrase of several
/// words matches across any run of whitespace (no-break spaces too). The words are folded once, here; each
/// item's text once per call, so one fetch of 10,000 items stays cheap.
public struct FeedMatcher: Sendable {
    /// One configured word as written, and its folded bytes.
    private struct Word: Sendable {
        var written: String
        var folded: [UInt8]
    }

    private let match: [Word]
    private let exclude: [Word]

    /// A matcher for a feed's `match` and `exclude` words; blank words are ignored, and a word repeated (after
    /// folding) is kept once, as first written.
    public init(match: [String], exclude: [String]) {
        self.match = Self.words(match)
        self.exclude = Self.words(exclude)
    }

    /// The matcher of `feed`.
    public init(_ feed: Feed) {
        self.init(match: feed.match, exclude: feed.exclude)
    }

    /// Nil when the item does not count; else the `match` words it holds, in the order they are configured
    /// (empty when there are no `match` words: then every item counts that holds no `exclude` word).
    public func matches(title: String, summary: String?, categories: [String]) -> [String]? {
        let texts = ([title] + (summary.map { [$0] } ?? []) + categories).map(Self.fold)
        func found(_ word: Word) -> Bool {
            texts.contains { Self.contains($0, word.folded) }
        }
        if exclude.contains(where: found) { return nil }
        guard !match.isEmpty else { return [] }
        let matched = match.filter(found).map(\.written)
        return matched.isEmpty ? nil : matched
    }

    /// Whether `item`'s title, summary or categories make it count.
    public func matches(_ item: FeedItem) -> [String]? {
        matches(title: item.title, summary: item.summary, categories: item.categories)
    }

    private static func words(_ written: [String]) -> [Word] {
        var seen = Set<[UInt8]>()
        return written.compactMap { text in
            let folded = fold(text)
            guard !folded.isEmpty, seen.insert(folded).inserted else { return nil }
            return Word(written: text, folded: folded)
        }
    }

    /// `word` as matching compares it (see ``fold(_:)``): two words the same here match the same items.
    public static func comparable(_ word: String) -> String { String(decoding: fold(word), as: UTF8.self) }

    /// The UTF-8 of `text` as words are compared: NFC, lower-cased, every run of whitespace one space, none at
    /// either end.
    static func fold(_ text: String) -> [UInt8] {
        let lowered = Array(text.nfc.lowercased().nfc.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(lowered.count)
        var pendingSpace = false
        var index = 0
        while index < lowered.count {
            let width = whitespaceWidth(lowered, at: index)
            if width > 0 {
                pendingSpace = !result.isEmpty
                index += width
                continue
            }
            if pendingSpace {
                result.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            result.append(lowered[index])
            index += 1
        }
        return result
    }

    /// The length in bytes of the White_Space scalar starting at `index`, else 0. By byte, as folding runs over
    /// every item's text: tab to carriage return, space, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
    /// U+202F, U+205F, U+3000.
    private static func whitespaceWidth(_ bytes: [UInt8], at index: Int) -> Int {
        let byte = bytes[index]
        switch byte {
        case 0x09...0x0D, 0x20:
            return 1
        case 0xC2:
            guard index + 1 < bytes.count else { return 0 }
            return bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0 ? 2 : 0
        case 0xE1, 0xE2, 0xE3:
            guard index + 2 < bytes.count else { return 0 }
            let (second, third) = (bytes[index + 1], bytes[index + 2])
            let isWhitespace =
                switch byte {
                case 0xE1: second == 0x9A && third == 0x80
                case 0xE2: second == 0x80 && ((0x80...0x8A).contains(third) || [0xA8, 0xA9, 0xAF].contains(third)) || second == 0x81 && third == 0x9F
                default: second == 0x80 && third == 0x80
                }
            return isWhitespace ? 3 : 0
        default:
            return 0
        }
    }

    /// Whether `word` occurs in `text` between word boundaries. Both are folded, so a byte match is a match of
    /// whole scalars (UTF-8 is self-synchronizing) and only the scalars either side need a look.
    static func contains(_ text: [UInt8], _ word: [UInt8]) -> Bool {
        guard let first = word.first, word.count <= text.count else { return false }
        var start = 0
        let last = text.count - word.count
        while start <= last {
            guard let candidate = text[start...last].firstIndex(of: first) else { return false }
            if text[candidate..<(candidate + word.count)].elementsEqual(word),
                isBoundary(before: candidate, in: text), isBoundary(after: candidate + word.count, in: text)
            {
                return true
            }
            start = candidate + 1
        }
        return false
    }

    /// Whether the scalar ending just before `index` (if any) is no letter, mark or digit.
    private static func isBoundary(before index: Int, in text: [UInt8]) -> Bool {
        guard index > 0 else { return true }
        var start = index - 1
        while start > 0, text[start] & 0xC0 == 0x80 { start -= 1 }
        return !isWordScalar(text[start..<index])
    }

    /// Whether the scalar starting at `index` (if any) is no letter, mark or digit.
    private static func isBoundary(after index: Int, in text: [UInt8]) -> Bool {
        guard index < text.count else { return true }
        var end = index + 1
        while end < text.count, text[end] & 0xC0 == 0x80 { end += 1 }
        return !isWordScalar(text[index..<end])
    }

    private static func isWordScalar(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.count == 1, let byte = bytes.first {
            return ASCIIClass.lowercase.contains(byte) || ASCIIClass.uppercase.contains(byte) || ASCIIClass.digit.contains(byte)
        }
        guard let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
