/// libxml2's error numbers (`xmlParserErrors`, which FoundationXML passes on as the `NSError` code), read as what
/// they mean for a feed. FoundationXML parses in recovery mode and reports every problem the same way, so which
/// ones are fatal is decided here.
enum FeedXMLError {
    /// Problems mature readers live with: an undeclared namespace prefix (200…299), an undeclared entity (26, 27:
    /// `&nbsp;` written in XML, whose HTML meaning the reader supplies), and libxml2's warnings.
    static func isTolerated(_ code: Int) -> Bool {
        switch code {
        case 26, 27, 93, 96, 97, 98, 99, 100, 101, 102: true
        case 200..<300: true
        default: false
        }
    }

    /// Problems libxml2 reports when the input stops in the middle of something.
    static func meansEndOfInput(_ code: Int) -> Bool {
        switch code {
        case 4, 5, 10, 14, 33, 34, 37, 39, 40, 41, 43, 44, 45, 46, 47, 57, 61, 62, 63, 65, 68, 72, 73, 74, 77: true
        default: false
        }
    }

    /// What went wrong, in words.
    static func phrase(_ code: Int) -> String {
        switch code {
        case 4: "the document is empty"
        case 5: "content follows the end of the document"
        case 6, 7, 8: "a character reference names no character"
        case 9: "a character XML does not allow"
        case 22, 23: "an & that starts no entity (write &amp;)"
        case 38: "a < inside an attribute value"
        case 39, 40, 41, 43, 44: "an attribute value is not quoted or not closed"
        case 42: "an attribute appears twice"
        case 45: "a comment is not closed"
        case 63: "a CDATA section is not closed"
        case 64: "an XML declaration where it is not allowed"
        case 68: "a name was expected"
        case 73: "a tag is not closed with >"
        case 76: "an end tag does not match its start tag"
        case 85: "elements are not properly nested"
        case 88, 89: "entity references loop or expand too far"
        default: "libxml2 error \(code)"
        }
    }
}
