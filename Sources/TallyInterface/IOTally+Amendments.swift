import Foundation
import TallyCore
import TallyProtocol
// ShowAgreement's amendments with what they do to each quota (SPEC §9). The status says less of an amendment:
// `io.tally.Amendment`, the core's Amendment mapped in IOTally+Status.swift.

/// `io.tally.AmendmentDetail`: an amendment and what it does to each quota, as `show` lists it; its campaign and
/// milestone changes and its contract value are not on the wire.
public struct AmendmentDetail: Codable, Sendable, Hashable {
    /// The amendment.
    public var amendment: Amendment

    /// `amendment` in detail.
    public init(_ amendment: Amendment) {
        self.amendment = amendment
    }

    private enum CodingKeys: String, CodingKey {
        case effective, end, id, quotas, signed, title
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        amendment = Amendment(
            id: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
            signed: try c.decodeDateIfPresent(forKey: .signed), effective: try c.decodeDate(forKey: .effective),
            end: try c.decodeDateIfPresent(forKey: .end), quotas: try c.decode([QuotaAmendment].self, forKey: .quotas))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amendment.effective.description, forKey: .effective)
        try c.encodeOrNull(amendment.end?.description, forKey: .end)
        try c.encode(amendment.id, forKey: .id)
        try c.encode(amendment.quotas, forKey: .quotas)
        try c.encodeOrNull(amendment.signed?.description, forKey: .signed)
        try c.encode(amendment.title, forKey: .title)
    }
}

/// `io.tally.QuotaChange`: the core's change of one quota by an amendment. `amend` carries the terms it changes
/// (a filter given replaces that filter), `add` the new quota's terms as written (thresholds only when it sets
/// them), `remove` nothing more.
extension QuotaAmendment: Codable {
    private enum CodingKeys: String, CodingKey {
        case atRiskBelow = "at_risk_below", behindBelow = "behind_below"
        case carry, change, filters, id, per, prorate, target, title
    }

    /// The words of `change`.
    private enum Word: String {
        case amend, add, remove
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decode(String.self, forKey: .id)
        let filters = try c.decodeIfPresent(DeliveryFilter.self, forKey: .filters)
        let atRiskBelow = try c.decodeIfPresent(Double.self, forKey: .atRiskBelow)
        let behindBelow = try c.decodeIfPresent(Double.self, forKey: .behindBelow)
        switch try c.decodeWord(forKey: .change) as Word {
        case .amend:
            self.init(id: id, change: .amend(QuotaChanges(
                target: try c.decodeIfPresent(Int.self, forKey: .target), kinds: filters?.kinds, languages: filters?.languages,
                outlets: filters?.outlets, tags: filters?.tags, atRiskBelow: atRiskBelow, behindBelow: behindBelow)))
        case .add:
            self.init(id: id, change: .add(Quota(
                id: id, title: try c.decodeIfPresent(String.self, forKey: .title), target: try c.decode(Int.self, forKey: .target),
                per: try c.decodeWord(forKey: .per), filter: filters ?? DeliveryFilter(), atRiskBelow: atRiskBelow,
                behindBelow: behindBelow, prorate: try c.decodeIfPresent(Bool.self, forKey: .prorate) ?? true,
                carry: try c.decodeWordIfPresent(forKey: .carry) ?? .none)))
        case .remove:
            self.init(id: id, change: .remove)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch change {
        case .amend(let changes):
            try c.encodeIfPresent(changes.atRiskBelow, forKey: .atRiskBelow)
            try c.encodeIfPresent(changes.behindBelow, forKey: .behindBelow)
            try c.encode(Word.amend.rawValue, forKey: .change)
            let filters = DeliveryFilter(kinds: changes.kinds, languages: changes.languages, outlets: changes.outlets, tags: changes.tags)
            if filters != DeliveryFilter() { try c.encode(filters, forKey: .filters) }
            try c.encode(id, forKey: .id)
            try c.encodeIfPresent(changes.target, forKey: .target)
        case .add(let quota):
            try c.encodeIfPresent(quota.atRiskBelow, forKey: .atRiskBelow)
            try c.encodeIfPresent(quota.behindBelow, forKey: .behindBelow)
            try c.encode(quota.carry.rawValue, forKey: .carry)
            try c.encode(Word.add.rawValue, forKey: .change)
            try c.encode(quota.filter, forKey: .filters)
            try c.encode(id, forKey: .id)
            try c.encode(quota.per.rawValue, forKey: .per)
            try c.encode(quota.prorate, forKey: .prorate)
            try c.encode(quota.target, forKey: .target)
            try c.encode(quota.title ?? id, forKey: .title)
        case .remove:
            try c.encode(Word.remove.rawValue, forKey: .change)
            try c.encode(id, forKey: .id)
        }
    }
}
