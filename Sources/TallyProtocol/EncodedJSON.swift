/// A value's JSON, written once and copied as it is wherever it is encoded again through ``VarlinkJSON``: for the
/// parts of a reply a service keeps from one reply to the next (tallyd, each agreement's status), so that a reply of
/// thousands of them encodes only those that changed.
///
/// ``VarlinkJSON`` copies the bytes (laid out by ``JSONLayout`` when it writes `pretty`); any other encoder is given
/// the value the bytes stand for.
public struct EncodedJSON: Encodable, Sendable, Hashable {
    /// The compact JSON text, as ``VarlinkJSON/bytes(_:pretty:capacity:)`` wrote it.
    public let bytes: [UInt8]

    /// The JSON of `value`.
    public init(_ value: some Encodable) throws {
        bytes = try VarlinkJSON.bytes(value)
    }

    public func encode(to encoder: any Encoder) throws {
        try VarlinkJSON.decode(JSONValue.self, from: bytes).encode(to: encoder)
    }
}
