import Foundation
import Glibc
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import TallyDaemon
import TallyInterface
import TallyProtocol
import Testing
import TallyTesting

struct EchoParameters: Codable, Sendable, Hashable {
    var text: String
    var count: Int?
}

/// A running ControlServer on a temporary socket path, with a test method.
final class ServerHarness: Sendable {
    static let echo = VarlinkMethod<EchoParameters, EchoParameters>("io.tally.Echo")
    static let whoAmI = VarlinkMethod<VarlinkEmpty, EchoParameters>("io.tally.WhoAmI")

    let directory: String
    let path: String
    let server: ControlServer
    let task: Task<Void, any Error>

    init(maximumConnections: Int = 1024, idleTimeout: Duration = .seconds(60), path: String? = nil,
         whenQuiet: (@Sendable () -> Void)? = nil, quietAfter: Duration = .milliseconds(250)) async throws {
        directory = NSTemporaryDirectory() + "tally-cs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.path = path ?? directory + "/io.tally"
        var dispatcher = VarlinkDispatcher(
            info: VarlinkServiceInfo(vendor: "tally", product: "tallyd", version: "test", url: "https://example.org"),
            interfaces: [VarlinkInterface(name: IOTally.name, description: IOTally.description)], errors: .tally
        )
        dispatcher.register(Self.echo) { parameters, _ in parameters }
        dispatcher.register(Self.whoAmI) { _, context in
            EchoParameters(text: "uid", count: context.peer.map { Int($0.uid) })
        }
        dispatcher.register(IOTally.getInfo) { _, _ in
            GetInfoReply(info: DaemonInfo(
                version: "test", configPath: "/etc/tally/tally.toml", databasePath: "/tmp/x.sqlite",
                startedAt: "2024-05-15T09:00:00+07:00", agreements: 2, deliveries: 41))
        }
        server = ControlServer(
            configuration: .init(listening: .path(self.path), maximumConnections: maximumConnections, idleTimeout: idleTimeout,
                                 whenQuiet: whenQuiet, quietAfter: quietAfter),
            dispatcher: dispatcher,
            logger: Logger(label: "test")
        )
        let server = self.server
        task = Task { try await server.run() }
        try await server.waitUntilListening()
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Opens a raw connection.
    func rawSocket() throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
        return fd
    }

    /// A normal client gets an answer within 2 s.
    func answersPromptly() throws -> Bool {
        let start = ContinuousClock.now
        let client = try VarlinkClient(path: path, timeout: .seconds(2))
        let reply = try client.call(Self.echo, EchoParameters(text: "ping"))
        return reply.text == "ping" && ContinuousClock.now - start < .seconds(2)
    }
}

/// Reads until EOF or `timeout`; returns the bytes and whether the peer closed.
func readAll(_ fd: Int32, timeout: Duration = .seconds(10)) -> (bytes: [UInt8], closed: Bool) {
    var bytes: [UInt8] = []
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 100) > 0 else { continue }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 { return (bytes, true) }
        bytes += chunk[..<count]
    }
    return (bytes, false)
}

func sendAll(_ fd: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent <= 0 { return }
        offset += sent
    }
}

/// The error names in a byte stream of replies.
func errorNames(_ bytes: [UInt8]) -> [String?] {
    bytes.split(separator: 0).map { frame in
        (try? VarlinkReply(frame: frame))?.error
    }
}

@Suite(.serialized) struct ControlServerTests {
    /// The daemon gives back what a burst of calls freed once the socket has been quiet for a moment: not while a
    /// connection is open, not when another opens within the quiet time, and once after the last one closes.
    @Test func theQuietActionRunsOnceAfterTheLastConnectionCloses() async throws {
        let runs = Mutex(0)
        // Long enough that a loaded machine does not take it between one connection closing and the next opening.
        let harness = try await ServerHarness(whenQuiet: { runs.withLock { $0 += 1 } }, quietAfter: .seconds(5))
        defer { Task { await harness.stop() } }
        func roundTrip(_ fd: Int32) {
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            sendAll(fd, Array(#"{"method":"io.tally.Echo","parameters":{"text":"a"}}"#.utf8) + [0])
            var reply = [UInt8](repeating: 0, count: 4096)
            _ = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        }
        let first = try harness.rawSocket(), second = try harness.rawSocket()
        roundTrip(first)
        roundTrip(second)
        close(first)
        // The second is open: the first's closing is not the last.
        try await Task.sleep(for: .seconds(6))
        #expect(runs.withLock { $0 } == 0)
        close(second)
        // A third connection within the quiet time puts it off: the action runs once, after the third, not also
        // after the second.
        let third = try harness.rawSocket()
        roundTrip(third)
        close(third)
        let deadline = ContinuousClock.now + .seconds(30)
        while runs.withLock({ $0 }) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(6))
        #expect(runs.withLock { $0 } == 1)
    }

    @Test func blockingClientCallsAndGetsTypedErrors() async throws {
        let harness = try await ServerHarness()
        defer { Task { await harness.stop() } }
        let client = try VarlinkClient(path: harness.path)
        #expect(try client.call(ServerHarness.echo, EchoParameters(text: "xin chào", count: 3)) == EchoParameters(text: "xin chào", count: 3))
        let info = try client.call(IOTally.getInfo, VarlinkEmpty())
        #expect(info.info.deliveries == 41)
        let who = try client.call(ServerHarness.whoAmI, VarlinkEmpty())
        #expect(who.count == Int(getuid()))
        #expect(throws: VarlinkError.methodNotFound("io.tally.Nope")) {
            let _: VarlinkEmpty = try client.call("io.tally.Nope", VarlinkEmpty())
        }
        let description = try client.call(VarlinkInterface.getInterfaceDescription, .init(interface: "io.tally"))
        #expect(description.description == IOTally.description)
        // Pipelined calls on one connection are answered in order.
        let fd = try harness.rawSocket()
        defer { close(fd) }
        let calls: [UInt8] = (0..<20).flatMap { (index: Int) -> [UInt8] in
            Array(#"{"method":"io.tally.Echo","parameters":{"text":"\#(index)"}}"#.utf8) + [0]
        }
        sendAll(fd, calls)
        shutdown(fd, Int32(SHUT_WR))
        let (bytes, closed) = readAll(fd)
        let texts = try bytes.split(separator: 0).map { try VarlinkReply(frame: $0).decodeParameters(as: EchoParameters.self).text }
        #expect(texts == (0..<20).map { "\($0)" })
        #expect(closed)
    }

    @Test func unreachableIsDistinguished() throws {
        #expect {
            _ = try VarlinkClient(path: NSTemporaryDirectory() + "no-such-\(UUID().uuidString)")
        } throws: { ($0 as? VarlinkClientError)?.code == .unreachable }
    }

    @Test(.requires(.pythonVarlink))
    func pythonVarlinkClientTalksToTheServer() async throws {
        let harness = try await ServerHarness()
        defer { Task { await harness.stop() } }
        let script = """
            import sys, varlink
            with varlink.Client.new_with_address("unix:" + sys.argv[1]) as client:
                with client.open("io.tally") as tally:
                    info = tally.GetInfo()
                with client.open("org.varlink.service") as service:
                    product = service.GetInfo()["product"]
                print(info["info"]["agreements"], product)
            """
        let (status, output) = try PythonVarlink.run(script, arguments: [harness.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("2 tallyd"), "\(output)")
    }

    @Test func staleSocketIsReplacedAndALiveOneRefused() async throws {
        let directory = NSTemporaryDirectory() + "tally-stale-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/io.tally"
        // A socket file nobody listens on.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(fd)
        #expect(FileManager.default.fileExists(atPath: path))

        let harness = try await ServerHarness(path: path)
        #expect(try harness.answersPromptly())
        var status = stat()
        lstat(path, &status)
        #expect(status.st_mode & 0o777 == 0o660)

        let second = ControlServer(
            configuration: .init(listening: .path(path)),
            dispatcher: VarlinkDispatcher(info: VarlinkServiceInfo(vendor: "", product: "", version: "", url: ""), interfaces: [], errors: .tally),
            logger: Logger(label: "test")
        )
        await #expect {
            try await second.run()
        } throws: { String(describing: $0).contains("another tallyd is already listening on \(path)".replacingOccurrences(of: "another", with: "Another")) }
        #expect(try harness.answersPromptly())
        await harness.stop()
        #expect(!FileManager.default.fileExists(atPath: path), "the server removes its socket file when it stops")
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func abuseAffectsNoOtherClient() async throws {
        let harness = try await ServerHarness()
        defer { Task { await harness.stop() } }

        // Malformed JSON: an error reply, then the connection closes.
        var fd = try harness.rawSocket()
        sendAll(fd, Array("{not json".utf8) + [0])
        var result = readAll(fd)
        #expect(errorNames(result.bytes) == [TallyErrorName.invalidRequest])
        #expect(result.closed)
        close(fd)

        // A 2 MiB request: an error reply, then close.
        fd = try harness.rawSocket()
        let big = Array(#"{"method":"io.tally.Echo","parameters":{"text":""#.utf8) + [UInt8](repeating: 0x61, count: 2 << 20) + Array(#""}}"#.utf8) + [0]
        let bigFD = fd
        let sender = Thread { sendAll(bigFD, big) }
        sender.start()
        result = readAll(fd)
        #expect(errorNames(result.bytes) == [TallyErrorName.invalidRequest])
        #expect(result.closed)
        close(fd)

        // Binary junk with NULs: error reply or close, never a hang.
        fd = try harness.rawSocket()
        sendAll(fd, (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) })
        result = readAll(fd)
        #expect(result.closed)
        close(fd)

        // Wrong parameter types and 2^63: InvalidParameter, and the connection stays usable.
        let client = try VarlinkClient(path: harness.path)
        #expect(throws: VarlinkError.invalidParameter("text")) {
            let _: EchoParameters = try client.call("io.tally.Echo", ["text": 1])
        }
        fd = try harness.rawSocket()
        sendAll(fd, Array(#"{"method":"io.tally.Echo","parameters":{"text":"a","count":9223372036854775808}}"#.utf8) + [0])
        sendAll(fd, Array(#"{"method":"io.tally.Echo","parameters":{"text":"b"}}"#.utf8) + [0])
        shutdown(fd, Int32(SHUT_WR))
        result = readAll(fd)
        #expect(errorNames(result.bytes) == ["org.varlink.service.InvalidParameter", nil])
        close(fd)

        // 200 idle connections do not stop a normal client.
        let idle = try (0..<200).map { _ in try harness.rawSocket() }
        #expect(try harness.answersPromptly())
        for fd in idle { close(fd) }
        #expect(try harness.answersPromptly())
    }

    @Test func connectionsBeyondTheLimitGetAnError() async throws {
        let harness = try await ServerHarness(maximumConnections: 3)
        defer { Task { await harness.stop() } }
        let held = try (0..<3).map { _ in try VarlinkClient(path: harness.path) }
        for client in held { _ = try client.call(ServerHarness.echo, EchoParameters(text: "hold")) }
        let fd = try harness.rawSocket()
        let result = readAll(fd)
        #expect(errorNames(result.bytes) == [TallyErrorName.tooManyConnections])
        #expect(result.closed)
        close(fd)
        held.forEach { $0.close() }
        // Slots free up once clients leave.
        try await Task.sleep(for: .milliseconds(200))
        #expect(try harness.answersPromptly())
    }

    @Test func idleConnectionsAreClosed() async throws {
        let harness = try await ServerHarness(idleTimeout: .milliseconds(300))
        defer { Task { await harness.stop() } }
        let fd = try harness.rawSocket()
        let result = readAll(fd, timeout: .seconds(10))
        #expect(result.closed)
        close(fd)
    }

    @Test func gracefulShutdownEndsStreamsWithAFinalReply() async throws {
        let directory = NSTemporaryDirectory() + "tally-gs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/io.tally"
        var dispatcher = VarlinkDispatcher(
            info: VarlinkServiceInfo(vendor: "tally", product: "tallyd", version: "test", url: ""), interfaces: [], errors: .tally
        )
        dispatcher.registerStreaming(IOTally.watchAlerts) { _, _, stream in
            try await stream.send(WatchAlertsReply(alert: nil, final: nil))
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
            return WatchAlertsReply(final: true)
        }
        let server = ControlServer(configuration: .init(listening: .path(path)), dispatcher: dispatcher, logger: Logger(label: "test"))
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: [], logger: Logger(label: "test"))
        )
        let running = Task { try await group.run() }
        try await server.waitUntilListening()
        let replies = Task.detached {
            let client = try VarlinkClient(path: path)
            var got: [WatchAlertsReply] = []
            try client.stream(IOTally.watchAlerts, WatchAlertsParameters(), timeout: .seconds(5)) { reply, _ in
                got.append(reply)
                if got.count == 1 { continuation.yield() }
            }
            return got
        }
        for await _ in stream { break }
        await group.triggerGracefulShutdown()
        let got = try await replies.value
        #expect(got.last?.final == true)
        #expect(got.count == 2)
        try await running.value
    }

    @Test func servesAnActivatedSocket() async throws {
        let directory = NSTemporaryDirectory() + "tally-act-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/io.tally"
        // What systemd would pass: a bound, listening socket.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(listen(fd, 16) == 0)
        var dispatcher = VarlinkDispatcher(info: VarlinkServiceInfo(vendor: "", product: "", version: "", url: ""), interfaces: [], errors: .tally)
        dispatcher.register(ServerHarness.echo) { parameters, _ in parameters }
        let server = ControlServer(configuration: .init(listening: .activated(fd: fd)), dispatcher: dispatcher, logger: Logger(label: "test"))
        let running = Task { try await server.run() }
        try await server.waitUntilListening()
        let client = try VarlinkClient(path: path)
        #expect(try client.call(ServerHarness.echo, EchoParameters(text: "activated")).text == "activated")
        client.close()
        running.cancel()
        _ = await running.result
        #expect(FileManager.default.fileExists(atPath: path), "an activated socket's file belongs to systemd")
    }
}
