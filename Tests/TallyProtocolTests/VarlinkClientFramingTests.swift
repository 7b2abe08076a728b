#if canImport(Glibc)
import Glibc
import TallyTesting
import Testing

import TallyProtocol

/// The client's framing against a scripted peer on a real Unix socket: what it sends, how it splits replies.
@Suite struct VarlinkClientFramingTests {
    /// A listening socket that accepts one connection and plays the service's side by hand.
    private final class ScriptedPeer {
        let directory: TemporaryDirectory
        let path: String
        private let listener: Int32
        private var connection: Int32 = -1

        init() throws {
            directory = try TemporaryDirectory()
            path = directory.path("peer.sock")
            listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            try #require(listener >= 0 && bound == 0 && listen(listener, 1) == 0)
        }

        deinit {
            if connection >= 0 { close(connection) }
            close(listener)
        }

        /// Accepts the client, which has connected through the backlog.
        func accept() throws {
            connection = Glibc.accept(listener, nil, nil)
            try #require(connection >= 0)
        }

        /// Writes `bytes` to the client in one go.
        func write(_ bytes: [UInt8]) throws {
            let written = bytes.withUnsafeBytes { Glibc.write(connection, $0.baseAddress, $0.count) }
            try #require(written == bytes.count)
        }

        /// Reads what the client has sent so far (at most 64 KiB).
        func read() throws -> [UInt8] {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(connection, $0.baseAddress, $0.count) }
            try #require(count >= 0)
            return Array(chunk[..<count])
        }
    }

    @Test func aCallGoesOutAsOneFrame() throws {
        let peer = try ScriptedPeer()
        let client = try VarlinkClient(path: peer.path, timeout: .seconds(5))
        try peer.accept()
        try client.callOneway("org.example.Ping", ["n": 1])
        let sent = try peer.read()
        #expect(sent.last == 0)
        #expect(sent.dropLast().contains(0) == false)
    }

    @Test func repliesInOneReadAreSplitAndEmptyFramesSkipped() throws {
        let peer = try ScriptedPeer()
        let client = try VarlinkClient(path: peer.path, timeout: .seconds(5))
        try peer.accept()
        try peer.write([0] + Array(#"{"parameters":{"n":1}}"#.utf8) + [0, 0] + Array(#"{"parameters":{"n":2}}"#.utf8) + [0])
        #expect(try client.receiveReply(timeout: .seconds(5)).parameters == .object(["n": .integer(1)]))
        #expect(try client.receiveReply(timeout: .seconds(5)).parameters == .object(["n": .integer(2)]))
    }

    @Test func aReplyOverTheLimitIsMalformedWithTheSameSentence() throws {
        let peer = try ScriptedPeer()
        let client = try VarlinkClient(path: peer.path, timeout: .seconds(5))
        client.maximumReplyLength = 10
        try peer.accept()
        try peer.write(Array(#"{"parameters":{}}"#.utf8))
        let error = try #require(throws: VarlinkClientError.self) { try client.receiveReply(timeout: .seconds(5)) }
        #expect(error.code == .malformedReply)
        #expect(error.description == "The daemon at \(peer.path) sent a malformed reply: the reply is longer than 10 bytes.")
    }

    private struct Count: Codable, Sendable { var n: Int }

    /// Valid Varlink that is not the method's reply type is its own kind of failure (a peer of another version).
    @Test func aReplyOfAnotherShapeIsUnexpected() throws {
        let peer = try ScriptedPeer()
        let client = try VarlinkClient(path: peer.path, timeout: .seconds(5))
        try peer.accept()
        try peer.write(Array(#"{"parameters":{"n":"one"}}"#.utf8) + [0])
        let error = try #require(throws: VarlinkClientError.self) {
            try client.call(VarlinkMethod<VarlinkEmpty, Count>("org.example.Count"), VarlinkEmpty())
        }
        #expect(error.code == .unexpectedReply)
        #expect(error.description == "The daemon at \(peer.path) sent a malformed reply: the reply to org.example.Count has a bad n.")
    }
}
#endif
