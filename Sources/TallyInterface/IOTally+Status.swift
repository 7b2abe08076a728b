import Foundation
import TallyCore
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

/// `io.tally.QuotaStatus`: the core's quota evaluation on the wire. Fractions go to two decimals, undefined
/// rates are explicit nulls; a window the agreement clips also carries its full calendar bounds.
extension QuotaEvaluation: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, title, window, target, delivered, expected, status, remaining, projected, severity, closed, amendments, carried
        case baseTarget = "base_target"
        case windowStart = "window_start", windowEnd = "window_end"
        case windowFullStart = "window_full_start", windowFullEnd = "window_full_end"
        case requiredPerWeek = "required_per_week", currentPerWeek = "current_per_week"
        case windowDays = "window_days", elapsedDays = "elapsed_days", leftDays = "left_days"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let window = try c.decodeWindow(
            label: .window, start: .windowStart, end: .windowEnd, fullStart: .windowFullStart, fullEnd: .windowFullEnd)
        let status: QuotaStatus = try c.decodeWord(forKey: .status)
        self.init(
            quotaID: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title), window: window,
            target: try c.decode(Int.self, forKey: .target), delivered: try c.decode(Int.self, forKey: .delivered),
            expected: try c.decode(Double.self, forKey: .expected), status: status,
            remaining: try c.decode(Int.self, forKey: .remaining), projected: try c.decodeIfPresent(Double.self, forKey: .projected),
            requiredPerWeek: try c.decodeIfPresent(Double.self, forKey: .requiredPerWeek),
            currentPerWeek: try c.decodeIfPresent(Double.self, forKey: .currentPerWeek),
            windowDays: try c.decode(Int.self, forKey: .windowDays), elapsedDays: try c.decode(Int.self, forKey: .elapsedDays),
            leftDays: try c.decode(Int.self, forKey: .leftDays),
            closed: try c.decodeIfPresent(Bool.self, forKey: .closed) ?? (status == .missed))
        amendments = try c.decodeIfPresent([String].self, forKey: .amendments) ?? []
        baseTarget = try c.decodeIfPresent(Int.self, forKey: .baseTarget)
        carried = try c.decodeIfPresent(Int.self, forKey: .carried)
    }

    // Keys in sorted order, as they go on the wire: each member is written as it comes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !amendments.isEmpty { try c.encode(amendments, forKey: .amendments) }
        try c.encodeIfPresent(baseTarget, forKey: .baseTarget)
        try c.encodeIfPresent(carried, forKey: .carried)
        try c.encode(closed, forKey: .closed)
        try c.encodeRounded(currentPerWeek, forKey: .currentPerWeek)
        try c.encode(delivered, forKey: .delivered)
        try c.encode(elapsedDays, forKey: .elapsedDays)
        try c.encode(WireFormat.round2(expected), forKey: .expected)
        try c.encode(quotaID, forKey: .id)
        try c.encode(leftDays, forKey: .leftDays)
        try c.encodeRounded(projected, forKey: .projected)
        try c.encode(remaining, forKey: .remaining)
        try c.encodeRounded(requiredPerWeek, forKey: .requiredPerWeek)
        try c.encode(severity.rawValue, forKey: .severity)
        try c.encode(status.rawValue, forKey: .status)
        try c.encode(target, forKey: .target)
        try c.encode(title, forKey: .title)
        try c.encode(window.label, forKey: .window)
        try c.encode(windowDays, forKey: .windowDays)
        try c.encode(window.end.description, forKey: .windowEnd)
        if window.isClipped {
            try c.encode(window.fullEnd.description, forKey: .windowFullEnd)
            try c.encode(window.fullStart.description, forKey: .windowFullStart)
        }
        try c.encode(window.start.description, forKey: .windowStart)
    }
}

/// `io.tally.MilestoneStatus`: the core's milestone evaluation on the wire; every key present, null where it does
/// not apply (SPEC §6's `status --json` shape).
extension MilestoneEvaluation: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, title, due, target, delivered, status, severity
        case reachedOn = "reached_on", campaignRunning = "campaign_running"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decode(String.self, forKey: .id)
        self.init(
            id: id, title: try c.decode(String.self, forKey: .title),
            campaignID: id.split(separator: "/", maxSplits: 1).first.map(String.init) ?? id,
            due: try c.decodeDate(forKey: .due), target: try c.decodeIfPresent(Int.self, forKey: .target),
            delivered: try c.decodeIfPresent(Int.self, forKey: .delivered),
            reachedOn: try c.decodeDateIfPresent(forKey: .reachedOn), status: try c.decodeWord(forKey: .status),
            campaignRunning: try c.decodeIfPresent(Bool.self, forKey: .campaignRunning) ?? true)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(campaignRunning, forKey: .campaignRunning)
        try c.encodeOrNull(delivered, forKey: .delivered)
        try c.encode(due.description, forKey: .due)
        try c.encode(id, forKey: .id)
        try c.encodeOrNull(reachedOn?.description, forKey: .reachedOn)
        try c.encode(severity.rawValue, forKey: .severity)
        try c.encode(status.rawValue, forKey: .status)
        try c.encodeOrNull(target, forKey: .target)
        try c.encode(title, forKey: .title)
    }
}

/// `io.tally.AgreementStatus`: the core's agreement evaluation on the wire, with the date it was evaluated on
/// in the agreement's zone and the monitoring severity the core computed.
extension AgreementEvaluation: Codable {
    fileprivate enum CodingKeys: String, CodingKey {
        case id, title, date, state, stale, start, end, quotas, milestones, severity, amendments, inbox, settlement
        case originalEnd = "original_end", alertsHeldUntil = "alerts_held_until"
    }

    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder, evaluatedOn: nil)
    }

    /// Decodes an agreement's status; a daemon from before `date` was added is taken to have evaluated on
    /// `evaluatedOn` (the date of the status's `at`).
    init(from decoder: any Decoder, evaluatedOn: CivilDate?) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let date: CivilDate
        if let evaluatedOn, !c.contains(.date) {
            date = evaluatedOn
        } else {
            date = try c.decodeDate(forKey: .date)
        }
        self.init(
            agreementID: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
            date: date, state: try c.decodeWord(forKey: .state),
            stale: try c.decode(Bool.self, forKey: .stale), start: try c.decodeDate(forKey: .start),
            end: try c.decodeDate(forKey: .end), quotas: try c.decode([QuotaEvaluation].self, forKey: .quotas),
            milestones: try c.decode([MilestoneEvaluation].self, forKey: .milestones))
        originalEnd = try c.decodeDateIfPresent(forKey: .originalEnd)
        amendments = try c.decodeIfPresent([Amendment].self, forKey: .amendments) ?? []
        alertsHeldUntil = try c.contains(.alertsHeldUntil) ? c.decodeInstant(forKey: .alertsHeldUntil) : nil
        inbox = try c.decodeIfPresent(Int.self, forKey: .inbox)
        settlement = try c.decodeIfPresent(SettlementStanding.self, forKey: .settlement)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(alertsHeldUntil.map { WireFormat.timestamp($0) }, forKey: .alertsHeldUntil)
        if !amendments.isEmpty { try c.encode(amendments, forKey: .amendments) }
        try c.encode(date.description, forKey: .date)
        try c.encode(end.description, forKey: .end)
        try c.encode(agreementID, forKey: .id)
        try c.encodeIfPresent(inbox, forKey: .inbox)
        try c.encode(milestones, forKey: .milestones)
        try c.encodeIfPresent(originalEnd?.description, forKey: .originalEnd)
        try c.encode(quotas, forKey: .quotas)
        try c.encodeIfPresent(settlement, forKey: .settlement)
        try c.encode(severity.rawValue, forKey: .severity)
        try c.encode(stale, forKey: .stale)
        try c.encode(start.description, forKey: .start)
        try c.encode(state.rawValue, forKey: .state)
        try c.encode(title, forKey: .title)
    }
}

/// `io.tally.Amendment`: what the status and the agreement's detail say of an amendment (its changes are in
/// the agreement's file and shape the windows).
extension Amendment: Codable {
    private enum CodingKeys: String, CodingKey {
        case end, effective, id, signed, title
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
            signed: try c.decodeDateIfPresent(forKey: .signed), effective: try c.decodeDate(forKey: .effective),
            end: try c.decodeDateIfPresent(forKey: .end))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(end?.description, forKey: .end)
        try c.encode(effective.description, forKey: .effective)
        try c.encode(id, forKey: .id)
        try c.encodeOrNull(signed?.description, forKey: .signed)
        try c.encode(title, forKey: .title)
    }
}

/// The reply of GetStatus and Check, and the document `status --json` prints.
public struct Status: Codable, Sendable, Hashable {
    /// The evaluation time (RFC 3339).
    public var at: String
    public var agreements: [AgreementEvaluation]
    /// `Check`'s: how long its pass over every agreement took in tallyd, in milliseconds.
    public var durationMs: Double?

    /// A status at `at`.
    public init(at: String, agreements: [AgreementEvaluation], durationMs: Double? = nil) {
        self.at = at
        self.agreements = agreements
        self.durationMs = durationMs
    }

    fileprivate enum CodingKeys: String, CodingKey {
        case agreements, at
        case durationMs = "duration_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        try encode(to: encoder, agreements: agreements)
    }

    /// Writes this status with `agreements` in place of its own: the same list, as another type encodes it.
    private func encode(to encoder: any Encoder, agreements: some Encodable) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(agreements, forKey: .agreements)
        try c.encode(at, forKey: .at)
        try c.encodeIfPresent(durationMs, forKey: .durationMs)
    }

    /// This status as it goes on the wire, with its agreements' JSON written before: `agreements[i]` is the JSON of
    /// `self.agreements[i]` (tallyd keeps each agreement's from one reply to the next).
    public func written(agreements: [EncodedJSON]) -> Written {
        Written(status: self, agreements: agreements)
    }

    /// A status whose agreements' JSON was written before; it encodes to the same text as the status.
    public struct Written: Encodable, Sendable {
        let status: Status
        let agreements: [EncodedJSON]

        public func encode(to encoder: any Encoder) throws {
            try status.encode(to: encoder, agreements: agreements)
        }
    }

    /// Reads a status; an agreement without its `date` (a tallyd from before it was sent, still running after
    /// an upgrade) is taken to be evaluated on the date `at` names.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        at = try c.decode(String.self, forKey: .at)
        let evaluatedOn = PublicationTime(parsing: at)?.writtenDate
        var list = try c.nestedUnkeyedContainer(forKey: .agreements)
        var agreements: [AgreementEvaluation] = []
        while !list.isAtEnd {
            agreements.append(try AgreementEvaluation(from: try list.superDecoder(), evaluatedOn: evaluatedOn))
        }
        self.agreements = agreements
        durationMs = try c.decodeIfPresent(Double.self, forKey: .durationMs)
    }

    /// The worst of the agreements' severities, nil when there is no agreement: what `status` and `check` exit with.
    public var worstSeverity: Severity? { agreements.map(\.severity).max() }

    /// Only the ``worstSeverity`` of a status, read from its JSON without the rest: `tallyctl status --json` prints
    /// the reply's own text and needs no more for its exit status. Each agreement's severity is the one tallyd's
    /// core computed and sent.
    public struct Severities: Decodable, Sendable {
        public var worstSeverity: Severity?

        private enum Key: String, CodingKey { case severity }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Status.CodingKeys.self)
            var list = try c.nestedUnkeyedContainer(forKey: .agreements)
            while !list.isAtEnd {
                let agreement = try list.nestedContainer(keyedBy: AgreementEvaluation.CodingKeys.self)
                let severity: Severity = try agreement.decodeWord(forKey: .severity)
                worstSeverity = max(worstSeverity ?? severity, severity)
            }
        }
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
