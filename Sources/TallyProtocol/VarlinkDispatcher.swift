import Foundation

/// Sends one reply to the caller; the server writes it as a frame.
public typealias VarlinkReplySink = @Sendable (VarlinkReply) async throws -> Void

/// The replies a streaming handler sends before its final one (each goes out with `continues: true`).
public struct VarlinkStream<Reply: Encodable & Sendable>: Sendable {
    let sink: VarlinkReplySink

    /// Sends `reply` with `continues: true`.
    public func send(_ reply: Reply) async throws {
        try await sink(VarlinkReply(encoding: reply, continues: true))
    }
}

/// Routes Varlink calls to handlers by method name. Pure: it knows no socket, only frames and replies.
///
/// A frame is parsed once, straight into the handler's parameter type (the method is read first, then the
/// parameters as that method's handler takes them, from the same parse). It answers
/// `org.varlink.service.GetInfo` and `GetInterfaceDescription` itself, unknown interfaces with
/// `InterfaceNotFound`, unknown methods with `MethodNotFound`, parameters that do not decode with
/// `InvalidParameter` naming the key path. A handler's ``VarlinkError`` goes out as that error; any other
/// error goes out as the service's `InternalError` and is reported to `onUnexpectedError`.
public struct VarlinkDispatcher: Sendable {
    /// A registered handler: how to read its parameters, and how to run it.
    struct Handler: Sendable {
        var decode: @Sendable (KeyedDecodingContainer<CallKeys>) throws(VarlinkError) -> any Sendable
        var run: @Sendable (any Sendable, CallContext, @escaping VarlinkReplySink) async throws -> VarlinkReply
        var streaming: Bool
    }

    /// What the server should do with the connection after a frame.
    public enum Outcome: Sendable, Hashable {
        /// Keep reading calls.
        case keepOpen
        /// The peer broke the protocol: close the connection after the replies sent.
        case close
    }

    private var info: VarlinkServiceInfo
    private var interfaces: [String: VarlinkInterface]
    private var handlers: [String: Handler] = [:]
    private let errors: VarlinkServiceErrors
    private let onUnexpectedError: @Sendable (_ method: String, _ error: any Error) -> Void

    /// A dispatcher serving `interfaces` (besides `org.varlink.service`) as `info` describes, naming its
    /// own failures as `errors` says.
    public init(
        info: VarlinkServiceInfo,
        interfaces: [VarlinkInterface],
        errors: VarlinkServiceErrors,
        onUnexpectedError: @escaping @Sendable (_ method: String, _ error: any Error) -> Void = { _, _ in }
    ) {
        let all = [VarlinkInterface.service] + interfaces.filter { $0.name != VarlinkInterface.service.name }
        self.info = info
        self.info.interfaces = all.map(\.name)
        self.interfaces = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.errors = errors
        self.onUnexpectedError = onUnexpectedError
        register(VarlinkInterface.getInfo) { [info = self.info] _, _ in info }
        register(VarlinkInterface.getInterfaceDescription) { [interfaces = self.interfaces] parameters, _ in
            guard let interface = interfaces[parameters.interface] else {
                throw VarlinkError.interfaceNotFound(parameters.interface)
            }
            return .init(description: interface.description)
        }
    }

    /// The names of the registered methods, sorted.
    public var methods: [String] { handlers.keys.sorted() }

    /// Handles `method` with a function from its parameters to its reply.
    public mutating func register<P, R>(
        _ method: VarlinkMethod<P, R>,
        _ handler: @escaping @Sendable (P, CallContext) async throws -> R
    ) {
        handlers[method.name] = Handler(
            decode: { container throws(VarlinkError) in try Self.parameters(P.self, from: container) },
            run: { parameters, context, _ in
                try VarlinkReply(encoding: try await handler(try Self.cast(parameters, P.self), context))
            },
            streaming: false)
    }

    /// Handles `method` with a function that makes the reply itself (``VarlinkReply/init(encoding:continues:capacity:)``),
    /// from parts kept from earlier replies; what it encodes must read as `R`.
    public mutating func registerEncoded<P, R>(
        _ method: VarlinkMethod<P, R>,
        _ handler: @escaping @Sendable (P, CallContext) async throws -> VarlinkReply
    ) {
        handlers[method.name] = Handler(
            decode: { container throws(VarlinkError) in try Self.parameters(P.self, from: container) },
            run: { parameters, context, _ in try await handler(try Self.cast(parameters, P.self), context) },
            streaming: false)
    }

    /// Handles a method that only streams: it must be called with `more`; the handler sends replies
    /// through the stream and returns the final one. It should return soon after its task is cancelled
    /// (the client went away, or the server is shutting down).
    public mutating func registerStreaming<P, R>(
        _ method: VarlinkMethod<P, R>,
        _ handler: @escaping @Sendable (P, CallContext, VarlinkStream<R>) async throws -> R
    ) {
        handlers[method.name] = Handler(
            decode: { container throws(VarlinkError) in try Self.parameters(P.self, from: container) },
            run: { parameters, context, sink in
                try VarlinkReply(encoding: try await handler(try Self.cast(parameters, P.self), context, VarlinkStream(sink: sink)))
            },
            streaming: true)
    }

    /// Whether `method` only streams.
    public func isStreaming(_ method: String) -> Bool {
        handlers[method]?.streaming ?? false
    }

    /// A call parsed from a frame, its parameters already decoded for its handler.
    public struct ParsedCall: Sendable {
        /// The fully qualified method name.
        public var method: String
        /// The caller accepts several replies.
        public var more: Bool
        /// The caller wants no reply at all.
        public var oneway: Bool
        /// The caller wants to switch protocols after the reply (unsupported).
        public var upgrade: Bool
        /// The handler's parameters, or why they do not decode; nil for a method without a handler.
        var parameters: Result<any Sendable, VarlinkError>?
    }

    /// Parses one frame (without its NUL); a frame that is not a call object is the service's `InvalidRequest`.
    public func parse(frame: some Collection<UInt8>) throws(VarlinkError) -> ParsedCall {
        do {
            return try VarlinkJSON.decode(CallEnvelope.self, from: frame, userInfo: [CallEnvelope.handlersKey: handlers]).call
        } catch {
            throw errors.invalidRequest("The message is not a Varlink call: a JSON object with a string \"method\" was expected.")
        }
    }

    /// Handles one frame: parses the call, runs it, and sends its replies (none for `oneway`). A frame that
    /// is not a call is answered with an error and the connection should close.
    public func handle(frame: some Collection<UInt8>, context: CallContext, send: @escaping VarlinkReplySink) async -> Outcome {
        let call: ParsedCall
        do {
            call = try parse(frame: frame)
        } catch {
            try? await send(VarlinkReply(error))
            return .close
        }
        await handle(call, context: context, send: send)
        return .keepOpen
    }

    /// Runs a parsed call and sends its replies (none for `oneway`).
    public func handle(_ call: ParsedCall, context: CallContext, send: @escaping VarlinkReplySink) async {
        let discard: VarlinkReplySink = { @Sendable _ in }
        let reply: VarlinkReply
        do {
            reply = try await run(call, context: context, send: call.oneway ? discard : send)
        } catch let error as VarlinkError {
            reply = VarlinkReply(error)
        } catch is CancellationError {
            reply = VarlinkReply(errors.internalError("The call was cancelled."))
        } catch {
            onUnexpectedError(call.method, error)
            reply = VarlinkReply(errors.internalError(String(describing: error)))
        }
        if !call.oneway {
            try? await send(reply)
        }
    }

    private func run(_ call: ParsedCall, context: CallContext, send: @escaping VarlinkReplySink) async throws -> VarlinkReply {
        guard let handler = handlers[call.method], let parameters = call.parameters else {
            throw unknownMethodError(call.method)
        }
        if call.upgrade {
            throw VarlinkError.invalidParameter("upgrade")
        }
        if handler.streaming && !call.more {
            throw VarlinkError.expectedMore
        }
        return try await handler.run(try parameters.get(), context, send)
    }

    private func unknownMethodError(_ method: String) -> VarlinkError {
        guard let dot = method.lastIndex(of: "."), dot != method.startIndex else {
            return .methodNotFound(method)
        }
        let interface = String(method[..<dot])
        return interfaces[interface] == nil ? .interfaceNotFound(interface) : .methodNotFound(method)
    }

    /// The keys of a call object.
    enum CallKeys: String, CodingKey {
        case method, parameters, more, oneway, upgrade
    }

    /// The whole call object, read in one parse: the method first, then its parameters as its handler wants.
    private struct CallEnvelope: Decodable {
        static let handlersKey = CodingUserInfoKey(rawValue: "io.varlink.handlers")!
        var call: ParsedCall

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CallKeys.self)
            let method = try container.decode(String.self, forKey: .method)
            var call = ParsedCall(
                method: method, more: try container.decodeIfPresent(Bool.self, forKey: .more) ?? false,
                oneway: try container.decodeIfPresent(Bool.self, forKey: .oneway) ?? false,
                upgrade: try container.decodeIfPresent(Bool.self, forKey: .upgrade) ?? false)
            if let handlers = decoder.userInfo[Self.handlersKey] as? [String: Handler], let handler = handlers[method] {
                call.parameters = Result { () throws(VarlinkError) in try handler.decode(container) }
            }
            self.call = call
        }
    }

    /// The call's parameters as `P`; absent or null parameters are an empty object. A mismatch is
    /// `org.varlink.service.InvalidParameter` naming the key path within the parameters.
    private static func parameters<P: Decodable>(_ type: P.Type, from container: KeyedDecodingContainer<CallKeys>) throws(VarlinkError) -> P {
        do {
            // A type without fields would take any value: check that there is an object first.
            guard try container.decodeIfPresent(ObjectProbe.self, forKey: .parameters) != nil else {
                return try VarlinkJSON.decode(P.self, from: "{}".utf8)
            }
            return try container.decode(P.self, forKey: .parameters)
        } catch {
            let untyped = (try? container.decodeIfPresent(JSONValue.self, forKey: .parameters)) ?? nil
            guard case .object = untyped ?? .object([:]) else { throw VarlinkError.invalidParameter("parameters") }
            // Foundation reports a number beyond Int64 without a path, and not always as a DecodingError: find it.
            let path = (error as? DecodingError)?.keyPath(droppingFirst: untyped == nil ? 0 : 1) ?? "parameters"
            throw VarlinkError.invalidParameter(path == "parameters" ? untyped?.pathOfHugeNumber ?? path : path)
        }
    }

    /// Decodes only when the value is a JSON object, without reading its members.
    private struct ObjectProbe: Decodable {
        private struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            _ = try decoder.container(keyedBy: AnyKey.self)
        }
    }

    private static func cast<P>(_ parameters: any Sendable, _ type: P.Type) throws -> P {
        guard let typed = parameters as? P else { throw VarlinkError.invalidParameter("parameters") }
        return typed
    }
}
