import Foundation

/// A file sent with a message, base64-encoded, under its own name.
public struct MailAttachment: Sendable {
    /// The name the recipient sees, in any script (`báo-cáo.csv`); sent in NFC per RFC 2231, control characters
    /// as `_`, with an ASCII fallback for programs without RFC 2231.
    public var fileName: String
    /// The media type with its parameters, e.g. `text/csv; charset=utf-8`; one that is not a plain `type/subtype`
    /// with printable ASCII parameters is sent as `application/octet-stream`.
    public var mediaType: String
    /// The file's bytes, sent as they are.
    public var content: [UInt8]

    /// An attachment of `content` named `fileName`.
    public init(fileName: String, mediaType: String, content: [UInt8]) {
        self.fileName = fileName
        self.mediaType = mediaType
        self.content = content
    }

    /// The part's header fields and body, with CR LF line breaks and one after the body (RFC 2046 counts it as
    /// the next delimiter's).
    ///
    /// A name that is not plain short ASCII goes in `Content-Disposition` only as RFC 2231's `filename*` (in
    /// continuations when long), and its ASCII fallback in `Content-Type`'s `name`, where programs without RFC 2231
    /// look. Both in one header would be one parameter twice: RFC 2231 makes `filename` and `filename*` the same
    /// name, and parsers keep either (Python's `email` keeps the first and reports a defect).
    func part() -> [UInt8] {
        let name = Self.withoutControls(fileName.precomposedStringWithCanonicalMapping)
        let fallback = Self.asciiFallback(name)
        var type = HeaderField(name: "Content-Type")
        type.append(Self.isMediaType(mediaType) ? mediaType : "application/octet-stream")
        type.appendParameter("name", "\"" + fallback + "\"")
        var disposition = HeaderField(name: "Content-Disposition")
        disposition.append("attachment")
        if fallback == name || name.isEmpty {
            disposition.appendParameter("filename", "\"" + fallback + "\"")
        } else {
            disposition.appendExtendedParameter("filename", name)
        }
        return type.bytes + disposition.bytes + Array("Content-Transfer-Encoding: base64\r\n\r\n".utf8)
            + TransferEncoding.base64Lines(content) + [0x0D, 0x0A]
    }

    /// `name` with each control character as `_`: encoded, a line break could not start a header, but it has no
    /// place in a file name a recipient saves.
    static func withoutControls(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { $0.properties.generalCategory == .control ? "_" : $0 }))
    }

    /// `name` as a quoted-string any mail program reads: Vietnamese letters without their marks (`đ` as `d`),
    /// other characters outside printable ASCII and `"`, `\`, `/` as `_`, at most 60 characters (keeping the
    /// extension); `attachment` when nothing is left.
    static func asciiFallback(_ name: String) -> String {
        var result = ""
        for scalar in name.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            switch scalar {
            case "đ": result += "d"
            case "Đ": result += "D"
            case " "..."~" where !"\"\\/".unicodeScalars.contains(scalar): result.unicodeScalars.append(scalar)
            default: result += "_"
            }
        }
        if result.count > 60 {
            let dot = result.lastIndex(of: ".")
            let suffix = dot.map { String(result[$0...]) }.flatMap { $0.count <= 10 ? $0 : nil } ?? ""
            result = String(result.prefix(60 - suffix.count)) + suffix
        }
        return result.trimmingCharacters(in: .whitespaces).isEmpty ? "attachment" : result
    }

    /// Whether `text` is `type/subtype` (RFC 2045 tokens), optionally followed by `;` and parameters, all printable
    /// ASCII and short enough for one header line.
    static func isMediaType(_ text: String) -> Bool {
        guard text.utf8.count <= 200, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return false }
        let essence = text.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        let halves = essence.split(separator: "/", omittingEmptySubsequences: false)
        return halves.count == 2 && halves.allSatisfy { !$0.isEmpty && $0.allSatisfy(isTokenCharacter) }
    }

    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue, ascii > 0x20, ascii < 0x7F else { return false }
        return !"()<>@,;:\\\"/[]?=".utf8.contains(ascii)
    }
}
