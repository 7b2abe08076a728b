import Foundation

/// Any JSON value, for parameters whose shape is not known in advance.
///
/// Integers that fit in `Int64` stay exact (`.integer`); other numbers, including integers at or
/// beyond 2^63, become `.double`, so a typed decode of such a number as `Int` fails cleanly.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue: Codable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value as the JSON it stands for.
    public func encode(to encoder: any Encoder) throws {
        if case .object(let value) = self {
            // Members in key order, as the wire has them, so the value is written in one pass.
            var members = encoder.container(keyedBy: JSONPathKey.self)
            for key in value.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                if let member = value[key] { try members.encode(member, forKey: JSONPathKey(stringValue: key)) }
            }
            return
        }
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object: break
        }
    }
}

extension JSONValue {
    /// The value of `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The JSON form of an `Encodable` value.
    public init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: VarlinkJSON.encode(value))
    }

    /// Decodes a typed value from this JSON value.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try VarlinkJSON.decode(T.self, from: VarlinkJSON.bytes(self))
    }

}

/// The one JSON path of everything on the wire and of every `--json` document: sorted keys (stable output),
/// slashes unescaped; `pretty` indents for people.
public enum VarlinkJSON {
    /// `value` as JSON: written in one pass by ``JSONStreamWriter`` when its keys come sorted (every io.tally
    /// mapping), else by JSONEncoder in the same configuration. The bytes are the same either way.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        Data(try bytes(value, pretty: pretty))
    }

    /// `value` as JSON bytes; see ``encode(_:pretty:)``. `capacity` is how many bytes to set aside at first.
    public static func bytes<T: Encodable>(_ value: T, pretty: Bool = false, capacity: Int = 0) throws -> [UInt8] {
        do {
            return try JSONStreamWriter.write(value, pretty: pretty, capacity: capacity)
        } catch is JSONStreamWriter.NotStreamable {
            return Array(try foundationEncoder(pretty: pretty).encode(value))
        }
    }

    /// `T` from JSON `bytes`, as JSONDecoder (default configuration) reads it: by ``JSONTapeDecoder`` where it
    /// can answer, else by JSONDecoder. The values and the errors are JSONDecoder's either way.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>,
                                            userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> T
    {
        try JSONTapeDecoder.decode(T.self, from: Array(bytes), userInfo: userInfo)
    }

    /// JSONEncoder in the one configuration: what ``JSONStreamWriter`` must match byte for byte.
    static func foundationEncoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
