import Foundation

/// The one message shape tally mails: a report per agreement as `multipart/mixed`, holding a
/// `multipart/alternative` (the plain-text summary, then the HTML report) and then each attachment.
///
/// `rendered()` writes RFC 5322 and MIME that no input can break: header values are folded at whitespace to 78
/// characters where possible and no line passes 998 octets; control characters in the subject and in extra
/// header values become spaces, so none can start a header; text parts keep their bytes exactly (line breaks
/// made canonical) through quoted-printable or base64.
public struct MailMessage: Sendable {
    /// The sender, also the domain of `makeMessageID`.
    public var from: MailAddress
    /// The recipients; with none the message says `To: undisclosed-recipients:;`.
    public var to: [MailAddress]
    /// The subject in any script, sent in NFC as RFC 2047 encoded-words when it is not plain ASCII.
    public var subject: String
    /// When the message was written.
    public var date: Date
    /// The zone whose offset the `Date` header shows (Asia/Ho_Chi_Minh: `+0700`).
    public var timeZone: TimeZone
    /// The Message-ID without angle brackets, `unique@domain`; characters a msg-id cannot hold are sent
    /// percent-encoded.
    public var messageID: String
    /// The plain-text summary.
    public var text: String
    /// The HTML report, self-contained.
    public var html: String
    /// The files sent after the text, in order.
    public var attachments: [MailAttachment]
    /// Extra header fields written after `MIME-Version`, values as unstructured text. A field whose name is not
    /// one `acceptsExtraHeader(named:)` accepts is left out.
    public var headers: [(name: String, value: String)]

    /// A message with every part given.
    public init(
        from: MailAddress, to: [MailAddress], subject: String, date: Date, timeZone: TimeZone, messageID: String,
        text: String, html: String, attachments: [MailAttachment] = [], headers: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.timeZone = timeZone
        self.messageID = messageID
        self.text = text
        self.html = html
        self.attachments = attachments
        self.headers = headers
    }

    /// How lines end in the rendered message.
    public enum LineEnding: Sendable {
        /// LF, the local form `sendmail -i -t` reads on its standard input (it converts to CRLF itself).
        case lf
        /// CR LF, the form of `.eml` files and SMTP.
        case crlf
    }

    /// The whole message. `.lf` gives exactly the `.crlf` message with each CR LF written as LF, as sendmail
    /// expects on stdin; base64 text stays canonical (CR LF inside) either way.
    public func rendered(lineEnding: LineEnding = .lf) -> [UInt8] {
        var out = headerBytes()
        out += Self.multipartHeader("multipart/mixed", boundary: Self.mixedBoundary)
        out += Self.delimiter(Self.mixedBoundary)
        out += Self.multipartHeader("multipart/alternative", boundary: Self.alternativeBoundary)
        out += Self.delimiter(Self.alternativeBoundary)
        out += Self.textPart("text/plain", text, allowBase64: false)
        out += Self.delimiter(Self.alternativeBoundary)
        out += Self.textPart("text/html", html, allowBase64: true)
        out += Self.closeDelimiter(Self.alternativeBoundary)
        for attachment in attachments {
            out += Self.delimiter(Self.mixedBoundary)
            out += attachment.part()
        }
        out += Self.closeDelimiter(Self.mixedBoundary)
        switch lineEnding {
        case .crlf:
            return out
        case .lf:
            // Every CR in `out` is the first half of a CR LF: the encodings leave none of their own.
            return out.filter { $0 != 0x0D }
        }
    }

    /// Whether `rendered()` writes an extra header of this name: a field name (1 to 76 printable ASCII characters
    /// without `:`, RFC 5322 ftext) that is none of those the message writes itself (From, To, Subject, Date,
    /// Message-ID, MIME-Version, Content-*).
    public static func acceptsExtraHeader(named name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 76, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3A }) else {
            return false
        }
        let lowercased = name.lowercased()
        return !["from", "to", "subject", "date", "message-id", "mime-version"].contains(lowercased)
            && !lowercased.hasPrefix("content-")
    }

    /// A Message-ID that no other message has: the UTC time to the second, 128 random bits and `from`'s domain,
    /// e.g. `20251205060211.5f0c…@sotttt.example.gov.vn`.
    public static func makeMessageID(at date: Date, from: MailAddress, using generator: inout some RandomNumberGenerator) -> String {
        let random = (0..<2).map { _ in
            let digits = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return MailDate.compactUTC(date) + "." + random.joined() + "@" + from.domain
    }

    // Boundaries hold "=_", which neither quoted-printable nor base64 can produce, and neither is the start of
    // the other, so no body line and no nested delimiter can be taken for one.
    static let mixedBoundary = "=_tally.mixed"
    static let alternativeBoundary = "=_tally.alternative"

    private func headerBytes() -> [UInt8] {
        var out: [UInt8] = []
        out += Self.addressField("From", [from])
        out += Self.addressField("To", to)
        var subjectField = HeaderField(name: "Subject")
        subjectField.appendUnstructured(HeaderField.singleLine(subject.precomposedStringWithCanonicalMapping))
        out += subjectField.bytes
        out += Array("Date: \(MailDate.rfc5322(date, in: timeZone))\r\n".utf8)
        out += Array("Message-ID: <\(Self.messageIDText(messageID))>\r\nMIME-Version: 1.0\r\n".utf8)
        for header in headers where Self.acceptsExtraHeader(named: header.name) {
            var field = HeaderField(name: header.name)
            // Structured values (a URL in List-Unsubscribe) must keep long words whole; 900 still fits a line.
            field.appendUnstructured(HeaderField.singleLine(header.value), longestWord: 900)
            out += field.bytes
        }
        return out
    }

    private static func addressField(_ name: String, _ addresses: [MailAddress]) -> [UInt8] {
        var field = HeaderField(name: name)
        if addresses.isEmpty { field.append("undisclosed-recipients:;") }
        for (index, address) in addresses.enumerated() {
            if index > 0 { field.appendSeparator(",") }
            if let displayName = address.displayName {
                field.appendPhrase(displayName)
                field.append("<" + address.address + ">")
            } else {
                field.append(address.address)
            }
        }
        return field.bytes
    }

    /// `id` without surrounding angle brackets, each octet outside atext, `.` and `@` as `%XX`, at most 900
    /// characters so that the field stays one line.
    static func messageIDText(_ id: String) -> String {
        var text = Substring(id)
        if text.hasPrefix("<") && text.hasSuffix(">") && text.count >= 2 { text = text.dropFirst().dropLast() }
        var result = ""
        for character in text {
            if character == "." || character == "@" || (MailAddress.isAtext(character) && character != "%") {
                result.append(character)
            } else {
                for byte in character.utf8 { result += "%" + String(decoding: TransferEncoding.hex(byte), as: UTF8.self) }
            }
        }
        return String(result.prefix(900))
    }

    private static func multipartHeader(_ type: String, boundary: String) -> [UInt8] {
        Array("Content-Type: \(type); boundary=\"\(boundary)\"\r\n\r\n".utf8)
    }

    private static func delimiter(_ boundary: String) -> [UInt8] {
        Array("--\(boundary)\r\n".utf8)
    }

    private static func closeDelimiter(_ boundary: String) -> [UInt8] {
        Array("--\(boundary)--\r\n".utf8)
    }

    /// A text part: quoted-printable, or base64 when `allowBase64` and that is shorter (text mostly outside ASCII).
    private static func textPart(_ type: String, _ text: String, allowBase64: Bool) -> [UInt8] {
        let canonical = TransferEncoding.canonicalText(text)
        let quoted = TransferEncoding.quotedPrintable(canonical)
        let useBase64 = allowBase64 && (canonical.count + 2) / 3 * 4 * 78 / 76 < quoted.count
        var out = Array("Content-Type: \(type); charset=utf-8\r\n".utf8)
        out += Array("Content-Transfer-Encoding: \(useBase64 ? "base64" : "quoted-printable")\r\n\r\n".utf8)
        // The CR LF before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1), so one is added here.
        out += (useBase64 ? TransferEncoding.base64Lines(canonical) : quoted) + [0x0D, 0x0A]
        return out
    }
}
