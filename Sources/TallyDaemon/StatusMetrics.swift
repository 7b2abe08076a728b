import Foundation
import TallyCore
import TallyInterface

/// The metrics of SPEC §11, from the values `status` is built of: each agreement's evaluation (with its inbox, as
/// `status` shows it), the feeds' state, the stored alerts by type and the last full pass. The one place that maps
/// them to samples; labels carry the ids and words `status --json` writes.
public struct StatusMetrics: Sendable {
    /// In the order `status` lists them.
    public var agreements: [AgreementEvaluation]
    public var feeds: [FeedStatus]
    /// Stored alerts by type (`tallyctl alerts`); a type never raised counts 0.
    public var alerts: [AlertType: Int]
    /// When the last full pass ran (the daemon's clock) and how long it took (a monotonic clock), as GetInfo's
    /// `last_check_at` and `last_check_duration_ms`.
    public var lastPassAt: Date?
    public var lastPassDuration: Duration?

    public init(agreements: [AgreementEvaluation], feeds: [FeedStatus], alerts: [AlertType: Int], lastPassAt: Date?,
                lastPassDuration: Duration?) {
        self.agreements = agreements
        self.feeds = feeds
        self.alerts = alerts
        self.lastPassAt = lastPassAt
        self.lastPassDuration = lastPassDuration
    }

    /// SPEC §3's order of the quota statuses.
    static let quotaStatuses: [QuotaStatus] = [.onTrack, .atRisk, .behind, .met, .missed]
    /// SPEC §3's order of the milestone statuses.
    static let milestoneStatuses: [MilestoneStatus] = [.pending, .dueSoon, .done, .late, .missed]

    /// Every family, always in this order, each with its `# HELP` and `# TYPE` even when it has no sample.
    public var families: [MetricFamily] {
        let window = ["agreement", "quota", "window"]
        var target = MetricFamily(
            "tally_quota_target", .gauge, help: "Target of the quota's current window, as tallyctl status shows it.",
            labels: window)
        var delivered = MetricFamily(
            "tally_quota_delivered", .gauge, help: "Items delivered in the quota's current window so far.", labels: window)
        var expected = MetricFamily(
            "tally_quota_expected", .gauge,
            help: "Items expected by now in the quota's current window at an even pace (target * elapsed days / window days, to 2 decimals as status shows it).",
            labels: window)
        var quotaStatus = MetricFamily(
            "tally_quota_status", .gauge,
            help: "1 for the current status of the quota's current window (ON_TRACK, AT_RISK, BEHIND, MET, MISSED), 0 for the other four.",
            labels: ["agreement", "quota", "status"])
        var milestoneStatus = MetricFamily(
            "tally_milestone_status", .gauge,
            help: "1 for the milestone's status (PENDING, DUE_SOON, DONE, LATE, MISSED), 0 for the other four.",
            labels: ["agreement", "milestone", "status"])
        var stale = MetricFamily(
            "tally_agreement_stale", .gauge,
            help: "1 when nothing has been recorded for the active agreement for longer than stale_after, else 0.",
            labels: ["agreement"])
        var inbox = MetricFamily(
            "tally_inbox_waiting", .gauge,
            help: "Feed items of the agreement waiting for review in the inbox (0 for an agreement without feeds).",
            labels: ["agreement"])
        for agreement in agreements {
            let id = agreement.agreementID
            for quota in agreement.quotas {
                let labels = [id, quota.quotaID, quota.window.label]
                target.samples.append(MetricSample(labels, Double(quota.target)))
                delivered.samples.append(MetricSample(labels, Double(quota.delivered)))
                expected.samples.append(MetricSample(labels, WireFormat.round2(quota.expected)))
                for status in Self.quotaStatuses {
                    quotaStatus.samples.append(MetricSample([id, quota.quotaID, status.rawValue], status == quota.status ? 1 : 0))
                }
            }
            for milestone in agreement.milestones {
                for status in Self.milestoneStatuses {
                    milestoneStatus.samples.append(
                        MetricSample([id, milestone.id, status.rawValue], status == milestone.status ? 1 : 0))
                }
            }
            stale.samples.append(MetricSample([id], agreement.stale ? 1 : 0))
            inbox.samples.append(MetricSample([id], Double(agreement.inbox ?? 0)))
        }
        var feedSuccess = MetricFamily(
            "tally_feed_last_success_timestamp_seconds", .gauge,
            help: "When the feed was last read successfully, in seconds since the epoch; no sample before its first success.",
            labels: ["agreement", "feed"])
        for feed in feeds {
            guard let success = feed.state.lastSuccess else { continue }
            feedSuccess.samples.append(MetricSample([feed.agreement, feed.feed], success.timeIntervalSince1970))
        }
        var lastPass = MetricFamily(
            "tally_last_evaluation_timestamp_seconds", .gauge,
            help: "When tallyd's last full evaluation pass ran, in seconds since the epoch.")
        if let at = lastPassAt { lastPass.samples.append(MetricSample([], at.timeIntervalSince1970)) }
        var duration = MetricFamily(
            "tally_evaluation_duration_seconds", .gauge, help: "How long tallyd's last full evaluation pass took, in seconds.")
        if let took = lastPassDuration { duration.samples.append(MetricSample([], Self.seconds(took))) }
        let alertsTotal = MetricFamily(
            "tally_alerts_total", .counter, help: "Alerts raised, by type, as tallyctl alerts lists them.", labels: ["type"],
            samples: AlertType.allCases.map { MetricSample([$0.rawValue], Double(alerts[$0] ?? 0)) })
        return [target, delivered, expected, quotaStatus, milestoneStatus, stale, inbox, feedSuccess, lastPass, duration, alertsTotal]
    }

    /// A duration in seconds, to the attosecond Double keeps.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
