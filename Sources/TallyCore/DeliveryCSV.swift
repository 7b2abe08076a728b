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
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
        }
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                afterQuote = false
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                afterQuote = false
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !afterQuote else {
                    throw FormatError(line: line, message: "a quote inside an unquoted field; quote the whole field and double the quote (\"\")")
                }
                inQuotes = true
            default:
                guard !afterQuote else {
                    throw FormatError(line: line, message: "text after a closing quote; a quoted field must end at a comma or the end of the line")
                }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw FormatError(line: recordLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// Parses a whole file into rows by column name. The header must name known columns only, once each.
    public static func parse(_ text: String, agreementGiven: Bool = false) throws(FormatError) -> [Row] {
        let records = try records(text)
        guard let header = records.first else { throw FormatError(line: 1, message: "the file is empty; expected a header row such as \(columns.joined(separator: ","))") }
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
        return try records.dropFirst().map { record throws(FormatError) in
            guard record.fields.count == names.count else {
                throw FormatError(line: record.line, message: "\(record.fields.count) fields where the header has \(names.count)")
            }
            return Row(line: record.line, fields: Dictionary(uniqueKeysWithValues: zip(names, record.fields)))
        }
    }

    /// Turns one row's fields into a delivery, or explains what is wrong with it.
    public static func delivery(from fields: [String: String], defaultAgreement: String? = nil) throws(InvalidField) -> Delivery {
        func value(_ key: String) -> String? {
            guard let raw = fields[key]?.trimmingWhitespace(), !raw.isEmpty else { return nil }
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
        let s = self.drop(while: { $0.isWhitespace })
        return String(s.reversed().drop(while: { $0.isWhitespace }).reversed())
    }

    /// `[a-z0-9-]+`: ids, kinds and tags.
    public var isIdentifierWord: Bool {
        !isEmpty && allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// A plausible BCP 47 tag: letters, digits and dashes, starting with 2–8 letters.
    var isLanguageTag: Bool {
        let parts = split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}
