import Foundation
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

/// `io.tally.Filters`: the core's delivery filter on the wire, its values as normalised; an absent filter matches
/// anything.
extension DeliveryFilter: Codable {
    private enum CodingKeys: String, CodingKey {
        case kinds, languages, outlets, tags
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kinds: try c.decodeIfPresent([String].self, forKey: .kinds),
            languages: try c.decodeIfPresent([String].self, forKey: .languages),
            outlets: try c.decodeIfPresent([String].self, forKey: .outlets), tags: try c.decodeIfPresent([String].self, forKey: .tags))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(kinds, forKey: .kinds)
        try c.encodeIfPresent(languages, forKey: .languages)
        try c.encodeIfPresent(outlets, forKey: .outlets)
        try c.encodeIfPresent(tags, forKey: .tags)
    }
}

/// `io.tally.QuotaConfig`: the core's quota on the wire, with its thresholds resolved (``Quota/resolved(_:)``:
/// tallyd sends what is in force, the global `[pace]` where the quota sets none), its title or id, and its carry-over
/// only when it has one (so a quota without writes the keys it always did).
extension Quota: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, title, target, per, filters, prorate, carry
        case atRiskBelow = "at_risk_below", behindBelow = "behind_below"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
            target: try c.decode(Int.self, forKey: .target), per: try c.decodeWord(forKey: .per),
            filter: try c.decode(DeliveryFilter.self, forKey: .filters),
            atRiskBelow: try c.decode(Double.self, forKey: .atRiskBelow),
            behindBelow: try c.decode(Double.self, forKey: .behindBelow), prorate: try c.decode(Bool.self, forKey: .prorate),
            carry: try c.decodeWordIfPresent(forKey: .carry) ?? .none)
    }

    public func encode(to encoder: any Encoder) throws {
        guard let atRiskBelow, let behindBelow else {
            throw EncodingError.invalidValue(
                self, .init(codingPath: encoder.codingPath, debugDescription: "a quota goes on the wire with its thresholds resolved"))
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title ?? id, forKey: .title)
        try c.encode(target, forKey: .target)
        try c.encode(per.rawValue, forKey: .per)
        try c.encode(filter, forKey: .filters)
        try c.encode(atRiskBelow, forKey: .atRiskBelow)
        try c.encode(behindBelow, forKey: .behindBelow)
        try c.encode(prorate, forKey: .prorate)
        if carry != .none { try c.encode(carry.rawValue, forKey: .carry) }
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
    public var filters: DeliveryFilter
    public var milestones: [MilestoneConfig]

    /// A campaign configuration.
    public init(id: String, title: String, start: String, end: String, filters: DeliveryFilter, milestones: [MilestoneConfig]) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.filters = filters
        self.milestones = milestones
    }
}

/// `io.tally.Blackout`: the core's blackout on the wire, with where it is configured.
extension Blackout: Codable {
    private enum CodingKeys: String, CodingKey {
        case from, to, reason, scope
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            from: try c.decodeDate(forKey: .from), to: try c.decodeDate(forKey: .to),
            reason: try c.decodeIfPresent(String.self, forKey: .reason), scope: try c.decodeWord(forKey: .scope))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from.description, forKey: .from)
        try c.encode(to.description, forKey: .to)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encode(scope.rawValue, forKey: .scope)
    }
}

/// `io.tally.WindowOutcome`: the core's recorded outcome of a closed window on the wire, times in UTC.
extension RecordedOutcome: Codable {
    private enum CodingKeys: String, CodingKey {
        case agreement, quota, window, start, end, target, delivered, outcome
        case recordedAt = "recorded_at", updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let start = try c.decodeDate(forKey: .start), end = try c.decodeDate(forKey: .end)
        let status: QuotaStatus = try c.decodeWord(forKey: .outcome)
        guard status.isOutcome else {
            throw DecodingError.dataCorruptedError(forKey: .outcome, in: c, debugDescription: "an outcome is MET or MISSED")
        }
        let closedAt = try c.decodeInstant(forKey: .recordedAt)
        self.init(
            WindowOutcome(
                agreement: try c.decode(String.self, forKey: .agreement), quota: try c.decode(String.self, forKey: .quota),
                window: QuotaWindow(label: try c.decode(String.self, forKey: .window), start: start, end: end,
                                    fullStart: start, fullEnd: end),
                target: try c.decode(Int.self, forKey: .target), delivered: try c.decode(Int.self, forKey: .delivered),
                outcome: status),
            closedAt: closedAt,
            updatedAt: try c.contains(.updatedAt) ? c.decodeInstant(forKey: .updatedAt) : closedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(outcome.agreement, forKey: .agreement)
        try c.encode(outcome.quota, forKey: .quota)
        try c.encode(outcome.window.label, forKey: .window)
        try c.encode(outcome.window.start.description, forKey: .start)
        try c.encode(outcome.window.end.description, forKey: .end)
        try c.encode(outcome.target, forKey: .target)
        try c.encode(outcome.delivered, forKey: .delivered)
        try c.encode(outcome.outcome.rawValue, forKey: .outcome)
        try c.encode(WireFormat.timestamp(closedAt), forKey: .recordedAt)
        try c.encode(WireFormat.timestamp(updatedAt), forKey: .updatedAt)
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
    public var quotas: [Quota]
    public var campaigns: [CampaignConfig]
    public var blackouts: [Blackout]
    public var status: AgreementEvaluation
    public var pastWindows: [RecordedOutcome]
    /// The amendments in `effective` order with what each does to the quotas (SPEC §9); nil when there are none.
    public var amendments: [AmendmentDetail]?

    /// An agreement's detail.
    public init(
        id: String, title: String, reference: String? = nil, parties: [String], start: String, end: String,
        timezone: String, state: String, file: String? = nil, quotas: [Quota], campaigns: [CampaignConfig],
        blackouts: [Blackout], status: AgreementEvaluation, pastWindows: [RecordedOutcome], amendments: [AmendmentDetail] = []
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
        self.amendments = amendments.isEmpty ? nil : amendments
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, reference, parties, start, end, timezone, state, file, quotas, campaigns, blackouts, status, amendments
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

// The configuration views of `ListAgreements` and `ShowAgreement`, mapped from the core's agreement in one place.

extension AgreementSummary {
    /// One line for `agreement` in `state`, configured in `file`.
    public init(_ agreement: Agreement, state: AgreementState, file: String?) {
        self.init(
            id: agreement.id, title: agreement.title, reference: agreement.reference, parties: agreement.parties,
            start: agreement.start.description, end: agreement.end.description, timezone: agreement.timeZone.identifier,
            state: state.rawValue, quotaCount: agreement.quotas.count, campaignCount: agreement.campaigns.count, file: file)
    }
}

extension CampaignConfig {
    /// `campaign` as configured, with the days its manual milestones were marked done (by `campaign/milestone`).
    public init(_ campaign: Campaign, completions: [String: CivilDate]) {
        self.init(
            id: campaign.id, title: campaign.title ?? campaign.id, start: campaign.start.description,
            end: campaign.end.description, filters: campaign.filter,
            milestones: campaign.milestones.map { milestone in
                var target: Int?
                if case .counted(let goal) = milestone.completion { target = goal }
                return MilestoneConfig(
                    id: milestone.id, title: milestone.title ?? milestone.id, due: milestone.due.description, target: target,
                    manual: milestone.completion == .manual, doneOn: completions[campaign.id + "/" + milestone.id]?.description)
            })
    }
}
