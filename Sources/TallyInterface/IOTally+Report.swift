import TallyCore
import TallyProtocol
// Types of GetReportData (SPEC §7): everything the report renderers need, computed by the daemon.

extension IOTally {
    /// The compliance report data for a period (read-only).
    public static let getReportData = VarlinkMethod<GetReportDataParameters, GetReportDataReply>("io.tally.GetReportData")
}

/// Parameters of `io.tally.GetReportData`.
public struct GetReportDataParameters: Codable, Sendable, Hashable {
    /// Agreement ids; nil means every agreement whose dates meet the period.
    public var agreements: [String]?
    /// `2024`, `2024-Q2`, `2024-05`, `2024-W19`, `previous-month`, `previous-quarter`, `previous-year` or
    /// `FROM..TO`; nil is the current quarter to date.
    public var period: String?
    /// "Now" for the report (a date or date-time); nil is the daemon's clock.
    public var at: String?

    /// Parameters for a report.
    public init(agreements: [String]? = nil, period: String? = nil, at: String? = nil) {
        self.agreements = agreements
        self.period = period
        self.at = at
    }
}

/// Reply of `io.tally.GetReportData`.
public struct GetReportDataReply: Codable, Sendable, Hashable {
    public var report: ReportData
    /// A reply carrying `report`.
    public init(report: ReportData) { self.report = report }
}

/// `io.tally.ReportData`: a compliance report of one or more agreements for one period.
public struct ReportData: Codable, Sendable, Hashable {
    /// `2024`, `2024-Q2`, `2024-05`, `2024-W19` or `2024-05-01..2024-05-20`; names the output directory.
    public var period: String
    /// `year`, `quarter`, `month`, `week` or `range`.
    public var periodKind: String
    public var periodStart: String
    public var periodEnd: String
    /// Whether the period was cut at today (the default: current quarter to date).
    public var toDate: Bool
    /// When the report was made (RFC 3339).
    public var generatedAt: String
    public var agreements: [ReportAgreement]

    /// Report data.
    public init(
        period: String, periodKind: String, periodStart: String, periodEnd: String, toDate: Bool, generatedAt: String,
        agreements: [ReportAgreement]
    ) {
        self.period = period
        self.periodKind = periodKind
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.toDate = toDate
        self.generatedAt = generatedAt
        self.agreements = agreements
    }

    /// The same report restricted to one agreement (one output file per agreement).
    public func only(_ agreementID: String) -> ReportData {
        var copy = self
        copy.agreements = agreements.filter { $0.id == agreementID }
        return copy
    }

    private enum CodingKeys: String, CodingKey {
        case period, agreements
        case periodKind = "period_kind", periodStart = "period_start", periodEnd = "period_end", toDate = "to_date"
        case generatedAt = "generated_at"
    }
}

/// `io.tally.ReportAgreement`: one agreement over the report period.
public struct ReportAgreement: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var reference: String?
    public var parties: [String]
    public var start: String
    public var end: String
    public var timezone: String
    /// The agreement's state on `as_of`.
    public var state: String
    /// The date statuses are taken at: the earlier of the period's last day and today.
    public var asOf: String
    /// The period clipped to the agreement's dates; nil when they do not meet.
    public var coveredStart: String?
    public var coveredEnd: String?
    public var quotas: [ReportQuota]
    /// Milestones due in the period.
    public var milestones: [ReportMilestone]
    /// Blackout days that meet the period.
    public var blackouts: [Blackout]
    /// Deliveries published in the period and voided.
    public var voided: [DeliveryRecord]
    /// Deliveries published in the period that were recorded after a window they count in had closed.
    public var lateRecorded: [ReportLateDelivery]
    /// Alerts raised in the period.
    public var alerts: [AlertRecord]

    /// A report agreement.
    public init(
        id: String, title: String, reference: String?, parties: [String], start: String, end: String,
        timezone: String, state: String, asOf: String, coveredStart: String?, coveredEnd: String?,
        quotas: [ReportQuota], milestones: [ReportMilestone], blackouts: [Blackout], voided: [DeliveryRecord],
        lateRecorded: [ReportLateDelivery], alerts: [AlertRecord]
    ) {
        self.id = id
        self.title = title
        self.reference = reference
        self.parties = parties
        self.start = start
        self.end = end
        self.timezone = timezone
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
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, reference, parties, start, end, timezone, state, quotas, milestones, blackouts, voided, alerts
        case asOf = "as_of", coveredStart = "covered_start", coveredEnd = "covered_end", lateRecorded = "late_recorded"
    }
}

/// `io.tally.ReportQuota`: a quota over the report period.
public struct ReportQuota: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    /// `total`, `year`, `quarter`, `month` or `week`.
    public var per: String
    /// The window targets inside the period plus a calendar-day share of windows straddling its edges.
    public var periodTarget: Double
    /// Items published in the period.
    public var delivered: Int
    /// delivered / period_target × 100; nil when the period target is 0.
    public var completion: Double?
    /// The status at `as_of`, of the window containing it (`status_window`), with that window's numbers.
    public var status: String
    public var statusWindow: String
    public var windowTarget: Int
    public var windowDelivered: Int
    public var windowExpected: Double
    /// Every window that meets the period.
    public var windows: [ReportWindow]
    /// One entry per day of the period inside the agreement: the burn-up series.
    public var days: [ReportDay]

    /// A report quota.
    public init(
        id: String, title: String, per: String, periodTarget: Double, delivered: Int, completion: Double?,
        status: String, statusWindow: String, windowTarget: Int, windowDelivered: Int, windowExpected: Double,
        windows: [ReportWindow], days: [ReportDay]
    ) {
        self.id = id
        self.title = title
        self.per = per
        self.periodTarget = periodTarget
        self.delivered = delivered
        self.completion = completion
        self.status = status
        self.statusWindow = statusWindow
        self.windowTarget = windowTarget
        self.windowDelivered = windowDelivered
        self.windowExpected = windowExpected
        self.windows = windows
        self.days = days
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, per, delivered, completion, status, windows, days
        case periodTarget = "period_target", statusWindow = "status_window", windowTarget = "window_target"
        case windowDelivered = "window_delivered", windowExpected = "window_expected"
    }
}

/// `io.tally.ReportWindow`: a quota window that meets the report period.
public struct ReportWindow: Codable, Sendable, Hashable {
    /// `2024`, `2024-Q2`, `2024-05`, `2025-W01` or `total`.
    public var window: String
    public var start: String
    public var end: String
    public var target: Int
    /// Items in the whole window through `as_of`.
    public var delivered: Int
    /// MET or MISSED when closed, the pace status when open, nil when not started by `as_of`.
    public var status: String?
    public var closed: Bool
    /// Calendar days of the window, and of those inside the period.
    public var days: Int
    public var daysInPeriod: Int
    /// target × days_in_period / days: what the window adds to the period target.
    public var targetShare: Double

    /// A report window.
    public init(
        window: String, start: String, end: String, target: Int, delivered: Int, status: String?, closed: Bool,
        days: Int, daysInPeriod: Int, targetShare: Double
    ) {
        self.window = window
        self.start = start
        self.end = end
        self.target = target
        self.delivered = delivered
        self.status = status
        self.closed = closed
        self.days = days
        self.daysInPeriod = daysInPeriod
        self.targetShare = targetShare
    }

    private enum CodingKeys: String, CodingKey {
        case window, start, end, target, delivered, status, closed, days
        case daysInPeriod = "days_in_period", targetShare = "target_share"
    }
}

/// `io.tally.ReportDay`: the core's report day on the wire, the pace to two decimals.
extension ReportDay: Codable {
    private enum CodingKeys: String, CodingKey {
        case date, delivered, cumulative, expected, blackout
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            date: try c.decodeDate(forKey: .date), delivered: try c.decodeIfPresent(Int.self, forKey: .delivered),
            cumulative: try c.decodeIfPresent(Int.self, forKey: .cumulative), expected: try c.decode(Double.self, forKey: .expected),
            blackout: try c.decode(Bool.self, forKey: .blackout))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date.description, forKey: .date)
        try c.encodeIfPresent(delivered, forKey: .delivered)
        try c.encodeIfPresent(cumulative, forKey: .cumulative)
        try c.encode(WireFormat.round2(expected), forKey: .expected)
        try c.encode(blackout, forKey: .blackout)
    }
}

/// `io.tally.ReportMilestone`: a milestone due in the period, at `as_of`.
public struct ReportMilestone: Codable, Sendable, Hashable {
    /// `campaign/milestone`.
    public var id: String
    public var title: String
    public var campaignTitle: String
    public var due: String
    /// Counted milestones only.
    public var target: Int?
    public var delivered: Int?
    /// `DONE`, `LATE`, `MISSED`, `DUE_SOON` or `PENDING`.
    public var status: String
    public var reachedOn: String?

    /// A report milestone.
    public init(
        id: String, title: String, campaignTitle: String, due: String, target: Int?, delivered: Int?, status: String,
        reachedOn: String?
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

    private enum CodingKeys: String, CodingKey {
        case id, title, due, target, delivered, status
        case campaignTitle = "campaign_title", reachedOn = "reached_on"
    }
}

/// `io.tally.ReportLateDelivery`: a delivery recorded after a window it counts in had closed.
public struct ReportLateDelivery: Codable, Sendable, Hashable {
    public var delivery: DeliveryRecord
    /// The closed windows, as `quota window` (e.g. `tin-bai 2022`).
    public var windows: [String]

    /// A late delivery.
    public init(delivery: DeliveryRecord, windows: [String]) {
        self.delivery = delivery
        self.windows = windows
    }
}
