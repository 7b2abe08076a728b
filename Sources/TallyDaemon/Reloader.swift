import Foundation
import Logging
import SystemdSupport
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

/// Re-reads the configuration (SIGHUP and `io.tally.Reload`), one reload at a time.
/// An invalid configuration is refused whole: the old one stays in force.
public actor Reloader {
    let configPath: String
    /// The agreement files of the last load: a reload parses only those that changed.
    let memo: ConfigurationLoader.Memo
    let store: TallyStore
    let state: DaemonState
    let checker: Checker
    let notifier: SystemdNotifier
    let clock: DaemonClock
    let logger: Logger

    public init(configPath: String, memo: ConfigurationLoader.Memo, store: TallyStore, state: DaemonState, checker: Checker, notifier: SystemdNotifier,
                clock: DaemonClock, logger: Logger) {
        self.configPath = configPath
        self.memo = memo
        self.store = store
        self.state = state
        self.checker = checker
        self.notifier = notifier
        self.clock = clock
        self.logger = logger
    }

    /// Per agreement that existed before, the earliest `effective` of the retroactive amendments (SPEC §9) the new
    /// configuration brings or changes: its closed windows from that day on are evaluated again.
    static func retroactiveAmendments(in new: Configuration, since old: Configuration) -> [String: CivilDate] {
        let before = Dictionary(old.agreements.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var from: [String: CivilDate] = [:]
        for agreement in new.agreements {
            guard let previous = before[agreement.id] else { continue }
            let brought = agreement.amendments.filter { $0.isRetroactive && !previous.amendments.contains($0) }
            if let earliest = brought.map(\.effective).min() { from[agreement.id] = earliest }
        }
        return from
    }

    public func reload() async throws(VarlinkError) -> ReloadReply {
        _ = notifier.reloading()
        defer { _ = notifier.ready() }
        let new: Configuration
        do {
            new = try ConfigurationLoader.load(mainFile: configPath, memo: memo)
        } catch {
            let issues = error.issues.map(\.description)
            logger.error("reload refused, the configuration in force is kept: \(issues.joined(separator: "; "))", metadata: [
                "MESSAGE_ID": .string(OperationalMessage.reloadRefused.messageID), "errors": .string(issues.joined(separator: "\n")),
            ])
            throw VarlinkError.invalidConfiguration(issues)
        }
        let (changes, archived, retroactive) = try await install(new)
        if !retroactive.isEmpty { await checker.afterRetroactiveAmendments(retroactive) }
        // The configuration replaced is gone by now: the pass's trim gives its memory back, where a trim before its
        // release left a reload's worth of free heap resident at every reload (issue 15, row 11).
        await checker.pass()
        return ReloadReply(added: changes.added, removed: changes.removed, changed: changes.changed, archived: archived,
                           agreements: new.agreements.count)
    }

    /// Brings the store and the daemon's snapshot to `new`; returns what changed, the agreements archived, and where
    /// retroactive amendments start. The configuration in force before lives only in here.
    private func install(_ new: Configuration) async throws(VarlinkError)
        -> (changes: ConfigurationChanges, archived: [String], retroactive: [String: CivilDate])
    {
        let old = await state.snapshot.configuration
        let retroactive = Self.retroactiveAmendments(in: new, since: old)
        // Under the terms and counters in force before: the revision after the reload then announces what changed.
        await checker.beforeChange(of: Array(retroactive.keys))
        do {
            try store.synchronize(agreements: new.agreements, at: clock.now())
        } catch {
            logger.error("reload failed: the database could not take the new agreements: \(error)", metadata: [
                "MESSAGE_ID": .string(OperationalMessage.databaseError.messageID),
            ])
            throw VarlinkError.databaseError(String(describing: error))
        }
        let changes = new.changes(from: old)
        let archived = await state.replace(with: new)
        if new.daemon != old.daemon {
            logger.warning("socket, database or agreements_dir changed in \(configPath): they take effect at the next restart")
        }
        logger.notice("configuration reloaded: \(changes)", metadata: [
            "MESSAGE_ID": .string(OperationalMessage.reloaded.messageID),
        ])
        return (changes, archived, retroactive)
    }
}
