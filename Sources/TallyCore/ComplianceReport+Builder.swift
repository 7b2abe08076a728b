import Foundation

extension ComplianceReport {
    /// The report of `agreement` from the period's figures and the store's items (SPEC §7). Pure.
    ///
    /// Titles and amendments come from the agreement (the id where no title is configured); voided items and alerts
    /// are shown as listed; of the published items, those recorded after a window they count in had closed are the
    /// late ones.
    public init(_ figures: PeriodReport, agreement: Agreement, items: ReportItems) {
        let campaigns = Dictionary(agreement.campaigns.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.init(
            agreementID: agreement.id, title: agreement.title, reference: agreement.reference,
            parties: agreement.parties, start: agreement.start, end: agreement.end, timeZone: agreement.timeZone,
            state: figures.state, asOf: figures.asOf, coveredStart: figures.coveredStart,
            coveredEnd: figures.coveredEnd,
            quotas: figures.quotas.map { quota in
                QuotaResult(quota, title: agreement.quotas.first { $0.id == quota.quotaID }?.title ?? quota.quotaID)
            },
            milestones: figures.milestones.map { milestone in
                let campaign = campaigns[milestone.campaignID]
                let configured = campaign?.milestones.first { $0.id == milestone.milestoneID }
                let e = milestone.evaluation
                return MilestoneResult(
                    id: e.id, title: configured?.title ?? milestone.milestoneID,
                    campaignTitle: campaign?.title ?? milestone.campaignID, due: e.due, target: e.target,
                    delivered: e.delivered, status: e.status, reachedOn: e.reachedOn)
            },
            blackouts: figures.blackouts, voided: items.voided,
            lateRecorded: Self.lateRecorded(items.published, agreement: agreement), alerts: items.alerts,
            originalEnd: agreement.originalEnd, amendments: agreement.amendments, reportTo: agreement.reportTo)
    }

    /// The deliveries among `deliveries` that are not void and were recorded after a window they count in had closed.
    public static func lateRecorded(_ deliveries: [DeliveryRecord], agreement: Agreement) -> [LateRecording] {
        deliveries.compactMap { delivery in
            guard delivery.void == nil else { return nil }
            let windows = PeriodReport.windowsClosedAtRecording(
                delivery.attributes, publishedOn: delivery.day, recordedAt: delivery.recordedAt, in: agreement)
            return windows.isEmpty ? nil : LateRecording(
                delivery: delivery, windows: windows.map { ClosedWindow(quota: $0.quota, window: $0.window) })
        }
    }
}

extension ComplianceReport.QuotaResult {
    /// A quota's figures over the period under `title`, with its status at `asOf` taken from its evaluation there.
    public init(_ figures: QuotaReport, title: String) {
        self.init(
            quotaID: figures.quotaID, title: title, per: figures.per, periodTarget: figures.periodTarget,
            delivered: figures.delivered, completionPercent: figures.completionPercent,
            status: figures.evaluation.status, statusWindow: figures.evaluation.window.label,
            windowTarget: figures.evaluation.target, windowDelivered: figures.evaluation.delivered,
            windowExpected: figures.evaluation.expected, windows: figures.windows, days: figures.days)
    }
}
