import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

/// Translates core and store values to the `io.tally` wire types and back. Handlers call only this.
enum WireMapping {
    // MARK: Status

    static func status(_ evaluations: [(Agreement, AgreementEvaluation)], at: String) -> Status {
        Status(at: at, agreements: evaluations.map { agreementStatus($0.0, $0.1) })
    }

    static func agreementStatus(_ agreement: Agreement, _ e: AgreementEvaluation) -> AgreementStatus {
        let quotas = zip(agreement.quotas, e.quotas).map { quota, q in
            TallyInterface.QuotaStatus(
                id: q.quotaID, title: quota.title ?? quota.id, window: q.window.label,
                windowStart: q.window.start.description, windowEnd: q.window.end.description, target: q.target,
                delivered: q.delivered, expected: WireFormat.round2(q.expected), status: q.status.rawValue, remaining: q.remaining,
                projected: q.projected.map(WireFormat.round2), requiredPerWeek: q.requiredPerWeek.map(WireFormat.round2),
                currentPerWeek: q.currentPerWeek.map(WireFormat.round2), windowDays: q.windowDays, elapsedDays: q.elapsedDays,
                leftDays: q.leftDays, severity: q.severity.rawValue)
        }
        let titles = Dictionary(
            agreement.campaigns.flatMap { c in c.milestones.map { (c.id + "/" + $0.id, $0.title ?? $0.id) } },
            uniquingKeysWith: { a, _ in a })
        let milestones = e.milestones.map { m in
            TallyInterface.MilestoneStatus(
                id: m.id, title: titles[m.id] ?? m.id, due: m.due.description, target: m.target, delivered: m.delivered,
                status: m.status.rawValue, reachedOn: m.reachedOn?.description,
                campaignRunning: m.campaignRunning, severity: m.severity.rawValue)
        }
        return AgreementStatus(
            id: agreement.id, title: agreement.title, state: e.state.rawValue, stale: e.stale,
            start: agreement.start.description, end: agreement.end.description, quotas: quotas, milestones: milestones,
            severity: e.severity.rawValue)
    }


    // MARK: Alerts

    // MARK: Window outcomes

    static func outcome(_ o: RecordedOutcome) -> TallyInterface.WindowOutcome {
        TallyInterface.WindowOutcome(
            quota: o.quota, window: o.window.label, start: o.window.start.description, end: o.window.end.description,
            target: o.target, delivered: o.delivered, outcome: o.outcome.outcome.rawValue, recordedAt: WireFormat.timestamp(o.closedAt))
    }

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
