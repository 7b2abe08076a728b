import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

/// Translates core and store values to the `io.tally` wire types and back. Handlers call only this.
enum WireMapping {
    // MARK: Agreements

    static func filters(_ f: DeliveryFilter) -> Filters {
        Filters(kinds: f.kinds, languages: f.languages, outlets: f.outlets, tags: f.tags)
    }

    static func summary(_ a: Agreement, state: AgreementState, file: String?) -> AgreementSummary {
        AgreementSummary(
            id: a.id, title: a.title, reference: a.reference, parties: a.parties, start: a.start.description,
            end: a.end.description, timezone: a.timeZone.identifier, state: state.rawValue, quotaCount: a.quotas.count,
            campaignCount: a.campaigns.count, file: file)
    }
}
