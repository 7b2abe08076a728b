import Foundation
import TallyTesting
import Testing

@testable import TallyProtocol

/// `JSONLayout` must lay out the compact bytes of a value exactly as the writer writes the value with `pretty`, and
/// refuse, without reading past the end, any text whose strings and containers do not close.
@Suite struct JSONLayoutTests {
    private static func text(_ bytes: [UInt8]?) -> String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func laysOutRandomValuesAsThePrettyWriterWritesThem(seed: UInt64) throws {
        var r = SeededGenerator(state: seed)
        for _ in 0..<200 {
            let value = VarlinkJSONEncoderTests.value(&r)
            let compact = try VarlinkJSON.bytes(value)
            let pretty = try VarlinkJSON.bytes(value, pretty: true)
            #expect(Self.text(JSONLayout.pretty(compact)) == Self.text(pretty))
            // Laid out a second time, pretty text stays as it is (whitespace between tokens is read as such).
            #expect(Self.text(JSONLayout.pretty(pretty)) == Self.text(pretty))
        }
    }

    @Test func laysOutTheShapesTheWireCarries() throws {
        let values: [JSONValue] = [
            .object([:]), .array([]), .object(["a": .array([])]), .array([.object([:]), .array([.array([])])]),
            .string("{\"not\": [a, container]}\\"), .integer(-12), .double(46.77), .null, .bool(false),
            .object(["agreements": .array([.object(["id": .string("hd-0001"), "quotas": .array([]), "title": .string("Mốc mở đầu")])]),
                     "at": .string("2026-12-04T10:00:00+07:00")]),
        ]
        for value in values {
            let pretty = try VarlinkJSON.bytes(value, pretty: true)
            #expect(Self.text(JSONLayout.pretty(try VarlinkJSON.bytes(value))) == Self.text(pretty))
        }
    }

    /// A value laid out at a depth is indented as the writer indents it inside that many containers.
    @Test func laysOutAtADepth() throws {
        var r = SeededGenerator(state: 11)
        for _ in 0..<100 {
            let value = VarlinkJSONEncoderTests.value(&r)
            let nested = try String(decoding: VarlinkJSON.bytes(["a": [value]], pretty: true), as: UTF8.self)
            let inner = try #require(Self.text(JSONLayout.pretty(try VarlinkJSON.bytes(value), depth: 2)))
            #expect(nested == "{\n  \"a\" : [\n    " + inner + "\n  ]\n}")
        }
    }

    @Test func refusesTextThatDoesNotClose() throws {
        var r = SeededGenerator(state: 5)
        var value = VarlinkJSONEncoderTests.value(&r)
        while case .null = value { value = VarlinkJSONEncoderTests.value(&r) }
        let document = try VarlinkJSON.bytes(JSONValue.object(["v": value, "w": .array([.string("x\"}]")])]))
        // Every proper prefix leaves a string or a container open.
        for end in 0..<document.count {
            #expect(JSONLayout.pretty(document[..<end]) == nil, "prefix of \(end) bytes")
        }
        let refused = ["", "   ", "{", "}", "[}", "{]", "[1,", "\"open", "\"esc\\", "{\"a\":1}}", "[] []", "1 2", ",", ":", "[:]",
                       "{\"a\":1,}x", String(repeating: "[", count: 600) + String(repeating: "]", count: 600)]
        for text in refused {
            #expect(JSONLayout.pretty(Array(text.utf8)) == nil, "\(text.prefix(20))")
        }
        // Deep but within JSONDecoder's limit is laid out.
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(JSONLayout.pretty(Array(deep.utf8)) != nil)
    }

    /// Indents deeper than the layout's line of spaces (64 levels) come out as the writer writes them.
    @Test func laysOutDeepIndents() throws {
        var value = JSONValue.object(["leaf": .array([.string("x"), .object([:])])])
        for level in 0..<300 {
            value = level.isMultiple(of: 2) ? .array([value, .integer(Int64(level))]) : .object(["k": value, "n": .null])
        }
        let pretty = try VarlinkJSON.bytes(value, pretty: true)
        #expect(Self.text(JSONLayout.pretty(try VarlinkJSON.bytes(value))) == Self.text(pretty))
    }

    /// The member laid out and what `pretty(member:of:emit:)` said: found, absent or refused.
    private static func member(_ key: String, of text: String) -> (Bool?, String) {
        var laidOut: [UInt8] = []
        let found = JSONLayout.pretty(member: key, of: Array(text.utf8)) { laidOut.append(contentsOf: $0) }
        return (found, String(decoding: laidOut, as: UTF8.self))
    }

    @Test func findsOneMemberOfTheTopLevelObject() throws {
        let frame = #"{"continues":true,"error":"x{\"}","parameters":{"a":[1,{}],"b":"}"},"z":1}"#
        let parameters = try VarlinkJSON.bytes(JSONValue.object(["a": .array([.integer(1), .object([:])]), "b": .string("}")]), pretty: true)
        #expect(Self.member("parameters", of: frame) == (true, String(decoding: parameters, as: UTF8.self)))
        #expect(Self.member("continues", of: frame) == (true, "true"))
        #expect(Self.member("param", of: frame) == (false, ""))
        #expect(Self.member("a", of: frame) == (false, ""), "only the top level is searched")
        #expect(Self.member("x", of: "{}") == (false, ""))
        for text in ["", "[]", "{\"a\"", "{\"a\":", "{\"a\":[1}", "{\"a\":1 \"b\":2}", "{\"parameters\":{\"a\":", "{1:2}"] {
            #expect(Self.member("parameters", of: text).0 == nil, "\(text)")
        }
    }

    /// Text longer than the layout's buffer, and strings longer than it, come out whole.
    @Test func laysOutTextLongerThanItsBuffer() throws {
        let long = String(repeating: "Bản tin số 1 – ", count: 20_000)
        let value = JSONValue.object(["items": .array((0..<3000).map { .object(["id": .integer(Int64($0)), "t": .string("x\($0)")]) }),
                                      "long": .string(long)])
        let frame = try VarlinkReply(encoding: value).bytes
        var pieces = 0
        var laidOut: [UInt8] = []
        #expect(JSONLayout.pretty(member: "parameters", of: frame) { pieces += 1; laidOut.append(contentsOf: $0) } == true)
        #expect(pieces > 2)
        #expect(laidOut == (try VarlinkJSON.bytes(value, pretty: true)))
    }

    /// A reply's parameters, as tallyctl prints them from the frame, are the decoded value written again.
    @Test func printsAReplysParametersAsTheyDecode() throws {
        var r = SeededGenerator(state: 3)
        for _ in 0..<100 {
            let value = JSONValue.object(["a": VarlinkJSONEncoderTests.value(&r), "b": VarlinkJSONEncoderTests.value(&r)])
            let reply = try VarlinkReply(encoding: value)
            let text = VarlinkReplyText(frame: reply.bytes)
            #expect(Self.text(text.prettyParameters) == Self.text(try VarlinkJSON.bytes(value, pretty: true)))
        }
        let bare = VarlinkReplyText(frame: Array("{}".utf8))
        #expect(Self.text(bare.prettyParameters) == "{\n\n}")
    }
}

/// The length of a string as the writer writes it, counted without writing it.
@Suite struct WrittenLengthTests {
    @Test func countsWhatTheWriterWrites() throws {
        var texts = VarlinkJSONEncoderTests.texts + [
            "", "\u{0}", "12345678", "1234567\"", "\\\\\\\\\\", String(repeating: "Đại hội \"XII\"\n", count: 50),
            String(repeating: "a", count: 1000) + "\u{1F}", "https://baotintuc.vn/a/1?x=1&y=\"2\"",
        ]
        var r = SeededGenerator(state: 17)
        for _ in 0..<300 {
            let length = Int.random(in: 0...40, using: &r)
            texts.append(String(decoding: (0..<length).map { _ in UInt8.random(in: 0...0x7F, using: &r) }, as: UTF8.self))
        }
        for text in texts {
            #expect(VarlinkJSON.writtenLength(of: text) == (try VarlinkJSON.bytes(text).count), "\(text.debugDescription)")
        }
    }
}

/// A value encoded once and copied where it is encoded again.
@Suite struct EncodedJSONTests {
    private struct Holder: Encodable {
        var items: [EncodedJSON]
        var name: String
    }

    private struct Plain: Encodable {
        var items: [JSONValue]
        var name: String
    }

    /// A member JSONEncoder must write (a Date), so the whole value goes to it.
    private struct Dated<Items: Encodable>: Encodable {
        var items: Items
        var when: Date
    }

    @Test func writesTheSameTextAsTheValue() throws {
        var r = SeededGenerator(state: 9)
        for _ in 0..<100 {
            let values = (0..<3).map { _ in VarlinkJSONEncoderTests.value(&r) }
            let encoded = Holder(items: try values.map(EncodedJSON.init), name: "x")
            let plain = Plain(items: values, name: "x")
            for pretty in [false, true] {
                #expect(try VarlinkJSON.bytes(encoded, pretty: pretty) == VarlinkJSON.bytes(plain, pretty: pretty))
            }
            // JSONEncoder is given the value the text stands for: the same JSON (-0 may come back as 0).
            let when = Date(timeIntervalSince1970: 1_700_000_000)
            let viaEncoder = try VarlinkJSON.bytes(Dated(items: try values.map(EncodedJSON.init), when: when))
            #expect(try VarlinkJSON.decode(JSONValue.self, from: viaEncoder)
                == VarlinkJSON.decode(JSONValue.self, from: VarlinkJSON.bytes(Dated(items: values, when: when))))
        }
    }
}
