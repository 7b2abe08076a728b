import Foundation

/// A WordprocessingML document (.docx) on A4 portrait pages: paragraphs, tables and page breaks in one font
/// and language, optionally numbered in the footer.
///
/// `data()` gives the same bytes for the same value: nothing is read from a clock or the environment.
public struct WordDocument: Sendable, Hashable {
    /// The title, creator and time (also the time of every file in the package).
    public var properties: DocumentProperties
    /// The content, in order.
    public var body: [Block]
    /// The page margins.
    public var margins: Margins
    /// The font of every run that does not set its own size.
    public var font: Font
    /// The language of the text, a BCP 47 tag such as "vi-VN": spelling and hyphenation follow it.
    public var language: String
    /// Whether the footer shows the page number, centred.
    public var pageNumbers: Bool

    /// A document of `body`, by default in Times New Roman 13 pt, in Vietnamese, unnumbered.
    public init(
        properties: DocumentProperties, body: [Block], margins: Margins = Margins(), font: Font = .timesNewRoman(13),
        language: String = "vi-VN", pageNumbers: Bool = false
    ) {
        self.properties = properties
        self.body = body
        self.margins = margins
        self.font = font
        self.language = language
        self.pageNumbers = pageNumbers
    }

    /// One piece of the body.
    public enum Block: Sendable, Hashable {
        /// A paragraph.
        case paragraph(Paragraph)
        /// A table.
        case table(Table)
        /// The end of the page: what follows starts a new one.
        case pageBreak
    }

    /// The .docx bytes: [Content_Types].xml, the relationships, docProps/core.xml and app.xml, word/document.xml,
    /// word/styles.xml and, with `pageNumbers`, word/footer1.xml.
    public func data() throws -> Data {
        try font.validate()
        try Self.validate(language: language)
        var parts = [OfficePackage.Part(name: "word/styles.xml", contentType: OfficePackage.ContentType.wordStyles, xml: stylesXML)]
        var relationships = [(type: OfficePackage.RelationshipType.styles, target: "styles.xml")]
        if pageNumbers {
            parts.append(.init(name: "word/footer1.xml", contentType: OfficePackage.ContentType.wordFooter, xml: Self.footerXML))
            relationships.append((OfficePackage.RelationshipType.footer, "footer1.xml"))
        }
        parts.insert(.init(
            name: "word/_rels/document.xml.rels", contentType: OfficePackage.ContentType.relationships,
            xml: OfficePackage.relationships(relationships)), at: 0)
        let main = OfficePackage.Part(name: "word/document.xml", contentType: OfficePackage.ContentType.wordDocument, xml: try documentXML())
        return try OfficePackage(main: main, parts: parts, properties: properties, language: language).data()
    }

    /// Writes the .docx to `path`, replacing what is there.
    public func write(to path: String) throws {
        try writeDocument(data(), to: path)
    }

    /// Throws unless `tag` looks like a BCP 47 language tag: a language of 2 to 8 letters, then subtags of 1 to 8
    /// letters or digits after hyphens.
    static func validate(language tag: String) throws {
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        let valid = subtags.enumerated().allSatisfy { index, subtag in
            (index == 0 ? 2...8 : 1...8).contains(subtag.count)
                && subtag.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || (index > 0 && ("0"..."9").contains($0))) }
        }
        guard valid else { throw OfficeError(.language(tag)) }
    }
}

extension WordDocument {
    /// A length on the page, held in points.
    public struct Length: Sendable, Hashable {
        /// The length in points (1/72 inch).
        public var points: Double

        /// A length of `points` points.
        public init(points: Double) {
            self.points = points
        }

        /// A length in points (1/72 inch).
        public static func points(_ value: Double) -> Length { Length(points: value) }
        /// A length in millimetres.
        public static func millimetres(_ value: Double) -> Length { Length(points: value * 72 / 25.4) }
        /// No length.
        public static let zero = Length(points: 0)

        /// The length in twentieths of a point (WordprocessingML's twips); throws, naming it `what`, when it is
        /// negative, not finite or over 1584 pt (22 inches, Word's largest page).
        func twips(_ what: String) throws -> Int {
            guard points.isFinite, (0...1584).contains(points) else {
                throw OfficeError(.length(what, points, maximum: 1584))
            }
            return Int((points * 20).rounded())
        }
    }

    /// The white space around the text of every page.
    public struct Margins: Sendable, Hashable {
        /// Above the text.
        public var top: Length
        /// Right of the text.
        public var right: Length
        /// Below the text (the footer sits inside it).
        public var bottom: Length
        /// Left of the text.
        public var left: Length

        /// Margins by default those of Vietnamese administrative documents (Decree 30/2020/NĐ-CP): 20 mm above and
        /// below, 30 mm left, 15 mm right.
        public init(
            top: Length = .millimetres(20), right: Length = .millimetres(15), bottom: Length = .millimetres(20),
            left: Length = .millimetres(30)
        ) {
            self.top = top
            self.right = right
            self.bottom = bottom
            self.left = left
        }
    }
}
