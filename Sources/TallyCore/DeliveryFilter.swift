import Foundation

/// What a quota or campaign counts: a delivery must match every filter given, and any value within one.
public struct DeliveryFilter: Sendable, Equatable, Hashable {
    /// Lowercase kinds (`article`, `video`, …); nil matches every kind.
    public let kinds: [String]?
    /// BCP 47 tags, lowercased; a tag without a region matches every region of its language.
    public let languages: [String]?
    /// Outlet names in NFC, case-folded for comparison.
    public let outlets: [String]?
    /// Lowercase tags; a delivery matches when it carries any of them.
    public let tags: [String]?

    /// Creates a filter; values are normalised (NFC, case) once here so matching stays cheap.
    public init(kinds: [String]? = nil, languages: [String]? = nil, outlets: [String]? = nil, tags: [String]? = nil) {
        self.kinds = kinds?.map { $0.nfc.lowercased() }
        self.languages = languages?.map { $0.lowercased() }
        self.outlets = outlets?.map(Self.outletKey)
        self.tags = tags?.map { $0.nfc.lowercased() }
    }

    /// Whether `delivery` counts under this filter.
    public func matches(_ delivery: DeliveryAttributes) -> Bool {
        matches(Normalized(delivery))
    }

    /// Whether a delivery counts under this filter, its attributes normalised once for many filters.
    public func matches(_ delivery: Normalized) -> Bool {
        if let kinds, !kinds.contains(delivery.kind) { return false }
        if let languages {
            guard languages.contains(where: { Self.language(delivery.language, matches: $0) }) else { return false }
        }
        if let outlets {
            guard let outlet = delivery.outlet, outlets.contains(outlet) else { return false }
        }
        if let tags {
            guard delivery.tags.contains(where: tags.contains) else { return false }
        }
        return true
    }

    /// A delivery's attributes as filters compare them: NFC and lowercased, as the filter's own values.
    public struct Normalized: Sendable, Equatable {
        public var kind: String
        public var language: String
        public var outlet: String?
        public var tags: [String]

        public init(_ attributes: DeliveryAttributes) {
            self.init(attributes, outletKey: DeliveryFilter.outletKey)
        }

        /// With `outletKey` normalising the outlet: a caller that meets the same few outlets in many rows can
        /// remember their keys (lowercasing non-ASCII text is slow).
        public init(_ attributes: DeliveryAttributes, outletKey: (String) -> String) {
            kind = attributes.kind.nfc.lowercased()
            language = attributes.language.lowercased()
            outlet = attributes.outlet.map(outletKey)
            tags = attributes.tags.map { $0.nfc.lowercased() }
        }
    }

    /// `vi` matches `vi` and `vi-VN`; `vi-VN` matches only `vi-VN`.
    static func language(_ language: String, matches filter: String) -> Bool {
        if language == filter { return true }
        // By byte (Foundation's `contains` on strings is slow): "-" is ASCII and tags are ASCII.
        guard !filter.utf8.contains(ASCIIClass.dash) else { return false }
        return language.utf8.split(separator: ASCIIClass.dash, maxSplits: 1).first.map { $0.elementsEqual(filter.utf8) } ?? false
    }

    /// An outlet as filters compare it: NFC, case-folded.
    public static func outletKey(_ outlet: String) -> String {
        outlet.nfc.lowercased().nfc
    }
}

/// The attributes of a delivery that filters look at.
public struct DeliveryAttributes: Sendable, Equatable {
    public var kind: String
    public var language: String
    public var outlet: String?
    public var tags: [String]

    public init(kind: String, language: String = "vi", outlet: String? = nil, tags: [String] = []) {
        self.kind = kind
        self.language = language
        self.outlet = outlet
        self.tags = tags
    }
}

extension StringProtocol {
    /// The string in Unicode Normalization Form C.
    ///
    /// Text made only of scalars that NFC leaves alone whatever surrounds them (ASCII, Latin-1 and the Latin
    /// extensions before the combining marks, the precomposed Vietnamese letters, common punctuation) is
    /// already NFC and skips Foundation, whose normalisation bridges through CFString: it was a quarter of
    /// loading 2,000 agreement files and a large part of every import row.
    public var nfc: String {
        let text = String(self)
        if text.unicodeScalars.allSatisfy(\.isStableInNFC) { return text }
        return text.precomposedStringWithCanonicalMapping
    }
}

extension Unicode.Scalar {
    /// Whether NFC keeps this scalar as it is next to any neighbour from the same set: it is no combining mark,
    /// has no singleton decomposition and composes with nothing that can follow it here. A conservative list
    /// (`NFCTests` checks every member against Foundation); anything else takes the full normalisation.
    var isStableInNFC: Bool {
        switch value {
        case 0x0000..<0x0300: true  // ASCII, Latin-1, Latin Extended-A/B, IPA, spacing modifiers
        case 0x1E00...0x1EFF: true  // Latin Extended Additional: the precomposed Vietnamese letters
        case 0x2010...0x2027: true  // dashes, quotation marks, bullets, ellipsis
        default: false
        }
    }
}
