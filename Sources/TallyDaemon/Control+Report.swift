import Foundation
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

extension Control {
    /// The compliance reports of a period (SPEC §7): per agreement the store's lists of voided items, items
    /// published in the period and alerts raised in it, handed with the period's figures to the core. Read-only.
    func reportData(_ p: GetReportDataParameters) async throws(VarlinkError) -> GetReportDataReply {
        let snapshot = await state.snapshot
        let policy = snapshot.configuration.policy
        let now = clock.now()
        let moment = try Self.moment(p.at, parameter: "at", zone: policy.defaultTimeZone) ?? .instant(now)
        let period: ReportPeriod
        do {
            period = try ReportPeriod.parse(p.period, today: moment.date(in: policy.defaultTimeZone))
        } catch {
            throw VarlinkError.invalidArgument("period", reason: error.description)
        }
        var chosen: [(Agreement, Bool)] = []
        if let ids = p.agreements, !ids.isEmpty {
            for id in ids {
                guard let found = snapshot.agreement(id) else { throw VarlinkError.noSuchAgreement(id) }
                chosen.append(found)
            }
        } else {
            chosen = snapshot.agreements.filter { PeriodReport.agreement($0.agreement, meets: period) }
        }
        let (reports, items) = try storing {
            let reports = try store.read { counts in
                try chosen.map { agreement, archived in
                    try PeriodReport.build(agreement, period: period, today: moment.date(in: agreement.timeZone),
                                           policy: policy, counts: counts, archived: archived)
                }
            }
            var items: [String: ReportItems] = [:]
            for (agreement, _) in chosen {
                let inPeriod = try allDeliveries(agreement.id, since: period.start, until: period.end)
                let from = period.start.startInstant(in: agreement.timeZone)
                let through = period.end.endInstant(in: agreement.timeZone)
                let alerts = try store.alerts(agreement: agreement.id, since: from, limit: 10_000)
                    .filter { $0.alert.at <= through }
                items[agreement.id] = ReportItems(
                    voided: inPeriod.filter { $0.void != nil },
                    published: inPeriod.filter { $0.void == nil },
                    alerts: alerts)
            }
            return (reports, items)
        }
        let agreements = zip(chosen.map(\.0), reports).map { agreement, figures in
            ComplianceReport(figures, agreement: agreement, items: items[agreement.id] ?? ReportItems())
        }
        return GetReportDataReply(report: ComplianceReportSet(
            period: period, generatedAt: PublicationTime(now, in: policy.defaultTimeZone), agreements: agreements))
    }

    /// Every delivery of one agreement published in a date range, voided ones included, page by page.
    private func allDeliveries(_ agreement: String, since: CivilDate, until: CivilDate) throws -> [DeliveryRecord] {
        var all: [DeliveryRecord] = []
        var after: Int64?
        while true {
            let page = try store.deliveries(agreements: [agreement], since: since, until: until, includeVoid: true,
                                            limit: 10_000, after: after)
            all += page
            guard page.count == 10_000, let last = page.last else { return all }
            after = last.id
        }
    }

    /// An evaluation moment from a parameter: a date means the end of that day, a date-time that instant
    /// (in `zone` when it has no offset).
    static func moment(_ text: String?, parameter: String, zone: TimeZone) throws(VarlinkError) -> EvaluationMoment? {
        guard let text else { return nil }
        guard let time = PublicationTime(parsing: text) else {
            throw VarlinkError.invalidArgument(parameter, reason: "\"\(text)\" is not a date such as 2024-02-29 or a date-time such as 2024-02-29T10:00+07:00")
        }
        guard time.secondOfDay != nil else { return .endOfDay(time.writtenDate) }
        return .instant(time.instant(in: zone))
    }
}
