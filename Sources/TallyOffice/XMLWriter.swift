import Foundation

/// An XML part written in document order: the one place where text becomes markup.
///
/// Element and attribute names are the writer's own literals; every value and every text passes through
/// `escaped(_:inAttribute:)`, which no input can break out of.
struct XMLWriter {
    /// The part so far, beginning with the XML declaration every Office part carries.
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"

    /// `<name attributes>`, the content written by `content`, `</name>`. Attributes whose value is nil are left out.
    mutating func element(
        _ name: String, _ attributes: KeyValuePairs<String, String?> = [:], content: (inout XMLWriter) throws -> Void
    ) rethrows {
        open(name, attributes)
        text += ">"
        try content(&self)
        text += "</\(name)>"
    }

    /// `<name attributes>text</name>`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text value: String) {
        open(name, attributes)
        text += ">"
        text += Self.escaped(value, inAttribute: false)
        text += "</\(name)>"
    }

    /// `<name attributes/>`.
    mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        open(name, attributes)
        text += "/>"
    }

    private mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?>) {
        text += "<"
        text += name
        for case let (key, value?) in attributes {
            text += " \(key)=\""
            text += Self.escaped(value, inAttribute: true)
            text += "\""
        }
    }

    /// `text` as XML 1.0 character data, in NFC: `& < > " '` as entities, CR as a character reference (a parser
    /// would turn a literal one into LF), and in attribute values tab and LF too (a parser would turn them into
    /// spaces). Characters XML 1.0 cannot hold at all (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+FFFE,
    /// U+FFFF) are left out: no reference can carry them, and they mean nothing in a document.
    static func escaped(_ text: String, inAttribute: Bool) -> String {
        // Most values are plain ASCII with nothing to escape, and plain ASCII is already NFC.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && !Self.markupBytes.contains($0) }) { return text }
        // Removed before composing, so that what they separated composes too.
        let allowed = String(String.UnicodeScalarView(text.unicodeScalars.filter(Self.isXMLCharacter)))
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in allowed.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            case "\n" where inAttribute: result += "&#10;"
            case "\t" where inAttribute: result += "&#9;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether XML 1.0 can hold `scalar` (its production `Char`; Swift strings hold no surrogates).
    private static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 ? scalar.value != 0xFFFE && scalar.value != 0xFFFF : ["\t", "\n", "\r"].contains(scalar)
    }

    private static let markupBytes: Set<UInt8> = Set("&<>\"'".utf8)
}
