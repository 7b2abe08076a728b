import Foundation

/// What an audit entry records.
public enum AuditAction: String, Sendable, CaseIterable {
    case record
    case void
    case milestoneDone = "milestone-done"
    case milestoneUndo = "milestone-undo"
    case `import`
    /// A feed item recorded at once (`review = false`), audited as from the feed.
    case feedRecord = "feed-record"
    /// Inbox candidates accepted by a person.
    case inboxAccept = "inbox-accept"
    /// Inbox candidates rejected by a person.
    case inboxReject = "inbox-reject"
    /// An acceptance record signed (SPEC §12).
    case sign
    /// A payment recorded against an agreement (SPEC §12).
    case payment
}

/// One change in the audit log.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    /// Peer uid of whoever made the change.
    public var uid: UInt32
    public var agreement: String
    public var action: AuditAction
    /// The delivery concerned (record, void).
    public var deliveryID: Int64?
    /// A short JSON object with the particulars (reason, milestone, counts…).
    public var detail: String

    public init(id: Int64, at: Date, uid: UInt32, agreement: String, action: AuditAction, deliveryID: Int64?, detail: String) {
        self.id = id
        self.at = at
        self.uid = uid
        self.agreement = agreement
        self.action = action
        self.deliveryID = deliveryID
        self.detail = detail
    }
}

/// An import row that was refused, and why (SPEC §2).
public struct RowError: Sendable, Hashable {
    /// The row's line in its file.
    public var line: Int
    /// One sentence.
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}
