import Foundation
import GRDB
import TallyCore

extension TallyStore {
    /// Records one delivery for `agreement`, counting it on its publication date in the agreement's zone.
    ///
    /// Idempotent on the external id, else the URL: an identical item answers `created: false` and writes
    /// nothing (not even an audit entry, since nothing changed); the same key with different fields throws a
    /// conflict naming them. A delivery with neither is always created.
    public func record(_ delivery: Delivery, for agreement: Agreement, by uid: UInt32, at now: Date) throws -> RecordResult {
        guard delivery.agreement == agreement.id else {
            throw StoreError.invalid(
                "The delivery names agreement \(delivery.agreement) but was recorded for \(agreement.id); they must match.")
        }
        try DeliveryRows.validate(delivery)
        return try writing("recording a delivery", counts: .agreements([agreement.id])) { db in
            let matcher = try Counters.ensure(db, agreement, at: now)
            switch try DeliveryRows.insert(db, delivery, matcher: matcher, by: uid, at: now) {
            case .unchanged(let id):
                return RecordResult(id: id, created: false)
            case .conflict(let existing, let key, let fields):
                throw StoreError.conflict(key: key, deliveryID: existing, fields: fields)
            case .created(let id, let day, let subjects):
                try Counters.add(db, agreement: agreement.id, matcher.counts(delivery.count, on: day, subjects: subjects))
                try noteRecorded(db, agreement: agreement.id, at: now)
                var detail = ["published": delivery.published.description, "day": day.description, "kind": delivery.kind,
                              "count": String(delivery.count)]
                detail["key"] = delivery.key
                try audit(db, at: now, uid: uid, agreement: agreement.id, action: .record, deliveryID: id, detail: detail)
                return RecordResult(id: id, created: true)
            }
        }
    }

    /// Marks a delivery void: it stops counting, stays visible, and releases its key.
    public func void(id: Int64, reason: String, by uid: UInt32, at now: Date) throws -> DeliveryRecord {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("A void needs a reason; say why the delivery is void.") }
        try DeliveryRows.checkText(reason, field: "reason")
        var changed = CountsChange.all
        return try writing("voiding a delivery", counts: changed) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM delivery WHERE id = ?", arguments: [id]) else {
                throw StoreError.noSuchDelivery(id)
            }
            var stored = try DeliveryRows.decode(row)
            if let void = stored.void { throw StoreError.alreadyVoid(id, voidedAt: void.at) }
            try db.execute(
                sql: "UPDATE delivery SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?",
                arguments: [now.timeIntervalSince1970, Int64(uid), reason, id])
            let agreement = stored.delivery.agreement
            changed = .agreements([agreement])
            if let matcher = try Counters.storedMatcher(db, agreement: agreement) {
                var counts: [CounterKey: Int] = [:]
                for subject in matcher.subjects(matching: stored.delivery.attributes, on: stored.day) {
                    counts[CounterKey(kind: subject.kind, id: subject.id, day: stored.day.description)] = -stored.delivery.count
                }
                try Counters.add(db, agreement: agreement, counts)
            }
            try audit(db, at: now, uid: uid, agreement: agreement, action: .void, deliveryID: id, detail: ["reason": reason])
            stored.void = VoidInfo(at: now, by: uid, reason: reason)
            return stored
        }
    }

    /// One delivery by id, void or not.
    public func delivery(id: Int64) throws -> DeliveryRecord? {
        try guarded("reading a delivery") {
            try dbPool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM delivery WHERE id = ?", arguments: [id]).map(DeliveryRows.decode)
            }
        }
    }

    /// Deliveries in id order, after the id `after` (keyset paging), at most `limit`.
    ///
    /// `since`/`until` bound the day the delivery counts on (inclusive); nil agreements means all.
    public func deliveries(
        agreements: [String]? = nil, since: CivilDate? = nil, until: CivilDate? = nil, kind: String? = nil,
        includeVoid: Bool = false, limit: Int = 1000, after: Int64? = nil
    ) throws -> [DeliveryRecord] {
        var conditions = ["id > ?"]
        var arguments: StatementArguments = [after ?? 0]
        if let agreements {
            guard !agreements.isEmpty else { return [] }
            conditions.append("agreement IN (\(agreements.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(agreements)
        }
        if let since {
            conditions.append("day >= ?")
            arguments += [since.description]
        }
        if let until {
            conditions.append("day <= ?")
            arguments += [until.description]
        }
        if let kind {
            conditions.append("kind = ?")
            arguments += [kind]
        }
        if !includeVoid { conditions.append("voided_at IS NULL") }
        arguments += [max(0, limit)]
        let sql = "SELECT * FROM delivery WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?"
        return try guarded("listing deliveries") {
            try dbPool.read { db in
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                var result: [DeliveryRecord] = []
                while let row = try cursor.next() { result.append(try DeliveryRows.decode(row)) }
                return result
            }
        }
    }

    /// How many deliveries are stored, for one agreement or all, with or without the void ones.
    ///
    /// The count of all deliveries (what GetInfo shows) is kept until the next write: counting 2 million rows
    /// took 30 ms for every GetInfo.
    public func deliveryCount(agreement: String? = nil, includeVoid: Bool = true) throws -> Int {
        if agreement == nil, includeVoid {
            return try keptUntilWrite(totalDeliveries) { try countDeliveries(agreement: nil, includeVoid: true) }
        }
        return try countDeliveries(agreement: agreement, includeVoid: includeVoid)
    }

    private func countDeliveries(agreement: String?, includeVoid: Bool) throws -> Int {
        var sql = "SELECT COUNT(*) FROM delivery WHERE 1"
        var arguments: StatementArguments = []
        if let agreement {
            sql += " AND agreement = ?"
            arguments += [agreement]
        }
        if !includeVoid { sql += " AND voided_at IS NULL" }
        return try guarded("counting deliveries") {
            try dbPool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
        }
    }

    /// Moves the agreement's last-recorded time forward to `now`.
    func noteRecorded(_ db: Database, agreement: String, at now: Date) throws {
        try db.cachedStatement(sql: """
            UPDATE agreement SET last_recorded = MAX(COALESCE(last_recorded, ?1), ?1) WHERE id = ?2
            """).execute(arguments: [now.timeIntervalSince1970, agreement])
    }
}
