import Foundation
import Logging
import SystemdSupport
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

/// The `io.tally` method handlers: each checks access, asks the store or the core, and maps the
/// answer to the wire. No domain logic lives here.
public struct Control: Sendable {
    let store: TallyStore
    let state: DaemonState
    let checker: Checker
    let publisher: AlertPublisher
    let imports: ImportSessions
    let clock: DaemonClock
    let logger: Logger
    let configPath: String
    let startedAt: Date
    /// Re-reads the configuration (SIGHUP and `Reload` share it).
    let reload: @Sendable () async throws(VarlinkError) -> ReloadReply
    let access = AccessPolicy()
    /// The agreements' status JSON, kept from one status or check reply to the next.
    let statusJSON = StatusJSONCache()

    public init(store: TallyStore, state: DaemonState, checker: Checker, publisher: AlertPublisher, clock: DaemonClock,
                logger: Logger, configPath: String, startedAt: Date,
                reload: @escaping @Sendable () async throws(VarlinkError) -> ReloadReply) {
        self.store = store
        self.state = state
        self.checker = checker
        self.publisher = publisher
        self.imports = ImportSessions()
        self.clock = clock
        self.logger = logger
        self.configPath = configPath
        self.startedAt = startedAt
        self.reload = reload
    }

    /// A dispatcher with every method registered.
    public func dispatcher() -> VarlinkDispatcher {
        let logger = self.logger
        var d = VarlinkDispatcher(
            info: VarlinkServiceInfo(vendor: "tally", product: "tallyd", version: TallyVersion.current,
                                     url: "https://github.com/tally/tally"),
            interfaces: [VarlinkInterface(name: IOTally.name, description: IOTally.description)],
            errors: .tally,
            onUnexpectedError: { method, error in logger.error("\(method) failed unexpectedly: \(error)") })
        d.register(IOTally.getInfo) { _, _ in try await self.info() }
        d.registerEncoded(IOTally.getStatus) { p, _ in
            try statusJSON.reply(try await self.status(agreements: p.agreements), complete: p.agreements?.isEmpty ?? true)
        }
        d.registerEncoded(IOTally.check) { p, context in
            let status = try await self.check(p, context)
            // A what-if's evaluations are not those of now: written afresh, and not kept.
            guard p.at == nil else { return try VarlinkReply(encoding: status) }
            return try statusJSON.reply(status, complete: p.agreements?.isEmpty ?? true)
        }
        d.register(IOTally.listAgreements) { _, _ in try await self.listAgreements() }
        d.register(IOTally.showAgreement) { p, _ in try await self.showAgreement(p.agreement) }
        d.register(IOTally.record) { p, context in try await self.record(p, context) }
        d.register(IOTally.beginImport) { p, context in try await self.beginImport(p, context) }
        d.register(IOTally.addImportRows) { p, context in try await self.addImportRows(p, context) }
        d.register(IOTally.commitImport) { p, context in try await self.commitImport(p, context) }
        d.register(IOTally.abortImport) { p, context in try await self.abortImport(p, context) }
        d.register(IOTally.listDeliveries) { p, _ in try await self.listDeliveries(p) }
        d.register(IOTally.void) { p, context in try await self.void(p, context) }
        d.register(IOTally.milestoneDone) { p, context in try await self.milestone(p, done: true, context) }
        d.register(IOTally.milestoneUndo) { p, context in try await self.milestone(p, done: false, context) }
        d.register(IOTally.listAlerts) { p, _ in try self.listAlerts(p) }
        d.registerStreaming(IOTally.watchAlerts) { p, _, stream in try await self.watchAlerts(p, stream) }
        d.register(IOTally.history) { p, _ in try self.history(p) }
        d.register(IOTally.reload) { _, context in
            try await self.requireWriter(context, IOTally.reload.name)
            return try await self.reload()
        }
        d.register(IOTally.backup) { p, context in try await self.backup(p, context) }
        d.register(IOTally.getReportData) { p, _ in try await self.reportData(p) }
        d.register(IOTally.dueFeeds) { p, context in try await self.dueFeeds(p, context) }
        d.register(IOTally.submitFetch) { p, context in try await self.submitFetch(p, context) }
        d.register(IOTally.listFeeds) { p, _ in try await self.listFeeds(p) }
        d.register(IOTally.listInbox) { p, _ in try await self.listInbox(p) }
        d.register(IOTally.acceptCandidates) { p, context in try await self.acceptCandidates(p, context) }
        d.register(IOTally.rejectCandidates) { p, context in try await self.rejectCandidates(p, context) }
        d.register(IOTally.draftRecord) { p, _ in try await self.draftRecord(p) }
        d.register(IOTally.signRecord) { p, context in try await self.signRecord(p, context) }
        d.register(IOTally.listRecords) { p, _ in try await self.listRecords(p) }
        d.register(IOTally.showRecord) { p, _ in try await self.showRecord(p) }
        d.register(IOTally.recordPayment) { p, context in try await self.recordPayment(p, context) }
        d.register(IOTally.listPayments) { p, _ in try await self.listPayments(p) }
        d.register(IOTally.getStatement) { p, _ in try await self.statement(p) }
        return d
    }

    // MARK: Access

    func requireWriter(_ context: CallContext, _ method: String) async throws(VarlinkError) {
        let writers = await state.snapshot.configuration.writers
        guard access.mayWrite(context.peer, writers: writers) else {
            throw VarlinkError.permissionDenied(method: method, uid: context.peer?.uid ?? UInt32.max)
        }
    }

    // MARK: Helpers

    func agreement(_ id: String, writable: Bool = false) async throws(VarlinkError) -> Agreement {
        guard let (agreement, archived) = await state.snapshot.agreement(id) else {
            throw VarlinkError.noSuchAgreement(id)
        }
        if writable, archived { throw VarlinkError.agreementArchived(id) }
        return agreement
    }

    /// A store call whose failures become Varlink errors that say what happened.
    func storing<T>(_ body: () throws -> T) throws(VarlinkError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            // SQLite's own failures (disk full, I/O) are the operator's business too, not only the client's:
            // tallyctl's message points at the journal for them.
            if error.isDatabaseFailure { logDatabaseError(error) }
            throw Self.wire(error)
        } catch let error as VarlinkError {
            throw error
        } catch {
            logDatabaseError(error)
            throw VarlinkError.databaseError(String(describing: error))
        }
    }

    private func logDatabaseError(_ error: any Error) {
        logger.error("database error: \(error)", metadata: ["MESSAGE_ID": .string(OperationalMessage.databaseError.messageID)])
    }

    static func wire(_ error: StoreError) -> VarlinkError {
        if let fields = error.conflictingFields {
            return VarlinkError.conflict(key: error.conflictKey ?? "", fields: fields, existingID: Int(error.conflictingDeliveryID ?? 0))
        }
        if let (rows, total) = error.rejectedRows {
            return VarlinkError.importRejected(errors: rows, total: total)
        }
        if error.isNoSuchDelivery, let id = error.deliveryID { return VarlinkError.noSuchDelivery(Int(id)) }
        if let id = error.candidateID { return VarlinkError.noSuchCandidate(Int(id)) }
        if let (agreement, code) = error.settlementConflict {
            return VarlinkError.settlementRefused(agreement: agreement, code: code, reason: error.description)
        }
        if error.isDatabaseFailure { return VarlinkError.databaseError(error.description) }
        return VarlinkError.invalidArgument("request", reason: error.description)
    }

    /// A date parameter: `2024-05-15`, `15/05/2024` or a date-time (its written date).
    static func date(_ text: String?, parameter: String) throws(VarlinkError) -> CivilDate? {
        guard let text else { return nil }
        guard let time = PublicationTime(parsing: text) else {
            throw VarlinkError.invalidArgument(parameter, reason: "\"\(text)\" is not a date such as 2024-05-15")
        }
        return time.writtenDate
    }

    /// A page size: default 1000, at most 10000.
    static func limit(_ value: Int?) throws(VarlinkError) -> Int {
        guard let value else { return 1000 }
        guard (1...10_000).contains(value) else {
            throw VarlinkError.invalidArgument("limit", reason: "\(value) is not a page size from 1 to 10000")
        }
        return value
    }
}

/// Who may change data (SPEC §5): root, the daemon's own user, or a member of a `writers` group; who may sign
/// records and record payments (SPEC §12): root, the daemon's own user, or a member of an `approvers` group. A peer
/// whose credentials are unknown may do neither.
struct AccessPolicy: Sendable {
    let daemonUID = getuid()
    let groups = GroupDirectory()

    func mayWrite(_ peer: PeerCredentials?, writers: [String]) -> Bool {
        isRootDaemonOrMember(peer, of: writers)
    }

    func mayApprove(_ peer: PeerCredentials?, approvers: [String]) -> Bool {
        isRootDaemonOrMember(peer, of: approvers)
    }

    private func isRootDaemonOrMember(_ peer: PeerCredentials?, of names: [String]) -> Bool {
        guard let peer else { return false }
        return peer.uid == 0 || peer.uid == daemonUID
            || groups.isMember(uid: peer.uid, primaryGID: peer.gid, supplementary: peer.groups, ofAnyGroupNamed: names)
    }
}

/// The daemon's version.
public enum TallyVersion {
    public static let current = "0.1.0"
}
