import Foundation

/// The compliance reports of one period (SPEC §7): what the daemon sends and the renderers show.
public struct ComplianceReportSet: Sendable, Hashable {
    public var period: ReportPeriod
    /// When the report was made, with the offset of the zone it was made in.
    public var generatedAt: PublicationTime
    /// One report per agreement, in the order to show them.
    public var agreements: [ComplianceReport]

    /// The reports of `agreements` for `period`, made at `generatedAt`.
    public init(period: ReportPeriod, generatedAt: PublicationTime, agreements: [ComplianceReport]) {
        self.period = period
        self.generatedAt = generatedAt
        self.agreements = agreements
    }

    /// The same set restricted to one agreement (one output file per agreement).
    public func only(_ agreementID: String) -> ComplianceReportSet {
        var copy = self
        copy.agreements = agreements.filter { $0.agreementID == agreementID }
        return copy
    }
}

/// One agreement's compliance report for a period: its facts, the period's figures per quota and milestone, and
/// the items the store lists for it (voided, recorded late, alerts).
public struct ComplianceReport: Sendable, Hashable {
    public var agreementID: String
    public var title: String
    public var reference: String?
    public var parties: [String]
    /// Where the report is mailed (the agreement's `report_to`, SPEC §11).
    public var reportTo: [String]
    /// The agreement's first and last day (as amended).
    public var start: CivilDate
    public var end: CivilDate
    /// The agreement's own last day when an amendment moved it, else nil.
    public var originalEnd: CivilDate?
    /// The agreement's amendments (SPEC §9), in `effective` order: the report shows their record (id, title,
    /// signed, effective, end); their terms are already in the figures.
    public var amendments: [Amendment]
    public var timeZone: TimeZone
    /// The agreement's state on `asOf`.
    public var state: AgreementState
    /// The date statuses are taken at: the earlier of the period's last day and today.
    public var asOf: CivilDate
    /// The period clipped to the agreement's dates; nil when they do not meet.
    public var coveredStart: CivilDate?
    public var coveredEnd: CivilDate?
    public var quotas: [QuotaResult]
    /// Milestones due in the period.
    public var milestones: [MilestoneResult]
    /// Blackout days that meet the period.
    public var blackouts: [Blackout]
    /// Deliveries published in the period and voided.
    public var voided: [DeliveryRecord]
    /// Deliveries published in the period that were recorded after a window they count in had closed.
    public var lateRecorded: [LateRecording]
    /// Alerts raised in the period.
    public var alerts: [AlertRecord]

    /// A report from its parts (the builder is `init(_:agreement:items:)`).
    public init(
        agreementID: String, title: String, reference: String?, parties: [String], start: CivilDate, end: CivilDate,
        timeZone: TimeZone, state: AgreementState, asOf: CivilDate, coveredStart: CivilDate?, coveredEnd: CivilDate?,
        quotas: [QuotaResult], milestones: [MilestoneResult], blackouts: [Blackout], voided: [DeliveryRecord],
        lateRecorded: [LateRecording], alerts: [AlertRecord], originalEnd: CivilDate? = nil, amendments: [Amendment] = [],
        reportTo: [String] = []
    ) {
        self.agreementID = agreementID
        self.title = title
        self.reference = reference
        self.parties = parties
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.state = state
        self.asOf = asOf
        self.coveredStart = coveredStart
        self.coveredEnd = coveredEnd
        self.quotas = quotas
        self.milestones = milestones
        self.blackouts = blackouts
        self.voided = voided
        self.lateRecorded = lateRecorded
        self.alerts = alerts
        self.originalEnd = originalEnd
        self.amendments = amendments
        self.reportTo = reportTo
    }

    /// A quota over the report period, and its status at `asOf` in the window containing that date.
    public struct QuotaResult: Sendable, Hashable {
        public var quotaID: String
        public var title: String
        public var per: Cadence
        /// Targets of the windows inside the period plus a calendar-day share of those straddling its edges.
        public var periodTarget: Double
        /// Items published in the period through `asOf`.
        public var delivered: Int
        /// delivered / periodTarget × 100; nil when the period target is 0.
        public var completionPercent: Double?
        /// The status at `asOf`, of the window labelled `statusWindow`, with that window's figures.
        public var status: QuotaStatus
        public var statusWindow: String
        public var windowTarget: Int
        public var windowDelivered: Int
        public var windowExpected: Double
        /// Every window that meets the period, in order.
        public var windows: [WindowReport]
        /// One entry per covered day: the burn-up series.
        public var days: [ReportDay]

        /// A quota's result.
        public init(
            quotaID: String, title: String, per: Cadence, periodTarget: Double, delivered: Int,
            completionPercent: Double?, status: QuotaStatus, statusWindow: String, windowTarget: Int,
            windowDelivered: Int, windowExpected: Double, windows: [WindowReport], days: [ReportDay]
        ) {
            self.quotaID = quotaID
            self.title = title
            self.per = per
            self.periodTarget = periodTarget
            self.delivered = delivered
            self.completionPercent = completionPercent
            self.status = status
            self.statusWindow = statusWindow
            self.windowTarget = windowTarget
            self.windowDelivered = windowDelivered
            self.windowExpected = windowExpected
            self.windows = windows
            self.days = days
        }
    }

    /// A milestone due in the period, evaluated at `asOf`.
    public struct MilestoneResult: Sendable, Hashable {
        /// `campaign/milestone`.
        public var id: String
        public var title: String
        public var campaignTitle: String
        public var due: CivilDate
        /// Counted milestones only.
        public var target: Int?
        public var delivered: Int?
        public var status: MilestoneStatus
        public var reachedOn: CivilDate?

        /// A milestone's result.
        public init(
            id: String, title: String, campaignTitle: String, due: CivilDate, target: Int?, delivered: Int?,
            status: MilestoneStatus, reachedOn: CivilDate?
        ) {
            self.id = id
            self.title = title
            self.campaignTitle = campaignTitle
            self.due = due
            self.target = target
            self.delivered = delivered
            self.status = status
            self.reachedOn = reachedOn
        }
    }

    /// A delivery recorded after windows it counts in had closed.
    public struct LateRecording: Sendable, Hashable {
        public var delivery: DeliveryRecord
        /// The windows that had closed, in the agreement's quota order.
        public var windows: [ClosedWindow]

        /// A late recording of `delivery`.
        public init(delivery: DeliveryRecord, windows: [ClosedWindow]) {
            self.delivery = delivery
            self.windows = windows
        }
    }

    /// A quota's window, by quota id and window label (`tin-bai`, `2022-07`).
    public struct ClosedWindow: Sendable, Hashable {
        public var quota: String
        public var window: String

        /// The window labelled `window` of `quota`.
        public init(quota: String, window: String) {
            self.quota = quota
            self.window = window
        }
    }
}

/// The store's lists for one agreement's report.
public struct ReportItems: Sendable, Hashable {
    /// Voided deliveries published in the period.
    public var voided: [DeliveryRecord]
    /// Non-void deliveries published in the period (the late recordings are picked out of them).
    public var published: [DeliveryRecord]
    /// Alerts raised in the period.
    public var alerts: [AlertRecord]

    /// Lists for one agreement.
    public init(voided: [DeliveryRecord] = [], published: [DeliveryRecord] = [], alerts: [AlertRecord] = []) {
        self.voided = voided
        self.published = published
        self.alerts = alerts
    }
}
