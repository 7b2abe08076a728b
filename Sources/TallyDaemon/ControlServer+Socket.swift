import CGlibc
import Glibc
import NIOCore
import NIOPosix
import TallyInterface
import TallyProtocol

/// The listening socket and, when the server bound a path itself, that path's identity.
struct BoundSocket {
    let channel: NIOAsyncChannel<AcceptedConnection, Never>
    let path: String?
    private let inode: ino_t?

    init(channel: NIOAsyncChannel<AcceptedConnection, Never>, path: String?) {
        self.channel = channel
        self.path = path
        self.inode = path.flatMap { fileStatus($0)?.st_ino }
    }

    var description: String { path ?? "socket-activated" }

    /// Removes the socket file the server created, unless another one has replaced it since.
    func removeFileIfOurs() {
        guard let path, let inode, fileStatus(path)?.st_ino == inode else { return }
        unlink(path)
    }
}

/// A connection as accepted, before the server decides to serve or refuse it.
struct AcceptedConnection: Sendable {
    let channel: any Channel
    let state: ConnectionState
    let frames: AsyncStream<ConnectionEvent>
    let peer: PeerCredentials?
}

extension ControlServer {
    func bind() async throws -> BoundSocket {
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        switch configuration.listening {
        case .activated(let fd):
            let channel = try await bootstrap.bind(fd, childChannelInitializer: initializeConnection)
            return BoundSocket(channel: channel, path: nil)
        case .path(let path):
            try Self.clearStaleSocket(at: path)
            let channel = try await bootstrap.bind(
                unixDomainSocketPath: path, cleanupExistingSocketFile: false,
                childChannelInitializer: initializeConnection
            )
            let socket = BoundSocket(channel: channel, path: path)
            // After bind, not via umask: umask is per process and other threads create files too.
            if chmod(path, 0o660) != 0 {
                let reason = String(cString: strerror(errno))
                try? await channel.channel.close()
                socket.removeFileIfOurs()
                throw ControlServerError.failed(path, "chmod 0660: \(reason)")
            }
            return socket
        }
    }

    /// Refuses a path where a server answers; removes a socket file nobody answers on.
    static func clearStaleSocket(at path: String) throws {
        guard let status = fileStatus(path) else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else { throw ControlServerError.notASocket(path) }
        do {
            _ = try VarlinkClient(path: path, timeout: .seconds(1))
            throw ControlServerError.alreadyListening(path)
        } catch let error as VarlinkClientError where error.code == .unreachable {
            if unlink(path) != 0 && errno != ENOENT {
                throw ControlServerError.failed(path, "cannot remove the stale socket: \(String(cString: strerror(errno)))")
            }
        }
    }

    @Sendable
    func initializeConnection(_ channel: any Channel) -> EventLoopFuture<AcceptedConnection> {
        peerCredentials(of: channel).flatMapThrowing { peer in
            let (frames, continuation) = AsyncStream.makeStream(of: ConnectionEvent.self)
            let state = ConnectionState(id: self.connections.nextID(), channel: channel)
            try channel.pipeline.syncOperations.addHandlers(
                ByteToMessageHandler(VarlinkFrameDecoder(maximumFrameLength: self.configuration.maximumRequestLength)),
                IdleStateHandler(allTimeout: TimeAmount(self.configuration.idleTimeout)),
                ConnectionHandler(state: state, continuation: continuation)
            )
            channel.closeFuture.whenComplete { _ in state.closed() }
            return AcceptedConnection(channel: channel, state: state, frames: frames, peer: peer)
        }
    }

    private func peerCredentials(of channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(nil)
        }
        let future: EventLoopFuture<tally_ucred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED)
        )
        let groups: EventLoopFuture<tally_peer_groups> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(TALLY_SO_PEERGROUPS)
        )
        // Without SO_PEERGROUPS (an old kernel, or too many groups) membership is read from the group database only.
        let supplementary = groups.map { list in
            withUnsafeBytes(of: list.gids) { Array($0.bindMemory(to: gid_t.self)).filter { $0 != 0 } }
        }.recover { _ in [] }
        return future.and(supplementary).map { credentials, groups in
            Optional(PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid, groups: groups))
        }.recover { _ in nil }
    }
}

private func fileStatus(_ path: String) -> stat? {
    var status = stat()
    return lstat(path, &status) == 0 ? status : nil
}
