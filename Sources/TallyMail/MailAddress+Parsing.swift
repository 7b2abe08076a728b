import Foundation

extension MailAddress {
    /// Parses `a@b.example`, `Name <a@b.example>`, `<a@b.example>` and `"Nguyễn, Văn A" <a@b.example>` (`\"` and
    /// `\\` escape inside the quotes). An unquoted name may hold any character but `"`, `<` and `>`; encoded-words
    /// (`=?UTF-8?…`) are taken literally. Every error names `text`.
    public init(parsing text: String) throws(MailAddressError) {
        if let control = text.unicodeScalars.first(where: Self.isControl) { throw MailAddressError(text, .control(control)) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw MailAddressError(text, .empty) }
        guard trimmed.contains(where: { $0 == "<" || $0 == ">" || $0 == "\"" }) else {
            if let problem = Self.problem(inAddress: trimmed) { throw MailAddressError(text, problem) }
            try self.init(address: trimmed)
            return
        }
        var rest = Substring(trimmed)
        var name: String
        if rest.first == "\"" {
            guard let (quoted, after) = Self.quotedString(rest) else { throw MailAddressError(text, .unclosedQuote) }
            name = quoted
            rest = after.drop(while: { $0 == " " || $0 == "\t" })
            if rest.isEmpty { throw MailAddressError(text, .nameWithoutAddress) }
            if rest.first != "<" { throw MailAddressError(text, .textBeforeAngle) }
        } else {
            let open = rest.firstIndex(of: "<") ?? rest.endIndex
            name = String(rest[..<open])
            if name.contains(">") { throw MailAddressError(text, .strayAngle) }
            if name.contains("\"") { throw MailAddressError(text, .strayQuote) }
            rest = rest[open...]
        }
        guard rest.first == "<" else { throw MailAddressError(text, .strayAngle) }
        guard let close = rest.firstIndex(of: ">") else { throw MailAddressError(text, .unclosedAngle) }
        let address = rest[rest.index(after: rest.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        if !rest[rest.index(after: close)...].allSatisfy({ $0 == " " || $0 == "\t" }) {
            throw MailAddressError(text, .textAfterAngle)
        }
        if address.isEmpty { throw MailAddressError(text, .missingAddress) }
        if address.contains("<") { throw MailAddressError(text, .strayAngle) }
        if let problem = Self.problem(inAddress: address) { throw MailAddressError(text, problem) }
        name = name.trimmingCharacters(in: .whitespaces)
        try self.init(address: address, displayName: name)
    }

    /// The content of the quoted string at the start of `text` (after its opening `"`), unescaped, and what
    /// follows its closing quote; nil when it is not closed.
    private static func quotedString(_ text: Substring) -> (String, Substring)? {
        var content = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            switch character {
            case "\"":
                return (content, text[index...])
            case "\\":
                guard index < text.endIndex else { return nil }
                content.append(text[index])
                index = text.index(after: index)
            default:
                content.append(character)
            }
        }
        return nil
    }
}
