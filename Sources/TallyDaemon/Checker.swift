import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SystemdSupport
import TallyConfig
import TallyCore
import TallyStore

/// Evaluates every agreement on a timer and at window boundaries, persists alert state, then
/// announces the alerts (SPEC §3, §4). Passes are serialised by the actor, so alert state is
/// never raced. It also keeps the systemd watchdog fed: a stuck pass starves it.
public actor Checker: Service {
    let store: TallyStore
    let state: DaemonState
    let publisher: AlertPublisher
    let clock: DaemonClock
    let notifier: SystemdNotifier
    let logger: Logger
    /// Handed every pass's evaluations for `[metrics] textfile` (SPEC §11).
    let metrics: MetricsWriter?
    private var wakeRequested = false
    /// While `[metrics]` is on: each agreement's evaluation in its latest pass, so that a pass over some agreements
    /// (after a record) still hands the writer all of them.
    private var latestEvaluations: [String: AgreementEvaluation] = [:]
    /// Agreements whose closed windows a pass deferring history left unrecorded (`AlertStep.historyDeferred`): the
    /// loop records them ``historyChunk`` agreements at a time as soon as it runs (beside the control server, which
    /// says READY=1 when it listens), and `recordHistory(of:)` at once for whoever reads them or changes their
    /// deliveries first (`beforeChange(of:)`).
    private(set) var historyPending: Set<String> = [] {
        didSet { noteHistoryOutstanding() }
    }
    /// Agreements of the chunk being recorded.
    private var historyInFlight: Set<String> = [] {
        didSet { noteHistoryOutstanding() }
    }
    /// Whether either set holds anything, readable without a hop onto the actor: once the start's history is
    /// recorded it stays false, and `show` need not wait behind a pass to learn that.
    private let historyOutstanding = Mutex(false)

    public init(store: TallyStore, state: DaemonState, publisher: AlertPublisher, clock: DaemonClock,
                notifier: SystemdNotifier, logger: Logger, metrics: MetricsWriter? = nil) {
        self.store = store
        self.state = state
        self.publisher = publisher
        self.clock = clock
        self.notifier = notifier
        self.logger = logger
        self.metrics = metrics
    }

    /// What a pass found, for STATUS= and logs.
    public struct Summary: Sendable, Equatable {
        public var agreements = 0
        public var atRisk = 0
        public var behind = 0
        public var alerts = 0
        public var failed = 0
        /// Agreements whose alerts onboarding holds, and the earliest end of a hold.
        public var held = 0
        public var heldUntil: Date?
        /// How long a full pass took (nil for a pass over some agreements).
        public var duration: Duration?
    }

    // MARK: Service

    public func run() async throws {
        let watchdog = notifier.watchdogInterval()
        // Feed the watchdog twice per interval; otherwise look at the clock every few seconds, which also
        // lets the test clock seam move time without a restart.
        let tick: Duration = min(watchdog.map { $0 / 2 } ?? .seconds(5), .seconds(5))
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            if watchdog != nil { _ = notifier.watchdog() }
            let now = clock.now()
            let due = await state.nextCheckAt.map { now >= $0 } ?? true
            if due || wakeRequested {
                wakeRequested = false
                await pass()
            }
            if !historyPending.isEmpty {
                // No sleep between chunks; the actor serves requests between them.
                await recordHistoryChunk()
                continue
            }
            // Wake at once on SIGTERM rather than at the end of the tick.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
    }

    /// Asks the loop for a pass at its next tick (after a reload).
    public func wake() {
        wakeRequested = true
    }

    // MARK: Passes

    /// Evaluates `only` these agreements (all when nil), persists, announces; updates STATUS=.
    ///
    /// A pass reads its bookkeeping in three queries and every agreement's counts in one read transaction
    /// (answers unchanged since the last write come from the store's memory, see `CountsMemo`; so do evaluations
    /// made on the same date, see `EvaluationMemo`), then persists every agreement's alert step in one write
    /// transaction (one fsync rather than one per agreement) before it announces any alert.
    ///
    /// `deferringHistory` (the pass before READY=1): the closed windows of newly seen agreements, caught up silently,
    /// are left to the loop, which records them right after, beside READY=1 (`AlertMachine.check`); 395,000 windows
    /// of 2,000 agreements took seconds to write at the first start.
    @discardableResult
    public func pass(only: Set<String>? = nil, deferringHistory: Bool = false) async -> Summary {
        await passWithEvaluations(only: only, deferringHistory: deferringHistory).summary
    }

    /// Whether some agreement's deferred history may still be unrecorded (see `recordHistory(of:)`).
    public nonisolated var historyMayBePending: Bool { historyOutstanding.withLock { $0 } }

    private func noteHistoryOutstanding() {
        let outstanding = !historyPending.isEmpty || !historyInFlight.isEmpty
        historyOutstanding.withLock { $0 = outstanding }
    }

    /// How many agreements' deferred history one pass of the loop records.
    static let historyChunk = 100

    /// Records the deferred history of `ids` now, before they are read (`io.tally.ShowAgreement` lists past windows) or
    /// their deliveries change; also when a chunk with them is under way, since that pass may still be waiting to read.
    ///
    /// They stay pending until a pass has recorded them (`evaluateAndPublish` takes out what it recorded): a caller that
    /// comes while this pass waits at the actor still finds them and waits for a pass of its own, which finds the
    /// windows recorded and records nothing twice; a pass that fails leaves them pending. Many are recorded
    /// ``historyChunk`` at a time, as the loop does, so that the actor serves requests between chunks.
    public func recordHistory(of ids: some Sequence<String>) async {
        let wanted = historyPending.union(historyInFlight).intersection(ids).sorted()
        for start in stride(from: 0, to: wanted.count, by: Self.historyChunk) {
            await pass(only: Set(wanted[start..<min(start + Self.historyChunk, wanted.count)]))
        }
    }

    /// One chunk of the deferred history; once there is none left, what the chunks' reads remembered is freed, as
    /// after a full pass. An agreement whose chunk fails is not queued again: every pass without deferral records what
    /// is missing.
    func recordHistoryChunk() async {
        let chunk = Set(historyPending.sorted().prefix(Self.historyChunk))
        historyPending.subtract(chunk)
        historyInFlight.formUnion(chunk)
        await pass(only: chunk)
        historyInFlight.subtract(chunk)
        if historyPending.isEmpty {
            store.forgetRememberedSums()
            MemoryHygiene.trim()
            logger.debug("the history of newly seen agreements is recorded")
        }
    }

    /// A pass, with the evaluations it made and the instant it made them at: `check` answers with them rather than
    /// evaluating every agreement a second time. An agreement whose check failed has none.
    func passWithEvaluations(only: Set<String>? = nil, deferringHistory: Bool = false) async
        -> (summary: Summary, evaluations: [String: AgreementEvaluation], at: Date)
    {
        let pass = await evaluateAndPublish(only: only, deferringHistory: deferringHistory)
        if only == nil {
            // Every agreement's evaluation is kept now (`EvaluationMemo`): until the next write or date, statuses and
            // passes take them rather than the window sums they were made from.
            store.forgetRememberedSums()
            // Once the counts' answers are freed, not before: what is freed after a trim stays in the heap until the
            // next. (The evaluations live on in what this returns, for as long as the caller keeps them.)
            MemoryHygiene.trim()
        }
        return pass
    }

    private func evaluateAndPublish(only: Set<String>?, deferringHistory: Bool) async
        -> (summary: Summary, evaluations: [String: AgreementEvaluation], at: Date)
    {
        let started = ContinuousClock.now
        let snapshot = await state.snapshot
        let now = clock.now()
        let machine = AlertMachine(policy: snapshot.configuration.policy)
        var summary = Summary()
        let chosen = snapshot.agreements.filter { only?.contains($0.agreement.id) ?? true }
        var steps: [(agreement: String, step: AlertStep)] = []
        var held: [String: Date] = [:]
        var evaluated: [String: AgreementEvaluation] = [:]
        var deferred: Set<String> = []
        // Taken before the counts are read: evaluations kept under it since the last write are taken as they are
        // (`EvaluationMemo`), and the pass's are kept under it for the statuses and passes that follow.
        let generation = store.countsGeneration
        do {
            let books = try store.passBookkeeping(agreements: only)
            let known = snapshot.evaluations.evaluations(of: chosen.map(\.agreement), at: .instant(now), in: store)
            try CountPrefetch.prefetch(chosen.map(\.agreement).filter { known[$0.id] == nil }, at: .instant(now),
                                       evaluator: machine.evaluator, store: store)
            try store.readRemembered { counts in
                for (agreement, archived) in chosen {
                    do {
                        let previous = books.alertStates[agreement.id] ?? [:]
                        let firstSeen = books.firstSeen[agreement.id].map { CivilDate($0, in: agreement.timeZone) }
                            ?? CivilDate(now, in: agreement.timeZone)
                        let holdUntil = snapshot.configuration.policy.alertsHeldUntil(
                            firstLoaded: books.firstSeen[agreement.id] ?? now,
                            lastRecorded: try counts.lastRecorded(agreement: agreement.id), now: now)
                        let (evaluation, step) = try machine.check(
                            agreement, now: now, counts: counts, previous: previous,
                            outcomesThrough: books.outcomesThrough[agreement.id] ?? [:], firstSeen: firstSeen,
                            archived: archived, alertsHeldUntil: holdUntil, known: known[agreement.id],
                            deferringHistory: deferringHistory)
                        if step.historyDeferred { deferred.insert(agreement.id) }
                        if let holdUntil, !archived {
                            held[agreement.id] = holdUntil
                            summary.held += 1
                            summary.heldUntil = min(summary.heldUntil ?? holdUntil, holdUntil)
                        }
                        summary.agreements += 1
                        evaluated[agreement.id] = evaluation
                        if evaluation.quotas.contains(where: { $0.status == .behind }) {
                            summary.behind += 1
                        } else if evaluation.quotas.contains(where: { $0.status == .atRisk }) {
                            summary.atRisk += 1
                        }
                        if step != AlertStep() { steps.append((agreement.id, step)) }
                    } catch {
                        summary.failed += 1
                        checkFailed(agreement.id, error)
                    }
                }
            }
            let observed = chosen.filter { !$0.archived && held[$0.agreement.id] == nil }.map(\.agreement)
            steps = withFeedAlerts(steps, of: observed, machine: machine, previous: books.alertStates, now: now)
            steps = withSettlementAlerts(steps, of: observed, machine: machine, previous: books.alertStates, now: now)
            try await persistAndPublish(steps, now: now)
            let chosenIDs = chosen.map(\.agreement.id)
            // What this pass recorded is no longer pending; what it deferred is. Once the start's history is recorded
            // there is none, and a pass does nothing here.
            if !historyPending.isEmpty { historyPending.subtract(chosenIDs) }
            if !deferred.isEmpty { historyPending.formUnion(deferred) }
            summary.alerts = steps.reduce(0) { $0 + $1.step.alerts.count }
            await state.held(held, among: chosenIDs)
            snapshot.evaluations.keep(evaluated, generation: generation, in: store)
        } catch {
            // Nothing of this pass was persisted or announced: count every agreement in it as failed.
            summary = Summary()
            summary.failed = chosen.count
            for (agreement, _) in chosen { checkFailed(agreement.id, error) }
            // Nor are its evaluations what the metrics show: the last persisted ones stay.
            evaluated = [:]
        }
        if only == nil {
            let duration = ContinuousClock.now - started
            summary.duration = duration
            let next = nextCheck(after: now, snapshot: snapshot)
            let line = statusLine(summary, next: next, zone: snapshot.configuration.policy.defaultTimeZone)
            await state.checked(at: now, next: next, status: line, duration: duration)
            _ = notifier.status(line)
            logger.debug("evaluation pass over \(summary.agreements) agreements took \(Self.milliseconds(duration)) ms", metadata: [
                "duration_ms": .string(String(Self.milliseconds(duration))),
            ])
        }
        await handOverMetrics(evaluated, of: chosen.map(\.agreement.id), snapshot: snapshot)
        return (summary, evaluated, now)
    }

    /// Hands the metrics writer every agreement's latest evaluation: this pass's for those it chose, earlier passes'
    /// for the others and for one whose check failed (an agreement no pass has evaluated yet has no samples).
    private func handOverMetrics(_ evaluated: [String: AgreementEvaluation], of chosen: [String],
                                 snapshot: ConfigurationSnapshot) async {
        guard let metrics else { return }
        guard let textfile = snapshot.configuration.metrics.textfile else {
            latestEvaluations = [:]
            metrics.submit(MetricsWriter.Pass(textfile: nil))
            return
        }
        // Read before the evaluations are taken: no suspension between taking them and submitting, so a later
        // pass (the actor is reentrant at every await) cannot submit first and be overwritten by this older one.
        let lastPassAt = await state.lastCheckAt
        let lastPassDuration = await state.lastCheckDuration
        for id in chosen { latestEvaluations[id] = evaluated[id] ?? latestEvaluations[id] }
        let agreements = snapshot.agreements.compactMap { agreement, _ in
            latestEvaluations[agreement.id].map { (agreement: agreement, evaluation: $0) }
        }
        if latestEvaluations.count > agreements.count {
            latestEvaluations = latestEvaluations.filter { id, _ in agreements.contains { $0.agreement.id == id } }
        }
        metrics.submit(MetricsWriter.Pass(textfile: textfile, agreements: agreements, lastPassAt: lastPassAt,
                                          lastPassDuration: lastPassDuration))
    }

    /// The steps with each feed's alerts added (SPEC §10): feeds of archived agreements, and of agreements whose
    /// alerts are held, are not observed.
    private func withFeedAlerts(
        _ steps: [(agreement: String, step: AlertStep)], of agreements: [Agreement], machine: AlertMachine,
        previous: [String: [String: SubjectState]], now: Date
    ) -> [(agreement: String, step: AlertStep)] {
        let feeds = agreements.flatMap { agreement in agreement.feeds.map { (agreement: agreement.id, feed: $0) } }
        guard !feeds.isEmpty else { return steps }
        var steps = steps
        // A failure to read feed state costs the feed alerts of this pass, not the quota and milestone alerts.
        let read: [FeedStatus]
        do {
            read = try store.feedStatuses(feeds)
        } catch {
            logger.error("reading feed state failed: \(error)", metadata: [
                "MESSAGE_ID": .string(OperationalMessage.checkFailed.messageID),
            ])
            return steps
        }
        let statuses = Dictionary(grouping: read, by: \.agreement)
        for (agreement, feeds) in statuses.sorted(by: { $0.key < $1.key }) {
            Self.merge(machine.observeFeeds(feeds, previous: previous[agreement] ?? [:], now: now), of: agreement, into: &steps)
        }
        return steps
    }

    /// Adds `extra`, a step of `agreement` observed apart from its evaluation (feeds, settlement), to the pass's steps.
    static func merge(_ extra: AlertStep, of agreement: String, into steps: inout [(agreement: String, step: AlertStep)]) {
        guard extra != AlertStep() else { return }
        if let index = steps.firstIndex(where: { $0.agreement == agreement }) {
            steps[index].step.states.merge(extra.states) { _, new in new }
            steps[index].step.removed += extra.removed
            steps[index].step.alerts += extra.alerts
        } else {
            steps.append((agreement, extra))
        }
    }

    private func checkFailed(_ agreement: String, _ error: any Error) {
        logger.error("check of \(agreement) failed: \(error)", metadata: [
            "MESSAGE_ID": .string(OperationalMessage.checkFailed.messageID), "agreement": .string(agreement),
        ])
    }

    /// The steps of a pass, without revised outcomes.
    private func persistAndPublish(_ steps: [(agreement: String, step: AlertStep)], now: Date) async throws {
        try await persistAndPublish(steps.map { ($0.agreement, $0.step, [:]) }, now: now)
    }

    /// The steps of several agreements in one transaction, then their alerts in order: alert state is persisted
    /// before the journal entry is written (SPEC §4). `closedAt` keeps the recorded closing time of revised
    /// outcomes (`quota/window`).
    func persistAndPublish(_ steps: [(agreement: String, step: AlertStep, closedAt: [String: Date])], now: Date)
        async throws
    {
        var update = AlertUpdate()
        var alerts: [Alert] = []
        for (agreement, step, closedAt) in steps where step != AlertStep() {
            update.states += step.states.map { KeptSubjectState(subject: $0.key, agreement: agreement, state: $0.value) }
            update.deletedSubjects += step.removed
            update.alerts += step.alerts
            update.outcomes += step.outcomes.map {
                RecordedOutcome($0, closedAt: closedAt["\($0.quota)/\($0.window.label)"] ?? now, updatedAt: now)
            }
            alerts += step.alerts
        }
        guard !update.isEmpty else { return }
        let ids = try store.apply(update)
        for (alert, id) in zip(alerts, ids) {
            await publisher.publish(alert, id: id)
        }
    }

    // MARK: Schedule and status

    /// A duration in milliseconds, as GetInfo, Check and the metrics report a pass.
    public static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// The next pass: `check_interval` from now, or the next midnight in any agreement's zone if sooner
    /// (every window boundary is a midnight).
    func nextCheck(after now: Date, snapshot: ConfigurationSnapshot) -> Date {
        var next = now.addingTimeInterval(Double(snapshot.configuration.policy.checkInterval.components.seconds))
        var zones = Set(snapshot.configuration.agreements.map { $0.timeZone.identifier })
        zones.insert(snapshot.configuration.policy.defaultTimeZone.identifier)
        for identifier in zones {
            guard let zone = TimeZone(identifier: identifier) else { continue }
            let midnight = CivilDate(now, in: zone).adding(days: 1).startInstant(in: zone)
            next = min(next, midnight)
        }
        return next
    }

    /// `12 agreements: 2 at risk, 1 behind; next check 10:15 +07`.
    func statusLine(_ s: Summary, next: Date, zone: TimeZone) -> String {
        var parts: [String] = []
        if s.atRisk > 0 { parts.append("\(s.atRisk) at risk") }
        if s.behind > 0 { parts.append("\(s.behind) behind") }
        if s.failed > 0 { parts.append("\(s.failed) failed") }
        let health = parts.isEmpty ? "all on track" : parts.joined(separator: ", ")
        let offset = zone.secondsFromGMT(for: next)
        let local = Int(next.timeIntervalSince1970) + offset
        let minutes = ((local % 86_400) + 86_400) % 86_400 / 60
        var zoneText = (offset < 0 ? "-" : "+") + String(format: "%02d", abs(offset) / 3600)
        if abs(offset) % 3600 != 0 { zoneText += String(format: ":%02d", abs(offset) % 3600 / 60) }
        let noun = s.agreements == 1 ? "agreement" : "agreements"
        var held = ""
        if s.held > 0, let until = s.heldUntil {
            held = "; alerts held for \(s.held) new until " + PublicationTime(until, in: zone).toTheMinute
        }
        return "\(s.agreements) \(noun): \(health)\(held); next check " + String(format: "%02d:%02d ", minutes / 60, minutes % 60) + zoneText
    }
}
