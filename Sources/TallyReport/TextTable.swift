import Foundation

/// The number of terminal columns `text` takes, measured after NFC normalisation.
///
/// Per grapheme cluster: 2 when it holds an East Asian Wide or Fullwidth character or an emoji
/// shown as emoji (`Emoji_Presentation`, or a base followed by U+FE0F); 0 when it is only
/// combining marks, format or control characters; else 1. So Vietnamese measures the same in NFC
/// and NFD, and CJK and emoji take two columns, as terminals draw them.
public func displayWidth(_ text: String) -> Int {
    text.precomposedStringWithCanonicalMapping.reduce(0) { $0 + displayWidth(of: $1) }
}

/// The terminal columns of one grapheme cluster (see ``displayWidth(_:)``).
public func displayWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let base = scalars.first else { return 0 }
    if scalars.contains(where: { EastAsianWidth.isWide($0) || $0.properties.isEmojiPresentation }) { return 2 }
    if base.properties.isEmoji, scalars.contains("\u{FE0F}") { return 2 }
    return EastAsianWidth.isZeroWidth(base) ? 0 : 1
}

/// `text` cut to at most `width` columns, ending in "…" when something was cut.
public func truncated(_ text: String, toWidth width: Int) -> String {
    let normalized = text.precomposedStringWithCanonicalMapping
    guard width > 0 else { return "" }
    guard displayWidth(normalized) > width else { return normalized }
    var result = ""
    var used = 0
    for character in normalized {
        let columns = displayWidth(of: character)
        if used + columns > width - 1 { break }
        result.append(character)
        used += columns
    }
    return result + "…"
}

/// `text` followed by spaces up to `width` columns (or preceded, for `.right`).
public func padded(_ text: String, toWidth width: Int, alignment: TextTable.Alignment = .left) -> String {
    let gap = String(repeating: " ", count: max(0, width - displayWidth(text)))
    return alignment == .left ? text + gap : gap + text
}

/// A table of text aligned by terminal display width, optionally coloured and fitted to a width.
///
/// Columns are separated by two spaces. When the table is wider than `maximumWidth`, the flexible
/// column (by default the last) shrinks, its cells ending in "…"; lines that still do not fit
/// are cut. Colour is applied after padding, so escape codes never disturb the alignment.
public struct TextTable: Sendable {
    /// How a column's cells sit in their width.
    public enum Alignment: Sendable, Equatable {
        case left, right
    }

    /// A terminal text style (SGR), applied only when colour is on.
    public enum Style: Sendable, Equatable {
        case red, green, yellow, blue, grey, bold

        /// The SGR parameter.
        var code: String {
            switch self {
            case .red: "31"
            case .green: "32"
            case .yellow: "33"
            case .blue: "34"
            case .grey: "90"
            case .bold: "1"
            }
        }

        /// `text` wrapped in this style's escape codes.
        public func apply(to text: String) -> String {
            "\u{1B}[\(code)m\(text)\u{1B}[0m"
        }
    }

    /// One cell: its text and an optional style.
    public struct Cell: Sendable, Equatable, ExpressibleByStringLiteral {
        public var text: String
        public var style: Style?

        /// A cell showing `text` in `style`.
        public init(_ text: String, style: Style? = nil) {
            self.text = text
            self.style = style
        }

        /// A plain cell.
        public init(stringLiteral value: String) {
            self.init(value)
        }
    }

    /// A column: its header and alignment.
    public struct Column: Sendable, Equatable {
        public var header: String
        public var alignment: Alignment

        /// A column headed `header`.
        public init(_ header: String, alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[Cell]] = []
    /// Whether the header line is printed.
    public var showsHeader = true
    /// Spaces before every line.
    public var indent = 0
    /// The column that shrinks to fit; nil means the last.
    public var flexibleColumn: Int?

    /// An empty table with these columns.
    public init(columns: [Column], indent: Int = 0) {
        self.columns = columns
        self.indent = indent
    }

    /// Adds a row; missing cells are empty, extra cells are dropped.
    public mutating func append(_ row: [Cell]) {
        rows.append(row)
    }

    /// The table as lines, without line ends.
    public func render(colour: Bool = false, maximumWidth: Int? = nil) -> [String] {
        let count = columns.count
        guard count > 0 else { return [] }
        let cells: [[Cell]] = rows.map { row in
            (0..<count).map { index in
                index < row.count ? Cell(row[index].text.precomposedStringWithCanonicalMapping, style: row[index].style) : Cell("")
            }
        }
        var widths = columns.map { showsHeader ? displayWidth($0.header) : 0 }
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], displayWidth(cell.text)) }
        }
        let flexible = min(max(flexibleColumn ?? count - 1, 0), count - 1)
        if let maximumWidth {
            let total = indent + widths.reduce(0, +) + 2 * (count - 1)
            if total > maximumWidth {
                widths[flexible] = max(1, widths[flexible] - (total - maximumWidth))
            }
        }
        var lines: [String] = []
        if showsHeader {
            let header = columns.map { Cell($0.header, style: .bold) }
            lines.append(line(header, widths: widths, flexible: flexible, colour: colour, maximumWidth: maximumWidth))
        }
        for row in cells {
            lines.append(line(row, widths: widths, flexible: flexible, colour: colour, maximumWidth: maximumWidth))
        }
        return lines
    }

    private func line(_ row: [Cell], widths: [Int], flexible: Int, colour: Bool, maximumWidth: Int?) -> String {
        var plain: [String] = []
        var styled: [String] = []
        for (index, cell) in row.enumerated() {
            let text = index == flexible ? truncated(cell.text, toWidth: widths[index]) : cell.text
            let isLast = index == row.count - 1
            let alignment = columns[index].alignment
            // The last left-aligned cell is not padded: no trailing spaces.
            let cellText = isLast && alignment == .left ? text : padded(text, toWidth: widths[index], alignment: alignment)
            plain.append(cellText)
            if colour, let style = cell.style, !text.isEmpty {
                let gap = String(repeating: " ", count: displayWidth(cellText) - displayWidth(text))
                styled.append(alignment == .left ? style.apply(to: text) + gap : gap + style.apply(to: text))
            } else {
                styled.append(cellText)
            }
        }
        let prefix = String(repeating: " ", count: indent)
        let plainLine = prefix + plain.joined(separator: "  ")
        if let maximumWidth, displayWidth(plainLine) > maximumWidth {
            return truncated(trimmedTrailingSpaces(plainLine), toWidth: maximumWidth)
        }
        return trimmedTrailingSpaces(prefix + styled.joined(separator: "  "))
    }
}

private func trimmedTrailingSpaces(_ text: String) -> String {
    var result = text
    while result.last == " " { result.removeLast() }
    return result
}
