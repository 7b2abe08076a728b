import Foundation
import GRDB
import TallyCore

/// Reading, writing and comparing `delivery` rows; shared by `record` and the import.
enum DeliveryRows {
    /// Longest text field the store accepts, in UTF-8 bytes.
    static let maxFieldBytes = 32_768
    /// Most tags one delivery may carry.
    static let maxTags = 100

    /// Refuses what cannot be stored faithfully or is out of range. Agreement dates, future dates and
    /// archived agreements are the caller's to check.
    static func validate(_ delivery: Delivery) throws {
        guard Delivery.countRange.contains(delivery.count) else {
            throw StoreError.invalid("The count \(delivery.count) is out of range; it must be between 1 and 10000.")
        }
        guard !delivery.kind.isEmpty else { throw StoreError.invalid("The kind is empty; give one such as article or video.") }
        guard !delivery.language.isEmpty else { throw StoreError.invalid("The language is empty; give a BCP 47 tag such as vi.") }
        guard delivery.tags.count <= maxTags else {
            throw StoreError.invalid("The delivery has \(delivery.tags.count) tags; at most \(maxTags) are allowed.")
        }
        let fields: [(String, String?)] =
            [("agreement", delivery.agreement), ("kind", delivery.kind), ("language", delivery.language),
             ("outlet", delivery.outlet), ("title", delivery.title), ("url", delivery.url), ("id", delivery.externalID)]
            + delivery.tags.map { ("tag", $0) }
        for case let (name, value?) in fields {
            try checkText(value, field: name)
        }
    }

    /// SQLite text cannot carry NUL through GRDB's reads, so it is refused rather than silently truncated.
    static func checkText(_ value: String, field: String) throws {
        if value.utf8.count > maxFieldBytes {
            throw StoreError.invalid(
                "The \(field) is \(value.utf8.count) bytes long; at most \(maxFieldBytes) are allowed.")
        }
        if value.utf8.contains(0) {
            throw StoreError.invalid("The \(field) contains a NUL character, which cannot be stored; remove it.")
        }
    }

    /// What a stored row is compared with: the fields that make two records of one key the same item.
    static func differingFields(_ a: Delivery, _ b: Delivery) -> [String] {
        func same(_ x: String?, _ y: String?) -> Bool { (x ?? "").nfc == (y ?? "").nfc }
        var fields: [String] = []
        if a.published != b.published { fields.append("published") }
        if !same(a.kind, b.kind) { fields.append("kind") }
        if !same(a.language, b.language) { fields.append("language") }
        if !same(a.outlet, b.outlet) { fields.append("outlet") }
        if !same(a.title, b.title) { fields.append("title") }
        if !same(a.url, b.url) { fields.append("url") }
        if a.tags.map(\.nfc).sorted() != b.tags.map(\.nfc).sorted() { fields.append("tags") }
        if a.count != b.count { fields.append("count") }
        if !same(a.externalID, b.externalID) { fields.append("id") }
        return fields
    }

    /// What happened to one delivery offered to the store.
    enum Outcome {
        /// `subjects` are the indices of the matcher's subjects the delivery counts for.
        case created(id: Int64, day: CivilDate, subjects: [Int])
        case unchanged(id: Int64)
        case conflict(existing: Int64, key: String, fields: [String])
    }

    /// Inserts the delivery unless its key is already held; does not touch counters (the caller adds `counts`).
    static func insert(
        _ db: Database, _ delivery: Delivery, matcher: CounterMatcher, by uid: UInt32, at now: Date
    ) throws -> Outcome {
        var writer = try Writer(db)
        return try writer.insert(delivery, matcher: matcher, by: uid, at: now)
    }

    /// Inserts deliveries with statements prepared once, for the many rows of an import.
    struct Writer {
        let db: Database
        private let insert: Statement
        private let live: Statement
        /// Outlets met so far and their filter keys.
        private var outletKeys: [String: String] = [:]

        init(_ db: Database) throws {
            self.db = db
            // A held key makes the insert do nothing (the partial unique index is the conflict target), so a
            // new key, the common case, costs one statement; the stored row is read only when the key is held.
            insert = try db.cachedStatement(sql: """
                INSERT INTO delivery (agreement, key, published, day, kind, language, outlet, title, url, url_key, tags, count,
                                      external_id, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (agreement, key) WHERE voided_at IS NULL DO NOTHING
                """)
            live = try db.cachedStatement(sql: "SELECT * FROM delivery WHERE agreement = ? AND key = ? AND voided_at IS NULL")
        }

        /// Inserts the delivery unless its key is already held; does not touch counters (the caller adds `counts`).
        mutating func insert(_ delivery: Delivery, matcher: CounterMatcher, by uid: UInt32, at now: Date) throws -> Outcome {
            let key = delivery.key.map(normalizedKey)
            let date = delivery.published.date(in: matcher.zone)
            let day = date.description
            try insert.execute(arguments: [
                delivery.agreement, key, delivery.published.description, day, delivery.kind, delivery.language,
                delivery.outlet, delivery.title, delivery.url, delivery.url.flatMap(FeedURL.key(of:)), encodeTags(delivery.tags),
                delivery.count,
                delivery.externalID, now.timeIntervalSince1970, Int64(uid),
            ])
            guard db.changesCount > 0 else {
                guard let key, let existing = try Row.fetchOne(live, arguments: [delivery.agreement, key]) else {
                    throw StoreError.invalid("The delivery was neither stored nor found under its key.")
                }
                let stored = try decode(existing)
                let fields = differingFields(stored.delivery, delivery)
                return fields.isEmpty ? .unchanged(id: stored.id) : .conflict(existing: stored.id, key: key, fields: fields)
            }
            let attributes = DeliveryFilter.Normalized(delivery.attributes) { outlet in
                if let known = outletKeys[outlet] { return known }
                let key = DeliveryFilter.outletKey(outlet)
                outletKeys[outlet] = key
                return key
            }
            return .created(id: db.lastInsertedRowID, day: date, subjects: matcher.subjectIndices(matching: attributes, on: date))
        }
    }

    /// The key in NFC, so that one id typed in two normalizations is one item; ASCII (most keys) is already NFC.
    static func normalizedKey(_ key: String) -> String {
        key.utf8.allSatisfy { $0 < 0x80 } ? key : key.nfc
    }

    static func decode(_ row: Row) throws -> DeliveryRecord {
        let published: String = row["published"]
        guard let time = PublicationTime(parsing: published) else {
            throw StoreError.invalid("Delivery \(row["id"] as Int64) has an unreadable publication time \(published).")
        }
        let delivery = Delivery(
            agreement: row["agreement"], published: time, kind: row["kind"], language: row["language"],
            outlet: row["outlet"], title: row["title"], url: row["url"], tags: try decodeTags(row["tags"]),
            count: row["count"], externalID: row["external_id"])
        var void: VoidInfo?
        if let voidedAt = row["voided_at"] as Double? {
            void = VoidInfo(
                at: Date(timeIntervalSince1970: voidedAt), by: UInt32(truncatingIfNeeded: row["voided_by"] as Int64? ?? 0),
                reason: row["void_reason"] ?? "")
        }
        return DeliveryRecord(
            id: row["id"], delivery: delivery, day: try day(row["day"]),
            recordedAt: Date(timeIntervalSince1970: row["recorded_at"]),
            recordedBy: UInt32(truncatingIfNeeded: row["recorded_by"] as Int64), void: void)
    }

    /// Tags as a JSON array; only ever read back by `decodeTags`, never compared.
    static func encodeTags(_ tags: [String]) -> String {
        tags.isEmpty ? "[]" : StoredJSON.text(tags)
    }

    static func decodeTags(_ text: String) throws -> [String] {
        if text == "[]" { return [] }
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw StoreError.invalid("A stored delivery has unreadable tags \(text).")
        }
    }

    static func day(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(iso: text) else { throw StoreError.invalid("A stored day \(text) is not a date.") }
        return date
    }
}
