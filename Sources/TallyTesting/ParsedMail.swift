import Foundation

/// A message file as Python's `email` package (policy `default`, RFC 5322/6532 with RFC 2047 and 2231 decoding)
/// reads it: the tests check what a real MIME parser sees, not what tally meant to write.
public struct ParsedMail: Decodable, Sendable {
    /// A mailbox: the decoded display name (empty when none) and the address.
    public struct Mailbox: Decodable, Sendable, Equatable {
        public var name: String
        public var address: String

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    /// One leaf part, in walk order.
    public struct Part: Decodable, Sendable {
        /// `text/plain`, `text/html`, `text/csv`, …
        public var type: String
        public var charset: String?
        /// `quoted-printable`, `base64`, …
        public var encoding: String?
        /// The decoded file name of an attachment.
        public var filename: String?
        public var disposition: String?
        /// The decoded bytes.
        public var content: Data
    }

    public var subject: String
    public var from: [Mailbox]
    public var to: [Mailbox]
    /// The `Date` header as seconds since 1970, and its offset from UTC in seconds.
    public var date: Double
    public var dateOffset: Int
    public var messageID: String
    public var mimeVersion: String?
    /// Every other header, decoded, by lower-cased name (the last one of a name).
    public var headers: [String: String]
    /// The content types of every part in walk order, containers included: the tree flattened.
    public var structure: [String]
    /// The leaf parts.
    public var parts: [Part]
    /// The parser's complaints (`MissingHeaderBodySeparatorDefect`, …) over every part.
    public var defects: [String]
    /// The longest line of the file in octets, its line ending not counted.
    public var longestLine: Int
    /// Which line endings the file has: counts of CRLF, bare LF and bare CR.
    public var crlf: Int
    public var bareLF: Int
    public var bareCR: Int

    /// The first leaf part of `type`.
    public func part(_ type: String) -> Part? { parts.first { $0.type == type } }

    /// Parses `path` with python3's `email` package.
    public static func parse(_ path: String) throws -> ParsedMail {
        let result = try Executables.run("/usr/bin/env", ["python3", "-c", script, path])
        guard result.status == 0 else {
            throw Executables.Failure(description: "python3's email package could not read \(path): \(result.stderr)")
        }
        return try JSONDecoder().decode(ParsedMail.self, from: Data(result.stdout.utf8))
    }

    static let script = #"""
        import base64, email, email.policy, email.utils, json, sys
        raw = open(sys.argv[1], "rb").read()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        def mailboxes(name):
            header = message[name]
            return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses] if header is not None else []
        date = message["Date"].datetime
        parts, structure, defects = [], [], []
        for part in message.walk():
            structure.append(part.get_content_type())
            defects += [type(d).__name__ for d in part.defects]
            if part.is_multipart():
                continue
            parts.append({
                "type": part.get_content_type(), "charset": part.get_content_charset(),
                "encoding": part.get("Content-Transfer-Encoding"), "filename": part.get_filename(),
                "disposition": part.get_content_disposition(),
                "content": base64.b64encode(part.get_payload(decode=True)).decode()})
        lines = raw.split(b"\n")
        crlf = raw.count(b"\r\n")
        print(json.dumps({
            "subject": str(message["Subject"]), "from": mailboxes("From"), "to": mailboxes("To"),
            "date": date.timestamp(), "dateOffset": int(date.utcoffset().total_seconds()),
            "messageID": str(message["Message-ID"]), "mimeVersion": message["MIME-Version"],
            "headers": {k.lower(): str(v) for k, v in message.items()},
            "structure": structure, "parts": parts, "defects": defects,
            "longestLine": max(len(l[:-1] if l.endswith(b"\r") else l) for l in lines),
            "crlf": crlf, "bareLF": raw.count(b"\n") - crlf, "bareCR": raw.count(b"\r") - crlf}))
        """#
}
