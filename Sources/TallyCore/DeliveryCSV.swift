/// The CSV import/export format of SPEC §2.
///
/// RFC 4180 with the leniencies people's spreadsheets need: an optional UTF-8 BOM, CRLF or LF line
/// ends, quoted fields holding commas, quotes (`""`) and newlines.
public enum DeliveryCSV {
    /// The columns, in export order.
    public static let columns = ["agreement", "published", "kind", "language", "outlet", "title", "url", "tags", "count", "id"]

    /// One data row: its first line number in the file (the header is line 1) and its fields by column.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String: String]

        public init(line: Int, fields: [String: String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// A problem that stops the whole file from being read.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Splits CSV text into records of fields, each with the line it starts on.
    public static func records(_ text: String) throws(FormatError) -> [(line: Int, fields: [String])] {
        var text = text
        var reader = RecordReader()
        var records = try text.withUTF8 { bytes in
            Result { () throws(FormatError) in try reader.read(bytes) }
        }.get()
        records += try reader.finish()
        return records
    }

    /// CSV records read a part of the file at a time, with the same fields and line numbers as reading the whole file
    /// at once: a file of millions of rows is imported without being held (`tallyctl import` reads 1 MiB at a time).
    ///
    /// Parts may end anywhere, within a field, a quoted field, a CRLF or the BOM. Every byte that matters here is
    /// ASCII, and in UTF-8 an ASCII byte is never part of another scalar: reading bytes finds the same fields as
    /// reading scalars, many times faster. (Whether the bytes are UTF-8 is the caller's to check.)
    public struct RecordReader {
        private var fields: [String] = []
        private var field: [UInt8] = []
        private var inQuotes = false
        private var afterQuote = false
        /// A quote within quotes ended the last part: the next byte says whether it closes the field or is doubled.
        private var quoteAtEnd = false
        /// A CR ended the last part's record: an LF starting the next part belongs to it.
        private var crAtEnd = false
        /// How many bytes of a BOM the file started with so far; nil once past it.
        private var bomRead: Int? = 0
        private var line = 1
        private var recordLine = 1

        public init() {
            field.reserveCapacity(256)
        }

        private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

        /// The records `bytes`, the next part of the file, completes.
        public mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(FormatError) -> [(line: Int, fields: [String])] {
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
            var records: [(line: Int, fields: [String])] = []
            var i = 0
            if let matched = bomRead {
                // The BOM may be cut between parts: its bytes are held back until it is whole, or is not a BOM.
                while i < bytes.count, matched + i < Self.bom.count, bytes[i] == Self.bom[matched + i] { i += 1 }
                if matched + i == Self.bom.count {
                    bomRead = nil
                } else if i == bytes.count {
                    bomRead = matched + i
                    return []
                } else {
                    bomRead = nil
                    // Not a BOM after all: the bytes matched are the file's first, read as any others, and so are
                    // the rest of this part's (from its start, since they were not part of a BOM either).
                    var whole = Array(Self.bom[0..<matched])
                    whole += UnsafeBufferPointer(rebasing: bytes[0...])
                    return try readWhole(whole)
                }
            }
            if crAtEnd, i < bytes.count {
                crAtEnd = false
                if bytes[i] == lf { i += 1 }
            }
            if quoteAtEnd, i < bytes.count {
                quoteAtEnd = false
                if bytes[i] == quote {
                    field.append(quote)
                    i += 1
                } else {
                    inQuotes = false
                    afterQuote = true
                }
            }
            while i < bytes.count {
                let c = bytes[i]
                i += 1
                if inQuotes {
                    if c == quote {
                        if i == bytes.count {
                            quoteAtEnd = true
                        } else if bytes[i] == quote {
                            field.append(quote)
                            i += 1
                        } else {
                            inQuotes = false
                            afterQuote = true
                        }
                    } else {
                        if c == lf { line += 1 }
                        field.append(c)
                    }
                    continue
                }
                switch c {
                case comma:
                    endField()
                    afterQuote = false
                case cr, lf:
                    if c == cr {
                        if i == bytes.count {
                            crAtEnd = true
                        } else if bytes[i] == lf {
                            i += 1
                        }
                    }
                    endRecord(into: &records)
                    afterQuote = false
                    line += 1
                    recordLine = line
                case quote:
                    guard field.isEmpty, !afterQuote else {
                        throw FormatError(line: line, message: "a quote inside an unquoted field; quote the whole field and double the quote (\"\")")
                    }
                    inQuotes = true
                default:
                    guard !afterQuote else {
                        throw FormatError(line: line, message: "text after a closing quote; a quoted field must end at a comma or the end of the line")
                    }
                    field.append(c)
                }
            }
            return records
        }

        /// The end of the file: its last record, if no line end closed it.
        public mutating func finish() throws(FormatError) -> [(line: Int, fields: [String])] {
            var records: [(line: Int, fields: [String])] = []
            if let matched = bomRead, matched > 0 {
                // A file shorter than a BOM that began like one.
                bomRead = nil
                records += try readWhole(Array(Self.bom[0..<matched]))
            }
            if quoteAtEnd {
                quoteAtEnd = false
                inQuotes = false
                afterQuote = true
            }
            if inQuotes { throw FormatError(line: recordLine, message: "a quoted field is never closed") }
            if !field.isEmpty || !fields.isEmpty { endRecord(into: &records) }
            return records
        }

        /// `read` of bytes held in an array, past any BOM check.
        private mutating func readWhole(_ bytes: [UInt8]) throws(FormatError) -> [(line: Int, fields: [String])] {
            try bytes.withUnsafeBufferPointer { bytes in
                Result { () throws(FormatError) in try self.read(bytes) }
            }.get()
        }

        private mutating func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }

        private mutating func endRecord(into records: inout [(line: Int, fields: [String])]) {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
        }
    }

    /// Parses a whole file into rows by column name. The header must name known columns only, once each.
    public static func parse(_ text: String, agreementGiven: Bool = false) throws(FormatError) -> [Row] {
        let table = try table(text, agreementGiven: agreementGiven)
        return table.records.map { Row(line: $0.line, fields: Dictionary(uniqueKeysWithValues: zip(table.columns, $0.fields))) }
    }

    /// A whole file as its header's column names and its data records, each with as many fields as there are
    /// columns: what `parse` checks, without a dictionary per row. The header must name known columns only, once each.
    public static func table(_ text: String, agreementGiven: Bool = false) throws(FormatError)
        -> (columns: [String], records: [(line: Int, fields: [String])])
    {
        var records = try records(text)
        guard let header = records.first else { throw emptyFile }
        let names = try columns(ofHeader: header, agreementGiven: agreementGiven)
        records.removeFirst()
        for record in records { try checkWidth(of: record, columns: names) }
        return (names, records)
    }

    /// What a file without even a header row is told.
    public static let emptyFile = FormatError(
        line: 1, message: "the file is empty; expected a header row such as \(columns.joined(separator: ","))")

    /// The column names of a header record: known columns only, once each, with `published`, `kind` and (unless
    /// `agreementGiven`) `agreement` among them.
    public static func columns(ofHeader header: (line: Int, fields: [String]), agreementGiven: Bool) throws(FormatError)
        -> [String]
    {
        let names = header.fields.map { $0.trimmingWhitespace().lowercased() }
        var seen = Set<String>()
        for name in names {
            guard columns.contains(name) else {
                throw FormatError(line: header.line, message: "unknown column \"\(name)\"; columns are \(columns.joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else {
                throw FormatError(line: header.line, message: "column \"\(name)\" appears twice")
            }
        }
        for required in ["published", "kind"] where !seen.contains(required) {
            throw FormatError(line: header.line, message: "the header has no \"\(required)\" column")
        }
        if !agreementGiven, !seen.contains("agreement") {
            throw FormatError(line: header.line, message: "the header has no \"agreement\" column; add one or give --agreement")
        }
        return names
    }

    /// A data record must have as many fields as the header has columns.
    public static func checkWidth(of record: (line: Int, fields: [String]), columns: [String]) throws(FormatError) {
        guard record.fields.count == columns.count else {
            throw FormatError(line: record.line, message: "\(record.fields.count) fields where the header has \(columns.count)")
        }
    }

    /// Turns one row's fields into a delivery, or explains what is wrong with it.
    public static func delivery(from fields: [String: String], defaultAgreement: String? = nil) throws(InvalidField) -> Delivery {
        try delivery(defaultAgreement: defaultAgreement) { fields[$0] }
    }

    /// Turns one row's fields, looked up by column name, into a delivery, or explains what is wrong with it.
    public static func delivery(defaultAgreement: String? = nil, field: (String) -> String?) throws(InvalidField) -> Delivery {
        func value(_ key: String) -> String? {
            guard let raw = field(key)?.trimmingWhitespace(), !raw.isEmpty else { return nil }
            return raw
        }
        guard let agreement = value("agreement") ?? defaultAgreement else {
            throw InvalidField(field: "agreement", reason: "no agreement given; fill the agreement column or pass --agreement")
        }
        guard let publishedText = value("published") else {
            throw InvalidField(field: "published", reason: "no publication date; write it as 2024-05-15, 15/05/2024 or 2024-05-15T09:30")
        }
        guard let published = PublicationTime(parsing: publishedText) else {
            throw InvalidField(field: "published", reason: "\"\(publishedText)\" is not a date; write 2024-05-15, 15/05/2024 or 2024-05-15T09:30[+07:00]")
        }
        guard let kind = value("kind")?.lowercased() else {
            throw InvalidField(field: "kind", reason: "no kind; use article, photo, video, infographic, emagazine, podcast, broadcast, screen or another word")
        }
        guard kind.isIdentifierWord else {
            throw InvalidField(field: "kind", reason: "\"\(kind)\" is not a kind; use lowercase letters, digits and dashes")
        }
        let language = value("language") ?? "vi"
        guard language.isLanguageTag else {
            throw InvalidField(field: "language", reason: "\"\(language)\" is not a language tag such as vi, en or vi-VN")
        }
        var count = 1
        if let text = value("count") {
            guard let n = Int(text), Delivery.countRange.contains(n) else {
                throw InvalidField(field: "count", reason: "\"\(text)\" is not a count from 1 to 10000")
            }
            count = n
        }
        let tags = (value("tags") ?? "")
            .split(whereSeparator: { $0 == ";" || $0 == "|" })
            .map { $0.trimmingWhitespace().lowercased() }
            .filter { !$0.isEmpty }
        if let bad = tags.first(where: { !$0.isIdentifierWord }) {
            throw InvalidField(field: "tags", reason: "\"\(bad)\" is not a tag; use lowercase letters, digits and dashes, separated by ; or |")
        }
        return Delivery(
            agreement: agreement, published: published, kind: kind, language: language, outlet: value("outlet")?.nfc,
            title: value("title")?.nfc, url: value("url"), tags: tags, count: count, externalID: value("id"))
    }

    /// A field that cannot be read, and why.
    public struct InvalidField: Error, Equatable, CustomStringConvertible {
        public var field: String
        public var reason: String

        public init(field: String, reason: String) {
            self.field = field
            self.reason = reason
        }

        public var description: String { "\(field): \(reason)" }
    }

    /// One delivery as a CSV line (without line end), in `columns` order.
    public static func line(for delivery: Delivery) -> String {
        let values = [
            delivery.agreement, delivery.published.description, delivery.kind, delivery.language,
            delivery.outlet ?? "", delivery.title ?? "", delivery.url ?? "", delivery.tags.joined(separator: ";"),
            String(delivery.count), delivery.externalID ?? "",
        ]
        return values.map(quoted).joined(separator: ",")
    }

    /// The header line.
    public static var headerLine: String { columns.joined(separator: ",") }

    // By scalar, as `records` reads: "\r\n", or a comma or quote followed by a combining mark, is a
    // single Character equal to none of these, and so went out unquoted or with its quote not doubled.
    static func quoted(_ value: String) -> String {
        let special: Set<Unicode.Scalar> = [",", "\"", "\n", "\r"]
        guard value.unicodeScalars.contains(where: special.contains) else { return value }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in value.unicodeScalars {
            if scalar == "\"" { out.append("\"") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line ends.
    func trimmingWhitespace() -> String {
        // Most fields start and end with a printable ASCII scalar, which never begins or extends a whitespace
        // Character: nothing to trim, and no need to walk the text by Character.
        if let first = unicodeScalars.first, let last = unicodeScalars.last,
            (0x21...0x7E).contains(first.value), (0x21...0x7E).contains(last.value)
        {
            return String(self)
        }
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        guard let last = self[start...].lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...last])
    }

    /// `[a-z0-9-]+`: ids, kinds and tags.
    public var isIdentifierWord: Bool {
        // By byte: a non-ASCII byte belongs to a Character that is not an ASCII letter, digit or dash either.
        !isEmpty && utf8.allSatisfy { ASCIIClass.lowercase.contains($0) || ASCIIClass.digit.contains($0) || $0 == ASCIIClass.dash }
    }

    /// A plausible BCP 47 tag: letters, digits and dashes, starting with 2–8 letters. What a delivery's language
    /// must be, however it arrives (CSV, `record`, a feed's `<language>`).
    public var isLanguageTag: Bool {
        let parts = utf8.split(separator: ASCIIClass.dash, omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy(ASCIIClass.isLetter) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { ASCIIClass.isLetter($0) || ASCIIClass.digit.contains($0) } }
    }
}

/// ASCII byte classes, for checks that run on every imported field.
enum ASCIIClass {
    static let lowercase = UInt8(ascii: "a")...UInt8(ascii: "z")
    static let uppercase = UInt8(ascii: "A")...UInt8(ascii: "Z")
    static let digit = UInt8(ascii: "0")...UInt8(ascii: "9")
    static let dash = UInt8(ascii: "-")

    static func isLetter(_ byte: UInt8) -> Bool { lowercase.contains(byte) || uppercase.contains(byte) }
}
