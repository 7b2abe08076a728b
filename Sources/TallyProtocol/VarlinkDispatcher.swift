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
/// It answers `org.varlink.service.GetInfo` and `GetInterfaceDescription` itself, unknown
/// interfaces with `InterfaceNotFound`, unknown methods with `MethodNotFound`, parameters that do not
/// decode with `InvalidParameter`. A handler's ``VarlinkError`` goes out as that error; any other
/// error goes out as `io.tally.InternalError` and is reported to `onUnexpectedError`.
public struct VarlinkDispatcher: Sendable {
    /// A registered handler.
    enum Handler: Sendable {
        case single(@Sendable (VarlinkCall, CallContext) async throws -> VarlinkReply)
        case streaming(@Sendable (VarlinkCall, CallContext, @escaping VarlinkReplySink) async throws -> VarlinkReply)
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
    private let onUnexpectedError: @Sendable (_ method: String, _ error: any Error) -> Void

    /// A dispatcher serving `interfaces` (besides `org.varlink.service`) as `info` describes.
    public init(
        info: VarlinkServiceInfo,
        interfaces: [VarlinkInterface],
        onUnexpectedError: @escaping @Sendable (_ method: String, _ error: any Error) -> Void = { _, _ in }
    ) {
        let all = [VarlinkInterface.service] + interfaces.filter { $0.name != VarlinkInterface.service.name }
        self.info = info
        self.info.interfaces = all.map(\.name)
        self.interfaces = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
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
        handlers[method.name] = .single { call, context in
            let parameters = try call.decodeParameters(as: P.self)
            return try VarlinkReply(encoding: try await handler(parameters, context))
        }
    }

    /// Handles a method that only streams: it must be called with `more`; the handler sends replies
    /// through the stream and returns the final one. It should return soon after its task is cancelled
    /// (the client went away, or the server is shutting down).
    public mutating func registerStreaming<P, R>(
        _ method: VarlinkMethod<P, R>,
        _ handler: @escaping @Sendable (P, CallContext, VarlinkStream<R>) async throws -> R
    ) {
        handlers[method.name] = .streaming { call, context, sink in
            let parameters = try call.decodeParameters(as: P.self)
            return try VarlinkReply(encoding: try await handler(parameters, context, VarlinkStream(sink: sink)))
        }
    }

    /// Whether `method` only streams.
    public func isStreaming(_ method: String) -> Bool {
        if case .streaming = handlers[method] { return true }
        return false
    }

    /// Handles one frame: parses the call, runs it, and sends its replies (none for `oneway`).
    public func handle(frame: some Collection<UInt8>, context: CallContext, send: @escaping VarlinkReplySink) async -> Outcome {
        let call: VarlinkCall
        do {
            call = try VarlinkCall(frame: frame)
        } catch {
            try? await send(VarlinkReply(error))
            return .close
        }
        await handle(call, context: context, send: send)
        return .keepOpen
    }

    /// Runs `call` and sends its replies (none for `oneway`).
    public func handle(_ call: VarlinkCall, context: CallContext, send: @escaping VarlinkReplySink) async {
        let discard: VarlinkReplySink = { @Sendable _ in }
        let reply: VarlinkReply
        do {
            reply = try await run(call, context: context, send: call.oneway ? discard : send)
        } catch let error as VarlinkError {
            reply = VarlinkReply(error)
        } catch is CancellationError {
            reply = VarlinkReply(VarlinkError.internalError("The call was cancelled."))
        } catch {
            onUnexpectedError(call.method, error)
            reply = VarlinkReply(VarlinkError.internalError(String(describing: error)))
        }
        if !call.oneway {
            try? await send(reply)
        }
    }

    private func run(_ call: VarlinkCall, context: CallContext, send: @escaping VarlinkReplySink) async throws -> VarlinkReply {
        guard let handler = handlers[call.method] else {
            throw unknownMethodError(call.method)
        }
        if call.upgrade {
            throw VarlinkError.invalidParameter("upgrade")
        }
        switch handler {
        case .single(let body):
            return try await body(call, context)
        case .streaming(let body):
            guard call.more else { throw VarlinkError.expectedMore }
            return try await body(call, context, send)
        }
    }

    private func unknownMethodError(_ method: String) -> VarlinkError {
        guard let dot = method.lastIndex(of: "."), dot != method.startIndex else {
            return .methodNotFound(method)
        }
        let interface = String(method[..<dot])
        return interfaces[interface] == nil ? .interfaceNotFound(interface) : .methodNotFound(method)
    }
}
