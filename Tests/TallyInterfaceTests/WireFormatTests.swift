import Foundation
import TallyCore
import TallyProtocol
import Testing

@testable import TallyInterface

/// The one RFC 3339 writer and reader of the wire, and the one mapping of an alert record.
@Suite struct WireFormatTests {
    @Test(arguments: [
        (1_715_738_400.0, "Asia/Ho_Chi_Minh", "2024-05-15T09:00:00+07:00"),
        (1_715_738_400.0, "UTC", "2024-05-15T02:00:00Z"),
        (1_715_738_400.0, "Asia/Kathmandu", "2024-05-15T07:45:00+05:45"),
        (1_715_738_400.0, "America/St_Johns", "2024-05-14T23:30:00-02:30"),
        (-86_401.0, "UTC", "1969-12-30T23:59:59Z"),
        (1_709_164_799.0, "Asia/Ho_Chi_Minh", "2024-02-29T06:59:59+07:00"),
        // The last second before Paris leaves summer time, and the first after.
        (1_729_990_799.0, "Europe/Paris", "2024-10-27T02:59:59+02:00"),
        (1_729_990_800.0, "Europe/Paris", "2024-10-27T02:00:00+01:00"),
    ])
    func timestampsRoundTrip(seconds: Double, zone: String, text: String) throws {
        let instant = Date(timeIntervalSince1970: seconds)
        let timeZone = try #require(TimeZone(identifier: zone))
        #expect(WireFormat.timestamp(instant, in: timeZone) == text)
        #expect(WireFormat.instant(text) == instant)
    }

    @Test func aDateAloneIsNoInstant() {
        #expect(WireFormat.instant("2024-05-15") == nil)
        #expect(WireFormat.instant("yesterday") == nil)
    }

    @Test func anAlertRecordRoundTripsAndKeepsItsWireShape() throws {
        let record = AlertRecord(id: 7, alert: Alert(
            type: .quotaBehind, at: Date(timeIntervalSince1970: 1_715_738_400), agreement: "ben-tre-2024", quota: "news",
            window: "2024-Q2", status: "BEHIND", previousStatus: "AT_RISK", delivered: 41, target: 120, expected: 60.254,
            repeatCount: 2, message: "ben-tre-2024/news: BEHIND"))
        let text = String(decoding: try VarlinkJSON.encode(record), as: UTF8.self)
        #expect(text == #"{"agreement":"ben-tre-2024","at":"2024-05-15T02:00:00Z","delivered":41,"expected":60.25,"id":7,"message":"ben-tre-2024\/news: BEHIND","previous_status":"AT_RISK","priority":3,"quota":"news","repeat":2,"status":"BEHIND","target":120,"type":"quota-behind","window":"2024-Q2"}"#.replacingOccurrences(of: #"\/"#, with: "/"))
        var rounded = record
        rounded.alert.expected = 60.25
        #expect(try JSONDecoder().decode(AlertRecord.self, from: Data(text.utf8)) == rounded)
    }

    @Test func anAlertOfAnUnknownTypeOrTimeIsRefused() {
        let base = #"{"agreement":"a","id":1,"message":"m","priority":3,"repeat":0,"status":"BEHIND""#
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AlertRecord.self, from: Data((base + #","at":"2024-05-15T02:00:00Z","type":"quota-sideways"}"#).utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AlertRecord.self, from: Data((base + #","at":"2024-05-15","type":"quota-behind"}"#).utf8))
        }
    }
}

/// The wire mappings of the audit log and of refused import rows.
@Suite struct AuditAndRowErrorWireTests {
    @Test func anAuditEntryRoundTrips() throws {
        let entry = AuditEntry(
            id: 12, at: Date(timeIntervalSince1970: 1_715_738_400), uid: 1001, agreement: "ben-tre-2024", action: .void,
            deliveryID: 7, detail: #"{"reason":"trùng bài"}"#)
        let text = String(decoding: try VarlinkJSON.encode(entry), as: UTF8.self)
        #expect(text.contains(#""at":"2024-05-15T02:00:00Z""#) && text.contains(#""action":"void""#) && text.contains(#""delivery_id":7"#))
        #expect(try JSONDecoder().decode(AuditEntry.self, from: Data(text.utf8)) == entry)
        let unknown = text.replacingOccurrences(of: #""action":"void""#, with: #""action":"erase""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AuditEntry.self, from: Data(unknown.utf8)) }
    }

    @Test func aRowErrorKeepsItsShape() throws {
        let error = RowError(line: 7, reason: "count: 0 is not from 1 to 10000.")
        #expect(String(decoding: try VarlinkJSON.encode(error), as: UTF8.self) == #"{"line":7,"reason":"count: 0 is not from 1 to 10000."}"#)
        #expect(try JSONDecoder().decode(RowError.self, from: VarlinkJSON.encode(error)) == error)
    }
}

/// The wire mappings of an agreement's blackouts and recorded window outcomes.
@Suite struct AgreementDetailWireTests {
    private static func day(_ text: String) -> CivilDate { CivilDate(iso: text) ?? CivilDate(dayNumber: 0) }

    @Test func aBlackoutKeepsItsScope() throws {
        let blackout = Blackout(from: Self.day("2025-01-28"), to: Self.day("2025-02-03"), reason: "Tết", scope: .global)
        let text = String(decoding: try VarlinkJSON.encode(blackout), as: UTF8.self)
        #expect(text == #"{"from":"2025-01-28","reason":"Tết","scope":"global","to":"2025-02-03"}"#)
        #expect(try JSONDecoder().decode(Blackout.self, from: Data(text.utf8)) == blackout)
    }

    @Test func aRecordedOutcomeRoundTripsAndRefusesAnOpenStatus() throws {
        let window = QuotaWindow(label: "2024-Q2", start: Self.day("2024-04-01"), end: Self.day("2024-06-30"),
                                 fullStart: Self.day("2024-04-01"), fullEnd: Self.day("2024-06-30"))
        let recorded = RecordedOutcome(
            WindowOutcome(agreement: "ben-tre-2024", quota: "news", window: window, target: 30, delivered: 12, outcome: .missed),
            closedAt: Date(timeIntervalSince1970: 1_719_766_800), updatedAt: Date(timeIntervalSince1970: 1_720_000_000))
        let text = String(decoding: try VarlinkJSON.encode(recorded), as: UTF8.self)
        #expect(text.contains(#""outcome":"MISSED""#) && text.contains(#""recorded_at":"2024-06-30T17:00:00Z""#))
        #expect(try JSONDecoder().decode(RecordedOutcome.self, from: Data(text.utf8)) == recorded)
        let open = text.replacingOccurrences(of: #""outcome":"MISSED""#, with: #""outcome":"ON_TRACK""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RecordedOutcome.self, from: Data(open.utf8)) }
    }
}

/// The wire mappings of a quota as configured and of its filter.
@Suite struct QuotaWireTests {
    @Test func aResolvedQuotaKeepsItsShapeAndRoundTrips() throws {
        let quota = Quota(
            id: "tin-bai", title: "Tin, bài", target: 120, per: .year,
            filter: DeliveryFilter(kinds: ["article"], languages: ["vi"], outlets: ["Báo Tin tức"]), atRiskBelow: 0.85, prorate: false)
            .resolved(PaceThresholds(atRiskBelow: 0.9, behindBelow: 0.7))
        let text = String(decoding: try VarlinkJSON.encode(quota), as: UTF8.self)
        #expect(text.contains(#""at_risk_below":0.85"#) && text.contains(#""behind_below":0.7"#) && text.contains(#""per":"year""#))
        #expect(text.contains(#""filters":{"kinds":["article"],"languages":["vi"],"outlets":["#) && !text.contains("tags"))
        #expect(try JSONDecoder().decode(Quota.self, from: Data(text.utf8)) == quota)
    }

    @Test func anUnresolvedQuotaIsNotSent() {
        #expect(throws: EncodingError.self) { try VarlinkJSON.encode(Quota(id: "q", target: 1)) }
    }
}
