import TallyCore
import TallyProtocol
// Types of ListAgreements and ShowAgreement.

/// `io.tally.AgreementSummary`: one line per agreement.
public struct AgreementSummary: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var reference: String?
    public var parties: [String]
    public var start: String
    public var end: String
    public var timezone: String
    public var state: String
    public var quotaCount: Int
    public var campaignCount: Int
    /// The agreement's file; nil when archived.
    public var file: String?

    /// An agreement summary.
    public init(
        id: String, title: String, reference: String? = nil, parties: [String] = [], start: String, end: String,
        timezone: String, state: String, quotaCount: Int, campaignCount: Int, file: String? = nil
    ) {
        self.id = id
        self.title = title
        self.reference = reference
        self.parties = parties
        self.start = start
        self.end = end
        self.timezone = timezone
        self.state = state
        self.quotaCount = quotaCount
        self.campaignCount = campaignCount
        self.file = file
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, reference, parties, start, end, timezone, state, file
        case quotaCount = "quota_count", campaignCount = "campaign_count"
    }
}

/// `io.tally.Filters`: what counts for a quota or a campaign; nil filters match anything.
public struct Filters: Codable, Sendable, Hashable {
    public var kinds: [String]?
    public var languages: [String]?
    public var outlets: [String]?
    public var tags: [String]?

    /// Filters with the given values.
    public init(kinds: [String]? = nil, languages: [String]? = nil, outlets: [String]? = nil, tags: [String]? = nil) {
        self.kinds = kinds
        self.languages = languages
        self.outlets = outlets
        self.tags = tags
    }
}

/// `io.tally.QuotaConfig`: a quota as configured.
public struct QuotaConfig: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var target: Int
    /// `total`, `year`, `quarter`, `month` or `week`.
    public var per: String
    public var filters: Filters
    public var atRiskBelow: Double
    public var behindBelow: Double
    public var prorate: Bool

    /// A quota configuration.
    public init(
        id: String, title: String, target: Int, per: String, filters: Filters, atRiskBelow: Double,
        behindBelow: Double, prorate: Bool
    ) {
        self.id = id
        self.title = title
        self.target = target
        self.per = per
        self.filters = filters
        self.atRiskBelow = atRiskBelow
        self.behindBelow = behindBelow
        self.prorate = prorate
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, target, per, filters, prorate
        case atRiskBelow = "at_risk_below", behindBelow = "behind_below"
    }
}

/// `io.tally.MilestoneConfig`: a milestone as configured.
public struct MilestoneConfig: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var due: String
    /// Counted milestones only.
    public var target: Int?
    public var manual: Bool
    /// For a manual milestone marked done: the date given.
    public var doneOn: String?

    /// A milestone configuration.
    public init(id: String, title: String, due: String, target: Int? = nil, manual: Bool, doneOn: String? = nil) {
        self.id = id
        self.title = title
        self.due = due
        self.target = target
        self.manual = manual
        self.doneOn = doneOn
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, due, target, manual
        case doneOn = "done_on"
    }
}

/// `io.tally.CampaignConfig`: a campaign as configured.
public struct CampaignConfig: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var start: String
    public var end: String
    public var filters: Filters
    public var milestones: [MilestoneConfig]

    /// A campaign configuration.
    public init(id: String, title: String, start: String, end: String, filters: Filters, milestones: [MilestoneConfig]) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.filters = filters
        self.milestones = milestones
    }
}

/// `io.tally.Blackout`: days that count for nothing.
public struct Blackout: Codable, Sendable, Hashable {
    public var from: String
    public var to: String
    public var reason: String?
    /// `global` or `agreement`.
    public var scope: String

    /// A blackout, inclusive of both dates.
    public init(from: String, to: String, reason: String? = nil, scope: String) {
        self.from = from
        self.to = to
        self.reason = reason
        self.scope = scope
    }
}

/// `io.tally.WindowOutcome`: a closed window and its recorded outcome.
public struct WindowOutcome: Codable, Sendable, Hashable {
    /// The quota's id.
    public var quota: String
    public var window: String
    public var start: String
    public var end: String
    public var target: Int
    public var delivered: Int
    /// `MET` or `MISSED`.
    public var outcome: String
    public var recordedAt: String?

    /// A window outcome.
    public init(
        quota: String, window: String, start: String, end: String, target: Int, delivered: Int, outcome: String,
        recordedAt: String? = nil
    ) {
        self.quota = quota
        self.window = window
        self.start = start
        self.end = end
        self.target = target
        self.delivered = delivered
        self.outcome = outcome
        self.recordedAt = recordedAt
    }

    private enum CodingKeys: String, CodingKey {
        case quota, window, start, end, target, delivered, outcome
        case recordedAt = "recorded_at"
    }
}

/// `io.tally.AgreementDetail`: everything about one agreement.
public struct AgreementDetail: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var reference: String?
    public var parties: [String]
    public var start: String
    public var end: String
    public var timezone: String
    public var state: String
    public var file: String?
    public var quotas: [QuotaConfig]
    public var campaigns: [CampaignConfig]
    public var blackouts: [Blackout]
    public var status: AgreementEvaluation
    public var pastWindows: [WindowOutcome]

    /// An agreement's detail.
    public init(
        id: String, title: String, reference: String? = nil, parties: [String], start: String, end: String,
        timezone: String, state: String, file: String? = nil, quotas: [QuotaConfig], campaigns: [CampaignConfig],
        blackouts: [Blackout], status: AgreementEvaluation, pastWindows: [WindowOutcome]
    ) {
        self.id = id
        self.title = title
        self.reference = reference
        self.parties = parties
        self.start = start
        self.end = end
        self.timezone = timezone
        self.state = state
        self.file = file
        self.quotas = quotas
        self.campaigns = campaigns
        self.blackouts = blackouts
        self.status = status
        self.pastWindows = pastWindows
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, reference, parties, start, end, timezone, state, file, quotas, campaigns, blackouts, status
        case pastWindows = "past_windows"
    }
}

/// Reply of `io.tally.ListAgreements`.
public struct ListAgreementsReply: Codable, Sendable, Hashable {
    public var agreements: [AgreementSummary]
    /// A reply listing `agreements`.
    public init(agreements: [AgreementSummary]) { self.agreements = agreements }
}

/// Parameters of `io.tally.ShowAgreement`.
public struct ShowAgreementParameters: Codable, Sendable, Hashable {
    public var agreement: String
    /// Parameters naming `agreement`.
    public init(agreement: String) { self.agreement = agreement }
}

/// Reply of `io.tally.ShowAgreement`.
public struct ShowAgreementReply: Codable, Sendable, Hashable {
    public var agreement: AgreementDetail
    /// A reply carrying `agreement`.
    public init(agreement: AgreementDetail) { self.agreement = agreement }
}
