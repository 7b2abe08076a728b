import Foundation
import GRDB
import TallyCore

extension TallyStore {
    /// `PRAGMA cache_size` during an import: 8 MiB at most, used only as far as the import needs it. The cache is
    /// most of what a large import adds to the daemon's memory: a 2 M-row import peaked at 173 MiB with 64 MiB,
    /// 126 with 16 and 116 with 8 (issue 15, row 3: 128), its time unchanged (64–67 s), and so was the 100,000-row
    /// import's (31.8k and 32.1k rows/s at 64 MiB, 31.5k–32.7k at 16, 31.9k and 32.2k at 8).
    static let importCacheSize = -8_192

    /// Most bad rows an import error lists; the rest are only counted.
    public static let maxListedRowErrors = 100

    /// Imports rows in one write transaction: all of them or none.
    ///
    /// Every row needs an external id or a URL. Rows identical to a stored delivery, or to an earlier row of
    /// the same import, count as unchanged. Bad rows (unknown agreement, invalid values, no key, a conflict
    /// with a stored delivery or with another row) are collected and thrown together as `importRejected`,
    /// with nothing written. A dry run validates everything, then rolls back. The audit log gets one entry
    /// per agreement that gained deliveries.
    public func importDeliveries(
        _ rows: [NumberedDelivery], agreements: [String: Agreement], by uid: UInt32, at now: Date, dryRun: Bool
    ) throws -> ImportResult {
        try importDeliveries(agreements: agreements, by: uid, at: now, dryRun: dryRun) { add in
            for row in rows { try add(row) }
        }
    }

    /// A new, empty staging file for the rows of one import, beside the database.
    public func stageImport() throws -> StagedRows {
        do {
            return try StagedRows(directory: (path as NSString).deletingLastPathComponent)
        } catch let error as DatabaseError {
            throw StoreError.database(operation: "staging an import", message: error.message ?? "\(error.resultCode)")
        }
    }

    /// `importDeliveries` of the rows staged in `staged`, read back from disk as they are stored.
    public func importDeliveries(
        _ staged: StagedRows, agreements: [String: Agreement], by uid: UInt32, at now: Date, dryRun: Bool
    ) throws -> ImportResult {
        try importDeliveries(agreements: agreements, by: uid, at: now, dryRun: dryRun) { add in
            try staged.forEach(add)
        }
    }

    /// Counter cells an import keeps in memory for the agreements it set aside before it writes them: rows
    /// usually come grouped by agreement, so an agreement's sums are seldom written in two parts, while those of
    /// an import of millions of rows (a few cells a row) do not pile up.
    static let importPendingCells = 100_000

    /// The import of the rows `rows` hands to its argument, one by one.
    func importDeliveries(
        agreements: [String: Agreement], by uid: UInt32, at now: Date, dryRun: Bool,
        pendingCellLimit: Int = importPendingCells, rows: ((NumberedDelivery) throws -> Void) throws -> Void
    ) throws -> ImportResult {
        var changed = CountsChange.all
        return try writing("importing deliveries", rollback: dryRun, counts: changed) { db in
            // A large import dirties more pages (new rows, both delivery indexes, counters) than SQLite's default
            // 2 MB cache holds: evicted pages were written to the WAL and read back again, a third of the import's
            // I/O. The transaction gets a larger cache, given back (its pages freed) when it ends.
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = \(Self.importCacheSize)")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            var importer = try Importer(db: db, agreements: agreements, uid: uid, now: now, pendingCellLimit: pendingCellLimit)
            try rows { try importer.add($0) }
            if importer.errorCount > 0 {
                throw StoreError.importRejected(importer.errors, total: importer.errorCount)
            }
            var touched: [String: Set<CivilDate>] = [:]
            let finished = importer.finished()
            // Every agreement a row named: their counters were brought in line with their filters (`ensure`), and
            // those with new deliveries counted them.
            changed = .agreements(Set(finished.keys))
            for (id, tally) in finished.sorted(by: { $0.key < $1.key }) {
                try Counters.add(db, agreement: id, cells: tally.counterDeltas())
                if !tally.days.isEmpty { touched[id] = tally.days }
                guard tally.created > 0 else { continue }
                try noteRecorded(db, agreement: id, at: now)
                try audit(
                    db, at: now, uid: uid, agreement: id, action: .import,
                    detail: ["created": String(tally.created), "unchanged": String(tally.unchanged)])
            }
            return ImportResult(
                created: importer.created, unchanged: importer.unchanged, touchedDays: touched, dryRun: dryRun)
        }
    }
}

/// What an import did to one agreement: its rows counted, and its counter deltas summed per cell, so that each
/// `subject_day` cell is written once however many rows add to it.
private struct AgreementTally {
    /// A counter cell by subject index (into the matcher's subjects) and day number.
    struct Cell: Hashable {
        var subject: Int
        var day: Int
    }

    let matcher: CounterMatcher
    var created = 0
    var unchanged = 0
    var sums: [Cell: Int] = [:]
    var days: Set<CivilDate> = []

    init(matcher: CounterMatcher) {
        self.matcher = matcher
    }

    mutating func count(_ delivery: Delivery, on day: CivilDate, subjects: [Int]) {
        created += 1
        days.insert(day)
        for subject in subjects { sums[Cell(subject: subject, day: day.dayNumber), default: 0] += delivery.count }
    }

    /// The sums as counter cells, each once.
    func counterDeltas() -> [(key: CounterKey, delta: Int)] {
        var dayTexts: [Int: String] = [:]
        return sums.map { cell, sum in
            let subject = matcher.subjects[cell.subject]
            let day = dayTexts[cell.day] ?? CivilDate(dayNumber: cell.day).description
            dayTexts[cell.day] = day
            return (CounterKey(kind: subject.kind, id: subject.id, day: day), sum)
        }
    }
}

/// One import in progress, inside its transaction.
private struct Importer {
    let db: Database
    var writer: DeliveryRows.Writer
    let agreements: [String: Agreement]
    let uid: UInt32
    let now: Date

    /// Agreements already met in this import; rows usually come grouped by agreement, so the one at hand is
    /// kept apart in `current` rather than looked up for every row.
    private var tallies: [String: AgreementTally] = [:]
    private var current: (agreement: Agreement, tally: AgreementTally)?
    /// The line of each delivery this import created, to name it when a later row conflicts with it.
    private var createdLines = CreatedLines()
    /// Counter cells summed in the tallies set aside and not yet written, and how many may be.
    private var pendingCells = 0
    let pendingCellLimit: Int
    var created = 0
    var unchanged = 0
    var errors: [RowError] = []
    var errorCount = 0

    init(db: Database, agreements: [String: Agreement], uid: UInt32, now: Date, pendingCellLimit: Int) throws {
        self.db = db
        self.pendingCellLimit = pendingCellLimit
        writer = try DeliveryRows.Writer(db)
        self.agreements = agreements
        self.uid = uid
        self.now = now
    }

    mutating func add(_ row: NumberedDelivery) throws {
        let delivery = row.delivery
        if current?.agreement.id != delivery.agreement {
            guard let agreement = agreements[delivery.agreement] else {
                return reject(row, "there is no agreement \(delivery.agreement)")
            }
            try switchTo(agreement)
        }
        guard let matcher = current?.tally.matcher else { return }
        do {
            try DeliveryRows.validate(delivery)
        } catch let error as StoreError {
            return reject(row, sentenceFragment(error.description))
        }
        guard let key = delivery.key.map(DeliveryRows.normalizedKey) else {
            return reject(row, "the row has neither an id nor a URL; every imported row needs one so that importing it again adds nothing")
        }
        // The tally is changed in place through `current`: a copy changed and stored back would copy its sums.
        switch try writer.insert(delivery, matcher: matcher, by: uid, at: now) {
        case .unchanged:
            unchanged += 1
            current?.tally.unchanged += 1
        case .conflict(let existing, _, let fields):
            let differing = fields.joined(separator: ", ")
            if let line = createdLines[existing] {
                reject(row, "it has the same \(StoreError.keyName(key)) as line \(line) but a different \(differing)")
            } else {
                reject(row, "delivery \(existing) already has the \(StoreError.keyName(key)) with a different \(differing)")
            }
        case .created(let id, let day, let subjects):
            created += 1
            createdLines.add(id: id, line: row.line)
            current?.tally.count(delivery, on: day, subjects: subjects)
        }
    }

    /// Makes `agreement` the current one, setting the previous one aside.
    private mutating func switchTo(_ agreement: Agreement) throws {
        if let (previous, tally) = current {
            tallies[previous.id] = tally
            pendingCells += tally.sums.count
        }
        current = nil
        if pendingCells > pendingCellLimit { try writePendingCells() }
        if let known = tallies.removeValue(forKey: agreement.id) {
            current = (agreement, known)
        } else {
            current = (agreement, AgreementTally(matcher: try Counters.ensure(db, agreement, at: now)))
        }
    }

    /// Adds the sums of the tallies set aside to the counters, and forgets them.
    private mutating func writePendingCells() throws {
        for id in tallies.keys.sorted() where !(tallies[id]?.sums.isEmpty ?? true) {
            try Counters.add(db, agreement: id, cells: tallies[id]?.counterDeltas() ?? [])
            tallies[id]?.sums = [:]
        }
        pendingCells = 0
    }

    /// Every agreement's tally, once all rows were added.
    mutating func finished() -> [String: AgreementTally] {
        if let (agreement, tally) = current { tallies[agreement.id] = tally }
        current = nil
        return tallies
    }

    mutating func reject(_ row: NumberedDelivery, _ message: String) {
        errorCount += 1
        if errors.count < TallyStore.maxListedRowErrors { errors.append(RowError(line: row.line, reason: message)) }
    }

    /// A store error sentence, lower-cased and without its full stop, to follow "line N:".
    private func sentenceFragment(_ sentence: String) -> String {
        var text = sentence
        if text.hasSuffix(".") { text.removeLast() }
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}

/// The line of each delivery an import created. The ids one import creates follow each other (AUTOINCREMENT,
/// one writer), so they are kept as one array of lines, 4 bytes a row, rather than a dictionary.
private struct CreatedLines {
    private var first: Int64 = 0
    private var lines: [Int32] = []
    private var others: [Int64: Int] = [:]

    mutating func add(id: Int64, line: Int) {
        if lines.isEmpty { first = id }
        if id == first + Int64(lines.count), let short = Int32(exactly: line) {
            lines.append(short)
        } else {
            others[id] = line
        }
    }

    subscript(id: Int64) -> Int? {
        if let line = others[id] { return line }
        let offset = id - first
        return offset >= 0 && offset < lines.count ? Int(lines[Int(offset)]) : nil
    }
}
