#if canImport(Glibc)
import Glibc
#endif

/// A listening `AF_UNIX` stream socket at a fresh path in /tmp, like the one a socket unit passes.
struct UnixSocket {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let descriptor: Int32
    let path: String

    static func listening() throws -> UnixSocket {
        let path = "/tmp/tally-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw Failure(description: "bind/listen \(path): \(reason)")
        }
        return UnixSocket(descriptor: descriptor, path: path)
    }

    func close() {
        Glibc.close(descriptor)
        unlink(path)
    }
}
