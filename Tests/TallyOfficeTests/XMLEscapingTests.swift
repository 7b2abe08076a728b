import Foundation
import FoundationXML
import TallyTesting
import Testing

@testable import TallyOffice

@Suite struct XMLEscapingTests {
    @Test(arguments: [
        ("plain ASCII", "plain ASCII", "plain ASCII"),
        ("a & b < c > d", "a &amp; b &lt; c &gt; d", "a &amp; b &lt; c &gt; d"),
        ("\"double\" 'single'", "&quot;double&quot; &apos;single&apos;", "&quot;double&quot; &apos;single&apos;"),
        ("&amp; stays text", "&amp;amp; stays text", "&amp;amp; stays text"),
        ("]]> and <![CDATA[", "]]&gt; and &lt;![CDATA[", "]]&gt; and &lt;![CDATA["),
        ("tab\tline\nreturn\rend", "tab\tline\nreturn&#13;end", "tab&#9;line&#10;return&#13;end"),
        ("\u{0}\u{1}\u{8}nul\u{B}\u{C}\u{E}\u{1F}", "nul", "nul"),
        ("\u{FFFE}\u{FFFF}\u{FFFD}", "\u{FFFD}", "\u{FFFD}"),
        ("\u{7F}\u{85}\u{D7FF}\u{E000}\u{10FFFF}", "\u{7F}\u{85}\u{D7FF}\u{E000}\u{10FFFF}", "\u{7F}\u{85}\u{D7FF}\u{E000}\u{10FFFF}"),
        ("Độc lập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
        ("", "", ""),
    ])
    func escapesMarkupAndDropsWhatXMLCannotHold(_ input: String, _ content: String, _ attribute: String) {
        #expect(Array(XMLWriter.escaped(input, inAttribute: false).unicodeScalars) == Array(content.unicodeScalars))
        #expect(Array(XMLWriter.escaped(input, inAttribute: true).unicodeScalars) == Array(attribute.unicodeScalars))
    }

    @Test func vietnameseComesOutInNFC() {
        let decomposed = "CO\u{302}\u{323}NG HO\u{300}A XA\u{303} HO\u{302}\u{323}I"
        let escaped = XMLWriter.escaped(decomposed, inAttribute: false)
        #expect(Array(escaped.unicodeScalars) == Array("CỘNG HÒA XÃ HỘI".unicodeScalars))
        #expect(escaped.unicodeScalars.count == 15)
    }

    /// Every hostile text, in content and in an attribute, leaves the part well-formed and reads back as itself
    /// less what XML 1.0 cannot hold.
    @Test func hostileTextCannotBreakThePart() throws {
        var generator = SeededGenerator(state: 1_048_576)
        let alphabet: [Unicode.Scalar] = ["<", ">", "&", "\"", "'", ";", "#", "]", "!", "-", "\0", "\u{1}", "\u{B}", "\t",
                                          "\n", "\r", " ", "a", "ộ", "\u{300}", "\u{FFFE}", "\u{FFFF}", "\u{1F1FB}", "\u{85}"]
        for _ in 0..<500 {
            let text = String(String.UnicodeScalarView((0..<Int.random(in: 0...40, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator) ?? "a"
            }))
            var xml = XMLWriter()
            xml.element("root", ["value": text]) { xml in xml.element("t", text: text) }
            let reader = AttributeAndText(xml.text)
            #expect(reader.parsed, "\(text.debugDescription) → \(xml.text)")
            let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter {
                $0.value >= 0x20 ? $0.value != 0xFFFE && $0.value != 0xFFFF : ["\t", "\n", "\r"].contains($0)
            }))
            let expected = Array(kept.precomposedStringWithCanonicalMapping.unicodeScalars)
            #expect(Array(reader.attribute.unicodeScalars) == expected, "\(text.debugDescription)")
            #expect(Array(reader.text.unicodeScalars) == expected, "\(text.debugDescription)")
        }
    }
}

/// The `value` attribute of the root and the text of its `t`, as libxml2 reads them.
private final class AttributeAndText: NSObject, XMLParserDelegate {
    var attribute = ""
    var text = ""
    var parsed = false

    init(_ xml: String) {
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        parsed = parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "root" { attribute = attributes["value"] ?? "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}
