import Foundation
import Testing

@testable import TallyProtocol
import TallyTesting

@Suite struct StatusJSONTests {
    private static let specExample = """
        { "at": "2024-05-15T09:00:00+07:00",
          "agreements": [ { "id": "ben-tre-2024", "title": "T", "state": "ACTIVE", "stale": false,
              "start": "2024-01-01", "end": "2025-12-31",
              "quotas": [ { "id": "news", "title": "Tin", "window": "2024", "window_start": "2024-01-01", "window_end": "2024-12-31",
                            "target": 120, "delivered": 41, "expected": 44.59, "status": "ON_TRACK",
                            "remaining": 79, "projected": 110.33, "required_per_week": 2.39, "current_per_week": 2.14,
                            "window_days": 366, "elapsed_days": 136, "left_days": 230 } ],
              "milestones": [ { "id": "dai-hoi-xii/mo-dau", "title": "M", "due": "2025-07-01", "target": 5, "delivered": 0,
                                "status": "PENDING" } ] } ] }
        """

    @Test func roundTripsTheSpecShape() throws {
        let status = try JSONDecoder().decode(Status.self, from: Data(Self.specExample.utf8))
        #expect(status.agreements[0].quotas[0].requiredPerWeek == 2.39)
        #expect(status.agreements[0].milestones[0].target == 5)
        let again = try JSONDecoder().decode(Status.self, from: JSONValue.encoder.encode(status))
        #expect(again == status)
        // The daemon writes every milestone key, null where it does not apply (SPEC §6's tallyctl --json shape).
        let json = try JSONDecoder().decode(
            JSONValue.self,
            from: Data(Self.specExample.replacingOccurrences(of: #""status": "PENDING""#, with: #""status": "PENDING", "reached_on": null"#).utf8))
        #expect(try JSONValue(encoding: status) == json)
    }

    @Test func undefinedRatesAreExplicitNulls() throws {
        let quota = QuotaStatus(
            id: "video", title: "Video", window: "2024-Q2", windowStart: "2024-04-01", windowEnd: "2024-06-30", target: 1,
            delivered: 0, expected: 0, status: "ON_TRACK", remaining: 1, projected: nil, requiredPerWeek: nil,
            currentPerWeek: nil, windowDays: 91, elapsedDays: 0, leftDays: 91
        )
        let text = String(decoding: try JSONValue.encoder.encode(quota), as: UTF8.self)
        #expect(text.contains(#""projected":null"#))
        #expect(text.contains(#""required_per_week":null"#))
        #expect(text.contains(#""current_per_week":null"#))
        // Through the reply path (JSONValue) the nulls stay.
        let reply = String(decoding: try VarlinkReply(encoding: quota).encodedJSON(), as: UTF8.self)
        #expect(reply.contains(#""current_per_week":null"#))
        let milestone = MilestoneStatus(id: "c/m", title: "M", due: "2025-06-15", status: "PENDING")
        let milestoneText = String(decoding: try JSONValue.encoder.encode(milestone), as: UTF8.self)
        #expect(milestoneText.contains(#""target":null"#) && milestoneText.contains(#""delivered":null"#))
        #expect(milestoneText.contains(#""reached_on":null"#) && !milestoneText.contains("campaign_running"))
    }
}

/// The hand-written status encoder must write exactly what JSONEncoder writes.
@Suite struct WireJSONTests {
    private static let texts = [
        "", "Báo Nhân Dân", "a\"b\\c/d", "tab\there\nnew\r\u{08}\u{0C}", "\u{01}\u{1F}\u{7F}", "Ảnh – “số 1” …", "日本語",
        "\u{2028}\u{2029}", "e\u{0301}", "😀 emoji",
    ]

    private static func double(_ r: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<6, using: &r) {
        case 0: return Double(Int.random(in: -1000...1000, using: &r))
        case 1: return (Double.random(in: 0..<1000, using: &r) * 100).rounded() / 100
        case 2: return Double.random(in: -1e-6...1e-6, using: &r)
        case 3: return Double.random(in: 1e15...1e22, using: &r)
        case 4: return -0.0
        default: return Double.random(in: -1e6...1e6, using: &r)
        }
    }

    private static func status(seed: UInt64) -> Status {
        var r = SeededGenerator(state: seed)
        func text() -> String { texts.randomElement(using: &r)! }
        func maybe<T>(_ value: T) -> T? { Bool.random(using: &r) ? value : nil }
        let agreements = (0..<Int.random(in: 0...4, using: &r)).map { _ in
            AgreementStatus(
                id: text(), title: text(), state: text(), stale: Bool.random(using: &r), start: text(), end: text(),
                quotas: (0..<Int.random(in: 0...3, using: &r)).map { _ in
                    QuotaStatus(
                        id: text(), title: text(), window: text(), windowStart: text(), windowEnd: text(),
                        target: Int.random(in: -5...Int.max, using: &r), delivered: Int.random(in: Int.min...Int.max, using: &r),
                        expected: double(&r), status: text(), remaining: Int.random(in: 0...100, using: &r),
                        projected: maybe(double(&r)), requiredPerWeek: maybe(double(&r)), currentPerWeek: maybe(double(&r)),
                        windowDays: Int.random(in: 0...400, using: &r), elapsedDays: Int.random(in: 0...400, using: &r),
                        leftDays: Int.random(in: 0...400, using: &r))
                },
                milestones: (0..<Int.random(in: 0...3, using: &r)).map { _ in
                    MilestoneStatus(
                        id: text(), title: text(), due: text(), target: maybe(Int.random(in: 0...99, using: &r)),
                        delivered: maybe(Int.random(in: 0...99, using: &r)), status: text(), reachedOn: maybe(text()),
                        campaignRunning: maybe(Bool.random(using: &r)))
                })
        }
        return Status(at: text(), agreements: agreements)
    }

    @Test(arguments: 0..<200)
    func sameBytesAsJSONEncoder(seed: UInt64) throws {
        let status = Self.status(seed: seed)
        let fast = String(decoding: try #require(WireJSON.encode(status)), as: UTF8.self)
        let reference = String(decoding: try JSONValue.encoder.encode(status), as: UTF8.self)
        #expect(fast == reference)
    }

    @Test(arguments: 0..<100)
    func samePrettyTextAsJSONEncoder(seed: UInt64) throws {
        let status = Self.status(seed: seed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let fast = String(decoding: try #require(WireJSON.encode(status, pretty: true)), as: UTF8.self)
        #expect(fast == String(decoding: try encoder.encode(status), as: UTF8.self))
    }

    @Test func everyASCIIAndControlCharacterIsEscapedAsJSONEncoderDoes() throws {
        let text = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)
        let status = Status(at: text, agreements: [])
        #expect(try #require(WireJSON.encode(status)) == Array(try JSONValue.encoder.encode(status)))
    }

    @Test func nonFiniteNumbersTakeJSONEncodersPath() {
        let quota = QuotaStatus(
            id: "q", title: "Q", window: "2024", windowStart: "2024-01-01", windowEnd: "2024-12-31", target: 1, delivered: 0,
            expected: .infinity, status: "ON_TRACK", remaining: 1, projected: nil, requiredPerWeek: nil, currentPerWeek: nil,
            windowDays: 1, elapsedDays: 0, leftDays: 1)
        let status = Status(at: "x", agreements: [AgreementStatus(id: "a", title: "A", state: "ACTIVE", stale: false,
                                                                   start: "s", end: "e", quotas: [quota], milestones: [])])
        #expect(WireJSON.encode(status) == nil)
        #expect(throws: (any Error).self) { try VarlinkReply(encoding: status) }
    }
}
