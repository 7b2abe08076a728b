/// The typeface and size of a document's text.
public struct Font: Sendable, Hashable {
    /// The family as Office names it, such as "Times New Roman".
    public var name: String
    /// The size in points, 1 to 409 in steps of 0.5.
    public var size: Double

    /// A font by family name and size in points.
    public init(name: String, size: Double) {
        self.name = name
        self.size = size
    }

    /// Times New Roman, the face of Vietnamese administrative documents, at `size` points.
    public static func timesNewRoman(_ size: Double) -> Font {
        Font(name: "Times New Roman", size: size)
    }

    /// Throws when the name is empty or the size is one Office cannot hold.
    func validate() throws {
        guard !name.allSatisfy(\.isWhitespace) else { throw OfficeError(.fontName) }
        try Self.validate(size: size)
    }

    /// `size` (validated) in half points, the unit of WordprocessingML.
    static func halfPoints(_ size: Double) -> Int {
        Int((size * 2).rounded())
    }

    /// Throws unless `size` is 1 to 409 points in steps of 0.5.
    static func validate(size: Double) throws {
        guard size.isFinite, (1...409).contains(size), (size * 2).rounded() == size * 2 else {
            throw OfficeError(.fontSize(size))
        }
    }
}
