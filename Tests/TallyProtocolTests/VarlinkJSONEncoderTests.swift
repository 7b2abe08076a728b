import Foundation
import TallyTesting
import Testing

@testable import TallyProtocol

/// The one encoder must write exactly the bytes JSONEncoder writes with the one configuration.
@Suite struct VarlinkJSONEncoderTests {
    private static let texts = [
        "", "Báo Nhân Dân", "a\"b\\c/d", "tab\there\nnew\r\u{08}\u{0C}", "\u{01}\u{1F}\u{7F}", "Ảnh – “số 1” …", "日本語",
        "\u{2028}\u{2029}", "e\u{0301}", "😀 emoji", "window_days", "Z", "a_b", "aB", "é",
    ]

    private static func reference(_ value: some Encodable, pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    private static func double(_ r: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<6, using: &r) {
        case 0: Double(Int.random(in: -1000...1000, using: &r))
        case 1: (Double.random(in: 0...500, using: &r) * 100).rounded() / 100
        case 2: Double.random(in: -1e-6...1e-6, using: &r)
        case 3: Double.random(in: 1e15...1e22, using: &r)
        case 4: [0.0, -0.0, 0.1, 0.30000000000000004, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude].randomElement(using: &r) ?? 0
        default: Double.random(in: -1e6...1e6, using: &r)
        }
    }

    /// A random JSON tree: every kind of value, empty and nested containers, keys that sort in odd ways.
    private static func value(_ r: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &r) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &r))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &r))
        case 3: return .double(double(&r))
        case 4: return .string(texts.randomElement(using: &r) ?? "")
        case 5: return .array((0..<Int.random(in: 0...4, using: &r)).map { _ in value(&r, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &r) {
                object[texts.randomElement(using: &r) ?? "k"] = value(&r, depth: depth + 1)
            }
            return .object(object)
        }
    }

    @Test(arguments: 0..<300)
    func sameBytesAsJSONEncoder(seed: UInt64) throws {
        var r = SeededGenerator(state: seed)
        let tree = Self.value(&r)
        for pretty in [false, true] {
            let ours = String(decoding: try VarlinkJSONEncoder(pretty: pretty).encode(tree), as: UTF8.self)
            let theirs = String(decoding: try Self.reference(tree, pretty: pretty), as: UTF8.self)
            #expect(ours == theirs, "pretty: \(pretty)")
        }
    }

    private struct Shapes: Encodable {
        var optionalAbsent: Int? = nil
        var optionalNull: Int? = nil
        var small: [UInt8] = [0, 255]
        var float: Float = 0.1
        var when = Date(timeIntervalSince1970: 1_715_738_400)
        var url = URL(string: "https://example.vn/a/b")
        var nested: [String: [Int]] = ["b": [], "a": [1, 2]]
        var empty: [String: Int] = [:]

        enum CodingKeys: String, CodingKey {
            case optionalAbsent, optionalNull, small, float, when, url, nested, empty
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(optionalAbsent, forKey: .optionalAbsent)
            try c.encode(optionalNull, forKey: .optionalNull)
            try c.encode(small, forKey: .small)
            try c.encode(float, forKey: .float)
            try c.encode(when, forKey: .when)
            try c.encode(url, forKey: .url)
            var nested = c.nestedContainer(keyedBy: CodingKeys.self, forKey: .nested)
            try nested.encode([1], forKey: .small)
            try c.encode(empty, forKey: .empty)
        }
    }

    @Test func optionalsNestedContainersAndFoundationTypes() throws {
        for pretty in [false, true] {
            #expect(try VarlinkJSONEncoder(pretty: pretty).encode(Shapes()) == Self.reference(Shapes(), pretty: pretty))
        }
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try VarlinkJSONEncoder().encode([1, Double.nan]) }
        #expect(throws: EncodingError.self) { try VarlinkJSONEncoder().encode(["x": Double.infinity]) }
    }
}
