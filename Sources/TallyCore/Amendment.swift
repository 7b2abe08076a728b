import Foundation

/// A dated amendment of an agreement (phụ lục hợp đồng, SPEC §9): new terms from `effective` on, written
/// beside the original terms so that every window keeps the terms that were in force.
public struct Amendment: Sendable, Hashable, Identifiable {
    /// `[a-z0-9-]+`, unique within the agreement.
    public var id: String
    public var title: String
    /// When it was signed, for the record; after `effective` makes it retroactive.
    public var signed: CivilDate?
    /// The first day its terms are in force.
    public var effective: CivilDate
    /// The agreement's new last day (an extension or an early end).
    public var end: CivilDate?
    /// The new contract value (SPEC §12).
    public var value: Money?
    public var quotas: [QuotaAmendment]
    public var campaigns: [CampaignAmendment]
    public var milestones: [MilestoneAmendment]

    public init(
        id: String, title: String, signed: CivilDate? = nil, effective: CivilDate, end: CivilDate? = nil, value: Money? = nil,
        quotas: [QuotaAmendment] = [], campaigns: [CampaignAmendment] = [], milestones: [MilestoneAmendment] = []
    ) {
        self.id = id
        self.title = title
        self.signed = signed
        self.effective = effective
        self.end = end
        self.value = value
        self.quotas = quotas
        self.campaigns = campaigns
        self.milestones = milestones
    }

    /// Signed after the day it takes effect: closed windows are re-evaluated under it.
    public var isRetroactive: Bool {
        signed.map { $0 > effective } ?? false
    }
}

/// What an amendment does to one quota.
public struct QuotaAmendment: Sendable, Hashable {
    /// The change.
    public enum Change: Sendable, Hashable {
        /// New values for some of an existing quota's terms.
        case amend(QuotaChanges)
        /// The quota ends the day before the amendment takes effect.
        case remove
        /// A new quota, from the amendment's `effective` on.
        case add(Quota)
    }

    public var id: String
    public var change: Change

    public init(id: String, change: Change) {
        self.id = id
        self.change = change
    }
}

/// The terms of a quota an amendment may change; nil leaves a term as it was. `per`, `prorate` and `carry`
/// cannot change (remove the quota and add another instead).
public struct QuotaChanges: Sendable, Hashable {
    public var target: Int?
    public var kinds: [String]?
    public var languages: [String]?
    public var outlets: [String]?
    public var tags: [String]?
    public var atRiskBelow: Double?
    public var behindBelow: Double?
    /// The price of items published from the amendment's `effective` on (SPEC §12).
    public var price: Money?

    public init(
        target: Int? = nil, kinds: [String]? = nil, languages: [String]? = nil, outlets: [String]? = nil,
        tags: [String]? = nil, atRiskBelow: Double? = nil, behindBelow: Double? = nil, price: Money? = nil
    ) {
        self.target = target
        self.kinds = kinds
        self.languages = languages
        self.outlets = outlets
        self.tags = tags
        self.atRiskBelow = atRiskBelow
        self.behindBelow = behindBelow
        self.price = price
    }

    /// `quota` with these changes made.
    public func applied(to quota: Quota) -> Quota {
        var quota = quota
        if let target { quota.target = target }
        if kinds != nil || languages != nil || outlets != nil || tags != nil {
            quota.filter = DeliveryFilter(
                kinds: kinds ?? quota.filter.kinds, languages: languages ?? quota.filter.languages,
                outlets: outlets ?? quota.filter.outlets, tags: tags ?? quota.filter.tags)
        }
        if let atRiskBelow { quota.atRiskBelow = atRiskBelow }
        if let behindBelow { quota.behindBelow = behindBelow }
        if let price { quota.price = price }
        return quota
    }
}

/// What an amendment does to a campaign.
public enum CampaignAmendment: Sendable, Hashable {
    /// A new campaign.
    case add(Campaign)
    /// An existing campaign's new last day.
    case end(campaign: String, CivilDate)
}

/// An amendment's new `due` and/or `target` of a milestone.
public struct MilestoneAmendment: Sendable, Hashable {
    public var campaign: String
    public var milestone: String
    public var due: CivilDate?
    /// A counted milestone's new target.
    public var target: Int?

    public init(campaign: String, milestone: String, due: CivilDate? = nil, target: Int? = nil) {
        self.campaign = campaign
        self.milestone = milestone
        self.due = due
        self.target = target
    }
}

/// Whether a window's shortfall or excess moves into the next window's target (SPEC §9).
public enum Carry: String, Sendable, CaseIterable {
    case none, deficit, surplus, both

    /// What the previous window moves into the next: its shortfall (`deficit`), minus its excess (`surplus`).
    public func carried(target: Int, delivered: Int) -> Int {
        switch self {
        case .none: 0
        case .deficit: max(0, target - delivered)
        case .surplus: -max(0, delivered - target)
        case .both: target - delivered
        }
    }
}
