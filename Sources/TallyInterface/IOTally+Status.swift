import TallyProtocol
// Types of GetInfo, GetStatus and Check (SPEC §6 `status --json`).

/// `io.tally.DaemonInfo`: the daemon, its files, and how much it holds.
public struct DaemonInfo: Codable, Sendable, Hashable {
    public var version: String
    public var configPath: String
    public var databasePath: String
    /// When the daemon started (RFC 3339).
    public var startedAt: String
    public var agreements: Int
    public var deliveries: Int
    public var lastCheckAt: String?
    public var nextCheckAt: String?
    /// How long the last full evaluation pass took, in milliseconds (added later: optional).
    public var lastCheckDurationMs: Double?

    /// Daemon information.
    public init(
        version: String, configPath: String, databasePath: String, startedAt: String, agreements: Int,
        deliveries: Int, lastCheckAt: String? = nil, nextCheckAt: String? = nil, lastCheckDurationMs: Double? = nil
    ) {
        self.version = version
        self.configPath = configPath
        self.databasePath = databasePath
        self.startedAt = startedAt
        self.agreements = agreements
        self.deliveries = deliveries
        self.lastCheckAt = lastCheckAt
        self.nextCheckAt = nextCheckAt
        self.lastCheckDurationMs = lastCheckDurationMs
    }

    private enum CodingKeys: String, CodingKey {
        case version, agreements, deliveries
        case configPath = "config_path", databasePath = "database_path", startedAt = "started_at"
        case lastCheckAt = "last_check_at", nextCheckAt = "next_check_at"
        case lastCheckDurationMs = "last_check_duration_ms"
    }
}

/// `io.tally.QuotaStatus`: a quota's window at the evaluation time.
///
/// `projected`, `required_per_week` and `current_per_week` are always written, as `null` when their
/// divisor is 0 (SPEC §3, §6).
public struct QuotaStatus: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    /// `2024`, `2024-Q2`, `2024-05`, `2025-W01` or `total`.
    public var window: String
    public var windowStart: String
    public var windowEnd: String
    public var target: Int
    public var delivered: Int
    public var expected: Double
    /// `ON_TRACK`, `AT_RISK`, `BEHIND`, `MET` or `MISSED`.
    public var status: String
    public var remaining: Int
    public var projected: Double?
    public var requiredPerWeek: Double?
    public var currentPerWeek: Double?
    public var windowDays: Int
    public var elapsedDays: Int
    public var leftDays: Int
    /// OK, WARNING or CRITICAL: how much the window needs attention now (SPEC §6; computed by tallyd's core).
    public var severity: String?

    /// A quota status.
    public init(
        id: String, title: String, window: String, windowStart: String, windowEnd: String, target: Int,
        delivered: Int, expected: Double, status: String, remaining: Int, projected: Double?,
        requiredPerWeek: Double?, currentPerWeek: Double?, windowDays: Int, elapsedDays: Int, leftDays: Int,
        severity: String? = nil
    ) {
        self.id = id
        self.title = title
        self.window = window
        self.windowStart = windowStart
        self.windowEnd = windowEnd
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
        self.severity = severity
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, window, target, delivered, expected, status, remaining, projected, severity
        case windowStart = "window_start", windowEnd = "window_end"
        case requiredPerWeek = "required_per_week", currentPerWeek = "current_per_week"
        case windowDays = "window_days", elapsedDays = "elapsed_days", leftDays = "left_days"
    }

    /// Encodes every key, with explicit nulls for the undefined rates.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(window, forKey: .window)
        try container.encode(windowStart, forKey: .windowStart)
        try container.encode(windowEnd, forKey: .windowEnd)
        try container.encode(target, forKey: .target)
        try container.encode(delivered, forKey: .delivered)
        try container.encode(expected, forKey: .expected)
        try container.encode(status, forKey: .status)
        try container.encode(remaining, forKey: .remaining)
        try container.encode(projected, forKey: .projected)
        try container.encode(requiredPerWeek, forKey: .requiredPerWeek)
        try container.encode(currentPerWeek, forKey: .currentPerWeek)
        try container.encode(windowDays, forKey: .windowDays)
        try container.encode(elapsedDays, forKey: .elapsedDays)
        try container.encode(leftDays, forKey: .leftDays)
        try container.encodeIfPresent(severity, forKey: .severity)
    }
}

/// `io.tally.MilestoneStatus`: a milestone at the evaluation time.
public struct MilestoneStatus: Codable, Sendable, Hashable {
    /// `campaign/milestone`.
    public var id: String
    public var title: String
    public var due: String
    /// Counted milestones only.
    public var target: Int?
    /// Counted milestones only.
    public var delivered: Int?
    /// `DONE`, `LATE`, `MISSED`, `DUE_SOON` or `PENDING`.
    public var status: String
    public var reachedOn: String?
    /// Whether the campaign still runs at the evaluation date; absent from older daemons.
    public var campaignRunning: Bool?
    /// OK, WARNING or CRITICAL (SPEC §6; computed by tallyd's core).
    public var severity: String?

    /// A milestone status.
    public init(
        id: String, title: String, due: String, target: Int? = nil, delivered: Int? = nil, status: String,
        reachedOn: String? = nil, campaignRunning: Bool? = nil, severity: String? = nil
    ) {
        self.id = id
        self.title = title
        self.due = due
        self.target = target
        self.delivered = delivered
        self.status = status
        self.reachedOn = reachedOn
        self.campaignRunning = campaignRunning
        self.severity = severity
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, due, target, delivered, status, severity
        case reachedOn = "reached_on", campaignRunning = "campaign_running"
    }

    /// Every milestone carries every key of SPEC §6: `target`, `delivered` and `reached_on` are written as
    /// null when they do not apply (manual or not yet reached), so clients can print the reply as it is.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(due, forKey: .due)
        try container.encode(target, forKey: .target)
        try container.encode(delivered, forKey: .delivered)
        try container.encode(status, forKey: .status)
        try container.encode(reachedOn, forKey: .reachedOn)
        try container.encodeIfPresent(campaignRunning, forKey: .campaignRunning)
        try container.encodeIfPresent(severity, forKey: .severity)
    }
}

/// `io.tally.AgreementStatus`: an agreement at the evaluation time.
public struct AgreementStatus: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    /// `NOT_STARTED`, `ACTIVE`, `EXPIRING`, `ENDED` or `ARCHIVED`.
    public var state: String
    public var stale: Bool
    public var start: String
    public var end: String
    public var quotas: [QuotaStatus]
    public var milestones: [MilestoneStatus]
    /// OK, WARNING or CRITICAL: the worst that counts for monitoring (SPEC §6; computed by tallyd's core).
    public var severity: String?

    /// An agreement status.
    public init(
        id: String, title: String, state: String, stale: Bool, start: String, end: String,
        quotas: [QuotaStatus], milestones: [MilestoneStatus], severity: String? = nil
    ) {
        self.id = id
        self.title = title
        self.state = state
        self.stale = stale
        self.start = start
        self.end = end
        self.quotas = quotas
        self.milestones = milestones
        self.severity = severity
    }
}

/// The reply of GetStatus and Check, and the document `status --json` prints.
public struct Status: Codable, Sendable, Hashable {
    /// The evaluation time (RFC 3339).
    public var at: String
    public var agreements: [AgreementStatus]

    /// A status at `at`.
    public init(at: String, agreements: [AgreementStatus]) {
        self.at = at
        self.agreements = agreements
    }
}

/// Reply of `io.tally.GetInfo`.
public struct GetInfoReply: Codable, Sendable, Hashable {
    public var info: DaemonInfo
    /// A reply carrying `info`.
    public init(info: DaemonInfo) { self.info = info }
}

/// Parameters of `io.tally.GetStatus`.
public struct GetStatusParameters: Codable, Sendable, Hashable {
    /// Agreement ids; nil means all.
    public var agreements: [String]?
    /// Parameters selecting `agreements`.
    public init(agreements: [String]? = nil) { self.agreements = agreements }
}

/// Parameters of `io.tally.Check`.
public struct CheckParameters: Codable, Sendable, Hashable {
    /// A date or date-time for a what-if; nil evaluates now, with transitions and alerts.
    public var at: String?
    /// Agreement ids; nil means all.
    public var agreements: [String]?
    /// Parameters for a check.
    public init(at: String? = nil, agreements: [String]? = nil) {
        self.at = at
        self.agreements = agreements
    }
}
