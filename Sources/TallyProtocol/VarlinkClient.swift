import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking Varlink client over a Unix stream socket, for a CLI that must start in milliseconds.
///
/// One call at a time; not thread-safe. Replies are limited to ``maximumReplyLength`` bytes and each
/// wait for a reply to ``timeout`` (streams wait as long as their caller says).
public final class VarlinkClient {
    /// The socket's path.
    public let path: String
    /// How long a call waits for its reply; nil waits forever.
    public var timeout: Duration?
    /// The largest reply accepted, in bytes (SPEC §5: 64 MiB).
    public var maximumReplyLength: Int {
        get { replies.maximumFrameLength }
        set { replies.maximumFrameLength = newValue }
    }

    private var descriptor: Int32
    private var replies = VarlinkFrameBuffer(maximumFrameLength: VarlinkFraming.defaultMaximumReplyLength)

    /// Connects to the Varlink service at `path`; a missing socket or a refused connection is `.unreachable`.
    public init(path: String, timeout: Duration? = .seconds(30)) throws(VarlinkClientError) {
        self.path = path
        self.timeout = timeout
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count < capacity else {
            throw VarlinkClientError(.invalidPath, path: path, detail: "a socket path has 1 to \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else {
            throw VarlinkClientError(.io, path: path, detail: "socket: \(String(cString: strerror(errno)))")
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result != 0 {
            let code = errno
            _ = systemClose(fd)
            switch code {
            case ENOENT, ECONNREFUSED, ENOTDIR:
                throw VarlinkClientError(.unreachable, path: path, detail: String(cString: strerror(code)))
            default:
                throw VarlinkClientError(.io, path: path, detail: "connect: \(String(cString: strerror(code)))")
            }
        }
        descriptor = fd
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    /// Closes the connection; later calls fail.
    public func close() {
        if descriptor >= 0 {
            _ = systemClose(descriptor)
            descriptor = -1
        }
    }

    /// Calls `method` and returns its reply; a Varlink error reply is thrown as ``VarlinkError``.
    public func call<P, R>(_ method: VarlinkMethod<P, R>, _ parameters: P) throws -> R {
        try call(method.name, parameters, as: R.self)
    }

    /// Calls `method` by name and decodes its reply as `R`.
    public func call<P: Encodable, R: Decodable>(_ method: String, _ parameters: P, as type: R.Type = R.self) throws -> R {
        try send(VarlinkCall.encode(method: method, parameters: parameters))
        return try decode(receiveFrame(timeout: timeout), of: method, as: R.self).reply
    }

    /// Calls `method` and returns its reply decoded as `R` (the method's reply type, or a type that reads only part
    /// of it) with the reply as the service wrote it: for printing its parameters without encoding them again.
    public func callKeepingText<P, Reply, R: Decodable>(
        _ method: VarlinkMethod<P, Reply>, _ parameters: P, decoding type: R.Type
    ) throws -> (reply: R, text: VarlinkReplyText) {
        try send(VarlinkCall.encode(method: method.name, parameters: parameters))
        let frame = try receiveFrame(timeout: timeout)
        return (try decode(frame, of: method.name, as: R.self).reply, VarlinkReplyText(frame: frame))
    }

    /// Sends a call of `method` without reading its reply: pipelining, so that the service has the next call
    /// at hand while the caller prepares the one after. Each sent call's reply is then read, in order, by
    /// ``receive(_:)``.
    public func send<P, R>(_ method: VarlinkMethod<P, R>, _ parameters: P) throws {
        try send(VarlinkCall.encode(method: method.name, parameters: parameters))
    }

    /// Reads the reply of the oldest call sent by ``send(_:_:)`` and not yet answered.
    public func receive<P, R>(_ method: VarlinkMethod<P, R>) throws -> R {
        try decode(receiveFrame(timeout: timeout), of: method.name, as: R.self).reply
    }

    /// Calls `method` without waiting for any reply (`oneway`).
    public func callOneway<P: Encodable>(_ method: String, _ parameters: P) throws {
        try send(VarlinkCall.encode(method: method, parameters: parameters, oneway: true))
    }

    /// Calls `method` with `more` and passes every reply to `body` until the one without `continues`.
    ///
    /// `timeout` bounds the wait for each reply; nil waits forever (`alerts --follow`).
    public func stream<P, R>(
        _ method: VarlinkMethod<P, R>, _ parameters: P, timeout: Duration? = nil,
        _ body: (_ reply: R, _ continues: Bool) throws -> Void
    ) throws {
        try send(VarlinkCall.encode(method: method.name, parameters: parameters, more: true))
        while true {
            let (reply, continues) = try decode(receiveFrame(timeout: timeout), of: method.name, as: R.self)
            try body(reply, continues)
            if !continues { return }
        }
    }

    /// Sends a raw frame; for tests of the server's handling of bad input.
    public func sendRaw(_ bytes: [UInt8]) throws(VarlinkClientError) {
        guard descriptor >= 0 else { throw VarlinkClientError(.connectionClosed, path: path, detail: "closed by the client") }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { raw in
                systemSend(descriptor, raw.baseAddress, raw.count)
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw VarlinkClientError(.connectionClosed, path: path, detail: String(cString: strerror(errno)))
            }
            offset += sent
        }
    }

    /// Receives the next reply, unparsed beyond the envelope.
    public func receiveReply(timeout: Duration?) throws -> VarlinkReply {
        let frame = try receiveFrame(timeout: timeout)
        do {
            return try VarlinkReply(frame: frame)
        } catch {
            throw VarlinkClientError(.malformedReply, path: path, detail: "the reply is not a Varlink reply object")
        }
    }

    private func send(_ encoded: [UInt8]) throws {
        try sendRaw(VarlinkFraming.frame(encoded))
    }

    /// Decodes a reply frame straight into `R` (one parse); only when that fails does it look again, untyped,
    /// to say what is wrong.
    private func decode<R: Decodable>(_ frame: [UInt8], of method: String, as type: R.Type) throws -> (reply: R, continues: Bool) {
        do {
            return try VarlinkReply.decodeReply(frame: frame, as: R.self)
        } catch let error as VarlinkError {
            throw error
        } catch {
            let reply: VarlinkReply
            do {
                reply = try VarlinkReply(frame: frame)
            } catch {
                throw VarlinkClientError(.malformedReply, path: path, detail: "the reply is not a Varlink reply object")
            }
            do {
                return (try (reply.parameters ?? .object([:])).decode(R.self), reply.continues)
            } catch let error as DecodingError {
                throw VarlinkClientError(.unexpectedReply, path: path, detail: "the reply to \(method) has a bad \(error.keyPath)")
            }
        }
    }

    private func receiveFrame(timeout: Duration?) throws(VarlinkClientError) -> [UInt8] {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var chunk: [UInt8] = []
        while true {
            do {
                if let frame = try replies.nextFrame() { return frame }
            } catch {
                throw VarlinkClientError(.malformedReply, path: path, detail: "the reply is longer than \(maximumReplyLength) bytes")
            }
            guard descriptor >= 0 else { throw VarlinkClientError(.connectionClosed, path: path, detail: "closed by the client") }
            var waitMilliseconds: Int32 = -1
            if let deadline {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { throw VarlinkClientError(.timedOut, path: path, detail: "no reply within \(timeout.map { "\($0)" } ?? "the time allowed")") }
                let (seconds, attoseconds) = left.components
                waitMilliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, waitMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw VarlinkClientError(.io, path: path, detail: "poll: \(String(cString: strerror(errno)))")
            }
            if ready == 0 { continue }
            if chunk.isEmpty { chunk = [UInt8](repeating: 0, count: 65536) }
            let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw VarlinkClientError(.connectionClosed, path: path, detail: String(cString: strerror(errno)))
            }
            if received == 0 {
                throw VarlinkClientError(.connectionClosed, path: path, detail: "the service closed the connection")
            }
            replies.append(contentsOf: chunk[..<received])
        }
    }
}

// Free functions, because the client's own `send` and `close` shadow the system calls.
private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    send(fd, bytes, count, Int32(MSG_NOSIGNAL))
    #else
    send(fd, bytes, count, 0)
    #endif
}

private func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}

/// A failure of the connection itself (a Varlink error reply is a ``VarlinkError`` instead).
public struct VarlinkClientError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case unreachable, invalidPath, timedOut, connectionClosed, malformedReply, unexpectedReply, io
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Nothing listens on the path: the socket is missing or refuses connections.
        public static let unreachable = Code(.unreachable)
        /// The path cannot name a Unix socket.
        public static let invalidPath = Code(.invalidPath)
        /// No reply came in time.
        public static let timedOut = Code(.timedOut)
        /// The connection closed before the reply.
        public static let connectionClosed = Code(.connectionClosed)
        /// The reply was not valid Varlink, or was too large.
        public static let malformedReply = Code(.malformedReply)
        /// The reply was valid Varlink but does not decode as the method's reply type (a peer of another version).
        public static let unexpectedReply = Code(.unexpectedReply)
        /// Another system call failed.
        public static let io = Code(.io)

        /// The code's name.
        public var description: String { "\(base)" }
    }

    /// What kind of failure.
    public let code: Code
    /// The socket's path.
    public let path: String
    /// What happened, in a few words.
    public let detail: String

    init(_ code: Code, path: String, detail: String) {
        self.code = code
        self.path = path
        self.detail = detail
    }

    /// One sentence for the user.
    public var description: String {
        switch code {
        case .unreachable: "The daemon is not reachable at \(path) (\(detail))."
        case .timedOut: "The daemon at \(path) did not answer: \(detail)."
        case .connectionClosed: "The connection to \(path) closed: \(detail)."
        case .malformedReply, .unexpectedReply: "The daemon at \(path) sent a malformed reply: \(detail)."
        case .invalidPath: "\(path) cannot be a socket path: \(detail)."
        default: "Talking to \(path) failed: \(detail)."
        }
    }
}
