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

    /// `set` amended (SPEC §9): two amendments, the end moved, the first window carrying and shaped by both.
    static func amended(_ set: ComplianceReportSet) -> ComplianceReportSet {
        var set = set
        set.agreements[0].amendments = [
            Amendment(id: "pl-01", title: "Phụ lục 01", signed: date("2024-05-02"), effective: date("2024-04-01")),
            Amendment(id: "pl-02", title: "Phụ lục 02: gia hạn", effective: date("2025-01-01"), end: date("2025-06-30")),
        ]
        set.agreements[0].originalEnd = date("2025-03-14")
        set.agreements[0].end = date("2025-06-30")
        set.agreements[0].quotas[0].windows[0].baseTarget = 30
        set.agreements[0].quotas[0].windows[0].carried = -5
        set.agreements[0].quotas[0].windows[0].amendments = ["pl-01", "pl-02"]
        set.agreements[0].quotas[0].windows[1].baseTarget = 3
        set.agreements[0].quotas[0].windows[1].carried = 0
        return set
    }

    @Test func amendmentsAndCarriedAmountsRoundTrip() throws {
        let data = try VarlinkJSON.encode(GetReportDataReply(report: Self.amended(Self.set)))
        let decoded = try JSONDecoder().decode(GetReportDataReply.self, from: data)
        #expect(decoded.report == Self.amended(Self.rounded))
        #expect(try VarlinkJSON.encode(decoded) == data)
        // The one-pass writer writes what JSONEncoder would (the keys are written sorted, nothing is reordered).
        let sorted = JSONEncoder()
        sorted.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(try sorted.encode(GetReportDataReply(report: Self.amended(Self.set))) == data)
    }

    @Test func amendmentsAndCarriedAmountsKeepTheStatusShapes() throws {
        let object = try JSONSerialization.jsonObject(with: VarlinkJSON.encode(Self.amended(Self.set)))
        let agreement = try #require(((object as? [String: Any])?["agreements"] as? [[String: Any]])?.first)
        #expect(agreement["original_end"] as? String == "2025-03-14" && agreement["end"] as? String == "2025-06-30")
        let amendments = try #require(agreement["amendments"] as? [[String: Any]])
        #expect(amendments.map { Set($0.keys) } == Array(repeating: ["effective", "end", "id", "signed", "title"], count: 2))
        #expect(amendments[0]["end"] is NSNull && amendments[1]["signed"] is NSNull)
        #expect(amendments[0]["signed"] as? String == "2024-05-02" && amendments[1]["end"] as? String == "2025-06-30")
        let windows = try #require((agreement["quotas"] as? [[String: Any]])?.first?["windows"] as? [[String: Any]])
        #expect(windows[0]["base_target"] as? Int == 30 && windows[0]["carried"] as? Int == -5)
        #expect(windows[0]["amendments"] as? [String] == ["pl-01", "pl-02"])
        #expect(windows[1]["carried"] as? Int == 0 && windows[1]["amendments"] == nil)
        // Without amendments or carry-over none of the keys is written.
        let plain = try JSONSerialization.jsonObject(with: VarlinkJSON.encode(Self.set))
        let plainAgreement = try #require(((plain as? [String: Any])?["agreements"] as? [[String: Any]])?.first)
        #expect(plainAgreement["amendments"] == nil && plainAgreement["original_end"] == nil)
        let plainWindows = try #require((plainAgreement["quotas"] as? [[String: Any]])?.first?["windows"] as? [[String: Any]])
        #expect(plainWindows.allSatisfy { $0["base_target"] == nil && $0["carried"] == nil && $0["amendments"] == nil })
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
