import Foundation
import TallyCore
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
        var rows: [StoreImportRow] = []
        var errors: [TallyProtocol.RowError] = []
        var errorCount = 0
        var received = 0
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

    func session(_ id: String, connectionID: UInt64) throws(VarlinkError) -> Session {
        guard let session = sessions[id], session.connectionID == connectionID else { throw VarlinkError.noSuchImport(id) }
        return session
    }

    func update(_ id: String, _ session: Session) {
        if sessions[id] != nil { sessions[id] = session }
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
