import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Who is at the other end of a connected `AF_UNIX` socket, as the kernel recorded it at connect time.
public struct PeerCredentials: Hashable, Sendable {
    /// The peer's process id.
    public var pid: Int32
    /// The peer's effective user id.
    public var uid: UInt32
    /// The peer's effective group id.
    public var gid: UInt32

    /// Creates credentials from their parts.
    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// The credentials of the peer of the `AF_UNIX` socket `fd` (`getsockopt(SO_PEERCRED)`).
    public static func of(socket fd: Int32) throws -> PeerCredentials {
        var credentials = tally_ucred()
        var length = socklen_t(MemoryLayout<tally_ucred>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else {
            throw SystemdError.peerCredentials(errno: errno)
        }
        return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
    }
}
