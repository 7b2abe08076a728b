import Foundation
import GRDB
import TallyCore

/// tally's database: deliveries, their per-day counters, the audit log, milestones and alert bookkeeping,
/// in one SQLite file in WAL mode. Every write is one transaction: a failed write leaves the file as it was.
///
/// Evaluation never scans deliveries: `subject_day` holds, per agreement, quota or campaign and day, the sum of
/// the non-void matching deliveries, updated in the transaction of every record, void and import. Filters
/// live in configuration, so each agreement's row keeps the filters and zone its counters were built with
/// (its fingerprint); `synchronize`, `record` and the import rebuild an agreement's counters when they
/// change, and `void` decrements with the stored filters. Times are stored as seconds since 1970, days as
/// `YYYY-MM-DD` in the agreement's zone. Text with NUL is refused (it would not read back whole), as is any
/// text field over 32 KiB. Writing the identical item again writes nothing, not even an audit entry; an
/// import writes one audit entry per agreement it added deliveries to.
public final class TallyStore: Sendable {
    let dbPool: DatabasePool
    /// Advanced once every write transaction is over: what every cache below is kept under.
    let writes = WriteGeneration()
    /// Counts answered between writes.
    let memo: CountsMemo
    /// The bookkeeping of every agreement.
    let books = KeptUntilWrite<PassBookkeeping?>(nil)
    /// The number of all deliveries.
    let totalDeliveries = KeptUntilWrite<Int?>(nil)

    /// `read`'s value, or the one `kept` holds if no write transaction has ended since it was read.
    func keptUntilWrite<Value>(_ kept: KeptUntilWrite<Value?>, _ read: () throws -> Value) rethrows -> Value {
        try kept.value(writes.current(.everyWrite), read)
    }

    /// Where the database lives.
    public var path: String { dbPool.path }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// The parent directory must exist.
    public init(path: String) throws {
        memo = CountsMemo(writes: writes)
        var configuration = Configuration()
        configuration.label = "tally"
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        // Readers are short (counts come from memory between writes, see CountsMemo) and each keeps its own
        // page cache: two of them serve 64 concurrent clients with no errors and keep the daemon's memory down.
        configuration.maximumReaderCount = 2
        // A pass or a status of everything reads far more pages than any cache holds, and what it needs again
        // is remembered above SQLite (CountsMemo); 1 MiB per connection keeps the b-tree interiors. An import
        // raises the writer's for its transaction.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -1024")
        }
        do {
            dbPool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        try guarded("opening the database") {
            // GRDB sets synchronous=NORMAL on the writer when it enables WAL; an acknowledged delivery must
            // survive a power loss, so the writer goes back to FULL.
            try dbPool.barrierWriteWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try Schema.migrator.migrate(dbPool)
        }
        StagedRows.removeLeftovers(in: (path as NSString).deletingLastPathComponent)
    }

    /// `PRAGMA synchronous` of the writer connection (2 = FULL).
    public func writerSynchronousMode() throws -> Int {
        try guarded("reading the synchronous mode") {
            try dbPool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        }
    }

    /// Runs `body` with delivery counts read from one consistent snapshot, so a whole evaluation pass sees
    /// the same data. The counts must not be used after `body` returns.
    public func read<T>(_ body: (any DeliveryCounts) throws -> T) throws -> T {
        try guarded("reading delivery counts") {
            try dbPool.read { db in try body(SnapshotCounts(db: db)) }
        }
    }

    /// Lets go of the window sums and campaign days remembered by `readRemembered` (the last-recorded times and
    /// completions stay): once the daemon keeps the evaluations made from them, they would be asked again only on
    /// another date, which asks other windows, or for a what-if.
    public func forgetRememberedSums() {
        memo.forgetSums()
    }

    /// The generation of the delivery counts (see `WriteGeneration`): a value computed from an agreement's counts
    /// read after taking it may be kept under it in a `KeptPerAgreement`, and is served only while no write that may
    /// change that agreement's counts has ended since.
    public var countsGeneration: UInt64 { writes.current(.counts) }

    /// Like `read`, with answers remembered from earlier reads while no write has committed since (see
    /// `CountsMemo`): what evaluation passes and status calls use, since they ask the same questions again.
    public func readRemembered<T>(_ body: (any DeliveryCounts) throws -> T) throws -> T {
        let generation = writes.current(.counts)
        return try guarded("reading delivery counts") {
            try dbPool.read { db in try body(memo.counts(SnapshotCounts(db: db), generation: generation)) }
        }
    }

    /// Brings every agreement's counters in line with its current filters and zone, rebuilding those whose
    /// fingerprint changed, and notes agreements seen for the first time at `now`.
    ///
    /// The stored fingerprints are read first, in one query, and only agreements that are new or changed
    /// enter the write transaction: at an ordinary start or reload nothing is written at all, so nothing
    /// remembered is forgotten.
    public func synchronize(agreements: [Agreement], at now: Date) throws {
        let stored = try guarded("reading agreements") {
            try dbPool.read { db in
                try Dictionary(
                    Row.fetchAll(db, sql: "SELECT id, fingerprint FROM agreement").map { ($0[0] as String, $0[1] as String) },
                    uniquingKeysWith: { first, _ in first })
            }
        }
        // Each plan is written out once: its JSON was most of a first start's synchronizing (issue 15, row 6).
        let changed = agreements.compactMap { agreement in
            let plan = CounterPlan(agreement)
            let fingerprint = plan.fingerprint
            return stored[agreement.id] == fingerprint ? nil : (agreement, (plan, fingerprint))
        }
        guard !changed.isEmpty else { return }
        try writing("synchronizing agreements", counts: .agreements(Set(changed.map(\.0.id)))) { db in
            for (agreement, planned) in changed {
                _ = try Counters.ensure(db, agreement, at: now, planned: planned)
            }
        }
    }

    /// When the store first saw the agreement (synchronize, record or import), or nil if never.
    public func firstSeen(agreement: String) throws -> Date? {
        try guarded("reading an agreement") {
            try dbPool.read { db in
                try Double.fetchOne(db, sql: "SELECT first_seen FROM agreement WHERE id = ?", arguments: [agreement])
                    .map(Date.init(timeIntervalSince1970:))
            }
        }
    }

    /// Writes a consistent copy of the database, taken online, to a new file at `path`.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.backupTargetExists(path) }
        do {
            let copy = try DatabaseQueue(path: path)
            try dbPool.backup(to: copy)
            try copy.close()
        } catch let error as DatabaseError {
            try? FileManager.default.removeItem(atPath: path)
            throw StoreError.database(operation: "writing a backup to \(path)", message: error.message ?? "\(error.resultCode)")
        }
    }

    /// `PRAGMA integrity_check`: `ok`, or the problems found, one a line.
    public func integrityCheck() throws -> String {
        try guarded("checking integrity") {
            try dbPool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
        }
    }

    /// Runs a read, turning SQLite failures into `StoreError`s that say what was being done.
    func guarded<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError.database(operation: operation, message: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs `body` in one immediate write transaction, committed when it returns (rolled back with `rollback`
    /// or when it throws).
    ///
    /// Every write advances the store's `WriteGeneration` once it is over. `counts` says whose delivery counts a
    /// committed transaction may have changed (every agreement's unless said; `.none` for alert bookkeeping, feed
    /// state and settlement); it is evaluated once the transaction is over, so it may name what `body` found. A
    /// transaction rolled back changed none.
    func writing<T>(_ operation: String, rollback: Bool = false, counts: @autoclosure () -> CountsChange = .all,
                    _ body: (Database) throws -> T) throws -> T {
        var committed = false
        defer { writes.advance(committed ? counts() : .none) }
        let result = try guarded(operation) {
            try dbPool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return rollback ? .rollback : .commit
                }
                guard let result else { throw StoreError.invalid("The transaction ended without a result.") }
                return result
            }
        }
        committed = !rollback
        return result
    }

    /// Adds one entry to the audit log.
    func audit(
        _ db: Database, at: Date, uid: UInt32, agreement: String, action: AuditAction, deliveryID: Int64? = nil,
        detail: [String: String]
    ) throws {
        let text = StoredJSON.text(detail)
        try db.cachedStatement(sql: """
            INSERT INTO audit (at, uid, agreement, action, delivery_id, detail) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [at.timeIntervalSince1970, Int64(uid), agreement, action.rawValue, deliveryID, text])
    }
}
