import Foundation

/// A Varlink call as a client sends it: `{"method": …, "parameters": {…}, "more": …, "oneway": …}`.
///
/// A service parses calls in ``VarlinkDispatcher``, straight into each handler's parameter type.
public enum VarlinkCall {
    /// A call of `method` with typed `parameters`, encoded once, as it goes on the wire (NUL not included).
    public static func encode<P: Encodable>(
        method: String, parameters: P, more: Bool = false, oneway: Bool = false, upgrade: Bool = false
    ) throws -> [UInt8] {
        try VarlinkJSON.bytes(Envelope(method: method, more: more ? true : nil, oneway: oneway ? true : nil,
                                       parameters: parameters, upgrade: upgrade ? true : nil))
    }

    /// What a client sends; flags that are not set are left out. Members in key order, as they are written.
    private struct Envelope<P: Encodable>: Encodable {
        var method: String
        var more: Bool?
        var oneway: Bool?
        var parameters: P
        var upgrade: Bool?
    }
}

/// The errors Varlink leaves to the service to name, in one of the service's own interfaces.
public struct VarlinkServiceErrors: Sendable, Hashable {
    /// The interface the errors belong to, e.g. `io.tally`.
    public var interface: String

    /// The errors of `interface`.
    public init(interface: String) {
        self.interface = interface
    }

    /// `<interface>.InternalError(reason)`: a handler failed in an unexpected way.
    public func internalError(_ reason: String) -> VarlinkError {
        VarlinkError(name: interface + ".InternalError", parameters: .object(["reason": .string(reason)]))
    }

    /// `<interface>.InvalidRequest(reason)`: the message was not a Varlink call, or was too large.
    public func invalidRequest(_ reason: String) -> VarlinkError {
        VarlinkError(name: interface + ".InvalidRequest", parameters: .object(["reason": .string(reason)]))
    }

    /// `<interface>.TooManyConnections(limit)`.
    public func tooManyConnections(limit: Int) -> VarlinkError {
        VarlinkError(name: interface + ".TooManyConnections", parameters: .object(["limit": .integer(Int64(limit))]))
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
///
/// It is encoded once, when it is made: the whole envelope in one pass of ``VarlinkJSON``'s encoder,
/// straight from the handler's reply type. A client decodes a frame straight into its type
/// (``decodeReply(frame:as:)``).
public struct VarlinkReply: Sendable, Hashable {
    /// The reply as it goes on the wire, NUL not included (keys sorted, as everything else tally writes).
    public let bytes: [UInt8]
    /// More replies follow this one.
    public let continues: Bool
    /// The error's fully qualified name, for an error reply.
    public let error: String?

    /// ``bytes`` as `Data`.
    public var frame: Data { Data(bytes) }

    /// The reply's parameters as a JSON value (nil when there are none); for tests and error replies.
    public var parameters: JSONValue? {
        (try? JSONDecoder().decode(Untyped.self, from: frame))?.parameters
    }

    /// What goes on the wire; flags that are not set are left out.
    private struct Envelope<P: Encodable>: Encodable {
        var continues: Bool?
        var error: String?
        var parameters: P
    }

    private static func frame<P: Encodable>(_ parameters: P, continues: Bool, error: String?, capacity: Int = 0) throws
        -> [UInt8]
    {
        try VarlinkJSON.bytes(Envelope(continues: continues ? true : nil, error: error, parameters: parameters),
                              capacity: capacity)
    }

    private init(frame: [UInt8], continues: Bool, error: String?) {
        self.bytes = frame
        self.continues = continues
        self.error = error
    }

    /// A reply with untyped parameters.
    public init(parameters: JSONValue? = nil, continues: Bool = false, error: String? = nil) {
        // Only a JSONValue built in code with a non-finite number fails; the reply then goes out without parameters.
        let frame =
            (try? Self.frame(parameters ?? .object([:]), continues: continues, error: error))
            ?? (try? Self.frame(JSONValue.object([:]), continues: continues, error: error)) ?? []
        self.init(frame: frame, continues: continues, error: error)
    }

    /// A successful reply carrying `value` as its parameters; `capacity` is how many bytes it is expected to take,
    /// when that is known (a reply of JSON written before), so that they are set aside once.
    public init(encoding value: some Encodable, continues: Bool = false, capacity: Int = 0) throws {
        self.init(frame: try Self.frame(value, continues: continues, error: nil, capacity: capacity), continues: continues,
                  error: nil)
    }

    /// The error reply for `error`.
    public init(_ error: VarlinkError) {
        self.init(parameters: error.parameters, error: error.name)
    }

    /// Parses one reply frame (without its NUL), keeping its parameters untyped.
    public init(frame: some Collection<UInt8>) throws {
        let envelope = try JSONDecoder().decode(Untyped.self, from: Data(frame))
        self.init(parameters: envelope.parameters, continues: envelope.continues ?? false, error: envelope.error)
    }

    private struct Untyped: Decodable {
        var parameters: JSONValue?
        var continues: Bool?
        var error: String?
    }

    /// Decodes the parameters as `R`, or throws the error of an error reply.
    public func decodeParameters<R: Decodable>(as type: R.Type = R.self) throws -> R {
        if let error {
            throw VarlinkError(name: error, parameters: parameters ?? .object([:]))
        }
        return try (parameters ?? .object([:])).decode(R.self)
    }

    /// A reply frame decoded straight into `R`, and whether more replies follow; an error reply is thrown as
    /// ``VarlinkError``. A frame that does not decode throws the `DecodingError`.
    public static func decodeReply<R: Decodable>(frame: some Collection<UInt8>, as type: R.Type = R.self) throws
        -> (reply: R, continues: Bool)
    {
        let envelope = try VarlinkJSON.decode(Typed<R>.self, from: frame)
        switch envelope.outcome {
        case .success(let reply): return (reply, envelope.continues)
        case .failure(let error): throw error
        }
    }

    /// A reply whose parameters decode as `R` unless it is an error reply.
    private struct Typed<R: Decodable>: Decodable {
        var outcome: Result<R, VarlinkError>
        var continues: Bool

        private enum CodingKeys: String, CodingKey {
            case parameters, continues, error
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            continues = try container.decodeIfPresent(Bool.self, forKey: .continues) ?? false
            if let name = try container.decodeIfPresent(String.self, forKey: .error) {
                let parameters = try container.decodeIfPresent(JSONValue.self, forKey: .parameters)
                outcome = .failure(VarlinkError(name: name, parameters: parameters ?? .object([:])))
            } else if let reply = try container.decodeIfPresent(R.self, forKey: .parameters) {
                outcome = .success(reply)
            } else {
                outcome = .success(try VarlinkJSON.decode(R.self, from: "{}".utf8))
            }
        }
    }
}

/// A reply frame as the service wrote it (NUL not included), kept to print its parameters as they are.
public struct VarlinkReplyText: Sendable {
    /// The frame's bytes.
    public let frame: [UInt8]

    /// Hands the parameters to `emit` a piece at a time, laid out as ``VarlinkJSON/encode(_:pretty:)`` writes them
    /// with `pretty` when the service wrote them with ``VarlinkJSON`` (see ``JSONLayout``; an empty object for a
    /// reply without parameters); false when the frame is not a JSON object
    /// whose parameters close (part of them may have been handed on by then).
    public func layOutParameters(_ emit: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        switch JSONLayout.pretty(member: "parameters", of: frame, emit: emit) {
        case true?: return true
        case false?:
            guard let empty = JSONLayout.pretty("{}".utf8) else { return false }
            empty.withUnsafeBufferPointer(emit)
            return true
        case nil: return false
        }
    }

    /// The parameters laid out, as ``layOutParameters(_:)`` hands them on, in one array; nil when it fails.
    public var prettyParameters: [UInt8]? {
        var laidOut: [UInt8] = []
        return layOutParameters { laidOut.append(contentsOf: $0) } ? laidOut : nil
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
        let json = (try? VarlinkJSON.encode(parameters)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
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
    var keyPath: String { keyPath(droppingFirst: 0) }

    /// The key path without its first `count` keys (the envelope's `parameters`).
    func keyPath(droppingFirst count: Int) -> String {
        let (path, missingKey): ([any CodingKey], (any CodingKey)?) =
            switch self {
            case .keyNotFound(let key, let context): (context.codingPath, key)
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                (context.codingPath, nil)
            @unknown default: ([], nil)
            }
        var text = ""
        for key in (path + (missingKey.map { [$0] } ?? [])).dropFirst(count) {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "parameters" : text
    }
}
