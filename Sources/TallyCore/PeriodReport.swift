import Foundation

/// One agreement's figures for a report period (SPEC §7), computed from the configuration and the delivery counts
/// only; `ComplianceReport` joins them with the agreement's facts and the store's items.
public struct PeriodReport: Sendable, Equatable {
    public var agreementID: String
    public var period: ReportPeriod
    /// The date statuses are taken at: the earlier of the period's last day and today, in the agreement's zone.
    public var asOf: CivilDate
    /// The agreement's state on `asOf`.
    public var state: AgreementState
    /// The period clipped to the agreement's dates; nil when they do not meet.
    public var coveredStart: CivilDate?
    public var coveredEnd: CivilDate?
    public var quotas: [QuotaReport]
    /// Milestones due in the period.
    public var milestones: [MilestoneReport]
    /// Blackout days (global and the agreement's own) that meet the period.
    public var blackouts: [Blackout]
}

/// A quota over a report period.
public struct QuotaReport: Sendable, Equatable {
    public var quotaID: String
    public var per: Cadence
    /// Targets of the windows inside the period plus a calendar-day share of those straddling its edges.
    public var periodTarget: Double
    /// Matching items published in the period through `asOf`.
    public var delivered: Int
    /// delivered / periodTarget × 100; nil when the period target is 0.
    public var completionPercent: Double?
    /// The quota evaluated at `asOf` (its window there: status, expected, target).
    public var evaluation: QuotaEvaluation
    /// Every window that meets the period, in order.
    public var windows: [WindowReport]
    /// One entry per covered day, for the burn-up chart.
    public var days: [ReportDay]
}

/// A quota window that meets a report period.
public struct WindowReport: Sendable, Hashable {
    public var window: QuotaWindow
    /// The window's target (prorated where the agreement cuts it short, with what was carried into it).
    public var target: Int
    /// Matching items published in the whole window through `asOf`.
    public var delivered: Int
    /// MET or MISSED for a closed window, the pace status for the open one, nil for a window not started by `asOf`.
    public var status: QuotaStatus?
    /// Whether the window had ended by `asOf`.
    public var closed: Bool
    /// Calendar days of the (clipped) window, and of those inside the period.
    public var days: Int
    public var daysInPeriod: Int
    /// target × daysInPeriod / days: the part of the target the period carries.
    public var targetShare: Double
    /// With carry-over (SPEC §9): the target before what the windows before it carried in, and what they did
    /// (signed, so that target = max(0, baseTarget + carried)); nil for a quota without carry-over.
    public var baseTarget: Int?
    public var carried: Int?
    /// The amendments that shaped the window (``QuotaSchedule/amendments(shaping:endMoved:)``), in order.
    public var amendments: [String]

    /// A window's figures.
    public init(
        window: QuotaWindow, target: Int, delivered: Int, status: QuotaStatus?, closed: Bool, days: Int, daysInPeriod: Int,
        targetShare: Double, baseTarget: Int? = nil, carried: Int? = nil, amendments: [String] = []
    ) {
        self.window = window
        self.target = target
        self.delivered = delivered
        self.status = status
        self.closed = closed
        self.days = days
        self.daysInPeriod = daysInPeriod
        self.targetShare = targetShare
        self.baseTarget = baseTarget
        self.carried = carried
        self.amendments = amendments
    }

    /// Whether the whole window lies inside the period.
    public var isInsidePeriod: Bool { days == daysInPeriod }
}

/// One day of a quota's burn-up series.
public struct ReportDay: Sendable, Hashable {
    public var date: CivilDate
    /// Items published that day, and the running sum since the period's first covered day; nil after `asOf`.
    public var delivered: Int?
    public var cumulative: Int?
    /// The pace line: the share of the period target expected by the end of the day (flat on blackout days).
    public var expected: Double
    public var blackout: Bool

    public init(date: CivilDate, delivered: Int?, cumulative: Int?, expected: Double, blackout: Bool) {
        self.date = date
        self.delivered = delivered
        self.cumulative = cumulative
        self.expected = expected
        self.blackout = blackout
    }
}

/// A milestone due in the report period.
public struct MilestoneReport: Sendable, Equatable {
    public var campaignID: String
    public var milestoneID: String
    /// The milestone evaluated at the report's `asOf`.
    public var evaluation: MilestoneEvaluation
}
