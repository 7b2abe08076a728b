/// Journal field names: what journald accepts from a client, and how to make one from any text.
public enum JournalField {
    /// journald's longest accepted field name.
    public static let maximumLength = 64

    /// Whether journald accepts `name` from a client: 1 to 64 characters `A-Z`, `0-9`, `_`, first a letter.
    ///
    /// Names starting with `_` are journald's trusted fields and are dropped when a client sends them.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maximumLength, isUpper(first) else { return false }
        return bytes.allSatisfy(isAllowed)
    }

    /// Turns any text into a valid field name.
    ///
    /// The rule: ASCII letters are uppercased; every other character outside `A-Z0-9_` (a dash, a
    /// space, each non-ASCII character) becomes `_`; leading underscores are stripped; a name
    /// that would start with a digit gets an `F_` prefix; the result is cut to 64 characters;
    /// a name with nothing left is `FIELD`. `"3rd-party"` → `F_3RD_PARTY`, `"_x"` → `X`.
    public static func sanitize(_ name: String) -> String {
        var mapped = mappedBytes(name)
        mapped.removeFirst(mapped.prefix { $0 == underscore }.count)
        guard let first = mapped.first else { return "FIELD" }
        if isDigit(first) { mapped.insert(contentsOf: Array("F_".utf8), at: 0) }
        return String(decoding: mapped.prefix(maximumLength), as: UTF8.self)
    }

    /// `prefix` followed by `name` made valid, as the tail of a longer field name (`TALLY_` + key).
    ///
    /// `prefix` must itself be a valid name; a leading digit in `name` is kept since it is no
    /// longer first (`"TALLY_", "2fa"` → `TALLY_2FA`), leading underscores are still stripped.
    public static func sanitize(_ name: String, prefix: String) -> String {
        var mapped = mappedBytes(name)
        mapped.removeFirst(mapped.prefix { $0 == underscore }.count)
        if mapped.isEmpty { mapped = Array("FIELD".utf8) }
        let whole = Array(sanitize(prefix).utf8) + mapped
        return String(decoding: whole.prefix(maximumLength), as: UTF8.self)
    }

    private static let underscore = UInt8(ascii: "_")

    /// One byte per Unicode scalar: uppercase letters, digits and `_` kept, everything else `_`.
    private static func mappedBytes(_ name: String) -> [UInt8] {
        name.unicodeScalars.map { scalar in
            guard scalar.isASCII else { return underscore }
            let byte = UInt8(scalar.value)
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { return byte - 32 }
            return isAllowed(byte) ? byte : underscore
        }
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isAllowed(_ byte: UInt8) -> Bool { isUpper(byte) || isDigit(byte) || byte == underscore }
}
