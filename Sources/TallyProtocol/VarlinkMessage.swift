import Foundation

/// A Varlink call: `{"method": …, "parameters": {…}, "more": …, "oneway": …, "upgrade": …}`.
public struct VarlinkCall: Sendable, Hashable, Codable {
    /// The fully qualified method name, e.g. `io.tally.GetStatus`.
    public var method: String
    /// The call's parameters; absent means none.
    public var parameters: JSONValue?
    /// The caller accepts several replies (`continues: true` on all but the last).
    public var more: Bool
    /// The caller wants no reply at all.
    public var oneway: Bool
    /// The caller wants to switch to another protocol after the reply (unsupported by tally).
    public var upgrade: Bool

    /// A call with the given flags.
    public init(
        method: String, parameters: JSONValue? = nil, more: Bool = false, oneway: Bool = false,
        upgrade: Bool = false
    ) {
        self.method = method
        self.parameters = parameters
        self.more = more
        self.oneway = oneway
        self.upgrade = upgrade
    }

    private enum CodingKeys: String, CodingKey {
        case method, parameters, more, oneway, upgrade
    }

    /// Decodes a call; absent flags are false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(String.self, forKey: .method)
        parameters = try container.decodeIfPresent(JSONValue.self, forKey: .parameters)
        more = try container.decodeIfPresent(Bool.self, forKey: .more) ?? false
        oneway = try container.decodeIfPresent(Bool.self, forKey: .oneway) ?? false
        upgrade = try container.decodeIfPresent(Bool.self, forKey: .upgrade) ?? false
    }

    /// Encodes a call, writing only the flags that are set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encodeIfPresent(parameters, forKey: .parameters)
        if more { try container.encode(true, forKey: .more) }
        if oneway { try container.encode(true, forKey: .oneway) }
        if upgrade { try container.encode(true, forKey: .upgrade) }
    }

    /// Parses one frame (without its NUL); a frame that is not a call object is an `InvalidRequest`.
    public init(frame: some Collection<UInt8>) throws(VarlinkError) {
        do {
            self = try JSONDecoder().decode(VarlinkCall.self, from: Data(frame))
        } catch {
            throw VarlinkError.invalidRequest("The message is not a Varlink call: a JSON object with a string \"method\" was expected.")
        }
    }

    /// Decodes the parameters as `P`; a mismatch is `org.varlink.service.InvalidParameter` naming the key path.
    public func decodeParameters<P: Decodable>(as type: P.Type = P.self) throws(VarlinkError) -> P {
        let parameters = parameters ?? .object([:])
        guard case .object = parameters else {
            throw VarlinkError.invalidParameter("parameters")
        }
        do {
            return try parameters.decode(P.self)
        } catch let error as DecodingError {
            // Foundation reports a number beyond Int64 as invalid JSON without a path: find it.
            let path = error.keyPath
            throw VarlinkError.invalidParameter(path == "parameters" ? parameters.pathOfHugeNumber ?? path : path)
        } catch {
            throw VarlinkError.invalidParameter("parameters")
        }
    }
}

extension JSONValue {
    /// The key path of the first whole number too large for `Int64`, e.g. `rows[2].count`.
    var pathOfHugeNumber: String? {
        switch self {
        case .double(let value) where value.rounded() == value && abs(value) >= 9.2e18:
            return ""
        case .array(let values):
            for (index, value) in values.enumerated() {
                if let path = value.pathOfHugeNumber { return "[\(index)]" + path }
            }
        case .object(let object):
            for key in object.keys.sorted() {
                if let path = object[key]!.pathOfHugeNumber {
                    return path.isEmpty || path.hasPrefix("[") ? key + path : key + "." + path
                }
            }
        default:
            break
        }
        return nil
    }
}

/// A Varlink reply: `{"parameters": {…}, "continues": true}` or `{"error": "…", "parameters": {…}}`.
public struct VarlinkReply: Sendable, Hashable, Codable {
    /// The reply's parameters (an error's parameters for an error reply).
    public var parameters: JSONValue?
    /// More replies follow this one.
    public var continues: Bool
    /// The error's fully qualified name, for an error reply.
    public var error: String?

    /// A reply with the given fields.
    public init(parameters: JSONValue? = nil, continues: Bool = false, error: String? = nil) {
        self.parameters = parameters
        self.continues = continues
        self.error = error
    }

    /// A successful reply carrying `value` as its parameters.
    public init(encoding value: some Encodable, continues: Bool = false) throws {
        self.init(parameters: try JSONValue(encoding: value), continues: continues)
    }

    /// The error reply for `error`.
    public init(_ error: VarlinkError) {
        self.init(parameters: error.parameters, error: error.name)
    }

    private enum CodingKeys: String, CodingKey {
        case parameters, continues, error
    }

    /// Decodes a reply; an absent `continues` is false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        parameters = try container.decodeIfPresent(JSONValue.self, forKey: .parameters)
        continues = try container.decodeIfPresent(Bool.self, forKey: .continues) ?? false
        error = try container.decodeIfPresent(String.self, forKey: .error)
    }

    /// Encodes a reply, always with a parameters object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(parameters ?? .object([:]), forKey: .parameters)
        if continues { try container.encode(true, forKey: .continues) }
        try container.encodeIfPresent(error, forKey: .error)
    }

    /// The reply's JSON, without the terminating NUL.
    public func encodedJSON() -> [UInt8] {
        // Encoding a JSONValue cannot fail: it holds no non-finite numbers once decoded or encoded.
        (try? Array(JSONValue.encoder.encode(self))) ?? Array(#"{"error":"io.tally.InternalError","parameters":{"reason":"unencodable reply"}}"#.utf8)
    }

    /// Decodes the parameters as `R`; an error reply throws its ``VarlinkError``.
    public func decodeParameters<R: Decodable>(as type: R.Type = R.self) throws -> R {
        if let error {
            throw VarlinkError(name: error, parameters: parameters ?? .object([:]))
        }
        return try (parameters ?? .object([:])).decode(R.self)
    }
}

/// A Varlink error: its fully qualified name and its parameters. Thrown by handlers, and by the client.
public struct VarlinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error's fully qualified name, e.g. `io.tally.NoSuchAgreement`.
    public var name: String
    /// The error's parameters (an object).
    public var parameters: JSONValue

    /// An error with untyped parameters.
    public init(name: String, parameters: JSONValue = .object([:])) {
        self.name = name
        self.parameters = parameters
    }

    /// An error whose parameters are `value` encoded.
    public init(name: String, encoding value: some Encodable) {
        self.init(name: name, parameters: (try? JSONValue(encoding: value)) ?? .object([:]))
    }

    /// Decodes the parameters as `P`.
    public func decodeParameters<P: Decodable>(as type: P.Type = P.self) throws -> P {
        try parameters.decode(P.self)
    }

    /// The name and the parameters as JSON.
    public var description: String {
        let json = (try? JSONValue.encoder.encode(parameters)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        return "\(name) \(json)"
    }
}

extension VarlinkError {
    /// `org.varlink.service.MethodNotFound(method)`.
    public static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.MethodNotFound", parameters: .object(["method": .string(method)]))
    }

    /// `org.varlink.service.InterfaceNotFound(interface)`.
    public static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.InterfaceNotFound", parameters: .object(["interface": .string(interface)]))
    }

    /// `org.varlink.service.InvalidParameter(parameter)`.
    public static func invalidParameter(_ parameter: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.InvalidParameter", parameters: .object(["parameter": .string(parameter)]))
    }

    /// `org.varlink.service.MethodNotImplemented(method)`.
    public static func methodNotImplemented(_ method: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.MethodNotImplemented", parameters: .object(["method": .string(method)]))
    }

    /// `org.varlink.service.ExpectedMore`: the method only streams, and the call lacked `more`.
    public static let expectedMore = VarlinkError(name: "org.varlink.service.ExpectedMore")

    /// `io.tally.InternalError(reason)`: a handler failed in an unexpected way.
    public static func internalError(_ reason: String) -> VarlinkError {
        VarlinkError(name: "io.tally.InternalError", parameters: .object(["reason": .string(reason)]))
    }

    /// `io.tally.InvalidRequest(reason)`: the message was not a Varlink call, or was too large.
    public static func invalidRequest(_ reason: String) -> VarlinkError {
        VarlinkError(name: "io.tally.InvalidRequest", parameters: .object(["reason": .string(reason)]))
    }

    /// `io.tally.TooManyConnections(limit)`.
    public static func tooManyConnections(limit: Int) -> VarlinkError {
        VarlinkError(name: "io.tally.TooManyConnections", parameters: .object(["limit": .integer(Int64(limit))]))
    }
}

/// A method's name bound to its parameter and reply types, so callers and handlers cannot disagree.
public struct VarlinkMethod<Parameters: Codable & Sendable, Reply: Codable & Sendable>: Sendable, Hashable {
    /// The fully qualified method name.
    public let name: String

    /// A method called `name`.
    public init(_ name: String) {
        self.name = name
    }
}

/// Parameters or a reply with no fields: `{}`.
public struct VarlinkEmpty: Codable, Sendable, Hashable {
    /// The empty value.
    public init() {}
}

extension DecodingError {
    /// The dotted key path of the value that failed to decode, e.g. `delivery.count` or `rows[2].line`.
    var keyPath: String {
        let (path, missingKey): ([any CodingKey], (any CodingKey)?) =
            switch self {
            case .keyNotFound(let key, let context): (context.codingPath, key)
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                (context.codingPath, nil)
            @unknown default: ([], nil)
            }
        var text = ""
        for key in path + (missingKey.map { [$0] } ?? []) {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "parameters" : text
    }
}
