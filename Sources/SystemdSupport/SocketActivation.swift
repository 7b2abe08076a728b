import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Sockets passed by the service manager (`LISTEN_FDS`, `LISTEN_PID`, `LISTEN_FDNAMES`).
///
/// The variables are left in the environment (`sd_listen_fds(0)`): `LISTEN_PID` already keeps a
/// child process from taking them for its own, and leaving them lets tests and repeated calls see
/// the same answer. `sd_listen_fds` sets `FD_CLOEXEC` on every passed descriptor.
public enum SocketActivation {
    /// The first passed descriptor (`SD_LISTEN_FDS_START`, 3).
    public static let firstDescriptor: Int32 = 3

    /// The passed descriptors, `[3, 4, …]`; empty when the process was not socket-activated.
    ///
    /// Throws when the variables are malformed or name a descriptor that is not open.
    public static func listenFDs() throws -> [Int32] {
        let count = sd_listen_fds(0)
        guard count >= 0 else { throw SystemdError.listenFDs(result: count) }
        return (0..<count).map { firstDescriptor + $0 }
    }

    /// The passed descriptors with their `FileDescriptorName=` (systemd names them "unknown" by default).
    public static func namedListenFDs() throws -> [(descriptor: Int32, name: String)] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(0, &names)
        guard count >= 0 else { throw SystemdError.listenFDs(result: count) }
        defer {
            if let names {
                for index in 0..<Int(count) { free(names[index]) }
                free(names)
            }
        }
        return (0..<count).map { index in
            let name = names?[Int(index)].map { String(cString: $0) } ?? "unknown"
            return (firstDescriptor + index, name)
        }
    }

    /// Whether `descriptor` is a listening `AF_UNIX` `SOCK_STREAM` socket, the kind tallyd serves on.
    public static func isUnixStreamSocket(_ descriptor: Int32) -> Bool {
        sd_is_socket_unix(descriptor, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0
    }
}
