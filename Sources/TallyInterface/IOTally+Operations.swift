import Foundation
import TallyCore
import TallyProtocol
// Types of the milestone, alert, history, reload and backup methods.

/// Parameters of `io.tally.MilestoneDone` and `io.tally.MilestoneUndo`.
public struct MilestoneParameters: Codable, Sendable, Hashable {
    public var agreement: String
    /// `campaign/milestone`.
    public var milestone: String
    /// MilestoneDone only: the completion date; nil means today.
    public var date: String?

    /// Parameters naming a milestone.
    public init(agreement: String, milestone: String, date: String? = nil) {
        self.agreement = agreement
        self.milestone = milestone
        self.date = date
    }
}

/// Reply of `io.tally.MilestoneDone` and `io.tally.MilestoneUndo`.
public struct MilestoneReply: Codable, Sendable, Hashable {
    /// The milestone's status after the change.
    public var milestone: MilestoneEvaluation
    /// A reply carrying `milestone`.
    public init(milestone: MilestoneEvaluation) { self.milestone = milestone }
}

/// `io.tally.Alert`: the core's alert record on the wire (SPEC §4): its time in UTC, `expected` to two
/// decimals, the priority derived from the type.
extension AlertRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, at, type, priority, agreement, quota, milestone, window, status, delivered, target, expected
        case `repeat`, message
        case previousStatus = "previous_status", daysLeft = "days_left"
        case feed, url, error, period
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(Int64.self, forKey: .id),
            alert: Alert(
                type: try c.decodeWord(forKey: .type), at: try c.decodeInstant(forKey: .at), agreement: try c.decode(String.self, forKey: .agreement),
                quota: try c.decodeIfPresent(String.self, forKey: .quota),
                milestone: try c.decodeIfPresent(String.self, forKey: .milestone),
                window: try c.decodeIfPresent(String.self, forKey: .window), status: try c.decode(String.self, forKey: .status),
                previousStatus: try c.decodeIfPresent(String.self, forKey: .previousStatus),
                delivered: try c.decodeIfPresent(Int.self, forKey: .delivered),
                target: try c.decodeIfPresent(Int.self, forKey: .target),
                expected: try c.decodeIfPresent(Double.self, forKey: .expected),
                repeatCount: try c.decode(Int.self, forKey: .repeat), message: try c.decode(String.self, forKey: .message),
                daysLeft: try c.decodeIfPresent(Int.self, forKey: .daysLeft),
                feed: try c.decodeIfPresent(String.self, forKey: .feed), url: try c.decodeIfPresent(String.self, forKey: .url),
                error: try c.decodeIfPresent(String.self, forKey: .error),
                period: try c.decodeIfPresent(String.self, forKey: .period)))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(WireFormat.timestamp(alert.at), forKey: .at)
        try c.encode(alert.type.rawValue, forKey: .type)
        try c.encode(alert.priority, forKey: .priority)
        try c.encode(alert.agreement, forKey: .agreement)
        try c.encodeIfPresent(alert.quota, forKey: .quota)
        try c.encodeIfPresent(alert.milestone, forKey: .milestone)
        try c.encodeIfPresent(alert.window, forKey: .window)
        try c.encode(alert.status, forKey: .status)
        try c.encodeIfPresent(alert.previousStatus, forKey: .previousStatus)
        try c.encodeIfPresent(alert.delivered, forKey: .delivered)
        try c.encodeIfPresent(alert.target, forKey: .target)
        try c.encodeIfPresent(alert.expected.map(WireFormat.round2), forKey: .expected)
        try c.encode(alert.repeatCount, forKey: .repeat)
        try c.encode(alert.message, forKey: .message)
        try c.encodeIfPresent(alert.daysLeft, forKey: .daysLeft)
        try c.encodeIfPresent(alert.feed, forKey: .feed)
        try c.encodeIfPresent(alert.url, forKey: .url)
        try c.encodeIfPresent(alert.error, forKey: .error)
        try c.encodeIfPresent(alert.period, forKey: .period)
    }
}

/// Parameters of `io.tally.ListAlerts` and `io.tally.History`.
public struct PageParameters: Codable, Sendable, Hashable {
    public var agreement: String?
    public var since: String?
    public var limit: Int?
    /// The `next_after` of the previous page.
    public var after: Int?

    /// A page query.
    public init(agreement: String? = nil, since: String? = nil, limit: Int? = nil, after: Int? = nil) {
        self.agreement = agreement
        self.since = since
        self.limit = limit
        self.after = after
    }
}

/// Reply of `io.tally.ListAlerts`.
public struct ListAlertsReply: Codable, Sendable, Hashable {
    public var alerts: [AlertRecord]
    public var nextAfter: Int?

    /// A page of alerts.
    public init(alerts: [AlertRecord], nextAfter: Int? = nil) {
        self.alerts = alerts
        self.nextAfter = nextAfter
    }

    private enum CodingKeys: String, CodingKey {
        case alerts
        case nextAfter = "next_after"
    }
}

/// Parameters of `io.tally.WatchAlerts`.
public struct WatchAlertsParameters: Codable, Sendable, Hashable {
    /// Only this agreement's alerts; nil means all.
    public var agreement: String?
    /// Parameters for a watch.
    public init(agreement: String? = nil) { self.agreement = agreement }
}

/// One reply of the `io.tally.WatchAlerts` stream: an alert, or the final reply.
public struct WatchAlertsReply: Codable, Sendable, Hashable {
    public var alert: AlertRecord?
    /// Set on the last reply.
    public var final: Bool?

    /// A reply carrying `alert`, or the final one.
    public init(alert: AlertRecord? = nil, final: Bool? = nil) {
        self.alert = alert
        self.final = final
    }
}

/// `io.tally.AuditEntry`: the core's audit entry on the wire, its time in UTC.
extension AuditEntry: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, at, uid, action, agreement, detail
        case deliveryID = "delivery_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(Int64.self, forKey: .id), at: try c.decodeInstant(forKey: .at),
            uid: try c.decode(UInt32.self, forKey: .uid), agreement: try c.decodeIfPresent(String.self, forKey: .agreement) ?? "",
            action: try c.decodeWord(forKey: .action), deliveryID: try c.decodeIfPresent(Int64.self, forKey: .deliveryID),
            detail: try c.decode(String.self, forKey: .detail))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(WireFormat.timestamp(at), forKey: .at)
        try c.encode(uid, forKey: .uid)
        try c.encode(action.rawValue, forKey: .action)
        try c.encode(agreement, forKey: .agreement)
        try c.encodeIfPresent(deliveryID, forKey: .deliveryID)
        try c.encode(detail, forKey: .detail)
    }
}

/// Reply of `io.tally.History`.
public struct HistoryReply: Codable, Sendable, Hashable {
    public var entries: [AuditEntry]
    public var nextAfter: Int?

    /// A page of the audit log.
    public init(entries: [AuditEntry], nextAfter: Int? = nil) {
        self.entries = entries
        self.nextAfter = nextAfter
    }

    private enum CodingKeys: String, CodingKey {
        case entries
        case nextAfter = "next_after"
    }
}

/// Reply of `io.tally.Reload`: agreement ids by what happened to them.
public struct ReloadReply: Codable, Sendable, Hashable {
    public var added: [String]
    public var removed: [String]
    public var changed: [String]
    public var archived: [String]
    /// Agreements now loaded.
    public var agreements: Int

    /// A reload's outcome.
    public init(added: [String], removed: [String], changed: [String], archived: [String], agreements: Int) {
        self.added = added
        self.removed = removed
        self.changed = changed
        self.archived = archived
        self.agreements = agreements
    }
}

/// Parameters and reply of `io.tally.Backup`.
public struct BackupParameters: Codable, Sendable, Hashable {
    /// Where to write the copy.
    public var path: String
    /// Parameters writing to `path`.
    public init(path: String) { self.path = path }
}

/// Reply of `io.tally.Backup`.
public struct BackupReply: Codable, Sendable, Hashable {
    public var path: String
    public var bytes: Int

    /// A backup's outcome.
    public init(path: String, bytes: Int) {
        self.path = path
        self.bytes = bytes
    }
}
