import Foundation

/// The alert types of SPEC §4, each with its journal priority and fixed MESSAGE_ID.
public enum AlertType: String, Sendable, Codable, CaseIterable {
    case quotaAtRisk = "quota-at-risk"
    case quotaBehind = "quota-behind"
    case quotaRecovered = "quota-recovered"
    case quotaMet = "quota-met"
    case quotaMissed = "quota-missed"
    case quotaOutcomeChanged = "quota-outcome-changed"
    case milestoneDueSoon = "milestone-due-soon"
    case milestoneMissed = "milestone-missed"
    case milestoneDone = "milestone-done"
    case milestoneLate = "milestone-late"
    case agreementExpiring = "agreement-expiring"
    case agreementEnded = "agreement-ended"
    case agreementStale = "agreement-stale"
    case agreementFresh = "agreement-fresh"
    case feedFailing = "feed-failing"
    case feedRecovered = "feed-recovered"
    /// An `every` period ended `acceptance_due` ago and holds unsettled priced items (SPEC §12).
    case acceptanceDue = "acceptance-due"
    /// Signed records and the current draft reach 90 % of the contract value (SPEC §12).
    case settlementValueReached = "settlement-value-reached"

    /// syslog priority: 3 error, 4 warning, 5 notice. The one place statuses map to priorities.
    public var priority: Int {
        switch self {
        case .quotaBehind, .quotaMissed, .milestoneMissed: 3
        case .quotaAtRisk, .milestoneDueSoon, .agreementExpiring, .agreementStale, .feedFailing, .acceptanceDue,
            .settlementValueReached:
            4
        case .quotaRecovered, .quotaMet, .quotaOutcomeChanged, .milestoneDone, .milestoneLate, .agreementEnded,
            .agreementFresh, .feedRecovered:
            5
        }
    }

    /// The journal MESSAGE_ID of this alert type (32 lower-case hex digits), explained in `tally.catalog`.
    public var messageID: String {
        switch self {
        case .quotaAtRisk: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c01"
        case .quotaBehind: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c02"
        case .quotaRecovered: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c03"
        case .quotaMet: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c04"
        case .quotaMissed: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c05"
        case .quotaOutcomeChanged: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c06"
        case .milestoneDueSoon: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c07"
        case .milestoneMissed: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c08"
        case .milestoneDone: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c09"
        case .milestoneLate: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c0a"
        case .agreementExpiring: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c0b"
        case .agreementEnded: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c0c"
        case .agreementStale: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c0d"
        case .agreementFresh: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c0e"
        case .feedFailing: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c0f"
        case .feedRecovered: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c10"
        case .acceptanceDue: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c11"
        case .settlementValueReached: "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c12"
        }
    }
}

/// One alert raised by a status change (or a renotification).
public struct Alert: Sendable, Hashable {
    public var type: AlertType
    public var at: Date
    public var agreement: String
    public var quota: String?
    /// `campaign/milestone`.
    public var milestone: String?
    /// Window label, for quota alerts.
    public var window: String?
    /// `ON_TRACK`… for quotas, milestone statuses, agreement states, `STALE`/`FRESH`.
    public var status: String
    /// Empty when the subject is seen for the first time.
    public var previousStatus: String?
    public var delivered: Int?
    public var target: Int?
    public var expected: Double?
    /// 0 for the first alert of a state, then 1, 2, … for renotifications.
    public var repeatCount: Int
    /// One sentence for MESSAGE.
    public var message: String
    /// Days until a milestone's due date, for a reminder (`milestone-due-soon`, SPEC §9).
    public var daysLeft: Int?
    /// The feed, its URL and its last error, for feed alerts (SPEC §10).
    public var feed: String?
    public var url: String?
    public var error: String?
    /// The `every` period (`2024-Q2`), for `acceptance-due` (SPEC §12).
    public var period: String?

    public var priority: Int { type.priority }

    public init(
        type: AlertType, at: Date, agreement: String, quota: String? = nil, milestone: String? = nil,
        window: String? = nil, status: String, previousStatus: String?, delivered: Int? = nil, target: Int? = nil,
        expected: Double? = nil, repeatCount: Int = 0, message: String, daysLeft: Int? = nil, feed: String? = nil,
        url: String? = nil, error: String? = nil, period: String? = nil
    ) {
        self.type = type
        self.at = at
        self.agreement = agreement
        self.quota = quota
        self.milestone = milestone
        self.window = window
        self.status = status
        self.previousStatus = previousStatus
        self.delivered = delivered
        self.target = target
        self.expected = expected
        self.repeatCount = repeatCount
        self.message = message
        self.daysLeft = daysLeft
        self.feed = feed
        self.url = url
        self.error = error
        self.period = period
    }
}

/// An alert from the history, with the id it was stored under; its fields read through (`record.type`).
@dynamicMemberLookup
public struct AlertRecord: Sendable, Hashable {
    public var id: Int64
    public var alert: Alert

    public init(id: Int64, alert: Alert) {
        self.id = id
        self.alert = alert
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<Alert, T>) -> T { alert[keyPath: keyPath] }
}

/// A closed window's outcome, recorded when it closes with the target in force then.
public struct WindowOutcome: Sendable, Hashable {
    public var agreement: String
    public var quota: String
    public var window: QuotaWindow
    public var target: Int
    public var delivered: Int
    /// `.met` or `.missed`.
    public var outcome: QuotaStatus

    public init(agreement: String, quota: String, window: QuotaWindow, target: Int, delivered: Int, outcome: QuotaStatus) {
        self.agreement = agreement
        self.quota = quota
        self.window = window
        self.target = target
        self.delivered = delivered
        self.outcome = outcome
    }
}

/// A closed window's outcome as recorded: the core's outcome, and when it was first and last written.
@dynamicMemberLookup
public struct RecordedOutcome: Sendable, Hashable {
    public var outcome: WindowOutcome
    /// When the window's outcome was first recorded; kept by later updates.
    public var closedAt: Date
    public var updatedAt: Date

    public init(_ outcome: WindowOutcome, closedAt: Date, updatedAt: Date) {
        self.outcome = outcome
        self.closedAt = closedAt
        self.updatedAt = updatedAt
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<WindowOutcome, T>) -> T { outcome[keyPath: keyPath] }
}
