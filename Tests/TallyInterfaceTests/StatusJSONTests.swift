import Foundation
import Testing

@testable import TallyInterface
import TallyProtocol
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
        let again = try JSONDecoder().decode(Status.self, from: VarlinkJSON.encoder().encode(status))
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
        let text = String(decoding: try VarlinkJSON.encoder().encode(quota), as: UTF8.self)
        #expect(text.contains(#""projected":null"#))
        #expect(text.contains(#""required_per_week":null"#))
        #expect(text.contains(#""current_per_week":null"#))
        // Through the reply path (JSONValue) the nulls stay.
        let reply = String(decoding: try VarlinkReply(encoding: quota).frame, as: UTF8.self)
        #expect(reply.contains(#""current_per_week":null"#))
        let milestone = MilestoneStatus(id: "c/m", title: "M", due: "2025-06-15", status: "PENDING")
        let milestoneText = String(decoding: try VarlinkJSON.encoder().encode(milestone), as: UTF8.self)
        #expect(milestoneText.contains(#""target":null"#) && milestoneText.contains(#""delivered":null"#))
        #expect(milestoneText.contains(#""reached_on":null"#) && !milestoneText.contains("campaign_running"))
    }
}

/// A reply that cannot be JSON fails to encode instead of going out malformed.
@Suite struct ReplyEncodingTests {
    @Test func nonFiniteNumbersAreRefused() {
        let quota = QuotaStatus(
            id: "q", title: "Q", window: "2024", windowStart: "2024-01-01", windowEnd: "2024-12-31", target: 1, delivered: 0,
            expected: .infinity, status: "ON_TRACK", remaining: 1, projected: nil, requiredPerWeek: nil, currentPerWeek: nil,
            windowDays: 1, elapsedDays: 0, leftDays: 1)
        let status = Status(at: "x", agreements: [AgreementStatus(id: "a", title: "A", state: "ACTIVE", stale: false,
                                                                   start: "s", end: "e", quotas: [quota], milestones: [])])
        #expect(throws: (any Error).self) { try VarlinkReply(encoding: status) }
    }
}
