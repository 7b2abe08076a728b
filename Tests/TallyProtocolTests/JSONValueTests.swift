import Foundation
import Synchronization
import Testing

@testable import TallyProtocol

@Suite struct JSONValueTests {
    private func decode(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func keepsIntegersExact() throws {
        #expect(try decode("9223372036854775807") == .integer(Int64.max))
        #expect(try decode("-9223372036854775808") == .integer(Int64.min))
        #expect(try decode("41") == .integer(41))
        #expect(try decode("44.59") == .double(44.59))
        #expect(try decode("true") == .bool(true))
        #expect(try decode("1") != .bool(true))
        #expect(try decode("null") == .null)
        #expect(try decode(#"{"a":[1,"x",null]}"#) == .object(["a": .array([.integer(1), .string("x"), .null])]))
    }

    @Test func twoToTheSixtyThreeIsNotAnInt() async throws {
        let value = try decode(#"{"id": 9223372036854775808}"#)
        guard case .double = value["id"] else {
            Issue.record("2^63 should decode as a double, got \(String(describing: value["id"]))")
            return
        }
        let reply = await Self.reply("org.example.echo.Void", #"{"id": 9223372036854775808}"#)
        #expect(reply == VarlinkReply(.invalidParameter("id")), "\(String(describing: reply?.parameters))")
    }

    struct Identified: Codable, Sendable { var id: Int }
    struct Counted: Codable, Sendable { var count: Int }
    struct Wrapped: Codable, Sendable { var delivery: Counted }
    struct Line: Codable, Sendable { var line: Int }
    struct Rows: Codable, Sendable { var rows: [Line] }

    /// The reply of a dispatcher whose methods take the shapes above, to one call with `parameters`.
    static func reply(_ method: String, _ parameters: String) async -> VarlinkReply? {
        var dispatcher = VarlinkDispatcher(
            info: VarlinkServiceInfo(vendor: "", product: "", version: "", url: ""),
            interfaces: [VarlinkInterface(name: "org.example.echo", description: "interface org.example.echo\n")],
            errors: VarlinkServiceErrors(interface: "org.example.echo"))
        dispatcher.register(VarlinkMethod<Identified, VarlinkEmpty>("org.example.echo.Void")) { _, _ in VarlinkEmpty() }
        dispatcher.register(VarlinkMethod<Wrapped, VarlinkEmpty>("org.example.echo.Record")) { _, _ in VarlinkEmpty() }
        dispatcher.register(VarlinkMethod<Rows, VarlinkEmpty>("org.example.echo.AddRows")) { _, _ in VarlinkEmpty() }
        dispatcher.register(VarlinkMethod<VarlinkEmpty, VarlinkEmpty>("org.example.echo.Nothing")) { _, _ in VarlinkEmpty() }
        let replies = Mutex<[VarlinkReply]>([])
        let frame = #"{"method":""# + method + #"","parameters":"# + parameters + "}"
        _ = await dispatcher.handle(frame: Array(frame.utf8), context: CallContext(connectionID: 1, peer: nil)) { reply in
            replies.withLock { $0.append(reply) }
        }
        return replies.withLock { $0.first }
    }

    @Test func decodingFailuresNameTheKeyPath() async throws {
        #expect(await Self.reply("org.example.echo.Record", #"{"delivery": {"count": "two"}}"#) == VarlinkReply(.invalidParameter("delivery.count")))
        #expect(await Self.reply("org.example.echo.AddRows", #"{"rows": [{"line": 1}, {}]}"#) == VarlinkReply(.invalidParameter("rows[1].line")))
        #expect(await Self.reply("org.example.echo.Nothing", "[]") == VarlinkReply(.invalidParameter("parameters")))
        #expect(await Self.reply("org.example.echo.Nothing", "null") == (try VarlinkReply(encoding: VarlinkEmpty())))
    }
}
