import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import TallyInterface
import TallyProtocol

/// The Varlink control socket (SPEC §5) as a service: accepts connections, frames requests, runs
/// them through a ``VarlinkDispatcher`` in order per connection, and shuts down gracefully.
///
/// On graceful shutdown it stops accepting, closes idle connections, lets calls in flight finish,
/// cancels streaming calls so that they send their final reply, and then returns.
public final class ControlServer: Service, Sendable {
    /// Where the server listens.
    public enum Listening: Sendable, Hashable {
        /// A listening socket passed by systemd (`sd_listen_fds`).
        case activated(fd: Int32)
        /// A path the server binds itself, mode 0660; a stale socket file there is replaced.
        case path(String)
    }

    /// How the server listens and what it tolerates.
    public struct Configuration: Sendable {
        /// Where to listen.
        public var listening: Listening
        /// Connections served at once; more are answered `io.tally.TooManyConnections` and closed.
        public var maximumConnections: Int
        /// A connection without traffic for this long is closed, unless a call or stream is running.
        public var idleTimeout: Duration
        /// The largest request, in bytes.
        public var maximumRequestLength: Int
        /// What runs once the last connection has closed and none has opened for `quietAfter`: by default the
        /// daemon gives back the heap memory the calls freed (`MemoryHygiene.trim`).
        public var whenQuiet: @Sendable () -> Void
        public var quietAfter: Duration

        /// A configuration with SPEC §5's defaults.
        public init(
            listening: Listening,
            maximumConnections: Int = 1024,
            idleTimeout: Duration = .seconds(60),
            maximumRequestLength: Int = VarlinkFraming.defaultMaximumRequestLength,
            whenQuiet: (@Sendable () -> Void)? = nil,
            quietAfter: Duration = .milliseconds(250)
        ) {
            self.listening = listening
            self.maximumConnections = maximumConnections
            self.idleTimeout = idleTimeout
            self.maximumRequestLength = maximumRequestLength
            self.whenQuiet = whenQuiet ?? MemoryHygiene.trim
            self.quietAfter = quietAfter
        }
    }

    let configuration: Configuration
    let dispatcher: VarlinkDispatcher
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let connections: ConnectionRegistry
    private let listeningState = Mutex(ListeningState.waiting([]))

    /// A server for `dispatcher`, not yet listening: ``run()`` binds and serves.
    public init(
        configuration: Configuration,
        dispatcher: VarlinkDispatcher,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.connections = ConnectionRegistry(limit: configuration.maximumConnections)
    }

    /// Connections being served now.
    public var connectionCount: Int { connections.count }

    /// Binds, serves until graceful shutdown or cancellation, and returns once every connection has closed.
    public func run() async throws {
        let socket: BoundSocket
        do {
            socket = try await bind()
        } catch {
            resolveListening(.failed(error))
            throw error
        }
        defer { socket.removeFileIfOurs() }
        let serverChannel = socket.channel
        logger.info("Listening for Varlink connections.", metadata: ["socket": "\(socket.description)"])
        resolveListening(.listening)

        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                do {
                    try await serverChannel.executeThenClose { inbound in
                        for try await connection in inbound {
                            switch connections.admit(connection.state) {
                            case .admitted: group.addTask { await self.serve(connection) }
                            case .overLimit: group.addTask { await self.refuse(connection, overLimit: true) }
                            case .shuttingDown: group.addTask { await self.refuse(connection, overLimit: false) }
                            }
                        }
                    }
                } catch is CancellationError {
                    // The service group is tearing down: not a failure of the socket.
                } catch {
                    logger.error("The control socket failed.", metadata: ["error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
            self.connections.beginShutdown()
            serverChannel.channel.close(promise: nil)
        }
        logger.info("The control socket is closed.")
    }

    /// Returns once the server listens; throws what stopped it from listening.
    public func waitUntilListening() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: Result<Void, any Error>? = listeningState.withLock { state in
                switch state {
                case .waiting(let waiters):
                    state = .waiting(waiters + [continuation])
                    return nil
                case .listening: return .success(())
                case .failed(let error): return .failure(error)
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    private enum ListeningState {
        case waiting([CheckedContinuation<Void, any Error>])
        case listening
        case failed(any Error)
    }

    private func resolveListening(_ outcome: ListeningState) {
        let waiters = listeningState.withLock { state in
            guard case .waiting(let waiters) = state else { return [CheckedContinuation<Void, any Error>]() }
            state = outcome
            return waiters
        }
        for waiter in waiters {
            if case .failed(let error) = outcome {
                waiter.resume(throwing: error)
            } else {
                waiter.resume()
            }
        }
    }
}

/// Why the control server could not start.
public struct ControlServerError: Error, Hashable, CustomStringConvertible {
    /// A sentence saying what was wrong and what would be right.
    public let description: String

    /// Another server answers on the path.
    static func alreadyListening(_ path: String) -> Self {
        Self(description: "Another tallyd is already listening on \(path); stop it first or configure another socket path.")
    }

    /// The path holds something other than a socket.
    static func notASocket(_ path: String) -> Self {
        Self(description: "\(path) exists and is not a socket; remove it or configure another socket path.")
    }

    /// A system call failed while preparing the path.
    static func failed(_ path: String, _ reason: String) -> Self {
        Self(description: "Cannot listen on \(path): \(reason).")
    }
}
