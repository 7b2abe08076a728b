import Foundation
import GRDB
import TallyCore

/// What an evaluation pass needs to know besides the counts, per agreement, read in one snapshot.
public struct PassBookkeeping: Sendable {
    /// Agreement → subject → persisted alert state, as much of it as a pass reads (status, last alert,
    /// repeats): the whole rows of a large installation weighed megabytes in a daemon that keeps them.
    public var alertStates: [String: [String: SubjectState]] = [:]
    /// Agreement → quota → the last day of its latest window with a recorded outcome.
    public var outcomesThrough: [String: [String: CivilDate]] = [:]
    /// Agreement → when the store first saw it.
    public var firstSeen: [String: Date] = [:]
}

extension TallyStore {
    /// Alert states, recorded-outcome ends and first-seen times of `agreements` (every agreement when nil), in
    /// three queries over one snapshot rather than three read transactions per agreement, and without
    /// decoding every recorded outcome: a pass only needs the latest end per quota.
    ///
    /// The bookkeeping of every agreement is kept until the next write: a pass that raised no alert wrote
    /// nothing, and the next one needs the same 24,000 alert states again.
    public func passBookkeeping(agreements: Set<String>? = nil) throws -> PassBookkeeping {
        guard agreements == nil else { return try readBookkeeping(agreements: agreements) }
        return try keptUntilWrite(books) { try readBookkeeping(agreements: nil) }
    }

    private func readBookkeeping(agreements: Set<String>?) throws -> PassBookkeeping {
        try guarded("reading alert state") {
            try dbPool.read { db in
                var books = PassBookkeeping()
                let filter = agreements == nil ? "" : " WHERE agreement = ?"
                let states = try db.cachedStatement(sql: """
                    SELECT subject, agreement, status, last_alert_at, repeat_count FROM alert_state
                    """ + filter)
                // Kept by triggers on window_outcome (migration v2).
                let outcomes = try db.cachedStatement(sql: "SELECT agreement, quota, window_end FROM outcome_through" + filter)
                let seen = try db.cachedStatement(
                    sql: "SELECT id, first_seen FROM agreement" + (agreements == nil ? "" : " WHERE id = ?"))
                let runs: [StatementArguments] = agreements.map { $0.sorted().map { [$0] } } ?? [[]]
                for arguments in runs {
                    let stateRows = try Row.fetchCursor(states, arguments: arguments)
                    while let row = try stateRows.next() {
                        books.alertStates[row[1] as String, default: [:]][row[0] as String] = SubjectState(
                            status: row[2], lastAlertAt: (row[3] as Double?).map(Date.init(timeIntervalSince1970:)),
                            repeatCount: row[4])
                    }
                    let outcomeRows = try Row.fetchCursor(outcomes, arguments: arguments)
                    while let row = try outcomeRows.next() {
                        books.outcomesThrough[row[0], default: [:]][row[1]] = try DeliveryRows.day(row[2])
                    }
                    let seenRows = try Row.fetchCursor(seen, arguments: arguments)
                    while let row = try seenRows.next() {
                        books.firstSeen[row[0]] = Date(timeIntervalSince1970: row[1])
                    }
                }
                return books
            }
        }
    }

    /// The persisted alert state of every subject of an agreement, by subject key.
    public func alertStates(agreement: String) throws -> [String: SubjectState] {
        try guarded("reading alert state") {
            try dbPool.read { db in
                var states: [String: SubjectState] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM alert_state WHERE agreement = ?", arguments: [agreement])
                while let row = try rows.next() {
                    states[row["subject"]] = SubjectState(
                        status: row["status"], lastAlertAt: (row["last_alert_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                        repeatCount: row["repeat_count"])
                }
                return states
            }
        }
    }

    /// Applies one evaluation pass's bookkeeping atomically: state upserts and deletions, new alerts, window
    /// outcomes. Returns the ids of the stored alerts, in order. Call it before writing the alerts to the
    /// journal, so that a crash in between repeats nothing.
    @discardableResult
    public func apply(_ update: AlertUpdate) throws -> [Int64] {
        guard !update.isEmpty else { return [] }
        for alert in update.alerts { try DeliveryRows.checkText(alert.message, field: "alert message") }
        return try writing("saving alert state", counts: .none) { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO alert_state (subject, agreement, status, last_alert_at, last_alert_type, repeat_count, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (subject) DO UPDATE SET agreement = excluded.agreement, status = excluded.status,
                    last_alert_at = excluded.last_alert_at, last_alert_type = excluded.last_alert_type,
                    repeat_count = excluded.repeat_count, detail = excluded.detail
                """)
            // last_alert_type and detail (schema v1) are no longer written: the core's state has neither.
            for kept in update.states {
                try upsert.execute(arguments: [
                    kept.subject, kept.agreement, kept.state.status, kept.state.lastAlertAt?.timeIntervalSince1970,
                    nil as String?, kept.state.repeatCount, nil as String?,
                ])
            }
            let delete = try db.cachedStatement(sql: "DELETE FROM alert_state WHERE subject = ?")
            for subject in update.deletedSubjects { try delete.execute(arguments: [subject]) }

            let insert = try db.cachedStatement(sql: """
                INSERT INTO alert (at, type, priority, agreement, quota, milestone, window_label, status, previous_status,
                                   delivered, target, expected, repeat, message, days_left, feed, url, error, period)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var ids: [Int64] = []
            for alert in update.alerts {
                try insert.execute(arguments: [
                    alert.at.timeIntervalSince1970, alert.type.rawValue, alert.priority, alert.agreement, alert.quota,
                    alert.milestone, alert.window, alert.status, alert.previousStatus, alert.delivered, alert.target,
                    alert.expected, alert.repeatCount, alert.message, alert.daysLeft, alert.feed, alert.url, alert.error,
                    alert.period,
                ])
                ids.append(db.lastInsertedRowID)
            }

            let outcome = try db.cachedStatement(sql: """
                INSERT INTO window_outcome (agreement, quota, window_label, window_start, window_end, target, delivered,
                                            outcome, closed_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (agreement, quota, window_label) DO UPDATE SET window_start = excluded.window_start,
                    window_end = excluded.window_end, target = excluded.target, delivered = excluded.delivered,
                    outcome = excluded.outcome, updated_at = excluded.updated_at
                """)
            for o in update.outcomes {
                try outcome.execute(arguments: [
                    o.agreement, o.quota, o.window.label, o.window.start.description, o.window.end.description, o.target,
                    o.delivered, o.outcome.outcome.rawValue, o.closedAt.timeIntervalSince1970, o.updatedAt.timeIntervalSince1970,
                ])
            }
            return ids
        }
    }

    /// The alert history in id order, after the id `after` (keyset paging), at most `limit` alerts.
    public func alerts(agreement: String? = nil, since: Date? = nil, limit: Int = 1000, after: Int64? = nil) throws -> [AlertRecord] {
        try page(.alert, "reading alerts", agreement: agreement, since: since, limit: limit, after: after) { row in
            let text: String = row["type"]
            guard let type = AlertType(rawValue: text) else {
                throw StoreError.invalid("A stored alert has the unknown type \(text).")
            }
            return AlertRecord(
                id: row["id"],
                alert: Alert(
                    type: type, at: Date(timeIntervalSince1970: row["at"]), agreement: row["agreement"],
                    quota: row["quota"], milestone: row["milestone"], window: row["window_label"],
                    status: row["status"], previousStatus: row["previous_status"], delivered: row["delivered"],
                    target: row["target"], expected: row["expected"], repeatCount: row["repeat"],
                    message: row["message"], daysLeft: row["days_left"], feed: row["feed"], url: row["url"],
                    error: row["error"], period: row["period"]))
        }
    }

    /// How many alerts are stored, per type (the metrics' `tally_alerts_total`). A type this build does not know
    /// (written by a newer one) is left out rather than failing the count.
    public func alertCounts() throws -> [AlertType: Int] {
        try guarded("counting alerts") {
            try dbPool.read { db in
                var counts: [AlertType: Int] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT type, COUNT(*) FROM alert GROUP BY type")
                while let row = try rows.next() {
                    if let type = AlertType(rawValue: row[0]) { counts[type] = row[1] }
                }
                return counts
            }
        }
    }

    /// Recorded outcomes of an agreement's closed windows, by quota then window start.
    public func windowOutcomes(agreement: String) throws -> [RecordedOutcome] {
        try guarded("reading window outcomes") {
            try dbPool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM window_outcome WHERE agreement = ? ORDER BY quota, window_start, window_label",
                    arguments: [agreement]
                ).map { row in
                    try RecordedOutcome.read(
                        agreement: row["agreement"], quota: row["quota"], label: row["window_label"],
                        start: row["window_start"], end: row["window_end"], target: row["target"],
                        delivered: row["delivered"], outcome: row["outcome"], closedAt: row["closed_at"],
                        updatedAt: row["updated_at"])
                }
            }
        }
    }
}
