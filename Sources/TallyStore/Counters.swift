import Foundation
import GRDB
import TallyCore

/// What an agreement's counters are built from: its zone and every quota and campaign filter.
///
/// Stored as canonical JSON (the agreement's fingerprint) so that a changed filter or zone is noticed, and so
/// that `void` can decrement the right counters without being handed the configuration.
struct CounterPlan: Codable, Equatable {
    struct Subject: Codable, Equatable {
        /// `quota` or `campaign`.
        var kind: String
        var id: String
        var kinds: [String]?
        var languages: [String]?
        var outlets: [String]?
        var tags: [String]?
        /// A quota's filters amended from a day on (SPEC §9), in order; absent when never amended, so that the
        /// stored form of an agreement without amendments stays what it was.
        var changes: [FilterChange]?

        var filter: DeliveryFilter { DeliveryFilter(kinds: kinds, languages: languages, outlets: outlets, tags: tags) }

        // Declared in sorted order, the order they are stored in, so that the writer need not reorder them.
        private enum CodingKeys: String, CodingKey {
            case changes, id, kind, kinds, languages, outlets, tags
        }
    }

    /// The filters in force from `from` (an ISO date) on.
    struct FilterChange: Codable, Equatable {
        var from: String
        var kinds: [String]?
        var languages: [String]?
        var outlets: [String]?
        var tags: [String]?

        var filter: DeliveryFilter { DeliveryFilter(kinds: kinds, languages: languages, outlets: outlets, tags: tags) }

        private enum CodingKeys: String, CodingKey {
            case from, kinds, languages, outlets, tags
        }
    }

    var timeZone: String
    var subjects: [Subject]

    private enum CodingKeys: String, CodingKey {
        case subjects, timeZone
    }

    init(_ agreement: Agreement) {
        timeZone = agreement.timeZone.identifier
        subjects =
            agreement.schedules.map { schedule in
                var subject = Subject(kind: "quota", id: schedule.id, filter: schedule.quota.filter)
                var last = schedule.quota.filter
                var changes: [FilterChange] = []
                for change in schedule.changes where change.terms.filter != last {
                    last = change.terms.filter
                    changes.append(FilterChange(from: change.from.description, kinds: last.kinds, languages: last.languages,
                                                outlets: last.outlets, tags: last.tags))
                }
                subject.changes = changes.isEmpty ? nil : changes
                return subject
            }
            + agreement.campaigns.map { Subject(kind: "campaign", id: $0.id, filter: $0.filter) }
    }

    /// The plan as stored: changing this form would rebuild every agreement's counters.
    var fingerprint: String { StoredJSON.text(self) }

    static func decode(_ fingerprint: String) throws -> CounterPlan {
        try JSONDecoder().decode(CounterPlan.self, from: Data(fingerprint.utf8))
    }

    /// The plan with its filters built once, ready to match many deliveries.
    func matcher() throws -> CounterMatcher {
        guard let zone = TimeZone(identifier: timeZone) else {
            throw StoreError.invalid("The stored time zone \(timeZone) is unknown to this system.")
        }
        return CounterMatcher(zone: zone, subjects: try subjects.map { subject in
            let changes = try (subject.changes ?? []).map { change in
                guard let from = CivilDate(iso: change.from) else {
                    throw StoreError.invalid("The stored filter change date \(change.from) is not a date.")
                }
                return (from: from, filter: change.filter)
            }
            return CounterMatcher.Subject(kind: subject.kind, id: subject.id, filter: subject.filter, changes: changes)
        })
    }
}

extension CounterPlan.Subject {
    init(kind: String, id: String, filter: DeliveryFilter) {
        self.init(kind: kind, id: id, kinds: filter.kinds, languages: filter.languages, outlets: filter.outlets, tags: filter.tags)
    }
}

/// Matches deliveries to the subjects (quotas, campaigns) they count for.
struct CounterMatcher {
    /// A quota or campaign and its filters; a quota's amended filters apply from their day on.
    struct Subject {
        var kind: String
        var id: String
        var filter: DeliveryFilter
        var changes: [(from: CivilDate, filter: DeliveryFilter)] = []

        /// The filter in force on `day`.
        func filter(on day: CivilDate) -> DeliveryFilter {
            changes.last { $0.from <= day }?.filter ?? filter
        }
    }

    var zone: TimeZone
    var subjects: [Subject]

    /// The subjects a delivery published on `day` counts for.
    func subjects(matching attributes: DeliveryAttributes, on day: CivilDate) -> [(kind: String, id: String)] {
        subjectIndices(matching: attributes, on: day).map { (subjects[$0].kind, subjects[$0].id) }
    }

    /// The indices in `subjects` of those a delivery published on `day` counts for.
    func subjectIndices(matching attributes: DeliveryAttributes, on day: CivilDate) -> [Int] {
        subjectIndices(matching: DeliveryFilter.Normalized(attributes), on: day)
    }

    /// The indices in `subjects` of those a delivery with these normalised attributes, published on `day`, counts for.
    func subjectIndices(matching normalized: DeliveryFilter.Normalized, on day: CivilDate) -> [Int] {
        subjects.indices.filter { subjects[$0].filter(on: day).matches(normalized) }
    }

    /// Counter deltas of `count` on `day` for the subjects at `indices`.
    func counts(_ count: Int, on day: CivilDate, subjects indices: [Int]) -> [CounterKey: Int] {
        var counts: [CounterKey: Int] = [:]
        for index in indices {
            counts[CounterKey(kind: subjects[index].kind, id: subjects[index].id, day: day.description)] = count
        }
        return counts
    }
}

/// A counter cell: one subject's sum on one day.
struct CounterKey: Hashable {
    var kind: String
    var id: String
    var day: String
}

/// Maintains `subject_day`, the per-day sums that evaluation reads.
enum Counters {
    /// Makes the agreement's counters match its current filters and zone, rebuilding them when either changed,
    /// and records when the store first saw the agreement. Returns the matcher to count new deliveries with.
    ///
    /// `planned` is the agreement's plan and fingerprint when the caller has them already.
    static func ensure(_ db: Database, _ agreement: Agreement, at now: Date,
                       planned: (plan: CounterPlan, fingerprint: String)? = nil) throws -> CounterMatcher {
        let plan = planned?.plan ?? CounterPlan(agreement)
        let fingerprint = planned?.fingerprint ?? plan.fingerprint
        let stored = try String.fetchOne(
            db.cachedStatement(sql: "SELECT fingerprint FROM agreement WHERE id = ?"), arguments: [agreement.id])
        let matcher = try plan.matcher()
        if stored == fingerprint { return matcher }
        if stored == nil {
            try db.cachedStatement(sql: "INSERT INTO agreement (id, first_seen, fingerprint) VALUES (?, ?, ?)")
                .execute(arguments: [agreement.id, now.timeIntervalSince1970, fingerprint])
        } else {
            try db.cachedStatement(sql: "UPDATE agreement SET fingerprint = ? WHERE id = ?")
                .execute(arguments: [fingerprint, agreement.id])
        }
        try rebuild(db, agreement: agreement.id, matcher: matcher)
        return matcher
    }

    /// The matcher the agreement's counters were last built with, if the store has seen the agreement.
    static func storedMatcher(_ db: Database, agreement: String) throws -> CounterMatcher? {
        guard let fingerprint = try String.fetchOne(db, sql: "SELECT fingerprint FROM agreement WHERE id = ?", arguments: [agreement])
        else { return nil }
        return try CounterPlan.decode(fingerprint).matcher()
    }

    /// Recounts an agreement from its deliveries, in pages by id so memory stays bounded whatever their number.
    /// Also recomputes each delivery's day, since the zone may have changed.
    static func rebuild(_ db: Database, agreement: String, matcher: CounterMatcher) throws {
        try db.cachedStatement(sql: "DELETE FROM subject_day WHERE agreement = ?").execute(arguments: [agreement])
        var sums: [CounterKey: Int] = [:]
        var lastID: Int64 = 0
        let page = try db.cachedStatement(sql: """
            SELECT id, published, day, kind, language, outlet, tags, count, voided_at FROM delivery
            WHERE agreement = ? AND id > ? ORDER BY id LIMIT 1000
            """)
        let moveDay = try db.cachedStatement(sql: "UPDATE delivery SET day = ? WHERE id = ?")
        while true {
            let rows = try Row.fetchAll(page, arguments: [agreement, lastID])
            guard let last = rows.last else { break }
            lastID = last["id"]
            for row in rows {
                let published: String = row["published"]
                guard let time = PublicationTime(parsing: published) else {
                    throw StoreError.invalid("Delivery \(row["id"] as Int64) has an unreadable publication time \(published).")
                }
                let day = time.date(in: matcher.zone).description
                if day != row["day"] as String {
                    try moveDay.execute(arguments: [day, row["id"] as Int64])
                }
                guard row["voided_at"] as Double? == nil else { continue }
                let attributes = DeliveryAttributes(
                    kind: row["kind"], language: row["language"], outlet: row["outlet"], tags: try DeliveryRows.decodeTags(row["tags"]))
                for subject in matcher.subjects(matching: attributes, on: time.date(in: matcher.zone)) {
                    sums[CounterKey(kind: subject.kind, id: subject.id, day: day), default: 0] += row["count"] as Int
                }
            }
        }
        try add(db, agreement: agreement, sums)
    }

    /// Adds (or with negative values, removes) counts; cells that reach zero are dropped.
    static func add(_ db: Database, agreement: String, _ deltas: [CounterKey: Int]) throws {
        try add(db, agreement: agreement, cells: deltas.map { ($0.key, $0.value) })
    }

    /// Cells one upsert statement writes: five values each, far below SQLite's limit on bound parameters.
    static let cellsPerUpsert = 100

    /// `add` for cells given as a list, each cell at most once.
    ///
    /// Additions go in multi-row upserts: an import adds to ~150,000 cells, and one statement per cell made
    /// the statement's overhead the cost.
    static func add(_ db: Database, agreement: String, cells: [(key: CounterKey, delta: Int)]) throws {
        let additions = cells.filter { $0.delta > 0 }
        var start = additions.startIndex
        while start < additions.endIndex {
            let chunk = additions[start..<min(start + cellsPerUpsert, additions.endIndex)]
            let rows = Array(repeating: "(?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO subject_day (agreement, subject_kind, subject_id, day, count) VALUES \(rows)
                ON CONFLICT (agreement, subject_kind, subject_id, day) DO UPDATE SET count = count + excluded.count
                """)
            var values: [(any DatabaseValueConvertible)?] = []
            values.reserveCapacity(chunk.count * 5)
            for (key, delta) in chunk { values += [agreement, key.kind, key.id, key.day, delta] }
            try upsert.execute(arguments: StatementArguments(values))
            start = chunk.endIndex
        }
        let removals = cells.filter { $0.delta < 0 }
        guard !removals.isEmpty else { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO subject_day (agreement, subject_kind, subject_id, day, count) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (agreement, subject_kind, subject_id, day) DO UPDATE SET count = count + excluded.count
            """)
        let prune = try db.cachedStatement(sql: """
            DELETE FROM subject_day WHERE agreement = ? AND subject_kind = ? AND subject_id = ? AND day = ? AND count <= 0
            """)
        for (key, delta) in removals {
            try upsert.execute(arguments: [agreement, key.kind, key.id, key.day, delta])
            try prune.execute(arguments: [agreement, key.kind, key.id, key.day])
        }
    }
}

/// `DeliveryCounts` over one read transaction: every answer comes from the same snapshot.
struct SnapshotCounts: DailyDeliveryCounts {
    let db: Database

    func quotaDays(agreement: String, quota: String, from: CivilDate, through: CivilDate) throws -> [DayCount] {
        try days(agreement: agreement, kind: "quota", id: quota, from: from, through: through)
    }

    func delivered(agreement: String, quota: String, from: CivilDate, through: CivilDate) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: """
                SELECT COALESCE(SUM(count), 0) FROM subject_day
                WHERE agreement = ? AND subject_kind = 'quota' AND subject_id = ? AND day BETWEEN ? AND ?
                """),
            arguments: [agreement, quota, from.description, through.description]) ?? 0
    }

    func campaignDays(agreement: String, campaign: String, from: CivilDate, through: CivilDate) throws -> [DayCount] {
        try days(agreement: agreement, kind: "campaign", id: campaign, from: from, through: through)
    }

    /// The sums of many windows from one walk over the quota's days: a statement per window made the first pass
    /// over 2,000 new agreements (400,000 closed windows) a matter of seconds.
    func delivered(agreement: String, quota: String, windows: [QuotaWindow]) throws -> [Int] {
        guard windows.count > 1, let first = windows.first?.start, let last = windows.map(\.end).max() else {
            return try windows.map { try delivered(agreement: agreement, quota: quota, from: $0.start, through: $0.end) }
        }
        let days = try quotaDays(agreement: agreement, quota: quota, from: first, through: last)
        return windows.map { window in
            // A binary search for the window's first day, then a walk through its days.
            var (index, end) = (0, days.count)
            while index < end {
                let middle = (index + end) / 2
                if days[middle].date < window.start { index = middle + 1 } else { end = middle }
            }
            var sum = 0
            while index < days.count, days[index].date <= window.end {
                sum += days[index].count
                index += 1
            }
            return sum
        }
    }

    /// Per-day counts of one subject, in date order, days with nothing left out.
    private func days(agreement: String, kind: String, id: String, from: CivilDate, through: CivilDate) throws -> [DayCount] {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT CAST(julianday(day) - 2440587.5 AS INTEGER), count FROM subject_day
                WHERE agreement = ? AND subject_kind = ? AND subject_id = ? AND day BETWEEN ? AND ? AND count > 0
                ORDER BY day
                """),
            arguments: [agreement, kind, id, from.description, through.description])
        // SQLite turns the day into days since 1970 in C: building a String per row and parsing it back was a
        // tenth of every pass (a campaign reads up to 180 rows).
        var days: [DayCount] = []
        while let row = try rows.next() {
            guard let number = row[0] as Int? else { throw StoreError.invalid("A stored day is not a date.") }
            days.append(DayCount(date: CivilDate(dayNumber: number), count: row[1]))
        }
        return days
    }

    func lastRecorded(agreement: String) throws -> Date? {
        try Double.fetchOne(
            db.cachedStatement(sql: "SELECT last_recorded FROM agreement WHERE id = ?"), arguments: [agreement]
        ).map(Date.init(timeIntervalSince1970:))
    }

    func manualCompletions(agreement: String) throws -> [String: CivilDate] {
        try Milestones.completions(db, agreement: agreement)
    }
}
