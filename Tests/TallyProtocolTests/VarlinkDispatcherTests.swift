import Foundation
import Synchronization
import Testing

@testable import TallyProtocol

/// Collects the replies a dispatcher sends.
final class ReplyRecorder: Sendable {
    private let replies = Mutex<[VarlinkReply]>([])
    var all: [VarlinkReply] { replies.withLock { $0 } }
    var sink: VarlinkReplySink { { reply in self.replies.withLock { $0.append(reply) } } }
}

/// Collects method names reported as unexpected failures.
final class MethodRecorder: Sendable {
    private let methods = Mutex<[String]>([])
    var all: [String] { methods.withLock { $0 } }
    func append(_ method: String) { methods.withLock { $0.append(method) } }
}

struct EchoParameters: Codable, Sendable, Hashable {
    var text: String
    var times: Int?
}

@Suite struct VarlinkDispatcherTests {
    static let echo = VarlinkMethod<EchoParameters, EchoParameters>("org.example.echo.Echo")
    static let count = VarlinkMethod<EchoParameters, EchoParameters>("org.example.echo.Count")
    static let fail = VarlinkMethod<VarlinkEmpty, VarlinkEmpty>("org.example.echo.Fail")
    static let crash = VarlinkMethod<VarlinkEmpty, VarlinkEmpty>("org.example.echo.Crash")

    struct Boom: Error {}

    /// A service's own interface: the dispatcher knows nothing of tally's.
    static let interface = VarlinkInterface(
        name: "org.example.echo", description: "interface org.example.echo\nmethod Echo(text: string, times: ?int) -> (text: string, times: ?int)\n")
    static let noSuchThing = VarlinkError(name: "org.example.echo.NoSuchThing")

    let context = CallContext(connectionID: 1, peer: PeerCredentials(pid: 1, uid: 0, gid: 0))
    func dispatcher(unexpected: MethodRecorder? = nil) -> VarlinkDispatcher {
        var dispatcher = VarlinkDispatcher(
            info: VarlinkServiceInfo(vendor: "tally", product: "tallyd", version: "0.1", url: "https://example.org"),
            interfaces: [Self.interface],
            errors: VarlinkServiceErrors(interface: Self.interface.name),
            onUnexpectedError: { method, _ in unexpected?.append(method) }
        )
        dispatcher.register(Self.echo) { parameters, _ in parameters }
        dispatcher.registerStreaming(Self.count) { parameters, _, stream in
            for index in 0..<(parameters.times ?? 0) {
                try await stream.send(EchoParameters(text: "\(index)"))
            }
            return EchoParameters(text: "done")
        }
        dispatcher.register(Self.fail) { _, _ in throw Self.noSuchThing }
        dispatcher.register(Self.crash) { _, _ in throw Boom() }
        return dispatcher
    }

    private func replies(_ frame: String) async -> ([VarlinkReply], VarlinkDispatcher.Outcome) {
        let recorder = ReplyRecorder()
        let outcome = await dispatcher().handle(frame: Array(frame.utf8), context: context, send: recorder.sink)
        return (recorder.all, outcome)
    }

    @Test func unknownMethodAndInterface() async {
        #expect(await replies(#"{"method":"org.example.echo.Nope"}"#).0 == [VarlinkReply(.methodNotFound("org.example.echo.Nope"))])
        #expect(await replies(#"{"method":"com.example.Nope"}"#).0 == [VarlinkReply(.interfaceNotFound("com.example"))])
        #expect(await replies(#"{"method":"Nope"}"#).0 == [VarlinkReply(.methodNotFound("Nope"))])
    }

    @Test func badParametersAreInvalidParameter() async {
        #expect(await replies(#"{"method":"org.example.echo.Echo","parameters":{"text":1}}"#).0 == [VarlinkReply(.invalidParameter("text"))])
        #expect(await replies(#"{"method":"org.example.echo.Echo"}"#).0 == [VarlinkReply(.invalidParameter("text"))])
        #expect(await replies(#"{"method":"org.example.echo.Echo","parameters":{"text":"a","times":9223372036854775808}}"#).0
            == [VarlinkReply(.invalidParameter("times"))])
    }

    @Test func malformedMessagesCloseTheConnection() async {
        let (replies, outcome) = await replies("{not json")
        #expect(replies.first?.error == "org.example.echo.InvalidRequest")
        #expect(outcome == .close)
        #expect(await self.replies(#"{"parameters":{}}"#).1 == .close)
        #expect(await self.replies(#"["method"]"#).1 == .close)
    }

    @Test func getInfoAndInterfaceDescription() async throws {
        let info = try await replies(#"{"method":"org.varlink.service.GetInfo","parameters":{}}"#).0[0].decodeParameters(as: VarlinkServiceInfo.self)
        #expect(info.interfaces == ["org.varlink.service", "org.example.echo"])
        #expect(info.product == "tallyd")
        let description = try await replies(#"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"org.example.echo"}}"#)
            .0[0].decodeParameters(as: VarlinkInterface.InterfaceDescriptionReply.self)
        #expect(description.description == Self.interface.description)
        #expect(await replies(#"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"x.y"}}"#).0
            == [VarlinkReply(.interfaceNotFound("x.y"))])
    }

    @Test func streamingSendsContinuesThenFinal() async throws {
        let (replies, _) = await replies(#"{"method":"org.example.echo.Count","parameters":{"text":"","times":3},"more":true}"#)
        #expect(replies.map(\.continues) == [true, true, true, false])
        #expect(try replies.map { try $0.decodeParameters(as: EchoParameters.self).text } == ["0", "1", "2", "done"])
        #expect(await self.replies(#"{"method":"org.example.echo.Count","parameters":{"text":""}}"#).0 == [VarlinkReply(.expectedMore)])
        // A single-reply method called with more answers once, without continues.
        #expect(await self.replies(#"{"method":"org.example.echo.Echo","parameters":{"text":"a"},"more":true}"#).0.map(\.continues) == [false])
    }

    @Test func onewayGetsNoReply() async {
        #expect(await replies(#"{"method":"org.example.echo.Echo","parameters":{"text":"a"},"oneway":true}"#).0.isEmpty)
        #expect(await replies(#"{"method":"org.example.echo.Nope","oneway":true}"#).0.isEmpty)
    }

    @Test func handlerErrors() async {
        #expect(await replies(#"{"method":"org.example.echo.Fail"}"#).0 == [VarlinkReply(Self.noSuchThing)])
        let unexpected = MethodRecorder()
        let recorder = ReplyRecorder()
        _ = await dispatcher(unexpected: unexpected).handle(frame: Array(#"{"method":"org.example.echo.Crash"}"#.utf8), context: context, send: recorder.sink)
        #expect(recorder.all.first?.error == "org.example.echo.InternalError")
        #expect(unexpected.all == ["org.example.echo.Crash"])
    }

    @Test func upgradeIsRefused() async {
        #expect(await replies(#"{"method":"org.example.echo.Echo","parameters":{"text":"a"},"upgrade":true}"#).0 == [VarlinkReply(.invalidParameter("upgrade"))])
    }
}
