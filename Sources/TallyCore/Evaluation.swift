import Foundation

/// A quota's window at an evaluation date, with its target and progress.
public struct QuotaEvaluation: Sendable, Hashable {
    public var quotaID: String
    /// The quota's title, or its id when it has none.
    public var title: String
    public var window: QuotaWindow
    /// The window's target (prorated where the agreement cuts the window short).
    public var target: Int
    public var delivered: Int
    /// target × elapsed / window days, unrounded.
    public var expected: Double
    public var remaining: Int
    /// Countable (non-blackout) days of the window, elapsed through the evaluation date, and left.
    public var windowDays: Int
    public var elapsedDays: Int
    public var leftDays: Int
    // `status` and `closed` sit in the padding after `projected`'s Optional tag (declaration order is layout
    // order): a daemon keeps one of these per quota of every agreement, and each padded byte costs 16,000 here.
    public var projected: Double?
    public var status: QuotaStatus
    /// Whether the evaluation date is after the window's last day.
    public var closed: Bool
    public var requiredPerWeek: Double?
    public var currentPerWeek: Double?
    /// With carry-over (SPEC §9): the window's target before what was carried into it, and what was (signed);
    /// nil for a quota without carry-over.
    public var baseTarget: Int?
    public var carried: Int?
    /// The amendments that shaped the window (``QuotaSchedule/amendments(shaping:endMoved:)``).
    public var amendments: [String] = []

    public init(
        quotaID: String, title: String, window: QuotaWindow, target: Int, delivered: Int, expected: Double,
        status: QuotaStatus, remaining: Int, projected: Double?, requiredPerWeek: Double?, currentPerWeek: Double?,
        windowDays: Int, elapsedDays: Int, leftDays: Int, closed: Bool
    ) {
        self.quotaID = quotaID
        self.title = title
        self.window = window
        self.target = target
        self.delivered = delivered
        self.expected = expected
        self.status = status
        self.remaining = remaining
        self.projected = projected
        self.requiredPerWeek = requiredPerWeek
        self.currentPerWeek = currentPerWeek
        self.windowDays = windowDays
        self.elapsedDays = elapsedDays
        self.leftDays = leftDays
        self.closed = closed
    }
}

/// A window's target (SPEC §3, §9): the base target of its terms, plus what the windows before it carried.
public struct WindowTarget: Sendable, Hashable {
    public var base: Int
    /// Nil for a quota without carry-over.
    public var carried: Int?

    public init(base: Int, carried: Int?) {
        self.base = base
        self.carried = carried
    }

    /// max(0, base + carried).
    public var target: Int { max(0, base + (carried ?? 0)) }
}

/// A milestone at an evaluation date.
public struct MilestoneEvaluation: Sendable, Hashable {
    /// `campaign/milestone`.
    public var id: String
    /// The milestone's title, or its id when it has none.
    public var title: String
    public var campaignID: String
    public var due: CivilDate
    /// Counted milestones only.
    public var target: Int?
    /// Counted milestones only: matching items from the campaign's start through the evaluation date.
    public var delivered: Int?
    public var reachedOn: CivilDate?
    public var status: MilestoneStatus
    /// Whether the milestone's campaign still runs at the evaluation date (``Campaign/isRunning(on:)``).
    public var campaignRunning: Bool

    public init(
        id: String, title: String, campaignID: String, due: CivilDate, target: Int?, delivered: Int?,
        reachedOn: CivilDate?, status: MilestoneStatus, campaignRunning: Bool
    ) {
        self.id = id
        self.title = title
        self.campaignID = campaignID
        self.due = due
        self.target = target
        self.delivered = delivered
        self.reachedOn = reachedOn
        self.status = status
        self.campaignRunning = campaignRunning
    }
}

/// An agreement at an evaluation date.
public struct AgreementEvaluation: Sendable, Hashable {
    public var agreementID: String
    public var title: String
    /// The evaluation date in the agreement's zone.
    public var date: CivilDate
    public var state: AgreementState
    public var stale: Bool
    public var start: CivilDate
    /// The last day as amended.
    public var end: CivilDate
    /// The agreement's own last day when an amendment moved it.
    public var originalEnd: CivilDate?
    public var quotas: [QuotaEvaluation]
    public var milestones: [MilestoneEvaluation]
    /// The agreement's amendments, in `effective` order.
    public var amendments: [Amendment] = []
    /// While the daemon holds a newly loaded agreement's alerts (SPEC §9 onboarding): until when.
    public var alertsHeldUntil: Date?
    /// Feed candidates waiting in the inbox (SPEC §10), for an agreement with feeds.
    public var inbox: Int?
    /// What signed records accepted, what was paid and what is not yet accepted (SPEC §12), for an agreement
    /// with `[settlement]`.
    public var settlement: SettlementStanding?

    public init(
        agreementID: String, title: String, date: CivilDate, state: AgreementState, stale: Bool, start: CivilDate,
        end: CivilDate, quotas: [QuotaEvaluation], milestones: [MilestoneEvaluation]
    ) {
        self.agreementID = agreementID
        self.title = title
        self.date = date
        self.state = state
        self.stale = stale
        self.start = start
        self.end = end
        self.quotas = quotas
        self.milestones = milestones
    }
}
