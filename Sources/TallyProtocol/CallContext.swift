import Synchronization

/// The peer's credentials as the kernel reports them (`SO_PEERCRED`).
public struct PeerCredentials: Sendable, Hashable {
    /// The peer's process id when it connected.
    public var pid: Int32
    /// The peer's effective user id.
    public var uid: UInt32
    /// The peer's effective group id.
    public var gid: UInt32
    /// The peer's supplementary groups as the kernel holds them (`SO_PEERGROUPS`), when it reports them; gid 0
    /// is left out.
    public var groups: [UInt32]

    /// Credentials with the given ids.
    public init(pid: Int32, uid: UInt32, gid: UInt32, groups: [UInt32] = []) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }
}

/// What a handler knows about the call's connection.
public struct CallContext: Sendable {
    /// A number that identifies the connection within the server's lifetime.
    public var connectionID: UInt64
    /// The peer, when the transport reports it (always on a Unix socket).
    public var peer: PeerCredentials?
    /// Tells when the connection goes away (a staged import must then be aborted).
    public var connection: ConnectionLifetime

    /// A context for a call on `connection`.
    public init(connectionID: UInt64, peer: PeerCredentials?, connection: ConnectionLifetime = ConnectionLifetime()) {
        self.connectionID = connectionID
        self.peer = peer
        self.connection = connection
    }
}

/// A one-shot "the connection has closed" signal with callbacks.
public final class ConnectionLifetime: Sendable {
    private struct State {
        var closed = false
        var callbacks: [@Sendable () -> Void] = []
    }
    private let state = Mutex(State())

    /// A connection that is open.
    public init() {}

    /// Whether the connection has closed.
    public var isClosed: Bool {
        state.withLock { $0.closed }
    }

    /// Runs `callback` once the connection has closed: at once when it already has.
    public func onClose(_ callback: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state in
            if state.closed { return true }
            state.callbacks.append(callback)
            return false
        }
        if runNow { callback() }
    }

    /// Marks the connection closed and runs the callbacks; later calls do nothing.
    public func close() {
        let callbacks = state.withLock { state in
            if state.closed { return [@Sendable () -> Void]() }
            state.closed = true
            defer { state.callbacks = [] }
            return state.callbacks
        }
        for callback in callbacks { callback() }
    }
}
