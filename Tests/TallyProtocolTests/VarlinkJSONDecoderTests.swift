import Foundation
import TallyTesting
import Testing

@testable import TallyProtocol

/// The tape decoder must give JSONDecoder's values, and JSONDecoder's errors, for every document: it answers
/// plain documents itself and hands the rest to JSONDecoder.
@Suite struct VarlinkJSONDecoderTests {
    enum Colour: String, Codable, Hashable, CaseIterable { case red, green, yellow }

    struct Item: Codable, Hashable {
        var name: String
        var count: Int
        var share: Double
        var colour: Colour
        var note: String?
        var tags: [String]
    }

    /// Read the way `Status` is: the list through `superDecoder()`.
    struct Sample: Codable, Hashable {
        var title: String
        var small: Int8
        var unsigned: UInt32
        var big: Int64
        var flag: Bool
        var ratio: Double
        var items: [Item]
        var counts: [String: Int]
        var maybe: Int?
        var nested: [[Int?]]
        var empty: [String: [Item]]

        private enum CodingKeys: String, CodingKey { case title, small, unsigned, big, flag, ratio, items, counts, maybe, nested, empty }

        init(title: String, small: Int8, unsigned: UInt32, big: Int64, flag: Bool, ratio: Double, items: [Item],
             counts: [String: Int], maybe: Int?, nested: [[Int?]], empty: [String: [Item]])
        {
            (self.title, self.small, self.unsigned, self.big, self.flag, self.ratio) = (title, small, unsigned, big, flag, ratio)
            (self.items, self.counts, self.maybe, self.nested, self.empty) = (items, counts, maybe, nested, empty)
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            title = try c.decode(String.self, forKey: .title)
            small = try c.decode(Int8.self, forKey: .small)
            unsigned = try c.decode(UInt32.self, forKey: .unsigned)
            big = try c.decode(Int64.self, forKey: .big)
            flag = try c.decode(Bool.self, forKey: .flag)
            ratio = try c.decode(Double.self, forKey: .ratio)
            var list = try c.nestedUnkeyedContainer(forKey: .items)
            var items: [Item] = []
            while !list.isAtEnd { items.append(try Item(from: try list.superDecoder())) }
            self.items = items
            counts = try c.decode([String: Int].self, forKey: .counts)
            maybe = try c.decodeIfPresent(Int.self, forKey: .maybe)
            nested = try c.decode([[Int?]].self, forKey: .nested)
            empty = try c.decode([String: [Item]].self, forKey: .empty)
        }
    }

    static let texts = [
        "", "Báo Nhân Dân", "a\"b\\c/d", "tab\there\nnew\r\u{08}\u{0C}", "\u{01}\u{1F}\u{7F}", "Ảnh – “số 1” …", "日本語",
        "\u{2028}\u{2029}", "e\u{0301}", "😀 emoji", "window_days", "\u{0}", "quảng-ninh-2025",
    ]

    static func sample(_ r: inout SeededGenerator) -> Sample {
        func text() -> String { texts.randomElement(using: &r) ?? "" }
        func double() -> Double {
            [0, -0.0, 0.1, 1e-7, 123_456.789, 1e21, -5, Double(Int.random(in: -1000...1000, using: &r)),
             Double.random(in: -1e6...1e6, using: &r), Double.greatestFiniteMagnitude].randomElement(using: &r) ?? 0
        }
        let items = (0..<Int.random(in: 0...4, using: &r)).map { _ in
            Item(name: text(), count: Int.random(in: Int.min...Int.max, using: &r), share: double(),
                 colour: Colour.allCases.randomElement(using: &r) ?? .red, note: Bool.random(using: &r) ? text() : nil,
                 tags: (0..<Int.random(in: 0...3, using: &r)).map { _ in text() })
        }
        var counts: [String: Int] = [:]
        for n in 0..<Int.random(in: 0...40, using: &r) { counts["k\(n)-\(Int.random(in: 0...9, using: &r))"] = n }
        return Sample(
            title: text(), small: Int8.random(in: .min ... .max, using: &r), unsigned: UInt32.random(in: 0 ... .max, using: &r),
            big: Int64.random(in: .min ... .max, using: &r), flag: Bool.random(using: &r), ratio: double(), items: items,
            counts: counts, maybe: Bool.random(using: &r) ? Int.random(in: -9...9, using: &r) : nil,
            nested: [[1, nil], [], [Int.random(in: -5...5, using: &r)]], empty: [:])
    }

    /// A decoder's answer: the value, or the error as text.
    enum Answer<T: Hashable>: Hashable {
        case value(T)
        case error(String)
    }

    /// JSONDecoder's answer for `bytes`.
    static func reference<T: Decodable & Hashable>(_ type: T.Type, _ bytes: [UInt8]) -> Answer<T> {
        do { return .value(try JSONDecoder().decode(T.self, from: Data(bytes))) } catch {
            return .error(String(describing: error))
        }
    }

    static func ours<T: Decodable & Hashable>(_ type: T.Type, _ bytes: [UInt8]) -> Answer<T> {
        do { return .value(try VarlinkJSON.decode(T.self, from: bytes)) } catch {
            return .error(String(describing: error))
        }
    }

    @Test(arguments: 0..<300)
    func theTapeAnswersWhatJSONEncoderWrote(seed: UInt64) throws {
        var r = SeededGenerator(state: seed)
        let value = Self.sample(&r)
        let encoder = JSONEncoder()
        encoder.outputFormatting = seed % 2 == 0 ? [.sortedKeys] : [.prettyPrinted]
        let bytes = Array(try encoder.encode(value))
        let taped = JSONTapeDecoder.taped(Sample.self, from: bytes, userInfo: [:])
        #expect(taped != nil, "the tape declined \(String(decoding: bytes, as: UTF8.self))")
        #expect(taped == (try JSONDecoder().decode(Sample.self, from: Data(bytes))))
        #expect(taped == value || value.ratio.isNaN)
    }

    /// Documents the tape leaves to JSONDecoder, and malformed or hostile ones: the answer is JSONDecoder's,
    /// value or error, word for word.
    @Test(arguments: [
        #"{"\u0061": 1}"#, #"{"a": 1, "a": 2}"#, #"{"é": 1}"#, #"{"a": 1e400}"#, #"{"a": -0}"#, #"{"a": 1.0}"#,
        #"{"a": 1e2}"#, #"{"a": "\ud800"}"#, #"{"a": "\udc00x"}"#, #"{"a": 18446744073709551616}"#,
        #"{"a": 9223372036854775808}"#, #"{"a": -9223372036854775808}"#, #"{"a": 1} x"#, #"{"a": 1,}"#, #"{"a" 1}"#,
        #"{"a": [1,]}"#, #"{"a": "x"#, "{\"a\": \"\u{01}\"}", #"{"a": 01}"#, #"{"a": .5}"#, #"{"a": -}"#, #"{"a": tru}"#,
        "", " ", "[]", "null", #"{"a": "\x"}"#, #"{"a": "\u12"}"#, #"{"a": true}"#, #"{"a": null}"#, #"{"b": 1}"#,
        #"{"a": [1, 2]}"#, #"{"a": {"b": 1}}"#, #"{"a": 1, "b": "\u00e9\ud83d\ude00"}"#, "\u{FEFF}{\"a\": 1}",
        "\t{\"a\":\n1 }\r\n",
    ])
    func anOddDocumentGetsJSONDecodersAnswer(text: String) {
        let bytes = Array(text.utf8)
        let expected = Self.reference([String: Int].self, bytes)
        #expect(Self.ours([String: Int].self, bytes) == expected, "\(text)")
        #expect(Self.ours([String: Double].self, bytes) == Self.reference([String: Double].self, bytes), "\(text)")
        #expect(Self.ours([String: String].self, bytes) == Self.reference([String: String].self, bytes), "\(text)")
        #expect(Self.ours(JSONValue.self, bytes) == Self.reference(JSONValue.self, bytes), "\(text)")
    }

    @Test func bytesThatAreNotUTF8GetJSONDecodersAnswer() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x7B, 0xC3, 0xA9]] {
            #expect(Self.ours(String.self, bytes) == Self.reference(String.self, bytes))
        }
    }

    @Test func theTapeDeclinesWhatIsNotPlain() {
        func declines<T: Decodable>(_ type: T.Type, _ text: String) -> Bool {
            JSONTapeDecoder.taped(T.self, from: Array(text.utf8), userInfo: [:]) == nil
        }
        #expect(declines([String: Int].self, #"{"a": 1, "a": 1}"#))
        #expect(declines([String: Int].self, #"{"\u0061": 1}"#))
        #expect(declines([String: Int].self, #"{"a": 1.0}"#))
        #expect(declines(Date.self, "0"))
        #expect(declines(URL.self, #""https://example.org""#))
        #expect(declines([Int].self, String(repeating: "[", count: 600) + String(repeating: "]", count: 600)))
        #expect(!declines([String: Int].self, #"{"a": 1, "b": -2}"#))
        #expect(!declines(String.self, #""\u00e9\ud83d\ude00\n""#))
    }

    @Test func manyKeysAreCheckedForDuplicatesByHash() throws {
        let keys = (0..<500).map { "key\($0)" }
        let distinct = "{" + keys.enumerated().map { "\"\($1)\": \($0)" }.joined(separator: ",") + "}"
        let decoded = JSONTapeDecoder.taped([String: Int].self, from: Array(distinct.utf8), userInfo: [:])
        #expect(decoded?.count == 500)
        #expect(decoded?["key499"] == 499)
        let twice = "{" + (keys + ["key7"]).map { "\"\($0)\": 1" }.joined(separator: ",") + "}"
        #expect(JSONTapeDecoder.taped([String: Int].self, from: Array(twice.utf8), userInfo: [:]) == nil)
        #expect(Self.ours([String: Int].self, Array(twice.utf8)) == Self.reference([String: Int].self, Array(twice.utf8)))
    }

    /// Errors are JSONDecoder's, with its coding path.
    @Test(arguments: [
        #"{"name": "x", "count": 1, "share": 1, "colour": "red", "tags": []}"#,
        #"{"name": "x", "count": "1", "share": 1, "colour": "red", "tags": []}"#,
        #"{"name": "x", "count": 1, "share": 1, "colour": "blue", "tags": []}"#,
        #"{"name": "x", "count": 1, "share": 1, "colour": "red", "tags": [1]}"#,
        #"{"name": null, "count": 1, "share": 1, "colour": "red", "tags": []}"#,
        #"{"count": 1, "share": 1, "colour": "red", "tags": []}"#,
        #"[{"name": "x"}]"#,
    ])
    func errorsAreJSONDecoders(text: String) {
        let bytes = Array(text.utf8)
        #expect(Self.ours(Item.self, bytes) == Self.reference(Item.self, bytes))
        #expect(Self.ours([Item].self, bytes) == Self.reference([Item].self, bytes))
    }

    /// A type that catches an error and goes on gets what it would get from JSONDecoder.
    struct Tolerant: Decodable, Hashable {
        var count: Int?
        var kind: String
        private enum CodingKeys: String, CodingKey { case count }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let count = try? c.decode(Int.self, forKey: .count) {
                self.count = count
                kind = "number"
            } else {
                count = nil
                kind = (try? c.decode(String.self, forKey: .count)) ?? "other"
            }
        }
    }

    @Test func aCaughtErrorStillGetsJSONDecodersAnswer() {
        for text in [#"{"count": 3}"#, #"{"count": "three"}"#, #"{"count": 3.5}"#, #"{}"#] {
            let bytes = Array(text.utf8)
            #expect(Self.ours(Tolerant.self, bytes) == Self.reference(Tolerant.self, bytes), "\(text)")
        }
        #expect(JSONTapeDecoder.taped(Tolerant.self, from: Array(#"{"count": "three"}"#.utf8), userInfo: [:]) == nil)
        #expect(JSONTapeDecoder.taped(Tolerant.self, from: Array(#"{"count": 3}"#.utf8), userInfo: [:])?.count == 3)
    }

    /// A type that reads its coding path on the way sees the path JSONDecoder gives.
    struct PathProbe: Decodable, Hashable {
        var path: [String]
        init(from decoder: any Decoder) throws {
            path = decoder.codingPath.map { key in key.intValue.map { "#\($0)" } ?? key.stringValue }
        }
    }

    @Test func codingPathsAreJSONDecoders() {
        let text = #"{"a": [{"b": 1}, {"b": {"c": [0, 1, 2]}}], "d": 0}"#
        struct Outer: Decodable, Hashable { var a: [[String: PathProbe]]; var d: PathProbe }
        let bytes = Array(text.utf8)
        #expect(JSONTapeDecoder.taped(Outer.self, from: bytes, userInfo: [:]) != nil)
        #expect(Self.ours(Outer.self, bytes) == Self.reference(Outer.self, bytes))
        struct Deep: Decodable, Hashable { var a: [Inner] }
        struct Inner: Decodable, Hashable { var b: [String: [PathProbe]]? }
        let deep = Array(#"{"a": [{"b": null}, {"b": {"c": [0, 1, 2]}}]}"#.utf8)
        #expect(Self.ours(Deep.self, deep) == Self.reference(Deep.self, deep))
    }

    @Test func userInfoReachesTheTypes() throws {
        struct Reader: Decodable { var seen: String
            init(from decoder: any Decoder) throws { seen = decoder.userInfo[Self.key] as? String ?? "nothing" }
            static let key = CodingUserInfoKey(rawValue: "test.key")!
        }
        #expect(try VarlinkJSON.decode(Reader.self, from: Array("{}".utf8), userInfo: [Reader.key: "told"]).seen == "told")
    }
}
