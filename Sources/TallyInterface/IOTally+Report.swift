import Foundation
import TallyCore
import TallyProtocol
// Types of GetReportData (SPEC §7): everything the report renderers need, computed by the daemon.

extension IOTally {
    /// The compliance report data for a period (read-only).
    public static let getReportData = VarlinkMethod<GetReportDataParameters, GetReportDataReply>("io.tally.GetReportData")
}

/// Parameters of `io.tally.GetReportData`.
public struct GetReportDataParameters: Codable, Sendable, Hashable {
    /// Agreement ids; nil means every agreement whose dates meet the period.
    public var agreements: [String]?
    /// `2024`, `2024-Q2`, `2024-05`, `2024-W19`, `previous-month`, `previous-quarter`, `previous-year` or
    /// `FROM..TO`; nil is the current quarter to date.
    public var period: String?
    /// "Now" for the report (a date or date-time); nil is the daemon's clock.
    public var at: String?

    /// Parameters for a report.
    public init(agreements: [String]? = nil, period: String? = nil, at: String? = nil) {
        self.agreements = agreements
        self.period = period
        self.at = at
    }
}

/// Reply of `io.tally.GetReportData`.
public struct GetReportDataReply: Codable, Sendable, Hashable {
    public var report: ComplianceReportSet
    /// A reply carrying `report`.
    public init(report: ComplianceReportSet) { self.report = report }
}

/// `io.tally.ReportData`: the core's report set on the wire, the period spelled out.
extension ComplianceReportSet: Codable {
    private enum CodingKeys: String, CodingKey {
        case period, agreements
        case periodKind = "period_kind", periodStart = "period_start", periodEnd = "period_end", toDate = "to_date"
        case generatedAt = "generated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var period = try c.decodePeriod(label: .period, kind: .periodKind, start: .periodStart, end: .periodEnd)
        period.toDate = try c.decode(Bool.self, forKey: .toDate)
        let generated = try c.decode(String.self, forKey: .generatedAt)
        guard let generatedAt = PublicationTime(parsing: generated), generatedAt.secondOfDay != nil else {
            throw DecodingError.dataCorruptedError(forKey: .generatedAt, in: c,
                                                   debugDescription: "\(generated) is not an RFC 3339 time")
        }
        self.init(period: period, generatedAt: generatedAt,
                  agreements: try c.decode([ComplianceReport].self, forKey: .agreements))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodePeriod(period, label: .period, kind: .periodKind, start: .periodStart, end: .periodEnd)
        try c.encode(period.toDate, forKey: .toDate)
        try c.encode(generatedAt.description, forKey: .generatedAt)
        try c.encode(agreements, forKey: .agreements)
    }
}

/// `io.tally.ReportAgreement`: one agreement's report on the wire; absent optionals are left out, and so are
/// the amendments and `report_to` when there are none. An amendment is written as the status writes it (`io.tally.Amendment`).
extension ComplianceReport: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, title, reference, parties, start, end, timezone, state, quotas, milestones, blackouts, voided, alerts
        case amendments
        case asOf = "as_of", coveredStart = "covered_start", coveredEnd = "covered_end", lateRecorded = "late_recorded"
        case originalEnd = "original_end", reportTo = "report_to"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let zone = try c.decode(String.self, forKey: .timezone)
        guard let timeZone = TimeZone(identifier: zone) else {
            throw DecodingError.dataCorruptedError(forKey: .timezone, in: c, debugDescription: "\(zone) is not a time zone")
        }
        self.init(
            agreementID: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
            reference: try c.decodeIfPresent(String.self, forKey: .reference),
            parties: try c.decode([String].self, forKey: .parties), start: try c.decodeDate(forKey: .start),
            end: try c.decodeDate(forKey: .end), timeZone: timeZone, state: try c.decodeWord(forKey: .state),
            asOf: try c.decodeDate(forKey: .asOf), coveredStart: try c.decodeDateIfPresent(forKey: .coveredStart),
            coveredEnd: try c.decodeDateIfPresent(forKey: .coveredEnd),
            quotas: try c.decode([QuotaResult].self, forKey: .quotas),
            milestones: try c.decode([MilestoneResult].self, forKey: .milestones),
            blackouts: try c.decode([Blackout].self, forKey: .blackouts),
            voided: try c.decode([DeliveryRecord].self, forKey: .voided),
            lateRecorded: try c.decode([LateRecording].self, forKey: .lateRecorded),
            alerts: try c.decode([AlertRecord].self, forKey: .alerts),
            originalEnd: try c.decodeDateIfPresent(forKey: .originalEnd),
            amendments: try c.decodeIfPresent([Amendment].self, forKey: .amendments) ?? [],
            reportTo: try c.decodeIfPresent([String].self, forKey: .reportTo) ?? [])
    }

    // Keys in sorted order, as they go on the wire: each member is written as it comes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(alerts, forKey: .alerts)
        if !amendments.isEmpty { try c.encode(amendments, forKey: .amendments) }
        try c.encode(asOf.description, forKey: .asOf)
        try c.encode(blackouts, forKey: .blackouts)
        try c.encodeIfPresent(coveredEnd?.description, forKey: .coveredEnd)
        try c.encodeIfPresent(coveredStart?.description, forKey: .coveredStart)
        try c.encode(end.description, forKey: .end)
        try c.encode(agreementID, forKey: .id)
        try c.encode(lateRecorded, forKey: .lateRecorded)
        try c.encode(milestones, forKey: .milestones)
        try c.encodeIfPresent(originalEnd?.description, forKey: .originalEnd)
        try c.encode(parties, forKey: .parties)
        try c.encode(quotas, forKey: .quotas)
        try c.encodeIfPresent(reference, forKey: .reference)
        if !reportTo.isEmpty { try c.encode(reportTo, forKey: .reportTo) }
        try c.encode(start.description, forKey: .start)
        try c.encode(state.rawValue, forKey: .state)
        try c.encode(timeZone.identifier, forKey: .timezone)
        try c.encode(title, forKey: .title)
        try c.encode(voided, forKey: .voided)
    }
}

/// `io.tally.ReportQuota`: a quota's result on the wire, fractions to two decimals.
extension ComplianceReport.QuotaResult: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, title, per, delivered, completion, status, windows, days
        case periodTarget = "period_target", statusWindow = "status_window", windowTarget = "window_target"
        case windowDelivered = "window_delivered", windowExpected = "window_expected"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            quotaID: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
            per: try c.decodeWord(forKey: .per), periodTarget: try c.decode(Double.self, forKey: .periodTarget),
            delivered: try c.decode(Int.self, forKey: .delivered),
            completionPercent: try c.decodeIfPresent(Double.self, forKey: .completion),
            status: try c.decodeWord(forKey: .status), statusWindow: try c.decode(String.self, forKey: .statusWindow),
            windowTarget: try c.decode(Int.self, forKey: .windowTarget),
            windowDelivered: try c.decode(Int.self, forKey: .windowDelivered),
            windowExpected: try c.decode(Double.self, forKey: .windowExpected),
            windows: try c.decode([WindowReport].self, forKey: .windows),
            days: try c.decode([ReportDay].self, forKey: .days))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(quotaID, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(per.rawValue, forKey: .per)
        try c.encode(WireFormat.round2(periodTarget), forKey: .periodTarget)
        try c.encode(delivered, forKey: .delivered)
        try c.encodeIfPresent(completionPercent.map(WireFormat.round2), forKey: .completion)
        try c.encode(status.rawValue, forKey: .status)
        try c.encode(statusWindow, forKey: .statusWindow)
        try c.encode(windowTarget, forKey: .windowTarget)
        try c.encode(windowDelivered, forKey: .windowDelivered)
        try c.encode(WireFormat.round2(windowExpected), forKey: .windowExpected)
        try c.encode(windows, forKey: .windows)
        try c.encode(days, forKey: .days)
    }
}

/// `io.tally.ReportWindow`: a window's figures on the wire, the share to two decimals; a window the agreement
/// clips also carries its full calendar bounds. As in the status, `base_target` and `carried` are there only for
/// a quota with carry-over, and `amendments` only when some shaped the window.
extension WindowReport: Codable {
    private enum CodingKeys: String, CodingKey {
        case window, start, end, target, delivered, status, closed, days, amendments, carried
        case daysInPeriod = "days_in_period", targetShare = "target_share"
        case fullStart = "full_start", fullEnd = "full_end", baseTarget = "base_target"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            window: try c.decodeWindow(label: .window, start: .start, end: .end, fullStart: .fullStart, fullEnd: .fullEnd),
            target: try c.decode(Int.self, forKey: .target), delivered: try c.decode(Int.self, forKey: .delivered),
            status: try c.decodeWordIfPresent(forKey: .status), closed: try c.decode(Bool.self, forKey: .closed), days: try c.decode(Int.self, forKey: .days),
            daysInPeriod: try c.decode(Int.self, forKey: .daysInPeriod),
            targetShare: try c.decode(Double.self, forKey: .targetShare),
            baseTarget: try c.decodeIfPresent(Int.self, forKey: .baseTarget),
            carried: try c.decodeIfPresent(Int.self, forKey: .carried),
            amendments: try c.decodeIfPresent([String].self, forKey: .amendments) ?? [])
    }

    // Keys in sorted order, as they go on the wire: each member is written as it comes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !amendments.isEmpty { try c.encode(amendments, forKey: .amendments) }
        try c.encodeIfPresent(baseTarget, forKey: .baseTarget)
        try c.encodeIfPresent(carried, forKey: .carried)
        try c.encode(closed, forKey: .closed)
        try c.encode(days, forKey: .days)
        try c.encode(daysInPeriod, forKey: .daysInPeriod)
        try c.encode(delivered, forKey: .delivered)
        try c.encode(window.end.description, forKey: .end)
        if window.isClipped {
            try c.encode(window.fullEnd.description, forKey: .fullEnd)
            try c.encode(window.fullStart.description, forKey: .fullStart)
        }
        try c.encode(window.start.description, forKey: .start)
        try c.encodeIfPresent(status?.rawValue, forKey: .status)
        try c.encode(target, forKey: .target)
        try c.encode(WireFormat.round2(targetShare), forKey: .targetShare)
        try c.encode(window.label, forKey: .window)
    }
}

/// `io.tally.ReportDay`: the core's report day on the wire, the pace to two decimals.
extension ReportDay: Codable {
    private enum CodingKeys: String, CodingKey {
        case date, delivered, cumulative, expected, blackout
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            date: try c.decodeDate(forKey: .date), delivered: try c.decodeIfPresent(Int.self, forKey: .delivered),
            cumulative: try c.decodeIfPresent(Int.self, forKey: .cumulative), expected: try c.decode(Double.self, forKey: .expected),
            blackout: try c.decode(Bool.self, forKey: .blackout))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date.description, forKey: .date)
        try c.encodeIfPresent(delivered, forKey: .delivered)
        try c.encodeIfPresent(cumulative, forKey: .cumulative)
        try c.encode(WireFormat.round2(expected), forKey: .expected)
        try c.encode(blackout, forKey: .blackout)
    }
}

/// `io.tally.ReportMilestone`: a milestone's result on the wire; absent optionals are left out.
extension ComplianceReport.MilestoneResult: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, title, due, target, delivered, status
        case campaignTitle = "campaign_title", reachedOn = "reached_on"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
            campaignTitle: try c.decode(String.self, forKey: .campaignTitle), due: try c.decodeDate(forKey: .due),
            target: try c.decodeIfPresent(Int.self, forKey: .target),
            delivered: try c.decodeIfPresent(Int.self, forKey: .delivered), status: try c.decodeWord(forKey: .status),
            reachedOn: try c.decodeDateIfPresent(forKey: .reachedOn))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(campaignTitle, forKey: .campaignTitle)
        try c.encode(due.description, forKey: .due)
        try c.encodeIfPresent(target, forKey: .target)
        try c.encodeIfPresent(delivered, forKey: .delivered)
        try c.encode(status.rawValue, forKey: .status)
        try c.encodeIfPresent(reachedOn?.description, forKey: .reachedOn)
    }
}

/// `io.tally.ReportLateDelivery`: a late recording on the wire, each closed window as `quota window`
/// (e.g. `tin-bai 2022`).
extension ComplianceReport.LateRecording: Codable {
    private enum CodingKeys: String, CodingKey {
        case delivery, windows
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let written = try c.decode([String].self, forKey: .windows)
        var windows: [ComplianceReport.ClosedWindow] = []
        for text in written {
            let parts = text.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .windows, in: c, debugDescription: "\(text) is not a quota id and a window label")
            }
            windows.append(ComplianceReport.ClosedWindow(quota: String(parts[0]), window: String(parts[1])))
        }
        self.init(delivery: try c.decode(DeliveryRecord.self, forKey: .delivery), windows: windows)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(delivery, forKey: .delivery)
        try c.encode(windows.map { "\($0.quota) \($0.window)" }, forKey: .windows)
    }
}
