import Foundation
import TallyCore
@testable import TallyDaemon
import TallyInterface
import TallyTesting
import Testing

/// SPEC §11: the mapping from the values `status` is built of to the metrics' samples, and the text it becomes.
@Suite struct StatusMetricsTests {
    static func day(_ text: String) throws -> CivilDate {
        try #require(CivilDate(iso: text))
    }

    /// An agreement in 2025-Q2 with a quota BEHIND, a milestone DUE_SOON, stale, three items in its inbox; another
    /// without feeds whose total quota is MET; a fetched feed and one never read; two quota-behind alerts.
    static func metrics() throws -> StatusMetrics {
        let q2 = QuotaWindow(label: "2025-Q2", start: try day("2025-04-01"), end: try day("2025-06-30"),
                             fullStart: try day("2025-04-01"), fullEnd: try day("2025-06-30"))
        let behind = QuotaEvaluation(
            quotaID: "tin-bai", title: "Tin, bài", window: q2, target: 91, delivered: 20, expected: 44.594_505, status: .behind,
            remaining: 71, projected: 40.4, requiredPerWeek: 10.8, currentPerWeek: 3.1, windowDays: 91, elapsedDays: 45,
            leftDays: 46, closed: false)
        let milestone = MilestoneEvaluation(
            id: "dai-hoi/mo-dau", title: "Loạt bài mở đầu", campaignID: "dai-hoi", due: try day("2025-05-20"), target: 3,
            delivered: 1, reachedOn: nil, status: .dueSoon, campaignRunning: true)
        var soTT = AgreementEvaluation(
            agreementID: "so-tt-2025", title: "Thỏa thuận – Sở Thông tin", date: try day("2025-05-15"), state: .active,
            stale: true, start: try day("2025-01-01"), end: try day("2025-12-31"), quotas: [behind], milestones: [milestone])
        soTT.inbox = 3
        let total = QuotaWindow(label: "total", start: try day("2024-01-01"), end: try day("2025-12-31"),
                                fullStart: try day("2024-01-01"), fullEnd: try day("2025-12-31"))
        let met = QuotaEvaluation(
            quotaID: "video", title: "Video", window: total, target: 12, delivered: 13, expected: 6.6, status: .met, remaining: 0,
            projected: nil, requiredPerWeek: nil, currentPerWeek: nil, windowDays: 731, elapsedDays: 501, leftDays: 230,
            closed: false)
        let benTre = AgreementEvaluation(
            agreementID: "ben-tre-2024", title: "TTXVN – UBND tỉnh Bến Tre", date: try day("2025-05-15"), state: .active,
            stale: false, start: try day("2024-01-01"), end: try day("2025-12-31"), quotas: [met], milestones: [])
        var fetched = FeedState(fileURL: "https://baotinh.vn/rss/dia-phuong.rss")
        fetched.lastSuccess = Date(timeIntervalSince1970: 1_747_270_800)
        return StatusMetrics(
            agreements: [soTT, benTre],
            feeds: [
                FeedStatus(agreement: "so-tt-2025", feed: "dia-phuong", state: fetched),
                FeedStatus(agreement: "so-tt-2025", feed: "moi", state: FeedState(fileURL: "https://baotinh.vn/rss/moi.rss")),
            ],
            alerts: [.quotaBehind: 2], lastPassAt: Date(timeIntervalSince1970: 1_747_278_000),
            lastPassDuration: .milliseconds(1_250))
    }

    static func family(_ name: String, in families: [MetricFamily]) throws -> MetricFamily {
        try #require(families.first { $0.name == name }, "no \(name)")
    }

    @Test func everyFamilyOfSpecElevenComesInItsOrderWithItsType() throws {
        let families = try Self.metrics().families
        #expect(families.map(\.name) == [
            "tally_quota_target", "tally_quota_delivered", "tally_quota_expected", "tally_quota_status",
            "tally_milestone_status", "tally_agreement_stale", "tally_inbox_waiting",
            "tally_feed_last_success_timestamp_seconds", "tally_last_evaluation_timestamp_seconds",
            "tally_evaluation_duration_seconds", "tally_alerts_total",
        ])
        #expect(families.filter { $0.kind == .counter }.map(\.name) == ["tally_alerts_total"])
        #expect(families.allSatisfy { !$0.help.isEmpty })
        #expect(try Self.family("tally_quota_target", in: families).labelNames == ["agreement", "quota", "window"])
        #expect(try Self.family("tally_quota_status", in: families).labelNames == ["agreement", "quota", "status"])
        #expect(try Self.family("tally_milestone_status", in: families).labelNames == ["agreement", "milestone", "status"])
        #expect(try Self.family("tally_feed_last_success_timestamp_seconds", in: families).labelNames == ["agreement", "feed"])
        #expect(try Self.family("tally_alerts_total", in: families).labelNames == ["type"])
    }

    @Test func quotasGiveTheirWindowsFiguresAndOneStatusOfFive() throws {
        let families = try Self.metrics().families
        let window = ["agreement": "so-tt-2025", "quota": "tin-bai", "window": "2025-Q2"]
        #expect(try Self.family("tally_quota_target", in: families).value(window) == 91)
        #expect(try Self.family("tally_quota_delivered", in: families).value(window) == 20)
        // Rounded to 2 decimals, as status --json writes it.
        #expect(try Self.family("tally_quota_expected", in: families).value(window) == 44.59)
        #expect(try Self.family("tally_quota_target", in: families).value(
            ["agreement": "ben-tre-2024", "quota": "video", "window": "total"]) == 12)
        let status = try Self.family("tally_quota_status", in: families)
        #expect(status.samples.count == 10)
        let statuses = ["ON_TRACK", "AT_RISK", "BEHIND", "MET", "MISSED"]
        #expect(statuses.map { status.value(["agreement": "so-tt-2025", "quota": "tin-bai", "status": $0]) } == [0, 0, 1, 0, 0])
        #expect(statuses.map { status.value(["agreement": "ben-tre-2024", "quota": "video", "status": $0]) } == [0, 0, 0, 1, 0])
    }

    @Test func milestonesAgreementsFeedsAndAlerts() throws {
        let families = try Self.metrics().families
        let milestone = try Self.family("tally_milestone_status", in: families)
        #expect(milestone.samples.map(\.labelValues[2]) == ["PENDING", "DUE_SOON", "DONE", "LATE", "MISSED"])
        #expect(milestone.samples.map(\.value) == [0, 1, 0, 0, 0])
        #expect(milestone.samples.allSatisfy { $0.labelValues[0] == "so-tt-2025" && $0.labelValues[1] == "dai-hoi/mo-dau" })
        let stale = try Self.family("tally_agreement_stale", in: families)
        #expect(stale.samples == [MetricSample(["so-tt-2025"], 1), MetricSample(["ben-tre-2024"], 0)])
        let inbox = try Self.family("tally_inbox_waiting", in: families)
        #expect(inbox.samples == [MetricSample(["so-tt-2025"], 3), MetricSample(["ben-tre-2024"], 0)])
        // A feed never read successfully has no sample.
        #expect(try Self.family("tally_feed_last_success_timestamp_seconds", in: families).samples == [
            MetricSample(["so-tt-2025", "dia-phuong"], 1_747_270_800),
        ])
        #expect(try Self.family("tally_last_evaluation_timestamp_seconds", in: families).samples == [MetricSample([], 1_747_278_000)])
        #expect(try Self.family("tally_evaluation_duration_seconds", in: families).samples == [MetricSample([], 1.25)])
        // Every type, so that a rate over a type never raised is 0 rather than absent.
        let alerts = try Self.family("tally_alerts_total", in: families)
        #expect(alerts.samples.map(\.labelValues[0]) == AlertType.allCases.map(\.rawValue))
        #expect(alerts.value(["type": "quota-behind"]) == 2)
        #expect(alerts.samples.reduce(0) { $0 + $1.value } == 2)
    }

    /// What `status --json` writes for the same evaluations is what the metrics say.
    @Test func theValuesAreThoseOfTheStatusReply() throws {
        let metrics = try Self.metrics()
        let families = metrics.families
        let json = try JSONSerialization.jsonObject(
            with: JSONEncoder().encode(Status(at: "2025-05-15T10:00:00+07:00", agreements: metrics.agreements)))
        let agreements = try #require((json as? [String: Any])?["agreements"] as? [[String: Any]])
        #expect(agreements.count == 2)
        for agreement in agreements {
            let id = try #require(agreement["id"] as? String)
            #expect(try Self.family("tally_agreement_stale", in: families).value(["agreement": id])
                == ((agreement["stale"] as? Bool) == true ? 1 : 0))
            #expect(try Self.family("tally_inbox_waiting", in: families).value(["agreement": id])
                == Double(agreement["inbox"] as? Int ?? 0))
            for quota in try #require(agreement["quotas"] as? [[String: Any]]) {
                let labels = ["agreement": id, "quota": try #require(quota["id"] as? String), "window": try #require(quota["window"] as? String)]
                #expect(try Self.family("tally_quota_target", in: families).value(labels) == quota["target"] as? Double)
                #expect(try Self.family("tally_quota_delivered", in: families).value(labels) == quota["delivered"] as? Double)
                #expect(try Self.family("tally_quota_expected", in: families).value(labels) == quota["expected"] as? Double)
                let status = ["agreement": id, "quota": labels["quota"] ?? "", "status": try #require(quota["status"] as? String)]
                #expect(try Self.family("tally_quota_status", in: families).value(status) == 1)
            }
            for milestone in try #require(agreement["milestones"] as? [[String: Any]]) {
                let labels = ["agreement": id, "milestone": try #require(milestone["id"] as? String),
                              "status": try #require(milestone["status"] as? String)]
                #expect(try Self.family("tally_milestone_status", in: families).value(labels) == 1)
            }
        }
    }

    @Test func theTextIsTheSameForTheSameValues() throws {
        let text = PrometheusText.render(try Self.metrics().families)
        #expect(text == PrometheusText.render(try Self.metrics().families))
        #expect(text.hasPrefix("""
            # HELP tally_quota_target Target of the quota's current window, as tallyctl status shows it.
            # TYPE tally_quota_target gauge
            tally_quota_target{agreement="so-tt-2025",quota="tin-bai",window="2025-Q2"} 91
            tally_quota_target{agreement="ben-tre-2024",quota="video",window="total"} 12

            """))
        #expect(text.contains("\ntally_quota_expected{agreement=\"so-tt-2025\",quota=\"tin-bai\",window=\"2025-Q2\"} 44.59\n"))
        #expect(text.contains("\ntally_evaluation_duration_seconds 1.25\n"))
        #expect(text.contains("\ntally_alerts_total{type=\"quota-behind\"} 2\n"))
        #expect(text.hasSuffix("\n"))
    }

    @Test(.requires(.promtool)) func promtoolFindsNoProblem() throws {
        let text = PrometheusText.render(try Self.metrics().families)
        let check = try Promtool.checkMetrics(text)
        #expect(check.status == 0 && check.stdout.isEmpty && check.stderr.isEmpty, "\(check)")
        // Nothing to show yet (no agreement): every family still has its HELP and TYPE, which promtool accepts.
        let empty = StatusMetrics(agreements: [], feeds: [], alerts: [:], lastPassAt: nil, lastPassDuration: nil)
        let emptyCheck = try Promtool.checkMetrics(PrometheusText.render(empty.families))
        #expect(emptyCheck.status == 0 && emptyCheck.stdout.isEmpty && emptyCheck.stderr.isEmpty, "\(emptyCheck)")
    }
}
