import Logging
import NIOCore
import NIOPosix
import Synchronization
import TallyInterface
import TallyProtocol

/// What the channel hands to a connection's task: a frame, or the end because a frame was too large.
enum ConnectionEvent: Sendable {
    case frame(ByteBuffer)
    case tooLarge
}

extension ControlServer {
    /// Serves one connection: its calls one after the other, so that pipelined calls are answered in order.
    func serve(_ connection: AcceptedConnection) async {
        let state = connection.state
        let channel = connection.channel
        let context = CallContext(connectionID: state.id, peer: connection.peer, connection: state.lifetime)
        let send: VarlinkReplySink = { reply in
            try await ControlServer.write(reply, to: channel, state: state)
        }
        events: for await event in connection.frames {
            if state.frameTaken() {
                channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
            }
            switch event {
            case .tooLarge:
                logger.debug("Closing a connection that sent a request over the limit.", metadata: ["connection": "\(state.id)"])
                try? await send(VarlinkReply(.invalidRequest(
                    "The request is longer than the limit of \(configuration.maximumRequestLength) bytes.")))
                break events
            case .frame(let frame):
                guard state.beginCall() else { break events }
                let keepOpen = await run(frame, context: context, state: state, send: send)
                if !state.endCall() || !keepOpen { break events }
            }
        }
        try? await channel.close()
        if let mark = connections.remove(state) {
            // The last connection closed: once none has opened for a moment, give back what the burst of calls
            // freed (64 clients' replies and frames fragment the heap, and nothing else would trim it until the
            // next pass).
            Task { [connections, configuration] in
                try? await Task.sleep(for: configuration.quietAfter)
                if connections.isIdle(since: mark) { configuration.whenQuiet() }
            }
        }
    }

    /// Answers a connection beyond the limit with an error, or closes it at once during shutdown.
    func refuse(_ connection: AcceptedConnection, overLimit: Bool) async {
        if overLimit {
            logger.debug("Refusing a connection: the limit is reached.", metadata: ["limit": "\(configuration.maximumConnections)"])
            try? await Self.write(
                VarlinkReply(.tooManyConnections(limit: configuration.maximumConnections)),
                to: connection.channel, state: connection.state
            )
        }
        try? await connection.channel.close()
    }

    private func run(_ frame: ByteBuffer, context: CallContext, state: ConnectionState, send: @escaping VarlinkReplySink) async -> Bool {
        let call: VarlinkDispatcher.ParsedCall
        do {
            call = try dispatcher.parse(frame: frame.readableBytesView)
        } catch {
            logger.debug("Closing a connection that sent a malformed message.", metadata: ["connection": "\(state.id)"])
            try? await send(VarlinkReply(error))
            return false
        }
        let dispatcher = self.dispatcher
        let task = Task { await dispatcher.handle(call, context: context, send: send) }
        if call.more && dispatcher.isStreaming(call.method) {
            state.setStreamCancellation { task.cancel() }
        }
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        return true
    }

    private static func write(_ reply: VarlinkReply, to channel: any Channel, state: ConnectionState) async throws {
        let buffer = VarlinkFraming.frame(reply.bytes, allocator: channel.allocator)
        let large = buffer.readableBytes >= MemoryHygiene.largeReply
        state.writeStarted()
        defer {
            state.writeEnded()
            if large { MemoryHygiene.trim() }
        }
        try await channel.writeAndFlush(buffer)
    }
}

/// One connection's state, shared by its task, its channel handler and the server's shutdown.
final class ConnectionState: Sendable {
    /// The connection's number, for logs and ``CallContext``.
    let id: UInt64
    let channel: any Channel
    /// Fires when the connection closes.
    let lifetime = ConnectionLifetime()

    private struct State {
        var busy = false
        var writing = 0
        var shuttingDown = false
        var closed = false
        var cancelStream: (@Sendable () -> Void)?
        var queued = 0
        var paused = false
    }
    private let state = Mutex(State())
    // Frames buffered before reading pauses: enough for pipelining, bounded against floods.
    private static let pauseAbove = 32

    init(id: UInt64, channel: any Channel) {
        self.id = id
        self.channel = channel
    }

    /// Whether an idle timeout may close the connection: no call runs, or a reply has not been
    /// taken by the peer for a whole timeout (it stopped reading).
    var mayCloseWhenIdle: Bool {
        state.withLock { !$0.busy || $0.writing > 0 }
    }

    /// Marks a call running; false when the server is shutting down.
    func beginCall() -> Bool {
        state.withLock { state in
            if state.shuttingDown { return false }
            state.busy = true
            return true
        }
    }

    /// Marks the call done; false when the connection should close now (shutdown).
    func endCall() -> Bool {
        state.withLock { state in
            state.busy = false
            state.cancelStream = nil
            return !state.shuttingDown
        }
    }

    /// Registers how to end the running stream; runs it at once if the connection is already ending.
    func setStreamCancellation(_ cancel: @escaping @Sendable () -> Void) {
        let now = state.withLock { state in
            if state.shuttingDown || state.closed { return true }
            state.cancelStream = cancel
            return false
        }
        if now { cancel() }
    }

    /// Graceful shutdown: close if idle, end a stream (it sends its final reply), or let the call finish.
    func shutdown() {
        let (closeNow, cancel) = state.withLock { state in
            state.shuttingDown = true
            return (!state.busy, state.cancelStream)
        }
        if closeNow { channel.close(promise: nil) }
        cancel?()
    }

    /// The channel closed: signal handlers, and end a stream nobody reads any more.
    func closed() {
        let cancel = state.withLock { state in
            state.closed = true
            return state.cancelStream
        }
        lifetime.close()
        cancel?()
    }

    func writeStarted() { state.withLock { $0.writing += 1 } }
    func writeEnded() { state.withLock { $0.writing -= 1 } }

    /// A frame was queued for the task; true when reading should pause.
    func frameQueued() -> Bool {
        state.withLock { state in
            state.queued += 1
            if state.queued > Self.pauseAbove && !state.paused {
                state.paused = true
                return true
            }
            return false
        }
    }

    /// The task took a frame; true when reading should resume.
    func frameTaken() -> Bool {
        state.withLock { state in
            state.queued -= 1
            if state.paused && state.queued <= Self.pauseAbove / 4 {
                state.paused = false
                return true
            }
            return false
        }
    }
}

/// The connections being served, bounded in number.
final class ConnectionRegistry: Sendable {
    enum Admission {
        case admitted, overLimit, shuttingDown
    }

    private struct State {
        var nextID: UInt64 = 1
        var active: [UInt64: ConnectionState] = [:]
        var shuttingDown = false
        /// Moves on every admission and every time the last connection goes: a connection that took its id before
        /// the last one closed, and is admitted after, moves it even though `nextID` does not.
        var changes: UInt64 = 0
    }

    /// What ``remove(_:)`` returns when the last connection went, for ``isIdle(since:)``.
    struct QuietMark: Equatable {
        var changes: UInt64
        var nextID: UInt64
    }
    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { state.withLock { $0.active.count } }

    func nextID() -> UInt64 {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    func admit(_ connection: ConnectionState) -> Admission {
        state.withLock { state in
            if state.shuttingDown { return .shuttingDown }
            if state.active.count >= limit { return .overLimit }
            state.active[connection.id] = connection
            state.changes += 1
            return .admitted
        }
    }

    /// Removes a closed connection; when it was the last one, returns the mark to ask ``isIdle(since:)`` with.
    func remove(_ connection: ConnectionState) -> QuietMark? {
        state.withLock { state in
            guard state.active.removeValue(forKey: connection.id) != nil, state.active.isEmpty else { return nil }
            state.changes += 1
            return QuietMark(changes: state.changes, nextID: state.nextID)
        }
    }

    /// Whether no connection is open, none has been accepted or admitted since ``remove(_:)`` returned `mark`, and
    /// the server is not shutting down: of the marks of one quiet spell, only the last can be idle.
    func isIdle(since mark: QuietMark) -> Bool {
        state.withLock { state in
            !state.shuttingDown && state.active.isEmpty && QuietMark(changes: state.changes, nextID: state.nextID) == mark
        }
    }

    /// Refuses new connections and asks every connection to finish.
    func beginShutdown() {
        let connections = state.withLock { state in
            state.shuttingDown = true
            return Array(state.active.values)
        }
        for connection in connections { connection.shutdown() }
    }
}

/// Feeds frames to the connection's task and closes idle connections.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let state: ConnectionState
    private let continuation: AsyncStream<ConnectionEvent>.Continuation
    private var answeringTooLarge = false

    init(state: ConnectionState, continuation: AsyncStream<ConnectionEvent>.Continuation) {
        self.state = state
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        continuation.yield(.frame(unwrapInboundIn(data)))
        if state.frameQueued() {
            try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // After an oversize frame the decoder reports every later read as an error too: the task is
        // already answering, and closes once that reply is written.
        guard !answeringTooLarge else { return }
        if error is VarlinkFrameTooLargeError {
            answeringTooLarge = true
            try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
            continuation.yield(.tooLarge)
            continuation.finish()
        } else {
            continuation.finish()
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            if state.mayCloseWhenIdle { context.close(promise: nil) }
        } else if let event = event as? ChannelEvent, event == .inputClosed {
            // The peer has sent all it will: answer what came, then close.
            continuation.finish()
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
