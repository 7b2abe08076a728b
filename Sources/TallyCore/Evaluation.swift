import Foundation

/// A quota's window at an evaluation date, with its target and progress.
public struct QuotaEvaluation: Sendable, Equatable {
    public var quotaID: String
    public var window: QuotaWindow
    /// The window's target (prorated where the agreement cuts the window short).
    public var target: Int
    public var delivered: Int
    /// target × elapsed / window days, unrounded.
    public var expected: Double
    public var status: QuotaStatus
    public var remaining: Int
    public var projected: Double?
    public var requiredPerWeek: Double?
    public var currentPerWeek: Double?
    /// Countable (non-blackout) days of the window, elapsed through the evaluation date, and left.
    public var windowDays: Int
    public var elapsedDays: Int
    public var leftDays: Int
    /// Whether the evaluation date is after the window's last day.
    public var closed: Bool
}

/// A milestone at an evaluation date.
public struct MilestoneEvaluation: Sendable, Equatable {
    /// `campaign/milestone`.
    public var id: String
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
}

/// An agreement at an evaluation date.
public struct AgreementEvaluation: Sendable, Equatable {
    public var agreementID: String
    /// The evaluation date in the agreement's zone.
    public var date: CivilDate
    public var state: AgreementState
    public var stale: Bool
    public var start: CivilDate
    public var end: CivilDate
    public var quotas: [QuotaEvaluation]
    public var milestones: [MilestoneEvaluation]
}
