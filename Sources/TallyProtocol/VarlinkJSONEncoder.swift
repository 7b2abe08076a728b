import Foundation

/// The one JSON encoder of the wire and of every `--json` document: the bytes JSONEncoder writes with
/// `.sortedKeys` and `.withoutEscapingSlashes` (and `.prettyPrinted` when `pretty`), without JSONEncoder's
/// cost.
///
/// JSONEncoder builds a tree of boxed values with a dictionary per object, hashes every key, then sorts and
/// writes; for a status of thousands of agreements that was most of tallyd's and tallyctl's time. This encoder
/// keeps each object's members in an array (keys sorted by their UTF-8 bytes when written, as JSONEncoder
/// sorts them), writes scalars straight to bytes, and hands the few Foundation types JSONEncoder treats
/// specially (Date, Data, URL, Decimal) to JSONEncoder itself. `VarlinkJSONEncoderTests` compares the bytes
/// with JSONEncoder's.
public struct VarlinkJSONEncoder: Sendable {
    /// Indent as JSONEncoder's `.prettyPrinted` does.
    public var pretty: Bool

    /// An encoder writing compact JSON, or indented JSON when `pretty`.
    public init(pretty: Bool = false) {
        self.pretty = pretty
    }

    /// `value` as JSON text; a non-finite number is an `EncodingError`, as JSONEncoder has it.
    public func encode<T: Encodable>(_ value: T) throws -> Data {
        let root = JSONNode()
        try JSONNodeEncoder(node: root, codingPath: []).encodeValue(value)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        root.write(to: &bytes, pretty: pretty, depth: 0)
        return Data(bytes)
    }
}

/// One value under construction: written bytes for a scalar, or the members of an array or object.
final class JSONNode {
    enum Kind {
        case unset, scalar, array, object
    }

    var kind = Kind.unset
    var scalar: [UInt8] = []
    var items: [JSONNode] = []
    var keys: [String] = []

    func becomeObject() {
        if kind != .object {
            kind = .object
            items = []
            keys = []
        }
    }

    func becomeArray() {
        if kind != .array {
            kind = .array
            items = []
        }
    }

    func setScalar(_ bytes: [UInt8]) {
        kind = .scalar
        scalar = bytes
    }

    func member(_ key: String) -> JSONNode {
        let node = JSONNode()
        keys.append(key)
        items.append(node)
        return node
    }

    func element() -> JSONNode {
        let node = JSONNode()
        items.append(node)
        return node
    }

    func write(to bytes: inout [UInt8], pretty: Bool, depth: Int) {
        switch kind {
        case .unset:
            // An Encodable that encoded nothing is an empty object, as with JSONEncoder.
            bytes += pretty ? Array("{\n\n".utf8) + indent(depth) + [UInt8(ascii: "}")] : Array("{}".utf8)
        case .scalar:
            bytes += scalar
        case .array:
            bytes.append(UInt8(ascii: "["))
            writeMembers(items.indices, to: &bytes, pretty: pretty, depth: depth) { _, _ in }
            bytes.append(UInt8(ascii: "]"))
        case .object:
            bytes.append(UInt8(ascii: "{"))
            let order = keys.indices.sorted { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
            writeMembers(order, to: &bytes, pretty: pretty, depth: depth) { index, bytes in
                JSONNode.appendString(keys[index], to: &bytes)
                bytes += pretty ? Array(" : ".utf8) : [UInt8(ascii: ":")]
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private func writeMembers(
        _ order: some Collection<Int>, to bytes: inout [UInt8], pretty: Bool, depth: Int,
        key: (Int, inout [UInt8]) -> Void
    ) {
        if order.isEmpty {
            if pretty { bytes += [UInt8(ascii: "\n"), UInt8(ascii: "\n")] + indent(depth) }
            return
        }
        var first = true
        for index in order {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            if pretty { bytes += [UInt8(ascii: "\n")] + indent(depth + 1) }
            key(index, &bytes)
            items[index].write(to: &bytes, pretty: pretty, depth: depth + 1)
        }
        if pretty { bytes += [UInt8(ascii: "\n")] + indent(depth) }
    }

    private func indent(_ depth: Int) -> [UInt8] {
        [UInt8](repeating: UInt8(ascii: " "), count: 2 * depth)
    }

    /// A JSON string as JSONEncoder escapes it (slashes left alone).
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = text.utf8
        // Most text needs no escape: copied whole.
        guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            bytes += utf8
            bytes.append(UInt8(ascii: "\""))
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A finite number as JSONEncoder writes it: the shortest text that reads back, without a trailing `.0`.
    static func number(_ value: Double, codingPath: [any CodingKey]) throws -> [UInt8] {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath, debugDescription: "\(value) is not a valid JSON number."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return Array(text.utf8)
    }
}

/// The `Encoder` that fills one node.
struct JSONNodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return JSONUnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(node: node, codingPath: codingPath)
    }

    /// Encodes `value` into this encoder's node: scalars written at once, Foundation's special types by
    /// JSONEncoder, anything else through its own `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T) throws {
        switch value {
        case let text as String:
            var bytes: [UInt8] = []
            JSONNode.appendString(text, to: &bytes)
            node.setScalar(bytes)
        case let number as Int: node.setScalar(Array(String(number).utf8))
        case let number as Double: node.setScalar(try JSONNode.number(number, codingPath: codingPath))
        // Every other primitive here too: their encode(to:) would call back into this encoder.
        case let number as any FixedWidthInteger: node.setScalar(Array("\(number)".utf8))
        case let number as Float:
            guard number.isFinite else { _ = try JSONNode.number(Double(number), codingPath: codingPath); return }
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            node.setScalar(Array(text.utf8))
        case let flag as Bool: node.setScalar(Array((flag ? "true" : "false").utf8))
        case is Date, is Data, is URL, is Decimal:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            node.setScalar(Array(try encoder.encode(value)))
        default:
            try value.encode(to: self)
        }
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        node.member(key.stringValue).setScalar(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONNodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        JSONNodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        JSONNodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        JSONNodeEncoder(node: node.member("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONNodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var count: Int { node.items.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONIndexKey(index: node.items.count)] }

    mutating func encodeNil() throws {
        node.element().setScalar(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try JSONNodeEncoder(node: node.element(), codingPath: path).encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return JSONNodeEncoder(node: node.element(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return JSONNodeEncoder(node: node.element(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return JSONNodeEncoder(node: node.element(), codingPath: path)
    }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        node.setScalar(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try JSONNodeEncoder(node: node, codingPath: codingPath).encodeValue(value)
    }
}

/// An array position in a coding path.
struct JSONIndexKey: CodingKey {
    var index: Int
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }

    init(index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }
}
