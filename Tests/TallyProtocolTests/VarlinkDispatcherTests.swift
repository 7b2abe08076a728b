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
    static let echo = VarlinkMethod<EchoParameters, EchoParameters>("io.tally.Echo")
    static let count = VarlinkMethod<EchoParameters, EchoParameters>("io.tally.Count")
    static let fail = VarlinkMethod<VarlinkEmpty, VarlinkEmpty>("io.tally.Fail")
    static let crash = VarlinkMethod<VarlinkEmpty, VarlinkEmpty>("io.tally.Crash")

    struct Boom: Error {}

    let context = CallContext(connectionID: 1, peer: PeerCredentials(pid: 1, uid: 0, gid: 0))
    func dispatcher(unexpected: MethodRecorder? = nil) -> VarlinkDispatcher {
        var dispatcher = VarlinkDispatcher(
            info: VarlinkServiceInfo(vendor: "tally", product: "tallyd", version: "0.1", url: "https://example.org"),
            interfaces: [VarlinkInterface(name: TallyInterface.name, description: TallyInterface.description)],
            onUnexpectedError: { method, _ in unexpected?.append(method) }
        )
        dispatcher.register(Self.echo) { parameters, _ in parameters }
        dispatcher.registerStreaming(Self.count) { parameters, _, stream in
            for index in 0..<(parameters.times ?? 0) {
                try await stream.send(EchoParameters(text: "\(index)"))
            }
            return EchoParameters(text: "done")
        }
        dispatcher.register(Self.fail) { _, _ in throw VarlinkError.noSuchAgreement("x") }
        dispatcher.register(Self.crash) { _, _ in throw Boom() }
        return dispatcher
    }

    private func replies(_ frame: String) async -> ([VarlinkReply], VarlinkDispatcher.Outcome) {
        let recorder = ReplyRecorder()
        let outcome = await dispatcher().handle(frame: Array(frame.utf8), context: context, send: recorder.sink)
        return (recorder.all, outcome)
    }

    @Test func unknownMethodAndInterface() async {
        #expect(await replies(#"{"method":"io.tally.Nope"}"#).0 == [VarlinkReply(.methodNotFound("io.tally.Nope"))])
        #expect(await replies(#"{"method":"com.example.Nope"}"#).0 == [VarlinkReply(.interfaceNotFound("com.example"))])
        #expect(await replies(#"{"method":"Nope"}"#).0 == [VarlinkReply(.methodNotFound("Nope"))])
    }

    @Test func badParametersAreInvalidParameter() async {
        #expect(await replies(#"{"method":"io.tally.Echo","parameters":{"text":1}}"#).0 == [VarlinkReply(.invalidParameter("text"))])
        #expect(await replies(#"{"method":"io.tally.Echo"}"#).0 == [VarlinkReply(.invalidParameter("text"))])
        #expect(await replies(#"{"method":"io.tally.Echo","parameters":{"text":"a","times":9223372036854775808}}"#).0
            == [VarlinkReply(.invalidParameter("times"))])
    }

    @Test func malformedMessagesCloseTheConnection() async {
        let (replies, outcome) = await replies("{not json")
        #expect(replies.first?.error == TallyErrorName.invalidRequest)
        #expect(outcome == .close)
        #expect(await self.replies(#"{"parameters":{}}"#).1 == .close)
        #expect(await self.replies(#"["method"]"#).1 == .close)
    }

    @Test func getInfoAndInterfaceDescription() async throws {
        let info = try await replies(#"{"method":"org.varlink.service.GetInfo","parameters":{}}"#).0[0].decodeParameters(as: VarlinkServiceInfo.self)
        #expect(info.interfaces == ["org.varlink.service", "io.tally"])
        #expect(info.product == "tallyd")
        let description = try await replies(#"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"io.tally"}}"#)
            .0[0].decodeParameters(as: VarlinkInterface.InterfaceDescriptionReply.self)
        #expect(description.description == TallyInterface.description)
        #expect(await replies(#"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"x.y"}}"#).0
            == [VarlinkReply(.interfaceNotFound("x.y"))])
    }

    @Test func streamingSendsContinuesThenFinal() async throws {
        let (replies, _) = await replies(#"{"method":"io.tally.Count","parameters":{"text":"","times":3},"more":true}"#)
        #expect(replies.map(\.continues) == [true, true, true, false])
        #expect(try replies.map { try $0.decodeParameters(as: EchoParameters.self).text } == ["0", "1", "2", "done"])
        #expect(await self.replies(#"{"method":"io.tally.Count","parameters":{"text":""}}"#).0 == [VarlinkReply(.expectedMore)])
        // A single-reply method called with more answers once, without continues.
        #expect(await self.replies(#"{"method":"io.tally.Echo","parameters":{"text":"a"},"more":true}"#).0.map(\.continues) == [false])
    }

    @Test func onewayGetsNoReply() async {
        #expect(await replies(#"{"method":"io.tally.Echo","parameters":{"text":"a"},"oneway":true}"#).0.isEmpty)
        #expect(await replies(#"{"method":"io.tally.Nope","oneway":true}"#).0.isEmpty)
    }

    @Test func handlerErrors() async {
        #expect(await replies(#"{"method":"io.tally.Fail"}"#).0 == [VarlinkReply(.noSuchAgreement("x"))])
        let unexpected = MethodRecorder()
        let recorder = ReplyRecorder()
        _ = await dispatcher(unexpected: unexpected).handle(frame: Array(#"{"method":"io.tally.Crash"}"#.utf8), context: context, send: recorder.sink)
        #expect(recorder.all.first?.error == TallyErrorName.internalError)
        #expect(unexpected.all == ["io.tally.Crash"])
    }

    @Test func upgradeIsRefused() async {
        #expect(await replies(#"{"method":"io.tally.Echo","parameters":{"text":"a"},"upgrade":true}"#).0 == [VarlinkReply(.invalidParameter("upgrade"))])
    }
}
