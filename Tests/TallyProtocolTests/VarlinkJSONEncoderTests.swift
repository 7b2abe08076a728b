import Foundation
import TallyTesting
import Testing

@testable import TallyProtocol

/// The one-pass writer must write exactly the bytes JSONEncoder writes with the one configuration, and
/// hand JSONEncoder what it cannot write in one pass.
@Suite struct VarlinkJSONEncoderTests {
    static let texts = [
        "", "Báo Nhân Dân", "a\"b\\c/d", "tab\there\nnew\r\u{08}\u{0C}", "\u{01}\u{1F}\u{7F}", "Ảnh – “số 1” …", "日本語",
        "\u{2028}\u{2029}", "e\u{0301}", "😀 emoji", "window_days", "Z", "a_b", "aB", "é",
    ]

    private static func reference(_ value: some Encodable, pretty: Bool) throws -> Data {
        try VarlinkJSON.foundationEncoder(pretty: pretty).encode(value)
    }

    private static func onePass(_ value: some Encodable, pretty: Bool) throws -> Data {
        Data(try JSONStreamWriter.write(value, pretty: pretty))
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
    static func value(_ r: inout SeededGenerator, depth: Int = 0) -> JSONValue {
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

    /// Strings are scanned eight bytes at a time: every character that needs an escape, at every position of a
    /// longer string, is escaped as JSONEncoder escapes it, and the word test agrees with a byte-by-byte one.
    @Test func escapesAtEveryPositionOfALongString() throws {
        let specials = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + ["\"", "\\", "/", "\u{7F}", "é", "😀"]
        for special in specials {
            for position in 0..<20 {
                var text = String(repeating: "a", count: 19)
                text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                #expect(try Self.onePass([text], pretty: false) == Self.reference([text], pretty: false), "\(position) \(special.debugDescription)")
            }
        }
        var r = SeededGenerator(state: 7)
        for _ in 0..<20_000 {
            var word: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) {
                let byte: UInt8 = Bool.random(using: &r) ? [0x00, 0x1F, 0x20, 0x21, 0x22, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF].randomElement(using: &r) ?? 0 : UInt8.random(in: 0x20...0x7E, using: &r)
                word |= UInt64(byte) << UInt64(shift)
            }
            let bytes = (0..<8).map { UInt8(truncatingIfNeeded: word >> UInt64(8 * $0)) }
            #expect(JSONWriterState.needsEscape(word) == bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C })
        }
    }

    @Test(arguments: 0..<300)
    func sameBytesAsJSONEncoder(seed: UInt64) throws {
        var r = SeededGenerator(state: seed)
        let tree = Self.value(&r)
        for pretty in [false, true] {
            // JSONValue writes an object's members in key order, so every tree goes in one pass.
            let ours = String(decoding: try Self.onePass(tree, pretty: pretty), as: UTF8.self)
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

    @Test func foundationTypesAndRepeatedKeysGoToJSONEncoder() throws {
        #expect(throws: JSONStreamWriter.NotStreamable.self) { try Self.onePass(Shapes(), pretty: false) }
        #expect(throws: JSONStreamWriter.NotStreamable.self) { try Self.onePass(Repeated(), pretty: false) }
        for pretty in [false, true] {
            #expect(try VarlinkJSON.encode(Shapes(), pretty: pretty) == Self.reference(Shapes(), pretty: pretty))
            #expect(try VarlinkJSON.encode(Repeated(), pretty: pretty) == Self.reference(Repeated(), pretty: pretty))
        }
    }

    /// Keys in any order are put in order when their object closes, at every depth.
    @Test func unsortedKeysAreSortedInOnePass() throws {
        let dictionary = ["b": [3: "x"], "a": [:], "c": [1: "y", 2: "z"], "á": [0: ""]]
        for pretty in [false, true] {
            #expect(try Self.onePass(Unsorted(), pretty: pretty) == Self.reference(Unsorted(), pretty: pretty))
            #expect(try Self.onePass(dictionary, pretty: pretty) == Self.reference(dictionary, pretty: pretty))
        }
    }

    /// A tree whose objects write their members in the order given.
    private indirect enum Shuffled: Encodable {
        case leaf(JSONValue)
        case array([Shuffled])
        case object([(String, Shuffled)])

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .leaf(let value): try value.encode(to: encoder)
            case .array(let items):
                var container = encoder.unkeyedContainer()
                for item in items { try container.encode(item) }
            case .object(let members):
                var container = encoder.container(keyedBy: JSONPathKey.self)
                for (key, value) in members { try container.encode(value, forKey: JSONPathKey(stringValue: key)) }
            }
        }

        static func random(_ r: inout SeededGenerator, depth: Int = 0) -> Shuffled {
            switch Int.random(in: 0..<(depth > 3 ? 1 : 3), using: &r) {
            case 0: return .leaf(VarlinkJSONEncoderTests.value(&r, depth: 3))
            case 1: return .array((0..<Int.random(in: 0...3, using: &r)).map { _ in random(&r, depth: depth + 1) })
            default:
                let keys = Set((0..<Int.random(in: 0...6, using: &r)).map { _ in texts.randomElement(using: &r) ?? "k" })
                return .object(keys.shuffled(using: &r).map { ($0, random(&r, depth: depth + 1)) })
            }
        }
    }

    @Test(arguments: 0..<200)
    func shuffledKeysSameBytesAsJSONEncoder(seed: UInt64) throws {
        var r = SeededGenerator(state: seed)
        let tree = Shuffled.random(&r)
        for pretty in [false, true] {
            let ours = String(decoding: try Self.onePass(tree, pretty: pretty), as: UTF8.self)
            let theirs = String(decoding: try Self.reference(tree, pretty: pretty), as: UTF8.self)
            #expect(ours == theirs, "pretty: \(pretty)")
        }
    }

    /// One key written twice: JSONEncoder keeps the last value.
    private struct Repeated: Encodable {
        enum CodingKeys: String, CodingKey { case a, b }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(1, forKey: .b)
            try container.encode(2, forKey: .a)
            try container.encode(3, forKey: .b)
        }
    }

    /// Scalars of every width, optionals, nested and empty containers, a value that encodes nothing.
    private struct Sorted: Encodable {
        struct Nothing: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }

        var a: [Int8] = [-128, 0, 127]
        var b: [UInt8] = [0, 255]
        var c: UInt64 = .max
        var d: Int32 = .min
        var e: Float = 0.1
        var f: Double? = nil
        var g: [[String]] = [[], ["x"], []]
        var h: Nothing = Nothing()
        var i: [Nothing] = [Nothing(), Nothing()]
        var j: [String: Int] = [:]
        var k: Bool? = false
        var l: UInt16 = 7
    }

    @Test func everyScalarAndContainerInOnePass() throws {
        for pretty in [false, true] {
            #expect(try Self.onePass(Sorted(), pretty: pretty) == Self.reference(Sorted(), pretty: pretty))
        }
    }

    private struct Unsorted: Encodable {
        var zebra = 1
        var apple = ["x": 1]
    }

    /// A container asked for twice by the same encoder is the same object, as with JSONEncoder.
    private struct TwoLookups: Encodable {
        enum CodingKeys: String, CodingKey { case a, b, c }

        func encode(to encoder: any Encoder) throws {
            var first = encoder.container(keyedBy: CodingKeys.self)
            try first.encode(1, forKey: .a)
            var nested = first.nestedUnkeyedContainer(forKey: .b)
            try nested.encode("n")
            var second = encoder.container(keyedBy: CodingKeys.self)
            try second.encode(true, forKey: .c)
        }
    }

    @Test func theSameContainerTwice() throws {
        for pretty in [false, true] {
            #expect(try Self.onePass(TwoLookups(), pretty: pretty) == Self.reference(TwoLookups(), pretty: pretty))
        }
    }

    /// A container written to after a later sibling closed it cannot go in one pass.
    private struct LateWrite: Encodable {
        enum CodingKeys: String, CodingKey { case a, b, c }

        func encode(to encoder: any Encoder) throws {
            var outer = encoder.container(keyedBy: CodingKeys.self)
            var inner = outer.nestedContainer(keyedBy: CodingKeys.self, forKey: .a)
            try outer.encode(1, forKey: .b)
            try inner.encode(2, forKey: .c)
        }
    }

    @Test func aClosedContainerIsRefusedThenJSONEncoderWrites() throws {
        #expect(throws: JSONStreamWriter.NotStreamable.self) { try Self.onePass(LateWrite(), pretty: false) }
        #expect(try VarlinkJSON.encode(LateWrite()) == Self.reference(LateWrite(), pretty: false))
    }

    /// Found in review: each of these once gave other bytes than JSONEncoder, or none.
    private struct Wide: Encodable {
        var a: Int128 = -170_141_183_460_469_231_731_687_303_715_884_105_728
        var b: UInt128 = .max
        var c: [Int128] = [0, 5, -5]
    }

    private struct Swallowing: Encodable {
        enum CodingKeys: String, CodingKey { case a, b, c, d }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try? c.encode(URL(string: "https://a.vn/x"), forKey: .a)
            try c.encode(1, forKey: .b)
            try? c.encode(Double.nan, forKey: .c)
            var list = c.nestedUnkeyedContainer(forKey: .d)
            try? list.encode(Date(timeIntervalSince1970: 0))
            try list.encode("kept")
        }
    }

    private struct SameTextTwice: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: JSONPathKey.self)
            try c.encode(1, forKey: JSONPathKey(stringValue: "e\u{301}"))
            try c.encode(2, forKey: JSONPathKey(stringValue: "f"))
            try c.encode(3, forKey: JSONPathKey(stringValue: "é"))
        }
    }

    private struct EncodesNothing: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    @Test func reviewCasesMatchJSONEncoder() throws {
        for pretty in [false, true] {
            #expect(try VarlinkJSON.encode(Wide(), pretty: pretty) == Self.reference(Wide(), pretty: pretty))
            #expect(try VarlinkJSON.encode(Swallowing(), pretty: pretty) == Self.reference(Swallowing(), pretty: pretty))
            #expect(try VarlinkJSON.encode(SameTextTwice(), pretty: pretty) == Self.reference(SameTextTwice(), pretty: pretty))
        }
        #expect(throws: (any Error).self) { try Self.reference(EncodesNothing(), pretty: false) }
        #expect(throws: (any Error).self) { try VarlinkJSON.encode(EncodesNothing()) }
        for numbers in [[999_999_999_999_999.0, 1e15, 9_007_199_254_740_992, 9_007_199_254_740_994, 0.0001, 1e-5],
                        [-999_999_999_999_999.0, -1e15, -9_007_199_254_740_992, -0.0]] {
            #expect(try Self.onePass(numbers, pretty: false) == Self.reference(numbers, pretty: false))
        }
    }

    /// JSONWriter refuses values nested 512 deep; the one-pass writer leaves that decision to it.
    @Test func deepNestingIsJSONEncodersCall() throws {
        for depth in [510, 511, 512, 513] {
            var tree = JSONValue.integer(1)
            for _ in 0..<depth { tree = .array([tree]) }
            for pretty in [false, true] {
                let ours = Result { try VarlinkJSON.encode(tree, pretty: pretty) }
                let theirs = Result { try Self.reference(tree, pretty: pretty) }
                switch (ours, theirs) {
                case (.success(let a), .success(let b)): #expect(a == b, "depth \(depth)")
                case (.failure, .failure): break
                default: Issue.record("depth \(depth), pretty \(pretty): \(ours) against \(theirs)")
                }
            }
        }
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try VarlinkJSON.encode([1, Double.nan]) }
        #expect(throws: EncodingError.self) { try VarlinkJSON.encode(["x": Double.infinity]) }
        #expect(throws: EncodingError.self) { try VarlinkJSON.encode(JSONValue.object(["x": .double(.nan)])) }
    }
}
