import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

/// Staged imports (SPEC §5): rows arrive in batches on one connection and are committed in one
/// transaction by a final call; a disconnect or an error aborts them, leaving nothing.
public actor ImportSessions {
    /// One staged import.
    struct Session {
        var connectionID: UInt64
        var uid: UInt32
        var defaultAgreement: String?
        var allowFuture: Bool
        var dryRun: Bool
        /// The checked rows, on disk as they arrive (the daemon's memory does not grow with an import).
        var rows: StagedRows
        var errors: [RowError] = []
        var errorCount = 0
        var received = 0
        /// The agreements its rows name (`Checker.beforeChange(of:)`).
        var agreements: Set<String> = []

        /// Counts a batch whose rows are already staged.
        mutating func absorb(_ batch: Batch) -> Int {
            agreements.formUnion(batch.agreements)
            errorCount += batch.errorCount
            errors += batch.errors.prefix(max(0, 100 - errors.count))
            received += batch.received
            return received
        }
    }

    /// Rows one import may stage, to bound the daemon's memory.
    public static let maximumRows = 2_000_000
    /// Imports staged at once.
    public static let maximumSessions = 64

    private var sessions: [String: Session] = [:]

    public init() {}

    func begin(_ session: Session) throws(VarlinkError) -> String {
        guard sessions.count < Self.maximumSessions else {
            throw VarlinkError.invalidArgument("import_id", reason: "\(Self.maximumSessions) imports are already staged; commit or abort one first")
        }
        let id = UUID().uuidString.lowercased()
        sessions[id] = session
        return id
    }

    /// What validating a batch of an import needs to know about it, and where its rows go.
    struct Options {
        var defaultAgreement: String?
        var allowFuture: Bool
        var received: Int
        var errorCount: Int
        var rows: StagedRows
    }

    /// One batch of rows, validated.
    struct Batch {
        var received: Int
        var rows: [NumberedDelivery] = []
        var errors: [RowError] = []
        var errorCount = 0
        /// The agreements its valid rows name.
        var agreements: Set<String> = []
        /// The agreement of the row before, which the next one usually shares.
        private var lastAgreement: String?

        init(received: Int) {
            self.received = received
        }

        mutating func note(_ agreement: String) {
            guard agreement != lastAgreement else { return }
            agreements.insert(agreement)
            lastAgreement = agreement
        }

        mutating func reject(line: Int, reason: String) {
            errorCount += 1
            if errors.count < 100 { errors.append(RowError(line: line, reason: reason)) }
        }
    }

    func options(_ id: String, connectionID: UInt64) throws(VarlinkError) -> Options {
        guard let session = sessions[id], session.connectionID == connectionID else { throw VarlinkError.noSuchImport(id) }
        return Options(defaultAgreement: session.defaultAgreement, allowFuture: session.allowFuture, received: session.received,
                       errorCount: session.errorCount, rows: session.rows)
    }

    /// Counts a validated batch, whose rows the caller has staged, and returns the rows received so far.
    func stage(_ batch: Batch, into id: String, connectionID: UInt64) throws(VarlinkError) -> Int {
        guard sessions[id]?.connectionID == connectionID, let received = sessions[id]?.absorb(batch) else {
            throw VarlinkError.noSuchImport(id)
        }
        return received
    }

    /// Removes the import, to commit it.
    func take(_ id: String, connectionID: UInt64) throws(VarlinkError) -> Session {
        guard let session = sessions[id], session.connectionID == connectionID else { throw VarlinkError.noSuchImport(id) }
        sessions[id] = nil
        return session
    }

    @discardableResult
    func remove(_ id: String) -> Session? {
        sessions.removeValue(forKey: id)
    }

    /// Aborts every import of a connection that went away.
    func abort(connectionID: UInt64) {
        sessions = sessions.filter { $0.value.connectionID != connectionID }
    }
}
