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
    public var milestone: MilestoneStatus
    /// A reply carrying `milestone`.
    public init(milestone: MilestoneStatus) { self.milestone = milestone }
}

/// `io.tally.Alert`: an alert as raised (SPEC §4).
public struct Alert: Codable, Sendable, Hashable {
    public var id: Int
    public var at: String
    /// E.g. `quota-behind`.
    public var type: String
    public var priority: Int
    public var agreement: String
    public var quota: String?
    /// `campaign/milestone`.
    public var milestone: String?
    public var window: String?
    public var status: String
    public var previousStatus: String?
    public var delivered: Int?
    public var target: Int?
    public var expected: Double?
    /// 0 for a first alert, then 1, 2, … on renotification.
    public var `repeat`: Int
    public var message: String

    /// An alert.
    public init(
        id: Int, at: String, type: String, priority: Int, agreement: String, quota: String? = nil,
        milestone: String? = nil, window: String? = nil, status: String, previousStatus: String? = nil,
        delivered: Int? = nil, target: Int? = nil, expected: Double? = nil, repeat: Int = 0, message: String
    ) {
        self.id = id
        self.at = at
        self.type = type
        self.priority = priority
        self.agreement = agreement
        self.quota = quota
        self.milestone = milestone
        self.window = window
        self.status = status
        self.previousStatus = previousStatus
        self.delivered = delivered
        self.target = target
        self.expected = expected
        self.repeat = `repeat`
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case id, at, type, priority, agreement, quota, milestone, window, status, delivered, target, expected
        case `repeat`, message
        case previousStatus = "previous_status"
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
    public var alerts: [Alert]
    public var nextAfter: Int?

    /// A page of alerts.
    public init(alerts: [Alert], nextAfter: Int? = nil) {
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
    public var alert: Alert?
    /// Set on the last reply.
    public var final: Bool?

    /// A reply carrying `alert`, or the final one.
    public init(alert: Alert? = nil, final: Bool? = nil) {
        self.alert = alert
        self.final = final
    }
}

/// `io.tally.AuditEntry`: one change in the audit log.
public struct AuditEntry: Codable, Sendable, Hashable {
    public var id: Int
    public var at: String
    public var uid: Int
    /// E.g. `record`, `void`, `import`, `milestone-done`.
    public var action: String
    public var agreement: String?
    /// What changed, in one sentence.
    public var detail: String

    /// An audit entry.
    public init(id: Int, at: String, uid: Int, action: String, agreement: String? = nil, detail: String) {
        self.id = id
        self.at = at
        self.uid = uid
        self.action = action
        self.agreement = agreement
        self.detail = detail
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
