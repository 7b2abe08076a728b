import Foundation

/// A Varlink call: `{"method": …, "parameters": {…}, "more": …, "oneway": …, "upgrade": …}`.
///
/// A call parsed from a frame keeps the frame, and its parameters are decoded straight from it into the
/// handler's type: one JSON parse per call, never a detour through ``JSONValue`` (which showed as a
/// quarter of the daemon's time in profiles of large imports and status calls).
public struct VarlinkCall: Sendable, Hashable {
    /// The fully qualified method name, e.g. `io.tally.GetStatus`.
    public var method: String
    /// The call's parameters, for a call built in code; absent means none. A parsed call leaves this nil
    /// and decodes from its frame.
    public var parameters: JSONValue?
    /// The caller accepts several replies (`continues: true` on all but the last).
    public var more: Bool
    /// The caller wants no reply at all.
    public var oneway: Bool
    /// The caller wants to switch to another protocol after the reply (unsupported by tally).
    public var upgrade: Bool
    /// The frame the call was parsed from.
    private var frame: Data?

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

    /// The envelope of a call without its parameters.
    private struct Header: Decodable {
        var method: String
        var more: Bool?
        var oneway: Bool?
        var upgrade: Bool?
    }

    /// Only the parameters of a call, typed.
    private struct Parameters<P: Decodable>: Decodable {
        var parameters: P?
    }

    /// Only the parameters of a call, untyped: the slow path that explains a failed typed decode.
    private struct UntypedParameters: Decodable {
        var parameters: JSONValue?
    }

    /// Parses one frame (without its NUL); a frame that is not a call object is an `InvalidRequest`.
    public init(frame: some Collection<UInt8>) throws(VarlinkError) {
        let data = Data(frame)
        do {
            let header = try JSONDecoder().decode(Header.self, from: data)
            self.init(method: header.method, more: header.more ?? false, oneway: header.oneway ?? false,
                      upgrade: header.upgrade ?? false)
            self.frame = data
        } catch {
            throw VarlinkError.invalidRequest("The message is not a Varlink call: a JSON object with a string \"method\" was expected.")
        }
    }

    /// Decodes the parameters as `P`; a mismatch is `org.varlink.service.InvalidParameter` naming the key path.
    public func decodeParameters<P: Decodable>(as type: P.Type = P.self) throws(VarlinkError) -> P {
        if let frame, let decoded = try? JSONDecoder().decode(Parameters<P>.self, from: frame) {
            if let parameters = decoded.parameters { return parameters }
        }
        // Absent parameters, or a decode that failed: go through the untyped value, which names the key path.
        var parameters = self.parameters ?? .object([:])
        if let frame {
            parameters = (try? JSONDecoder().decode(UntypedParameters.self, from: frame))?.parameters ?? .object([:])
        }
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

    /// The call as it goes on the wire, NUL not included.
    public func encodedJSON() throws -> [UInt8] {
        try VarlinkCall.encode(method: method, parameters: parameters ?? .object([:]), more: more, oneway: oneway,
                               upgrade: upgrade)
    }

    /// A call of `method` with typed `parameters`, encoded once, as it goes on the wire (NUL not included).
    public static func encode<P: Encodable>(
        method: String, parameters: P, more: Bool = false, oneway: Bool = false, upgrade: Bool = false
    ) throws -> [UInt8] {
        try Array(VarlinkJSON.encoder().encode(Envelope(method: method, parameters: parameters, more: more ? true : nil,
                                                    oneway: oneway ? true : nil, upgrade: upgrade ? true : nil)))
    }

    /// What a client sends; flags that are not set are left out.
    private struct Envelope<P: Encodable>: Encodable {
        var method: String
        var parameters: P
        var more: Bool?
        var oneway: Bool?
        var upgrade: Bool?
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
    public let frame: Data
    /// More replies follow this one.
    public let continues: Bool
    /// The error's fully qualified name, for an error reply.
    public let error: String?

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

    private init<P: Encodable>(parameters: P, continues: Bool, error: String?) throws {
        self.frame = try VarlinkJSON.encoder().encode(
            Envelope(continues: continues ? true : nil, error: error, parameters: parameters))
        self.continues = continues
        self.error = error
    }

    /// A reply with untyped parameters.
    public init(parameters: JSONValue? = nil, continues: Bool = false, error: String? = nil) {
        do {
            try self.init(parameters: parameters ?? .object([:]), continues: continues, error: error)
        } catch {
            // A JSONValue holds no non-finite number once decoded, so this only happens for one built in code.
            self = VarlinkReply(VarlinkError.internalError("The reply could not be encoded."))
        }
    }

    /// A successful reply carrying `value` as its parameters.
    public init(encoding value: some Encodable, continues: Bool = false) throws {
        try self.init(parameters: value, continues: continues, error: nil)
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
        let envelope = try JSONDecoder().decode(Typed<R>.self, from: Data(frame))
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
                outcome = .success(try JSONDecoder().decode(R.self, from: Data("{}".utf8)))
            }
        }
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
        let json = (try? VarlinkJSON.encoder().encode(parameters)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
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
