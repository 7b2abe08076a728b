import Foundation

/// A mailbox: an ASCII address (`local@domain`) and an optional display name in any script.
///
/// Addresses are checked as tally sends them, without SMTPUTF8: a dot-atom local part of at most 64 characters
/// and a domain of at least two labels (letters, digits and inner hyphens), at most 253 characters. Quoted local
/// parts and address literals (`[192.0.2.1]`) are not accepted. No part may hold a control character, so a
/// mailbox can never add a header.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name in NFC, trimmed; nil when there is none.
    public let displayName: String?
    /// The addr-spec, `local@domain`, ASCII.
    public let address: String

    /// A mailbox from an address and an optional display name (an empty name counts as none).
    public init(address: String, displayName: String? = nil) throws(MailAddressError) {
        if let problem = Self.problem(inAddress: address) { throw MailAddressError(address, problem) }
        if let displayName, let control = displayName.unicodeScalars.first(where: Self.isControl) {
            throw MailAddressError(displayName, .control(control))
        }
        let name = displayName?.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
        self.address = address
        self.displayName = name?.isEmpty == false ? name : nil
    }

    /// The domain, after the `@`.
    public var domain: String {
        String(address[address.index(after: address.lastIndex(of: "@") ?? address.startIndex)...])
    }

    /// The human form, unencoded: `Sở TT&TT <so@bentre.gov.vn>`, the name quoted when it holds a comma, dot or
    /// another special, so that `init(parsing:)` reads it back.
    public var description: String {
        guard let displayName else { return address }
        return Self.phrase(displayName) + " <" + address + ">"
    }

    /// `name` as written before an address: as it is, or quoted with `"` and `\` escaped.
    static func phrase(_ name: String) -> String {
        guard name.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) else { return name }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }

    /// What is wrong with `address` as an addr-spec, or nil when it is a good one.
    static func problem(inAddress address: String) -> MailAddressError.Problem? {
        if address.isEmpty { return .empty }
        if let control = address.unicodeScalars.first(where: isControl) { return .control(control) }
        if address.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { return .space }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count == 1 { return .noAt }
        if parts.count > 2 { return .severalAt }
        let local = String(parts[0])
        let domain = String(parts[1])
        if local.isEmpty { return .missingLocalPart }
        if domain.isEmpty { return .missingDomain }
        if !local.unicodeScalars.allSatisfy(\.isASCII) { return .nonASCIILocalPart(local) }
        if !domain.unicodeScalars.allSatisfy(\.isASCII) { return .nonASCIIDomain(domain) }
        if let bad = local.first(where: { $0 != "." && !isAtext($0) }) { return .localPartCharacter(local, bad) }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") { return .localPartDots(local) }
        if local.utf8.count > 64 { return .localPartTooLong(local.utf8.count) }
        if domain.utf8.count > 253 { return .domainTooLong(domain.utf8.count) }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            if label.isEmpty { return .emptyLabel(domain) }
            if label.utf8.count > 63 { return .labelTooLong(String(label)) }
            if let bad = label.first(where: { !($0.isLetter || $0.isNumber || $0 == "-") }) {
                return .labelCharacter(String(label), bad)
            }
            if label.hasPrefix("-") || label.hasSuffix("-") { return .labelHyphen(String(label)) }
        }
        if labels.count < 2 { return .domainWithoutDot(domain) }
        return nil
    }

    /// RFC 5322 atext: ASCII letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtext(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        switch ascii {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(ascii)
        }
    }
}
