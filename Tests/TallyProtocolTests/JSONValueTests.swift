import Foundation
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

    @Test func twoToTheSixtyThreeIsNotAnInt() throws {
        let value = try decode(#"{"id": 9223372036854775808}"#)
        guard case .double = value["id"] else {
            Issue.record("2^63 should decode as a double, got \(String(describing: value["id"]))")
            return
        }
        let call = VarlinkCall(method: "io.tally.Void", parameters: value)
        #expect(throws: VarlinkError.invalidParameter("id")) { try call.decodeParameters(as: VoidParameters.self) }
    }

    @Test func decodingFailuresNameTheKeyPath() throws {
        let call = VarlinkCall(
            method: "io.tally.Record",
            parameters: try decode(#"{"delivery": {"agreement": "a", "published": "2024-01-01", "kind": "x", "count": "two"}}"#)
        )
        #expect(throws: VarlinkError.invalidParameter("delivery.count")) { try call.decodeParameters(as: RecordParameters.self) }
        let missing = VarlinkCall(method: "io.tally.AddImportRows", parameters: try decode(#"{"import_id": "i", "rows": [{"line": 1}, {}]}"#))
        #expect(throws: VarlinkError.invalidParameter("rows[1].line")) { try missing.decodeParameters(as: AddImportRowsParameters.self) }
        let notObject = VarlinkCall(method: "x.Y", parameters: .array([]))
        #expect(throws: VarlinkError.invalidParameter("parameters")) { try notObject.decodeParameters(as: VarlinkEmpty.self) }
    }
}
