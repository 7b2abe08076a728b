import Foundation

/// A cooperation agreement: who, when, what must be delivered, and the campaigns it runs.
public struct Agreement: Sendable, Equatable, Identifiable {
    /// `[a-z0-9-]+`, unique across the configuration.
    public var id: String
    public var title: String
    public var reference: String?
    public var parties: [String]
    /// First day, inclusive.
    public var start: CivilDate
    /// Last day, inclusive.
    public var end: CivilDate
    /// The zone windows and publication dates are computed in.
    public var timeZone: TimeZone
    /// The agreement's own blackout days, in addition to the global ones.
    public var blackouts: [Blackout]
    public var quotas: [Quota]
    public var campaigns: [Campaign]

    public init(
        id: String, title: String, reference: String? = nil, parties: [String] = [],
        start: CivilDate, end: CivilDate, timeZone: TimeZone, blackouts: [Blackout] = [],
        quotas: [Quota] = [], campaigns: [Campaign] = []
    ) {
        self.id = id
        self.title = title
        self.reference = reference
        self.parties = parties
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.blackouts = blackouts
        self.quotas = quotas
        self.campaigns = campaigns
    }
}

/// How often a quota's target renews.
public enum Cadence: String, Sendable, Codable, CaseIterable {
    case total, year, quarter, month, week
}

/// A quota: so many matching items per window.
public struct Quota: Sendable, Hashable, Identifiable {
    /// `[a-z0-9-]+`, unique within the agreement.
    public var id: String
    public var title: String?
    /// Items per window, 1…1,000,000 (before prorating).
    public var target: Int
    public var per: Cadence
    public var filter: DeliveryFilter
    /// Per-quota threshold overrides; nil takes the global `[pace]` value.
    public var atRiskBelow: Double?
    public var behindBelow: Double?
    /// Whether a window cut short by the agreement's dates gets a prorated target.
    public var prorate: Bool

    public init(
        id: String, title: String? = nil, target: Int, per: Cadence = .total, filter: DeliveryFilter = .init(),
        atRiskBelow: Double? = nil, behindBelow: Double? = nil, prorate: Bool = true
    ) {
        self.id = id
        self.title = title
        self.target = target
        self.per = per
        self.filter = filter
        self.atRiskBelow = atRiskBelow
        self.behindBelow = behindBelow
        self.prorate = prorate
    }

    /// The quota with the thresholds in force: its own, or the global `pace` where it sets none.
    public func resolved(_ pace: PaceThresholds) -> Quota {
        var quota = self
        quota.atRiskBelow = atRiskBelow ?? pace.atRiskBelow
        quota.behindBelow = behindBelow ?? pace.behindBelow
        return quota
    }
}

/// A themed campaign with dated milestones.
public struct Campaign: Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String?
    public var start: CivilDate
    public var end: CivilDate
    /// What counts for the campaign's counted milestones.
    public var filter: DeliveryFilter
    public var milestones: [Milestone]

    public init(
        id: String, title: String? = nil, start: CivilDate, end: CivilDate, filter: DeliveryFilter = .init(),
        milestones: [Milestone] = []
    ) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.filter = filter
        self.milestones = milestones
    }

    /// Whether the campaign still runs on `date` (in the agreement's zone): through its last day. A MISSED
    /// milestone is news, and counts for monitoring, only while its campaign runs.
    public func isRunning(on date: CivilDate) -> Bool {
        date <= end
    }
}

/// A campaign milestone: counted (a number of matching items by a date) or manual.
public struct Milestone: Sendable, Equatable, Identifiable {
    /// How a milestone is reached.
    public enum Completion: Sendable, Equatable {
        /// Reached when the campaign's matching items since its start add up to `target`.
        case counted(target: Int)
        /// Reached on the date given to `tallyctl milestone done`.
        case manual
    }

    public var id: String
    public var title: String?
    public var due: CivilDate
    public var completion: Completion

    public init(id: String, title: String? = nil, due: CivilDate, completion: Completion) {
        self.id = id
        self.title = title
        self.due = due
        self.completion = completion
    }
}

/// Days that count for no quota (public holidays), inclusive at both ends.
public struct Blackout: Sendable, Hashable {
    /// Where a blackout is configured: for every agreement (tally.toml) or for one.
    public enum Scope: String, Sendable, CaseIterable {
        case global
        case agreement
    }

    public var from: CivilDate
    public var to: CivilDate
    public var reason: String?
    public var scope: Scope

    public init(from: CivilDate, to: CivilDate, reason: String? = nil, scope: Scope = .agreement) {
        self.from = from
        self.to = to
        self.reason = reason
        self.scope = scope
    }
}

/// Delivered/expected ratios below which a quota is AT_RISK or BEHIND.
public struct PaceThresholds: Sendable, Equatable {
    public var atRiskBelow: Double
    public var behindBelow: Double

    public init(atRiskBelow: Double = 0.9, behindBelow: Double = 0.7) {
        self.atRiskBelow = atRiskBelow
        self.behindBelow = behindBelow
    }
}

/// The global settings that evaluation and alerting depend on (`[daemon]`, `[pace]`, `[[blackout]]`).
public struct EvaluationPolicy: Sendable, Equatable {
    /// Zone of agreements that name none.
    public var defaultTimeZone: TimeZone
    public var checkInterval: Duration
    public var renotify: Duration
    public var dueSoon: Duration
    public var expiryWarning: Duration
    public var staleAfter: Duration
    public var pace: PaceThresholds
    /// Blackout days of every agreement.
    public var blackouts: [Blackout]

    public init(
        defaultTimeZone: TimeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? .gmt,
        checkInterval: Duration = .seconds(15 * 60),
        renotify: Duration = .seconds(7 * 86_400),
        dueSoon: Duration = .seconds(7 * 86_400),
        expiryWarning: Duration = .seconds(30 * 86_400),
        staleAfter: Duration = .seconds(14 * 86_400),
        pace: PaceThresholds = .init(),
        blackouts: [Blackout] = []
    ) {
        self.defaultTimeZone = defaultTimeZone
        self.checkInterval = checkInterval
        self.renotify = renotify
        self.dueSoon = dueSoon
        self.expiryWarning = expiryWarning
        self.staleAfter = staleAfter
        self.pace = pace
        self.blackouts = blackouts
    }
}

extension Duration {
    /// The duration in (possibly fractional) days, for comparisons with day counts.
    public var days: Double {
        let (seconds, attoseconds) = components
        return (Double(seconds) + Double(attoseconds) / 1e18) / 86_400
    }
}
