import Foundation
import TallyCore
import TallyProtocol
import Testing

@testable import TallyInterface

/// `io.tally.ReportData`: the core's compliance report set on the wire and back.
@Suite struct ComplianceReportWireTests {
    static func date(_ text: String) -> CivilDate {
        guard let date = CivilDate(iso: text) else { fatalError("bad test date \(text)") }
        return date
    }

    static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? WireFormat.utc

    /// A report with unrounded fractions, a clipped window, a window not started, absent optionals and one of each item.
    static var set: ComplianceReportSet {
        let clipped = QuotaWindow(label: "2024", start: date("2024-03-15"), end: date("2024-12-31"),
                                  fullStart: date("2024-01-01"), fullEnd: date("2024-12-31"))
        let whole = QuotaWindow(label: "2024-Q3", start: date("2024-07-01"), end: date("2024-09-30"),
                                fullStart: date("2024-07-01"), fullEnd: date("2024-09-30"))
        let quota = ComplianceReport.QuotaResult(
            quotaID: "tin-bai", title: "Tin, bài", per: .year, periodTarget: 25.0 * 92 / 292, delivered: 7,
            completionPercent: 7 / (25.0 * 92 / 292) * 100, status: .atRisk, statusWindow: "2024", windowTarget: 25,
            windowDelivered: 11, windowExpected: 12.345_6,
            windows: [
                WindowReport(window: clipped, target: 25, delivered: 11, status: .atRisk, closed: false, days: 292,
                             daysInPeriod: 92, targetShare: 25.0 * 92 / 292),
                WindowReport(window: whole, target: 3, delivered: 0, status: nil, closed: false, days: 92,
                             daysInPeriod: 92, targetShare: 3),
            ],
            days: [
                ReportDay(date: date("2024-07-01"), delivered: 1, cumulative: 1, expected: 0.087_912, blackout: false),
                ReportDay(date: date("2024-07-02"), delivered: nil, cumulative: nil, expected: 0.175_824, blackout: true),
            ])
        let recorded = date("2024-08-05").startInstant(in: zone).addingTimeInterval(9 * 3600)
        let delivery = DeliveryRecord(
            id: 902, delivery: Delivery(agreement: "ben-tre-2024", published: PublicationTime(date: date("2024-07-29")),
                                        kind: "article", title: "Một bài"),
            day: date("2024-07-29"), recordedAt: recorded, recordedBy: 1001)
        var voided = delivery
        voided.id = 901
        voided.void = VoidInfo(at: recorded, by: 1001, reason: "Nhập trùng")
        let report = ComplianceReport(
            agreementID: "ben-tre-2024", title: "Bến Tre", reference: nil, parties: ["TTXVN", "UBND tỉnh Bến Tre"],
            start: date("2024-03-15"), end: date("2025-03-14"), timeZone: zone, state: .active, asOf: date("2024-09-23"),
            coveredStart: date("2024-07-01"), coveredEnd: date("2024-09-30"), quotas: [quota],
            milestones: [
                ComplianceReport.MilestoneResult(
                    id: "hoi-nghi/ky-ket", title: "Ký kết", campaignTitle: "Hội nghị", due: date("2024-08-01"),
                    target: nil, delivered: nil, status: .done, reachedOn: date("2024-07-30")),
                ComplianceReport.MilestoneResult(
                    id: "hoi-nghi/loat-bai", title: "Loạt bài", campaignTitle: "Hội nghị", due: date("2024-09-30"),
                    target: 6, delivered: 2, status: .pending, reachedOn: nil),
            ],
            blackouts: [Blackout(from: date("2024-09-02"), to: date("2024-09-03"), reason: "Quốc khánh", scope: .global)],
            voided: [voided],
            lateRecorded: [ComplianceReport.LateRecording(delivery: delivery, windows: [.init(quota: "tin-bai", window: "2024-07")])],
            alerts: [AlertRecord(id: 3, alert: Alert(
                type: .quotaAtRisk, at: recorded, agreement: "ben-tre-2024", quota: "tin-bai", window: "2024",
                status: "AT_RISK", previousStatus: "ON_TRACK", delivered: 11, target: 25, expected: 12.345_6,
                message: "ben-tre-2024/tin-bai: AT_RISK"))])
        let period = ReportPeriod(kind: .quarter, label: "2024-Q3", start: date("2024-07-01"), end: date("2024-09-23"),
                                  toDate: true)
        return ComplianceReportSet(period: period, generatedAt: PublicationTime(recorded, in: zone), agreements: [report])
    }

    /// `set` as the wire rounds it: every fraction to two decimals.
    static var rounded: ComplianceReportSet {
        var set = set
        for a in set.agreements.indices {
            set.agreements[a].alerts = set.agreements[a].alerts.map { record in
                var record = record
                record.alert.expected = record.alert.expected.map(WireFormat.round2)
                return record
            }
            for q in set.agreements[a].quotas.indices {
                var quota = set.agreements[a].quotas[q]
                quota.periodTarget = WireFormat.round2(quota.periodTarget)
                quota.completionPercent = quota.completionPercent.map(WireFormat.round2)
                quota.windowExpected = WireFormat.round2(quota.windowExpected)
                for w in quota.windows.indices { quota.windows[w].targetShare = WireFormat.round2(quota.windows[w].targetShare) }
                for d in quota.days.indices { quota.days[d].expected = WireFormat.round2(quota.days[d].expected) }
                set.agreements[a].quotas[q] = quota
            }
        }
        return set
    }

    @Test func roundTripsAfterTheWiresRounding() throws {
        let data = try VarlinkJSON.encode(GetReportDataReply(report: Self.set))
        let decoded = try JSONDecoder().decode(GetReportDataReply.self, from: data)
        #expect(decoded.report == Self.rounded)
        // Rounding once more changes nothing: what tallyctl re-encodes (`--format json`) is what the daemon sent.
        #expect(try VarlinkJSON.encode(decoded) == data)
    }

    @Test func keepsTheWireShape() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: VarlinkJSON.encode(Self.set)) as? [String: Any])
        #expect(json["period"] as? String == "2024-Q3" && json["period_kind"] as? String == "quarter")
        #expect(json["period_end"] as? String == "2024-09-23" && json["to_date"] as? Bool == true)
        #expect(json["generated_at"] as? String == "2024-08-05T09:00:00+07:00")
        let agreement = try #require((json["agreements"] as? [[String: Any]])?.first)
        #expect(agreement["reference"] == nil && agreement["timezone"] as? String == "Asia/Ho_Chi_Minh")
        #expect(agreement["state"] as? String == "ACTIVE" && agreement["as_of"] as? String == "2024-09-23")
        let late = try #require((agreement["late_recorded"] as? [[String: Any]])?.first)
        #expect(late["windows"] as? [String] == ["tin-bai 2024-07"])
        let quota = try #require((agreement["quotas"] as? [[String: Any]])?.first)
        #expect(quota["per"] as? String == "year" && quota["status"] as? String == "AT_RISK")
        #expect(quota["period_target"] as? Double == 7.88 && quota["window_expected"] as? Double == 12.35)
        let windows = try #require(quota["windows"] as? [[String: Any]])
        // Only the clipped window carries its full bounds; a window not started has no status.
        #expect(windows[0]["full_start"] as? String == "2024-01-01" && windows[0]["full_end"] as? String == "2024-12-31")
        #expect(windows[1]["full_start"] == nil && windows[1]["status"] == nil)
        let milestones = try #require(agreement["milestones"] as? [[String: Any]])
        #expect(milestones[0]["target"] == nil && milestones[0]["reached_on"] as? String == "2024-07-30")
        #expect(milestones[1]["reached_on"] == nil && milestones[1]["status"] as? String == "PENDING")
    }

    @Test(arguments: [
        (#""timezone":"Asia/Ho_Chi_Minh""#, #""timezone":"Mars/Olympus""#),
        (#""state":"ACTIVE""#, #""state":"SLEEPING""#),
        (#""windows":["tin-bai 2024-07"]"#, #""windows":["tin-bai"]"#),
        (#""generated_at":"2024-08-05T09:00:00+07:00""#, #""generated_at":"2024-08-05""#),
        (#""period_kind":"quarter""#, #""period_kind":"fortnight""#),
    ])
    func aMalformedReplyIsRefused(original: String, replacement: String) throws {
        let text = String(decoding: try VarlinkJSON.encode(Self.set), as: UTF8.self)
        #expect(text.contains(original))
        let broken = text.replacingOccurrences(of: original, with: replacement)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ComplianceReportSet.self, from: Data(broken.utf8))
        }
    }
}
