import TallyCore

/// Where the daemon keeps its socket, database and agreement files; absolute paths.
public struct DaemonSettings: Sendable, Equatable {
    /// The control socket (unused under socket activation).
    public var socketPath: String
    /// The SQLite database.
    public var databasePath: String
    /// The directory of agreement files (`*.toml`).
    public var agreementsDirectory: String

    public init(socketPath: String, databasePath: String, agreementsDirectory: String) {
        self.socketPath = socketPath
        self.databasePath = databasePath
        self.agreementsDirectory = agreementsDirectory
    }
}

/// `[metrics]` (SPEC §11): where tallyd writes node_exporter's textfile after every evaluation pass.
public struct MetricsSettings: Sendable, Equatable {
    /// An absolute path ending in `.prom`; nil (the default) writes no metrics.
    public var textfile: String?

    public init(textfile: String? = nil) {
        self.textfile = textfile
    }
}

/// A complete, valid configuration: the main file and every agreement file.
public struct Configuration: Sendable, Equatable {
    /// The main file, absolute.
    public var mainFile: String
    public var daemon: DaemonSettings
    /// `[daemon]` durations and time zone, `[pace]` and the global `[[blackout]]` days.
    public var policy: EvaluationPolicy
    /// Groups whose members may change data (`[access].writers`).
    public var writers: [String]
    /// Groups whose members may call only the feed methods (`[access].feeders`, SPEC §10).
    public var feeders: [String]
    /// Groups whose members may sign acceptance records and record payments (`[access].approvers`, SPEC §12).
    public var approvers: [String]
    /// `[fetch]`: what the fetcher is told to run with.
    public var fetch: FetchSettings
    /// `[report]`: how reports are mailed (SPEC §11).
    public var report: ReportSettings
    /// `[metrics]`.
    public var metrics: MetricsSettings
    /// The agreements, in the order of their file names.
    public var agreements: [Agreement]
    /// Agreement id → the absolute path of its file.
    public var sources: [String: String]

    public init(
        mainFile: String, daemon: DaemonSettings, policy: EvaluationPolicy, writers: [String],
        feeders: [String] = FetchSettings.defaultFeeders, approvers: [String] = Configuration.defaultApprovers,
        fetch: FetchSettings = FetchSettings(),
        report: ReportSettings = ReportSettings(), metrics: MetricsSettings = MetricsSettings(),
        agreements: [Agreement], sources: [String: String]
    ) {
        self.mainFile = mainFile
        self.daemon = daemon
        self.policy = policy
        self.writers = writers
        self.feeders = feeders
        self.approvers = approvers
        self.fetch = fetch
        self.report = report
        self.metrics = metrics
        self.agreements = agreements
        self.sources = sources
    }

    /// `[access].approvers` when the main file leaves it out.
    public static let defaultApprovers = ["tally-approvers"]

    /// How much the configuration holds.
    public var summary: ConfigurationSummary {
        ConfigurationSummary(
            agreements: agreements.count,
            quotas: agreements.reduce(0) { $0 + $1.quotas.count },
            campaigns: agreements.reduce(0) { $0 + $1.campaigns.count },
            milestones: agreements.reduce(0) { $0 + $1.campaigns.reduce(0) { $0 + $1.milestones.count } },
            blackouts: policy.blackouts.count + agreements.reduce(0) { $0 + $1.blackouts.count })
    }

    /// What a reload from `old` to `self` changes.
    public func changes(from old: Configuration) -> ConfigurationChanges {
        let oldByID = Dictionary(old.agreements.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(agreements.map(\.id))
        return ConfigurationChanges(
            added: agreements.map(\.id).filter { oldByID[$0] == nil },
            removed: old.agreements.map(\.id).filter { !newIDs.contains($0) },
            changed: agreements.filter { agreement in oldByID[agreement.id].map { $0 != agreement } ?? false }.map(\.id),
            settingsChanged: daemon != old.daemon || policy != old.policy || writers != old.writers
                || feeders != old.feeders || approvers != old.approvers || fetch != old.fetch || report != old.report || metrics != old.metrics)
    }
}

/// Counts of what a configuration holds, for `validate` and reload messages.
public struct ConfigurationSummary: Sendable, Equatable, CustomStringConvertible {
    public var agreements: Int
    public var quotas: Int
    public var campaigns: Int
    public var milestones: Int
    /// Global and per-agreement blackout periods together.
    public var blackouts: Int

    public init(agreements: Int, quotas: Int, campaigns: Int, milestones: Int, blackouts: Int) {
        self.agreements = agreements
        self.quotas = quotas
        self.campaigns = campaigns
        self.milestones = milestones
        self.blackouts = blackouts
    }

    /// `3 agreements, 11 quotas, 2 campaigns, 5 milestones, 4 blackouts`.
    public var description: String {
        [
            counted(agreements, "agreement"), counted(quotas, "quota"), counted(campaigns, "campaign"),
            counted(milestones, "milestone"), counted(blackouts, "blackout"),
        ].joined(separator: ", ")
    }
}

/// What changed between two configurations, by agreement id.
public struct ConfigurationChanges: Sendable, Equatable, CustomStringConvertible {
    /// Agreements that are new, in file order.
    public var added: [String]
    /// Agreements whose file disappeared (their data is kept, shown as ARCHIVED).
    public var removed: [String]
    /// Agreements present in both whose content differs.
    public var changed: [String]
    /// Whether `[daemon]`, `[pace]`, `[access]`, `[fetch]`, `[report]`, `[metrics]` or the global blackouts changed.
    public var settingsChanged: Bool

    public init(added: [String] = [], removed: [String] = [], changed: [String] = [], settingsChanged: Bool = false) {
        self.added = added
        self.removed = removed
        self.changed = changed
        self.settingsChanged = settingsChanged
    }

    /// Whether nothing changed at all.
    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && changed.isEmpty && !settingsChanged
    }

    /// `added a, b; removed c; changed d; global settings changed`, or `no changes`.
    public var description: String {
        var parts: [String] = []
        if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed " + removed.joined(separator: ", ")) }
        if !changed.isEmpty { parts.append("changed " + changed.joined(separator: ", ")) }
        if settingsChanged { parts.append("global settings changed") }
        return parts.isEmpty ? "no changes" : parts.joined(separator: "; ")
    }
}

/// `1 quota`, `2 quotas`.
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
