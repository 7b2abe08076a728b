#if canImport(Glibc)
import Glibc
#endif

/// A datagram socket standing in for the service manager's `NOTIFY_SOCKET`: put ``path`` in the
/// environment of the process under test and read what it sends with `sd_notify`.
///
/// The socket file lives in `/tmp` and is closed and removed when the listener is released.
public final class NotifyListener: Sendable {
    /// The socket path, for `NOTIFY_SOCKET`.
    public let path: String
    private let descriptor: Int32

    /// A failure to create the socket, with the errno.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed, as a sentence.
        public let description: String
    }

    /// Binds a new socket at a fresh path.
    public init() throws {
        let path = "/tmp/tally-notify-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).sock"
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            throw Failure(description: "The notify socket path \(path) is longer than \(capacity - 1) bytes.")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw Failure(description: "Creating the notify socket failed: \(String(cString: strerror(errno))).")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "Binding the notify socket at \(path) failed: \(reason).")
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The next datagram, or nil when none arrives within `timeout`.
    public func next(timeout: Duration) -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            let milliseconds = max(0, Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            return String(decoding: buffer.prefix(count), as: UTF8.self)
        }
    }

    /// Datagrams received until one satisfies `predicate` (included, last) or `timeout` passes.
    public func waitFor(_ predicate: (String) -> Bool, timeout: Duration) -> [String] {
        let deadline = ContinuousClock.now + timeout
        var received: [String] = []
        while let message = next(timeout: ContinuousClock.now.duration(to: deadline)) {
            received.append(message)
            if predicate(message) { break }
        }
        return received
    }
}
