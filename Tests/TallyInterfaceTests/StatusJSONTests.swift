import Foundation
import TallyCore
import TallyTesting
import Testing

@testable import TallyInterface
@testable import TallyProtocol

/// The status reply: the core's evaluations in SPEC §6's `status --json` shape.
@Suite struct StatusJSONTests {
    private static let specExample = """
        { "at": "2024-05-15T09:00:00+07:00",
          "agreements": [ { "id": "ben-tre-2024", "title": "T", "date": "2024-05-15", "state": "ACTIVE", "stale": false,
              "start": "2024-01-01", "end": "2025-12-31",
              "quotas": [ { "id": "news", "title": "Tin", "window": "2024", "window_start": "2024-01-01", "window_end": "2024-12-31",
                            "target": 120, "delivered": 41, "expected": 44.59, "status": "ON_TRACK",
                            "remaining": 79, "projected": 110.33, "required_per_week": 2.39, "current_per_week": 2.14,
                            "window_days": 366, "elapsed_days": 136, "left_days": 230 } ],
              "milestones": [ { "id": "dai-hoi-xii/mo-dau", "title": "M", "due": "2025-07-01", "target": 5, "delivered": 0,
                                "status": "PENDING" } ] } ] }
        """

    private static func day(_ text: String) -> CivilDate {
        CivilDate(iso: text) ?? CivilDate(dayNumber: 0)
    }

    @Test func readsTheSpecShapeAndWritesItBackWithWhatTheCoreAdds() throws {
        let status = try JSONDecoder().decode(Status.self, from: Data(Self.specExample.utf8))
        let agreement = try #require(status.agreements.first)
        #expect(agreement.quotas[0].requiredPerWeek == 2.39 && agreement.quotas[0].status == .onTrack)
        #expect(agreement.milestones[0].target == 5 && agreement.milestones[0].campaignID == "dai-hoi-xii")
        #expect(try JSONDecoder().decode(Status.self, from: VarlinkJSON.encode(status)) == status)
        // Written back: every milestone key (null where it does not apply), whether the window has closed, and the
        // severities the core computes.
        var expected = Self.specExample
        for (old, new) in [
            (#""status": "PENDING""#, #""status": "PENDING", "reached_on": null, "campaign_running": true, "severity": "OK""#),
            (#""left_days": 230"#, #""left_days": 230, "closed": false, "severity": "OK""#),
            (#""end": "2025-12-31","#, #""end": "2025-12-31", "severity": "OK","#),
        ] {
            expected = expected.replacingOccurrences(of: old, with: new)
        }
        #expect(try JSONValue(encoding: status) == JSONDecoder().decode(JSONValue.self, from: Data(expected.utf8)))
    }

    /// The status, as SPEC shows it and as tallyd writes it, is read by the tape decoder (not handed to JSONDecoder),
    /// to the same value.
    @Test func theStatusIsReadByTheTape() throws {
        let status = try JSONDecoder().decode(Status.self, from: Data(Self.specExample.utf8))
        for bytes in [Array(Self.specExample.utf8), try VarlinkJSON.bytes(status), try VarlinkJSON.bytes(status, pretty: true)] {
            #expect(JSONTapeDecoder.taped(Status.self, from: bytes, userInfo: [:]) == status)
        }
    }

    /// The replies and calls that carry thousands of items write each item's keys in order, so the writer never has
    /// to move an item's members into order after writing them (that was a third of a large import's tallyctl time).
    @Test func largeMessagesWriteTheirKeysInOrder() throws {
        let status = try JSONDecoder().decode(Status.self, from: Data(Self.specExample.utf8))
        #expect(try JSONStreamWriter.objectsPutInOrder(status) == 0)
        let row = ImportRow(line: 2, agreement: "ben-tre-2024", published: "2024-05-15", kind: "article", language: "vi",
                            outlet: "Báo Đồng Khởi", title: "Tin số 1", url: "https://baodongkhoi.vn/a/1", tags: "xã hội",
                            count: "1", id: "bdk-1")
        #expect(try JSONStreamWriter.objectsPutInOrder([row, ImportRow(line: 3)]) == 0)
        let rows = AddImportRowsParameters(importID: "i-1", rows: [row, ImportRow(line: 3), row])
        #expect(try JSONStreamWriter.objectsPutInOrder(rows) == 0)
        // The writer still puts a mapping's members in order when it writes them otherwise: the bytes are the same.
        struct Shuffled: Encodable { var b = 1, a = 2 }
        #expect(try JSONStreamWriter.objectsPutInOrder([Shuffled(), Shuffled()]) == 2)
        #expect(String(decoding: try VarlinkJSON.bytes(Shuffled()), as: UTF8.self) == #"{"a":2,"b":1}"#)
    }

    /// `status --json` reads only the severities, for its exit status: the worst is the status's own.
    @Test func theWorstSeverityIsReadAlone() throws {
        let base = try JSONDecoder().decode(Status.self, from: Data(Self.specExample.utf8))
        let agreement = try #require(base.agreements.first)
        let lists: [[QuotaStatus]] = [[], [.onTrack], [.onTrack, .atRisk], [.atRisk, .behind, .onTrack]]
        var worst: [Severity?] = []
        for list in lists {
            let status = Status(at: base.at, agreements: list.enumerated().map { index, quotaStatus in
                var agreement = agreement
                agreement.agreementID = "a\(index)"
                agreement.quotas[0].status = quotaStatus
                return agreement
            })
            let severities = try VarlinkJSON.decode(Status.Severities.self, from: VarlinkJSON.bytes(status))
            #expect(severities.worstSeverity == status.worstSeverity)
            worst.append(severities.worstSeverity)
        }
        #expect(worst == [nil, .ok, .warning, .critical])
        // A severity this tallyctl does not know is an error, not a guess.
        let unknown = try String(decoding: VarlinkJSON.bytes(base), as: UTF8.self)
            .replacingOccurrences(of: #""severity":"OK","stale""#, with: #""severity":"DIRE","stale""#)
        #expect(unknown.contains("DIRE"))
        #expect(throws: DecodingError.self) { try VarlinkJSON.decode(Status.Severities.self, from: Array(unknown.utf8)) }
    }

    private static func quota(expected: Double, projected: Double?, window: QuotaWindow? = nil) -> QuotaEvaluation {
        QuotaEvaluation(
            quotaID: "video", title: "Video",
            window: window ?? QuotaWindow(label: "2024-Q2", start: day("2024-04-01"), end: day("2024-06-30"),
                                          fullStart: day("2024-04-01"), fullEnd: day("2024-06-30")),
            target: 1, delivered: 0, expected: expected, status: .onTrack, remaining: 1, projected: projected,
            requiredPerWeek: nil, currentPerWeek: nil, windowDays: 91, elapsedDays: 0, leftDays: 91, closed: false)
    }

    @Test func undefinedRatesAreExplicitNullsAndFractionsHaveTwoDecimals() throws {
        let text = String(decoding: try VarlinkJSON.encode(Self.quota(expected: 0.123456, projected: nil)), as: UTF8.self)
        #expect(text.contains(#""projected":null"#) && text.contains(#""required_per_week":null"#))
        #expect(text.contains(#""current_per_week":null"#) && text.contains(#""expected":0.12"#))
        #expect(!text.contains("window_full_start"))
        let reply = String(decoding: try VarlinkReply(encoding: Self.quota(expected: 0, projected: nil)).frame, as: UTF8.self)
        #expect(reply.contains(#""current_per_week":null"#))
        let milestone = MilestoneEvaluation(
            id: "c/m", title: "M", campaignID: "c", due: Self.day("2025-06-15"), target: nil, delivered: nil, reachedOn: nil,
            status: .pending, campaignRunning: false)
        let milestoneText = String(decoding: try VarlinkJSON.encode(milestone), as: UTF8.self)
        #expect(milestoneText.contains(#""target":null"#) && milestoneText.contains(#""delivered":null"#))
        #expect(milestoneText.contains(#""reached_on":null"#) && milestoneText.contains(#""campaign_running":false"#))
    }

    @Test func aClippedWindowCarriesItsFullBounds() throws {
        let clipped = QuotaWindow(label: "2024", start: Self.day("2024-03-15"), end: Self.day("2024-12-31"),
                                  fullStart: Self.day("2024-01-01"), fullEnd: Self.day("2024-12-31"))
        let quota = Self.quota(expected: 0.5, projected: 1, window: clipped)
        let text = String(decoding: try VarlinkJSON.encode(quota), as: UTF8.self)
        #expect(text.contains(#""window_full_start":"2024-01-01""#) && text.contains(#""window_start":"2024-03-15""#))
        #expect(try JSONDecoder().decode(QuotaEvaluation.self, from: Data(text.utf8)) == quota)
    }

    /// A tallyd from before `date`, `closed` and `severity` were sent (still running after an upgrade of tallyctl):
    /// its status is read, the date taken from `at`.
    @Test func aStatusFromAnOlderDaemonIsRead() throws {
        let older = Self.specExample.replacingOccurrences(of: #""date": "2024-05-15", "#, with: "")
        #expect(older != Self.specExample)
        let status = try JSONDecoder().decode(Status.self, from: Data(older.utf8))
        #expect(status.agreements.first?.date == Self.day("2024-05-15"))
        #expect(status.agreements.first?.quotas.first?.closed == false)
        let moved = older.replacingOccurrences(of: "2024-05-15T09:00:00+07:00", with: "2024-05-16T01:00:00+07:00")
        #expect(try JSONDecoder().decode(Status.self, from: Data(moved.utf8)).agreements.first?.date == Self.day("2024-05-16"))
        // A single agreement's status without its date is still refused: only a whole status names the day.
        let agreement = #"{"id":"a","title":"T","state":"ACTIVE","stale":false,"start":"2024-01-01","end":"2024-12-31","quotas":[],"milestones":[]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AgreementEvaluation.self, from: Data(agreement.utf8)) }
    }

    /// SPEC §9 on the wire: an agreement's amendments and moved end, a window's amendments and carry-over.
    @Test func amendmentsAndCarryOverOnTheWire() throws {
        var quota = Self.quota(expected: 1, projected: 2)
        quota.amendments = ["pl-01"]
        quota.baseTarget = 30
        quota.carried = -5
        var agreement = AgreementEvaluation(
            agreementID: "a", title: "A", date: Self.day("2024-05-15"), state: .active, stale: false,
            start: Self.day("2024-01-01"), end: Self.day("2025-06-30"), quotas: [quota], milestones: [])
        agreement.originalEnd = Self.day("2024-12-31")
        agreement.amendments = [Amendment(id: "pl-01", title: "Phụ lục 01", signed: Self.day("2024-05-02"),
                                          effective: Self.day("2024-04-01"), end: Self.day("2025-06-30"))]
        let text = String(decoding: try VarlinkJSON.encode(agreement), as: UTF8.self)
        #expect(text.contains(#""amendments":[{"effective":"2024-04-01","end":"2025-06-30","id":"pl-01","signed":"2024-05-02","title":"Phụ lục 01"}]"#))
        #expect(text.contains(#""original_end":"2024-12-31""#))
        #expect(text.contains(#""amendments":["pl-01"],"base_target":30,"carried":-5,"#))
        #expect(try JSONDecoder().decode(AgreementEvaluation.self, from: Data(text.utf8)) == agreement)
        // Without amendments or carry-over the keys are absent, as before SPEC §9.
        let plain = String(decoding: try VarlinkJSON.encode(Self.quota(expected: 1, projected: 2)), as: UTF8.self)
        #expect(!plain.contains("amendments") && !plain.contains("base_target") && !plain.contains("carried"))
        let unsigned = Amendment(id: "x", title: "X", effective: Self.day("2024-04-01"))
        #expect(String(decoding: try VarlinkJSON.encode(unsigned), as: UTF8.self)
            == #"{"effective":"2024-04-01","end":null,"id":"x","signed":null,"title":"X"}"#)
    }

    @Test func anUnknownStatusWordIsRefused() {
        let bad = Self.specExample.replacingOccurrences(of: #""status": "ON_TRACK""#, with: #""status": "SIDEWAYS""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Status.self, from: Data(bad.utf8)) }
    }
}

/// A reply that cannot be JSON fails to encode instead of going out malformed.
@Suite struct ReplyEncodingTests {
    @Test func nonFiniteNumbersAreRefused() {
        let day = CivilDate(dayNumber: 19_723)
        let quota = QuotaEvaluation(
            quotaID: "q", title: "Q", window: QuotaWindow(label: "2024", start: day, end: day, fullStart: day, fullEnd: day),
            target: 1, delivered: 0, expected: .infinity, status: .onTrack, remaining: 1, projected: nil, requiredPerWeek: nil,
            currentPerWeek: nil, windowDays: 1, elapsedDays: 0, leftDays: 1, closed: false)
        #expect(throws: (any Error).self) { try VarlinkReply(encoding: quota) }
    }
}
