import Foundation
import TallyConfig
import TallyCore

/// The configuration in force and what follows from it, replaced whole on reload.
public struct ConfigurationSnapshot: Sendable {
    public let configuration: Configuration
    /// Agreements whose file disappeared: kept read-only, shown as ARCHIVED (SPEC §1).
    public let archived: [String: Agreement]
    /// The evaluations made under this snapshot, while the counts they read stand (copies share it, so the
    /// snapshot is never changed, only replaced).
    let evaluations = EvaluationMemo()

    /// Every agreement the daemon serves, configured ones first, with whether it is archived.
    public var agreements: [(agreement: Agreement, archived: Bool)] {
        configuration.agreements.map { ($0, false) }
            + archived.values.sorted { $0.id < $1.id }.map { ($0, true) }
    }

    /// One agreement by id.
    public func agreement(_ id: String) -> (agreement: Agreement, archived: Bool)? {
        if let agreement = configuration.agreements.first(where: { $0.id == id }) { return (agreement, false) }
        return archived[id].map { ($0, true) }
    }
}

/// Holds the configuration snapshot; the one place it is swapped.
public actor DaemonState {
    public private(set) var snapshot: ConfigurationSnapshot
    /// Set by the checker after each pass, for GetInfo and STATUS=.
    public private(set) var lastCheckAt: Date?
    public private(set) var nextCheckAt: Date?
    /// How long the last full pass took.
    public private(set) var lastCheckDuration: Duration?
    /// The last STATUS= line.
    public private(set) var statusLine = "starting"
    /// Agreements whose alerts onboarding holds (SPEC §9), and until when, as of the last pass over them.
    public private(set) var alertsHeld: [String: Date] = [:]

    public init(configuration: Configuration, archived: [String: Agreement] = [:]) {
        self.snapshot = ConfigurationSnapshot(configuration: configuration, archived: archived)
    }

    /// Installs a new configuration; agreements of the old one that are missing from it become archived,
    /// and archived agreements whose file returned are active again.
    @discardableResult
    public func replace(with configuration: Configuration) -> [String] {
        let ids = Set(configuration.agreements.map(\.id))
        var archived = snapshot.archived.filter { !ids.contains($0.key) }
        var newlyArchived: [String] = []
        for agreement in snapshot.configuration.agreements where !ids.contains(agreement.id) {
            archived[agreement.id] = agreement
            newlyArchived.append(agreement.id)
        }
        snapshot = ConfigurationSnapshot(configuration: configuration, archived: archived)
        return newlyArchived
    }

    /// Records which of the agreements a pass evaluated have their alerts held.
    public func held(_ held: [String: Date], among evaluated: some Sequence<String>) {
        for id in evaluated { alertsHeld[id] = held[id] }
    }

    public func checked(at last: Date, next: Date, status: String, duration: Duration? = nil) {
        lastCheckAt = last
        lastCheckDuration = duration
        nextCheckAt = next
        statusLine = status
    }
}
