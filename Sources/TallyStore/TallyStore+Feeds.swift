import Foundation
import GRDB
import TallyCore

/// What one submitted fetch did (SPEC §10).
public struct FeedFetchResult: Sendable, Equatable {
    /// The feed afterwards, with its counts.
    public var status: FeedStatus
    /// The state before, to tell a move or a recovery.
    public var previous: FeedState
    /// Deliveries recorded now (`review = false`).
    public var recorded: Int
    /// New inbox candidates.
    public var waiting: Int
    /// Items already known, not counting, outside the dates, or without a key.
    public var skipped: Int
    /// Days whose counts changed.
    public var touched: Set<CivilDate>
}

/// What accepting inbox candidates did.
public struct AcceptResult: Sendable, Equatable {
    /// Candidate id → the delivery it became, and whether that delivery is new.
    public var accepted: [(candidate: Int64, delivery: Int64, created: Bool)]
    public var touched: Set<AgreementDay>

    public static func == (a: AcceptResult, b: AcceptResult) -> Bool {
        a.touched == b.touched && a.accepted.elementsEqual(b.accepted) { $0 == $1 }
    }
}

extension TallyStore {
    /// How long an item that never counted is remembered after its feed last listed it (its first sighting dates it
    /// when it has no date of its own), in seconds: a week.
    static let seenItemsKept: TimeInterval = 7 * 86_400

    // MARK: Feed state

    /// Every feed of `agreements` with its state (a new one when never fetched, or when the file's URL changed)
    /// and its counts, in the order given.
    public func feedStatuses(_ feeds: [(agreement: String, feed: Feed)]) throws -> [FeedStatus] {
        try guarded("reading feeds") {
            try dbPool.read { db in
                let counts = try FeedRows.counts(db)
                return try feeds.map { agreement, feed in
                    let state = try FeedRows.state(db, agreement: agreement, feed: feed.id)?.reconciled(withFileURL: feed.url)
                        ?? FeedState(fileURL: feed.url)
                    let c = counts[FeedRows.Key(agreement: agreement, feed: feed.id)] ?? FeedRows.Counts()
                    return FeedStatus(agreement: agreement, feed: feed.id, state: state, seen: c.seen, recorded: c.recorded,
                                      waiting: c.waiting)
                }
            }
        }
    }

    /// `fetch --force`: the feeds become due now, a gone one is tried again.
    public func forceFeeds(_ feeds: [(agreement: String, feed: Feed)]) throws {
        try writing("forcing feeds", counts: .none) { db in
            for (agreement, feed) in feeds {
                let state = try FeedRows.state(db, agreement: agreement, feed: feed.id)?.reconciled(withFileURL: feed.url)
                    ?? FeedState(fileURL: feed.url)
                try FeedRows.save(db, agreement: agreement, feed: feed.id, state.forced())
            }
        }
    }

    /// Applies one fetch of `intake.feed`: the state machine's new state, and for a fetched feed what each item
    /// becomes, all in one transaction. An item whose key the agreement already knows (a delivery with its key or
    /// URL, a candidate or a decision from any of its feeds) is skipped: the existing one wins and never conflicts.
    ///
    /// `report` is nil for further items of a fetch whose result was applied already. `fetchedURL` must be the URL
    /// the feed is fetched from now: a fetch of a URL the file has since changed is refused.
    public func applyFetch(
        _ report: FetchReport?, fetchedURL: String, items: [KeyedFeedItem], intake: FeedIntake, by uid: UInt32, at now: Date
    ) throws -> FeedFetchResult {
        let agreement = intake.agreement
        let feed = intake.feed
        return try writing("recording a fetch", counts: feed.review || items.isEmpty ? .none : .agreements([agreement.id])) { db in
            let previous = try FeedRows.state(db, agreement: agreement.id, feed: feed.id)?.reconciled(withFileURL: feed.url)
                ?? FeedState(fileURL: feed.url)
            guard fetchedURL == previous.url else {
                throw StoreError.invalid(
                    "The feed \(agreement.id)/\(feed.id) is now fetched from \(previous.url), not \(fetchedURL); fetch it again.")
            }
            let state = report.map { previous.after($0, every: feed.every, at: now) } ?? previous
            try FeedRows.save(db, agreement: agreement.id, feed: feed.id, state)
            var result = FeedFetchResult(
                status: FeedStatus(agreement: agreement.id, feed: feed.id, state: state), previous: previous,
                recorded: 0, waiting: 0, skipped: 0, touched: [])
            if !items.isEmpty {
                var intaker = try FeedItemWriter(db: db, store: self, intake: intake, uid: uid, now: now)
                for item in items { try intaker.take(item, into: &result) }
                try intaker.finish(into: &result)
            }
            if case .fetched = report?.result {
                // Items that never counted and left the feed more than a week ago: nothing refers to them.
                try db.execute(
                    sql: "DELETE FROM feed_item WHERE agreement = ? AND feed = ? AND state = 'seen' AND last_listed < ?",
                    arguments: [agreement.id, feed.id, now.timeIntervalSince1970 - Self.seenItemsKept])
            }
            let c = try FeedRows.counts(db, agreement: agreement.id, feed: feed.id)
            result.status.seen = c.seen
            result.status.recorded = c.recorded
            result.status.waiting = c.waiting
            return result
        }
    }

    // MARK: Inbox

    /// The candidates waiting, oldest first, of `agreements` (all when nil).
    public func inbox(agreements: [String]? = nil) throws -> [InboxCandidate] {
        var sql = "SELECT * FROM feed_item WHERE state = 'waiting'"
        var arguments: StatementArguments = []
        if let agreements {
            guard !agreements.isEmpty else { return [] }
            sql += " AND agreement IN (\(agreements.map { _ in "?" }.joined(separator: ", ")))"
            arguments += StatementArguments(agreements)
        }
        return try guarded("reading the inbox") {
            try dbPool.read { db in
                try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: arguments).map(FeedRows.candidate)
            }
        }
    }

    /// How many candidates wait, per agreement.
    public func inboxCounts() throws -> [String: Int] {
        try guarded("counting the inbox") {
            try dbPool.read { db in
                var counts: [String: Int] = [:]
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT agreement, COUNT(*) FROM feed_item WHERE state = 'waiting' GROUP BY agreement")
                while let row = try rows.next() { counts[row[0]] = row[1] }
                return counts
            }
        }
    }

    /// Records candidates as deliveries, audited with the person who accepted them: `ids`, or every waiting
    /// candidate of `agreements` when `ids` is nil. A candidate whose key a delivery already holds is linked to it.
    /// Throws `noSuchCandidate` for an id that is not waiting, writing nothing.
    public func acceptCandidates(
        ids: [Int64]?, agreements: [String: Agreement], by uid: UInt32, at now: Date
    ) throws -> AcceptResult {
        try writing("accepting candidates") { db in
            let rows: [Row]
            if let ids {
                rows = try ids.map { id in
                    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM feed_item WHERE id = ? AND state = 'waiting'",
                                                     arguments: [id])
                    else { throw StoreError.noSuchCandidate(id) }
                    return row
                }
            } else {
                let names = agreements.keys.sorted()
                guard !names.isEmpty else { return AcceptResult(accepted: [], touched: []) }
                rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM feed_item WHERE state = 'waiting'
                    AND agreement IN (\(names.map { _ in "?" }.joined(separator: ", "))) ORDER BY id
                    """, arguments: StatementArguments(names))
            }
            var result = AcceptResult(accepted: [], touched: [])
            var writer = try DeliveryRows.Writer(db)
            var matchers: [String: CounterMatcher] = [:]
            var perAgreement: [String: Int] = [:]
            for row in rows {
                let candidate = try FeedRows.candidate(row)
                guard let agreement = agreements[candidate.agreement] else { throw StoreError.noSuchCandidate(candidate.id) }
                let delivery = try FeedRows.delivery(row, candidate)
                // The file may have moved the agreement's dates since the item was taken.
                let day = delivery.published.date(in: agreement.timeZone)
                guard agreement.runs(on: day) else {
                    throw StoreError.invalid("Candidate \(candidate.id) is dated \(day), outside \(agreement.id), which now runs from "
                        + "\(agreement.start) to \(agreement.end); reject it with tallyctl inbox reject \(candidate.id).")
                }
                let matcher = try matchers[agreement.id] ?? Counters.ensure(db, agreement, at: now)
                matchers[agreement.id] = matcher
                let deliveryID: Int64
                let created: Bool
                if let existing = try FeedRows.existingDelivery(db, agreement: agreement.id, key: delivery.key, url: candidate.url) {
                    (deliveryID, created) = (existing, false)
                } else {
                    switch try writer.insert(delivery, matcher: matcher, by: uid, at: now) {
                    case .created(let id, let day, let subjects):
                        try Counters.add(db, agreement: agreement.id, matcher.counts(delivery.count, on: day, subjects: subjects))
                        result.touched.insert(AgreementDay(agreement: agreement.id, day: day))
                        (deliveryID, created) = (id, true)
                    case .unchanged(let id), .conflict(let id, _, _):
                        (deliveryID, created) = (id, false)
                    }
                }
                try db.execute(sql: """
                    UPDATE feed_item SET state = 'recorded', delivery_id = ?, decided_at = ?, decided_by = ? WHERE id = ?
                    """, arguments: [deliveryID, now.timeIntervalSince1970, Int64(uid), candidate.id])
                if created {
                    try audit(db, at: now, uid: uid, agreement: agreement.id, action: .inboxAccept, deliveryID: deliveryID,
                              detail: ["candidate": String(candidate.id), "feed": candidate.feed, "key": delivery.key ?? ""])
                    perAgreement[agreement.id, default: 0] += 1
                }
                result.accepted.append((candidate.id, deliveryID, created))
            }
            for agreement in perAgreement.keys { try noteRecorded(db, agreement: agreement, at: now) }
            return result
        }
    }

    /// Rejects waiting candidates for good, audited with the person and the reason. Throws `noSuchCandidate` for
    /// an id that is not waiting, writing nothing.
    public func rejectCandidates(ids: [Int64], reason: String?, by uid: UInt32, at now: Date) throws -> Int {
        if let reason { try DeliveryRows.checkText(reason, field: "reason") }
        return try writing("rejecting candidates", counts: .none) { db in
            for id in ids {
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM feed_item WHERE id = ? AND state = 'waiting'",
                                                 arguments: [id])
                else { throw StoreError.noSuchCandidate(id) }
                let candidate = try FeedRows.candidate(row)
                try db.execute(sql: """
                    UPDATE feed_item SET state = 'rejected', decided_at = ?, decided_by = ?, reason = ? WHERE id = ?
                    """, arguments: [now.timeIntervalSince1970, Int64(uid), reason, id])
                var detail = ["candidate": String(id), "feed": candidate.feed, "title": candidate.title]
                detail["reason"] = reason
                try audit(db, at: now, uid: uid, agreement: candidate.agreement, action: .inboxReject, detail: detail)
            }
            return ids.count
        }
    }
}

/// Takes the items of one fetch into `feed_item` (and `delivery` when the feed needs no review).
private struct FeedItemWriter {
    let db: Database
    let store: TallyStore
    let intake: FeedIntake
    let uid: UInt32
    let now: Date
    var writer: DeliveryRows.Writer
    var matcher: CounterMatcher?
    /// This feed's items already listed: key → (row id, first seen, state).
    var known: [String: (id: Int64, firstSeen: Date, state: String)] = [:]
    let upsert: Statement
    let listed: Statement

    init(db: Database, store: TallyStore, intake: FeedIntake, uid: UInt32, now: Date) throws {
        self.db = db
        self.store = store
        self.intake = intake
        self.uid = uid
        self.now = now
        writer = try DeliveryRows.Writer(db)
        let rows = try Row.fetchCursor(db, sql: "SELECT id, key, first_seen, state FROM feed_item WHERE agreement = ? AND feed = ?",
                                       arguments: [intake.agreement.id, intake.feed.id])
        while let row = try rows.next() {
            known[row[1]] = (row[0], Date(timeIntervalSince1970: row[2]), row[3])
        }
        upsert = try db.cachedStatement(sql: """
            INSERT INTO feed_item (agreement, feed, key, first_seen, last_listed, state, published, kind, language, outlet, tags,
                                   title, url, external_id, matched, delivery_id, decided_at, decided_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (agreement, feed, key) DO UPDATE SET state = excluded.state, published = excluded.published,
                last_listed = excluded.last_listed,
                kind = excluded.kind, language = excluded.language, outlet = excluded.outlet, tags = excluded.tags,
                title = excluded.title, url = excluded.url, external_id = excluded.external_id, matched = excluded.matched,
                delivery_id = excluded.delivery_id, decided_at = excluded.decided_at, decided_by = excluded.decided_by
            """)
        listed = try db.cachedStatement(sql: "UPDATE feed_item SET last_listed = ? WHERE id = ?")
    }

    mutating func take(_ item: KeyedFeedItem, into result: inout FeedFetchResult) throws {
        let agreement = intake.agreement.id
        let prior = known[item.key]
        // Decided items (and items an existing delivery holds) are never offered again; a listed item that did not
        // count is looked at again, since the file's `match` may have changed.
        if let prior, prior.state != "seen" {
            result.skipped += 1
            return
        }
        let firstSeen = prior?.firstSeen ?? now
        if let prior { try listed.execute(arguments: [now.timeIntervalSince1970, prior.id]) }
        func note(_ state: String, _ delivery: Delivery?, matched: [String]?, deliveryID: Int64?) throws {
            try upsert.execute(arguments: [
                agreement, intake.feed.id, item.key, firstSeen.timeIntervalSince1970, now.timeIntervalSince1970, state,
                delivery?.published.description, delivery?.kind, delivery?.language, delivery?.outlet,
                delivery.map { DeliveryRows.encodeTags($0.tags) }, delivery?.title ?? item.item.title, item.url, item.externalID,
                matched.map(FeedRows.encodeWords), deliveryID,
                state == "recorded" ? now.timeIntervalSince1970 : nil, state == "recorded" ? Int64(uid) : nil,
            ])
            known[item.key] = (prior?.id ?? db.lastInsertedRowID, firstSeen, state)
        }
        guard let matched = intake.matches(item.item), let delivery = intake.delivery(for: item, firstSeen: firstSeen, now: now)
        else {
            if prior == nil { try note("seen", nil, matched: nil, deliveryID: nil) }
            result.skipped += 1
            return
        }
        if let existing = try FeedRows.existingDelivery(db, agreement: agreement, key: delivery.key, url: item.url) {
            try note("known", delivery, matched: matched, deliveryID: existing)
            result.skipped += 1
            return
        }
        if try FeedRows.heldByAnotherFeed(db, agreement: agreement, feed: intake.feed.id, key: item.key) {
            try note("known", delivery, matched: matched, deliveryID: nil)
            result.skipped += 1
            return
        }
        guard !intake.feed.review else {
            try note("waiting", delivery, matched: matched, deliveryID: nil)
            result.waiting += 1
            return
        }
        let matcher = try self.matcher ?? Counters.ensure(db, intake.agreement, at: now)
        self.matcher = matcher
        switch try writer.insert(delivery, matcher: matcher, by: uid, at: now) {
        case .created(let id, let day, let subjects):
            try Counters.add(db, agreement: agreement, matcher.counts(delivery.count, on: day, subjects: subjects))
            try store.audit(db, at: now, uid: uid, agreement: agreement, action: .feedRecord, deliveryID: id,
                            detail: ["feed": intake.feed.id, "key": item.key])
            try note("recorded", delivery, matched: matched, deliveryID: id)
            result.recorded += 1
            result.touched.insert(day)
        case .unchanged(let id), .conflict(let id, _, _):
            try note("known", delivery, matched: matched, deliveryID: id)
            result.skipped += 1
        }
    }

    func finish(into result: inout FeedFetchResult) throws {
        if result.recorded > 0 { try store.noteRecorded(db, agreement: intake.agreement.id, at: now) }
    }
}

/// Rows of `feed` and `feed_item`.
enum FeedRows {
    struct Key: Hashable {
        var agreement: String
        var feed: String
    }

    struct Counts {
        var seen = 0
        var recorded = 0
        var waiting = 0
    }

    static func state(_ db: Database, agreement: String, feed: String) throws -> FeedState? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM feed WHERE agreement = ? AND feed = ?"), arguments: [agreement, feed])
        else { return nil }
        var state = FeedState(fileURL: row["file_url"])
        state.movedTo = row["moved_to"]
        let health: String = row["health"]
        state.health = FeedHealth(rawValue: health) ?? .new
        state.lastAttempt = date(row["last_attempt"])
        state.lastSuccess = date(row["last_success"])
        state.lastStatus = row["last_status"]
        state.lastError = row["last_error"]
        state.nextAttempt = date(row["next_attempt"])
        state.failures = row["failures"]
        state.failingSince = date(row["failing_since"])
        state.etag = row["etag"]
        state.lastModified = row["last_modified"]
        return state
    }

    static func save(_ db: Database, agreement: String, feed: String, _ s: FeedState) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO feed (agreement, feed, file_url, moved_to, health, last_attempt, last_success, last_status,
                                         last_error, next_attempt, failures, failing_since, etag, last_modified)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                agreement, feed, s.fileURL, s.movedTo, s.health.rawValue, s.lastAttempt?.timeIntervalSince1970,
                s.lastSuccess?.timeIntervalSince1970, s.lastStatus, s.lastError, s.nextAttempt?.timeIntervalSince1970,
                s.failures, s.failingSince?.timeIntervalSince1970, s.etag, s.lastModified,
            ])
    }

    private static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }

    /// Seen, recorded and waiting items per feed (of one feed when named).
    static func counts(_ db: Database, agreement: String, feed: String) throws -> Counts {
        try counts(db, filter: " WHERE agreement = ? AND feed = ?", arguments: [agreement, feed])[Key(agreement: agreement, feed: feed)]
            ?? Counts()
    }

    static func counts(_ db: Database, filter: String = "", arguments: StatementArguments = []) throws -> [Key: Counts] {
        var result: [Key: Counts] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT agreement, feed, COUNT(*), SUM(state = 'recorded'), SUM(state = 'waiting') FROM feed_item\(filter)
            GROUP BY agreement, feed
            """, arguments: arguments)
        while let row = try rows.next() {
            result[Key(agreement: row[0], feed: row[1])] = Counts(seen: row[2], recorded: row[3] ?? 0, waiting: row[4] ?? 0)
        }
        return result
    }

    /// A live delivery of the agreement with this key, or recorded by hand with this URL or a form of it that
    /// normalizes to it (`url` is the item's normalized URL).
    static func existingDelivery(_ db: Database, agreement: String, key: String?, url: String?) throws -> Int64? {
        if let key, let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM delivery WHERE agreement = ? AND key = ? AND voided_at IS NULL"),
            arguments: [agreement, DeliveryRows.normalizedKey(key)]) {
            return id
        }
        guard let url else { return nil }
        // Two lookups, each on its partial index.
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM delivery WHERE agreement = ? AND url = ? AND voided_at IS NULL AND url IS NOT NULL LIMIT 1"),
            arguments: [agreement, url]) {
            return id
        }
        return try Int64.fetchOne(
            db.cachedStatement(sql: """
                SELECT id FROM delivery WHERE agreement = ? AND url_key = ? AND voided_at IS NULL AND url_key IS NOT NULL LIMIT 1
                """),
            arguments: [agreement, url])
    }

    /// Whether another feed of the agreement already offered, recorded or had rejected this item.
    static func heldByAnotherFeed(_ db: Database, agreement: String, feed: String, key: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM feed_item WHERE agreement = ? AND key = ? AND feed <> ?
                           AND state IN ('waiting', 'recorded', 'rejected'))
            """), arguments: [agreement, key, feed]) ?? false
    }

    static func candidate(_ row: Row) throws -> InboxCandidate {
        let text: String? = row["published"]
        guard let text, let published = PublicationTime(parsing: text) else {
            throw StoreError.invalid("The inbox holds an item without a readable date.")
        }
        let matched: String? = row["matched"]
        return InboxCandidate(
            id: row["id"], agreement: row["agreement"], feed: row["feed"], published: published, outlet: row["outlet"] ?? "",
            title: row["title"] ?? "", url: row["url"], externalID: row["external_id"],
            matched: try matched.map(decodeWords) ?? [])
    }

    /// The delivery a waiting item records, as it was taken from its feed.
    static func delivery(_ row: Row, _ candidate: InboxCandidate) throws -> Delivery {
        let tags: String? = row["tags"]
        return Delivery(
            agreement: candidate.agreement, published: candidate.published, kind: row["kind"] ?? "article",
            language: row["language"] ?? "vi", outlet: candidate.outlet.isEmpty ? nil : candidate.outlet,
            title: candidate.title.isEmpty ? nil : candidate.title, url: candidate.url, tags: try tags.map(DeliveryRows.decodeTags) ?? [],
            externalID: candidate.externalID)
    }

    static func encodeWords(_ words: [String]) -> String { DeliveryRows.encodeTags(words) }

    static func decodeWords(_ text: String) throws -> [String] { try DeliveryRows.decodeTags(text) }
}
