import Foundation
import GRDB
import TallyCore

extension TallyStore {
    /// Marks a manual milestone (`campaign/milestone`) done on `date`. Returns false when it already was, on
    /// that date (nothing written); another date replaces the earlier one.
    @discardableResult
    public func markMilestoneDone(
        agreement: String, milestone: String, on date: CivilDate, by uid: UInt32, at now: Date
    ) throws -> Bool {
        try Milestones.checkName(milestone)
        return try writing("marking a milestone done", counts: .agreements([agreement])) { db in
            let previous = try Milestones.completions(db, agreement: agreement)[milestone]
            if previous == date { return false }
            try db.execute(
                sql: """
                    INSERT INTO milestone_completion (agreement, milestone, day, done_at, done_by) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (agreement, milestone) DO UPDATE
                    SET day = excluded.day, done_at = excluded.done_at, done_by = excluded.done_by
                    """,
                arguments: [agreement, milestone, date.description, now.timeIntervalSince1970, Int64(uid)])
            var detail = ["milestone": milestone, "date": date.description]
            detail["previous"] = previous?.description
            try audit(db, at: now, uid: uid, agreement: agreement, action: .milestoneDone, detail: detail)
            return true
        }
    }

    /// Withdraws a manual milestone's completion; throws when it is not marked done.
    public func undoMilestone(agreement: String, milestone: String, by uid: UInt32, at now: Date) throws {
        try Milestones.checkName(milestone)
        try writing("undoing a milestone", counts: .agreements([agreement])) { db in
            guard let previous = try Milestones.completions(db, agreement: agreement)[milestone] else {
                throw StoreError.milestoneNotDone(agreement: agreement, milestone: milestone)
            }
            try db.execute(
                sql: "DELETE FROM milestone_completion WHERE agreement = ? AND milestone = ?", arguments: [agreement, milestone])
            try audit(
                db, at: now, uid: uid, agreement: agreement, action: .milestoneUndo,
                detail: ["milestone": milestone, "date": previous.description])
        }
    }

    /// Manual milestone completions of an agreement: `campaign/milestone` → the date given.
    public func manualCompletions(agreement: String) throws -> [String: CivilDate] {
        try guarded("reading milestones") {
            try dbPool.read { db in try Milestones.completions(db, agreement: agreement) }
        }
    }

    /// The audit log in id order, after the id `after` (keyset paging), at most `limit` entries.
    public func auditLog(agreement: String? = nil, since: Date? = nil, limit: Int = 1000, after: Int64? = nil) throws -> [AuditEntry] {
        try page(.audit, "reading the audit log", agreement: agreement, since: since, limit: limit, after: after) { row in
            let action: String = row["action"]
            guard let known = AuditAction(rawValue: action) else {
                throw StoreError.invalid("The audit log holds an unknown action \(action).")
            }
            return AuditEntry(
                id: row["id"], at: Date(timeIntervalSince1970: row["at"]),
                uid: UInt32(truncatingIfNeeded: row["uid"] as Int64), agreement: row["agreement"], action: known,
                deliveryID: row["delivery_id"], detail: row["detail"])
        }
    }
}

/// Manual milestone completions.
enum Milestones {
    static func checkName(_ milestone: String) throws {
        let parts = milestone.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw StoreError.invalid("The milestone \(milestone) is not of the form campaign/milestone.")
        }
        try DeliveryRows.checkText(milestone, field: "milestone")
    }

    static func completions(_ db: Database, agreement: String) throws -> [String: CivilDate] {
        var result: [String: CivilDate] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT milestone, day FROM milestone_completion WHERE agreement = ?"),
            arguments: [agreement])
        while let row = try rows.next() {
            result[row["milestone"]] = try DeliveryRows.day(row["day"])
        }
        return result
    }
}
