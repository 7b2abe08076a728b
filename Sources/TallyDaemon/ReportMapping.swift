import Foundation
import TallyCore
import TallyInterface
import TallyProtocol

/// Maps the core's `PeriodReport` to the `io.tally.ReportData` wire types, and nothing more (STYLE: handlers
/// translate). The per-item lists come from the store as wire values already.
public enum ReportMapping {
    /// The report data of `agreements`, each with the store's lists for it (`items[agreement.id]`).
    ///
    /// - Parameters:
    ///   - reports: one `PeriodReport.build(…)` per agreement, in the order to show them.
    ///   - agreements: the configured agreements, by id (titles, parties, filters for late recordings).
    ///   - items: per agreement id, the voided deliveries, the deliveries published in the period (late ones are
    ///     picked out here) and the alerts raised in the period.
    ///   - generatedAt: when the report was made, RFC 3339.
    public static func reportData(
        period: ReportPeriod, reports: [PeriodReport], agreements: [String: Agreement],
        items: [String: ReportItems], generatedAt: String
    ) -> ReportData {
        ReportData(
            period: period.label, periodKind: period.kind.rawValue, periodStart: period.start.description,
            periodEnd: period.end.description, toDate: period.toDate, generatedAt: generatedAt,
            agreements: reports.compactMap { report in
                agreements[report.agreementID].map {
                    reportAgreement(report, agreement: $0, items: items[report.agreementID] ?? ReportItems())
                }
            })
    }

    /// One agreement's section.
    public static func reportAgreement(_ report: PeriodReport, agreement: Agreement, items: ReportItems)
        -> ReportAgreement
    {
        let campaigns = Dictionary(agreement.campaigns.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ReportAgreement(
            id: agreement.id, title: agreement.title, reference: agreement.reference, parties: agreement.parties,
            start: agreement.start.description, end: agreement.end.description,
            timezone: agreement.timeZone.identifier, state: report.state.rawValue, asOf: report.asOf.description,
            coveredStart: report.coveredStart?.description, coveredEnd: report.coveredEnd?.description,
            quotas: report.quotas.map { quota in
                reportQuota(quota, title: agreement.quotas.first { $0.id == quota.quotaID }?.title ?? quota.quotaID)
            },
            milestones: report.milestones.map { milestone in
                let campaign = campaigns[milestone.campaignID]
                let configured = campaign?.milestones.first { $0.id == milestone.milestoneID }
                let e = milestone.evaluation
                return ReportMilestone(
                    id: e.id, title: configured?.title ?? milestone.milestoneID,
                    campaignTitle: campaign?.title ?? milestone.campaignID, due: e.due.description, target: e.target,
                    delivered: e.delivered, status: e.status.rawValue, reachedOn: e.reachedOn?.description)
            },
            blackouts: report.blackouts,
            voided: items.voided,
            lateRecorded: lateRecorded(items.published, agreement: agreement),
            alerts: items.alerts)
    }

    /// The deliveries among `deliveries` (non-void, as the store lists them) recorded after a window they count in
    /// had closed.
    public static func lateRecorded(_ deliveries: [DeliveryRecord], agreement: Agreement)
        -> [ReportLateDelivery]
    {
        deliveries.compactMap { delivery in
            guard delivery.void == nil else { return nil }
            let windows = PeriodReport.windowsClosedAtRecording(
                delivery.attributes, publishedOn: delivery.day, recordedAt: delivery.recordedAt, in: agreement)
            return windows.isEmpty ? nil : ReportLateDelivery(delivery: delivery,
                                                              windows: windows.map { "\($0.quota) \($0.window)" })
        }
    }

    static func reportQuota(_ quota: QuotaReport, title: String) -> ReportQuota {
        ReportQuota(
            id: quota.quotaID, title: title, per: quota.per.rawValue, periodTarget: WireFormat.round2(quota.periodTarget),
            delivered: quota.delivered, completion: quota.completionPercent.map(WireFormat.round2),
            status: quota.evaluation.status.rawValue, statusWindow: quota.evaluation.window.label,
            windowTarget: quota.evaluation.target, windowDelivered: quota.evaluation.delivered,
            windowExpected: WireFormat.round2(quota.evaluation.expected),
            windows: quota.windows.map { w in
                ReportWindow(
                    window: w.window.label, start: w.window.start.description, end: w.window.end.description,
                    target: w.target, delivered: w.delivered, status: w.status?.rawValue, closed: w.closed,
                    days: w.days, daysInPeriod: w.daysInPeriod, targetShare: WireFormat.round2(w.targetShare))
            },
            // The pace line as the wire carries it (two decimals), so that every format draws the same line.
            days: quota.days.map { day in
                var rounded = day
                rounded.expected = WireFormat.round2(day.expected)
                return rounded
            })
    }
}

/// The store's per-item lists for one agreement's report.
public struct ReportItems: Sendable {
    /// Voided deliveries published in the period.
    public var voided: [DeliveryRecord]
    /// Non-void deliveries published in the period (the late recordings are picked out of them).
    public var published: [DeliveryRecord]
    /// Alerts raised in the period.
    public var alerts: [AlertRecord]

    /// Lists for one agreement.
    public init(voided: [DeliveryRecord] = [], published: [DeliveryRecord] = [],
                alerts: [AlertRecord] = [])
    {
        self.voided = voided
        self.published = published
        self.alerts = alerts
    }
}
