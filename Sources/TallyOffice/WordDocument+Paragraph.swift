extension WordDocument {
    /// A paragraph: runs of text in one alignment.
    public struct Paragraph: Sendable, Hashable {
        /// The text, in runs that each have one formatting.
        public var runs: [Run]
        /// Where the lines sit between the margins (or a table cell's edges).
        public var alignment: Alignment
        /// The space below the paragraph.
        public var spacingAfter: Length
        /// Whether the paragraph stays on the page of the next one, as a heading stays with its table.
        public var keepWithNext: Bool

        /// A paragraph of `runs`.
        public init(runs: [Run], alignment: Alignment = .left, spacingAfter: Length = .zero, keepWithNext: Bool = false) {
            self.runs = runs
            self.alignment = alignment
            self.spacingAfter = spacingAfter
            self.keepWithNext = keepWithNext
        }

        /// A paragraph of one run of `text`; empty text gives an empty paragraph (an empty line).
        public init(
            _ text: String, bold: Bool = false, italic: Bool = false, size: Double? = nil, alignment: Alignment = .left,
            spacingAfter: Length = .zero, keepWithNext: Bool = false
        ) {
            self.init(
                runs: text.isEmpty ? [] : [Run(text, bold: bold, italic: italic, size: size)], alignment: alignment,
                spacingAfter: spacingAfter, keepWithNext: keepWithNext)
        }
    }

    /// Text in one formatting.
    public struct Run: Sendable, Hashable {
        /// The text; a line break (LF, CR or CR LF) breaks the line, a tab moves to the next tab stop.
        public var text: String
        /// Whether it is bold.
        public var bold: Bool
        /// Whether it is italic.
        public var italic: Bool
        /// The size in points (1 to 409 in steps of 0.5); nil for the document font's.
        public var size: Double?

        /// A run of `text`.
        public init(_ text: String, bold: Bool = false, italic: Bool = false, size: Double? = nil) {
            self.text = text
            self.bold = bold
            self.italic = italic
            self.size = size
        }
    }

    /// Where a paragraph's lines sit.
    public enum Alignment: String, Sendable, Hashable {
        /// Flush left, ragged right.
        case left
        /// Centred.
        case center
        /// Flush right, as numbers in a column.
        case right
        /// Flush on both sides, the last line flush left.
        case justify = "both"
    }
}

extension WordDocument.Paragraph {
    /// `<w:p>`, with only what differs from the document's defaults.
    func write(to xml: inout XMLWriter) throws {
        let spacing = try spacingAfter.twips("spacing after a paragraph")
        try xml.element("w:p") { xml in
            if keepWithNext || spacing != 0 || alignment != .left {
                xml.element("w:pPr") { xml in
                    if keepWithNext { xml.empty("w:keepNext") }
                    if spacing != 0 { xml.empty("w:spacing", ["w:after": String(spacing)]) }
                    if alignment != .left { xml.empty("w:jc", ["w:val": alignment.rawValue]) }
                }
            }
            for run in runs where !run.text.isEmpty {
                try run.write(to: &xml)
            }
        }
    }
}

extension WordDocument.Run {
    /// `<w:r>`: its formatting, then the text in pieces between `<w:br/>` and `<w:tab/>`.
    func write(to xml: inout XMLWriter) throws {
        if let size { try Font.validate(size: size) }
        xml.element("w:r") { xml in
            if bold || italic || size != nil {
                xml.element("w:rPr") { xml in
                    if bold {
                        xml.empty("w:b")
                        xml.empty("w:bCs")
                    }
                    if italic {
                        xml.empty("w:i")
                        xml.empty("w:iCs")
                    }
                    if let size {
                        let halfPoints = String(Font.halfPoints(size))
                        xml.empty("w:sz", ["w:val": halfPoints])
                        xml.empty("w:szCs", ["w:val": halfPoints])
                    }
                }
            }
            var piece = ""
            func flush(_ xml: inout XMLWriter) {
                guard !piece.isEmpty else { return }
                xml.element("w:t", ["xml:space": "preserve"], text: piece)
                piece = ""
            }
            var afterCR = false
            for scalar in text.unicodeScalars {
                defer { afterCR = scalar == "\r" }
                switch scalar {
                case "\n" where afterCR:
                    continue
                case "\r", "\n":
                    flush(&xml)
                    xml.empty("w:br")
                case "\t":
                    flush(&xml)
                    xml.empty("w:tab")
                default:
                    piece.unicodeScalars.append(scalar)
                }
            }
            flush(&xml)
        }
    }
}
