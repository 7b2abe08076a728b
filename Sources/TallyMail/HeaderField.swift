import Foundation

/// One header field as it goes on the wire: words laid out after `Name:`, folded before a word (CRLF and a
/// space) when the line would pass 78 characters.
///
/// Every word the field is given is printable ASCII and bounded (encoded-words are cut to fit 78 columns, other
/// words are short by construction or capped well below 998 octets by their caller), so no line passes 998 octets
/// and none but the field's first starts without whitespace: nothing in a value can start a header of its own.
struct HeaderField {
    /// RFC 5322 §2.1.1: lines should be at most 78 characters, without the line break.
    static let width = 78
    /// Where a word may end: one column is kept free for a `,` or `;` after it.
    static let wordEnd = width - 1
    /// The longest ASCII word written as it is, so that it fits a folded line; longer ones go as encoded-words.
    static let longestWord = wordEnd - 1
    /// The bytes of text one encoded-word holds at most: `=?UTF-8?B?` + 60 base64 characters + `?=` is 72, within
    /// RFC 2047's 75.
    static let encodedWordBytes = 45

    private(set) var lines: [String]
    private var wordsOnLine = 0

    init(name: String) {
        lines = [name + ":"]
    }

    /// The field with CRLF after each line.
    var bytes: [UInt8] {
        Array(lines.joined(separator: "\r\n").utf8) + [0x0D, 0x0A]
    }

    /// Adds ` word`, on a new line when it would not end by `wordEnd` on this one (unless the line has no word
    /// yet).
    mutating func append(_ word: String) {
        if wordsOnLine > 0 && lines[lines.count - 1].utf8.count + 1 + word.utf8.count > Self.wordEnd {
            lines.append("")
            wordsOnLine = 0
        }
        lines[lines.count - 1] += " " + word
        wordsOnLine += 1
    }

    /// Adds `text` as RFC 2047 encoded-words in UTF-8 and base64, each at most 75 characters. Decoders drop the
    /// whitespace between two encoded-words (RFC 2047 §6.2), so `text`'s own spaces are encoded.
    ///
    /// Words are cut after a space when one is in the word, else between grapheme clusters (between scalars only
    /// inside a cluster too long for a word): a reader that wrongly keeps the whitespace between encoded-words (as
    /// Python's address parser did, CPython gh-128110) then shows two spaces, not a space inside a word. With
    /// `fillLine` the first word is sized to what is left of the line; without it (display names) a name short
    /// enough for one word stays one word.
    mutating func appendEncoded(_ text: String, fillLine: Bool = true) {
        let room = Self.wordEnd - lines[lines.count - 1].utf8.count - 1 - 12
        var budget = fillLine ? min(room, 60) / 4 * 3 : Self.encodedWordBytes
        if budget < 6 { budget = Self.encodedWordBytes }
        var pending: [UInt8] = []
        var afterLastSpace = 0
        for character in text {
            let utf8 = Array(character.utf8)
            let pieces = utf8.count <= Self.encodedWordBytes ? [utf8] : character.unicodeScalars.map { Array(String($0).utf8) }
            for piece in pieces {
                while pending.count + piece.count > budget {
                    budget = Self.encodedWordBytes
                    guard !pending.isEmpty else { break }
                    let cut = afterLastSpace > 0 ? afterLastSpace : pending.count
                    append(Self.encodedWord(pending[..<cut]))
                    pending.removeFirst(cut)
                    afterLastSpace = 0
                }
                pending += piece
                if character == " " { afterLastSpace = pending.count }
            }
        }
        if !pending.isEmpty { append(Self.encodedWord(pending[...])) }
    }

    static func encodedWord(_ bytes: ArraySlice<UInt8>) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// Adds unstructured text (RFC 5322 §3.2.5): as it is when it is short ASCII words between single spaces,
    /// else all of it as encoded-words. Control characters must have been replaced before.
    mutating func appendUnstructured(_ text: String, longestWord: Int = Self.longestWord) {
        if Self.isPlain(text, longestWord: longestWord) {
            for word in text.split(separator: " ") { append(String(word)) }
        } else {
            appendEncoded(text)
        }
    }

    /// Adds a display name before an address: atoms as they are, a quoted string when it is short ASCII with
    /// specials, encoded-words otherwise.
    mutating func appendPhrase(_ name: String) {
        if Self.isPlain(name, longestWord: Self.longestWord) && name.allSatisfy({ $0 == " " || MailAddress.isAtext($0) }) {
            for word in name.split(separator: " ") { append(String(word)) }
        } else if name.utf8.count <= 60 && Self.isPlain(name, longestWord: 60) {
            append(MailAddress.phrase(name))
        } else {
            appendEncoded(name, fillLine: false)
        }
    }

    /// Whether `text` can go as it is: printable ASCII words of at most `longestWord` characters between single
    /// spaces, none of which could be read as an encoded-word.
    static func isPlain(_ text: String, longestWord: Int) -> Bool {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !text.contains("=?") else { return false }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        return words.allSatisfy { !$0.isEmpty && $0.utf8.count <= longestWord }
    }

    /// `text` with every control character replaced by a space, a CR LF pair by one: a header value is one line.
    static func singleLine(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n" && previous == "\r" { continue }
            result.append(MailAddress.isControl(scalar) ? " " : scalar)
        }
        return String(result)
    }

    /// Adds a MIME parameter (`name="value"` or RFC 2231's `name*=UTF-8''…`), with `;` before it.
    mutating func appendParameter(_ name: String, _ value: String) {
        appendSeparator(";")
        append(name + "=" + value)
    }

    /// Adds `separator` (`,` or `;`) right after the last word.
    mutating func appendSeparator(_ separator: String) {
        lines[lines.count - 1] += separator
    }

    /// Adds `name*=UTF-8''<percent-encoded value>` (RFC 2231), cut into `name*0*=`, `name*1*=`, … continuations
    /// between characters (between scalars inside a very long cluster) when it would not fit on a line.
    mutating func appendExtendedParameter(_ name: String, _ value: String) {
        let whole = value.map(Self.percentEncoded).joined()
        if name.utf8.count + 10 + whole.utf8.count <= Self.wordEnd - 1 {
            appendParameter(name + "*", "UTF-8''" + whole)
            return
        }
        var segments: [String] = []
        var current = "UTF-8''"
        var currentHasText = false
        for character in value {
            let encoded = Self.percentEncoded(character)
            let units = encoded.utf8.count <= 48 ? [encoded] : character.unicodeScalars.map { Self.percentEncoded(Character($0)) }
            for unit in units {
                let overhead = name.utf8.count + "*\(segments.count)*=".utf8.count
                if currentHasText && overhead + current.utf8.count + unit.utf8.count > Self.wordEnd - 1 {
                    segments.append(current)
                    current = ""
                }
                current += unit
                currentHasText = true
            }
        }
        segments.append(current)
        for (index, segment) in segments.enumerated() { appendParameter("\(name)*\(index)*", segment) }
    }

    /// RFC 2231 attribute-char kept, every other octet as `%XX`.
    static func percentEncoded(_ character: Character) -> String {
        var result = ""
        for byte in character.utf8 {
            let isAttributeChar = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || "!#$&+-.^_`|~".utf8.contains(byte)
            if isAttributeChar {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let digits = String(byte, radix: 16, uppercase: true)
                result += "%" + (digits.count == 1 ? "0" : "") + digits
            }
        }
        return result
    }
}
