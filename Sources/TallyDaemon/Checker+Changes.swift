import Foundation
import Logging
import TallyConfig
import TallyCore
import TallyStore

extension Checker {
    /// Before deliveries of `ids` change, or retroactive amendments revise their closed windows: the deferred history
    /// of those still pending is recorded first (`recordHistory(of:)`), from the counts and terms before the change. A
    /// backfill or void in a window that closed before the daemon first saw the agreement then revises a recorded
    /// outcome, with `quota-outcome-changed`, as it does once the loop has recorded that history; without this the
    /// pass after the change caught the window up with the change in it, silently, and what was announced depended on
    /// how far the loop had got. Costs nothing once the start's history is recorded.
    public nonisolated func beforeChange(of ids: some Sequence<String> & Sendable) async {
        guard historyMayBePending else { return }
        await recordHistory(of: ids)
    }

    /// After deliveries of `agreement` changed on `days`: revise recorded outcomes of closed windows that
    /// contain them (at most one alert), then re-evaluate the agreement.
    public func afterChange(agreement id: String, days: Set<CivilDate>) async {
        await afterChange([id: days])
    }

    /// After deliveries of many agreements changed (a committed import, or one record or void): the revised
    /// outcomes of closed windows of all of them, at most one alert per agreement, then one pass over them all,
    /// rather than a transaction and a pass per agreement.
    ///
    /// The outcomes are read, revised and written ``revisionChunk`` agreements at a time, each chunk in one read and
    /// one write: a history imported for every agreement at once revises all their closed windows (395,000 for the
    /// benchmark's 2,000 agreements), and holding all of them and their revisions at once was the daemon's peak
    /// memory of a 2 M-row import (issue 15, row 3). Revising is per agreement, so the chunks change nothing else;
    /// each chunk takes the agreements and the policy of the snapshot in force when it starts, as a revision in one
    /// go did, since a reload may come between two chunks (the actor waits at each).
    public func afterChange(_ changes: [String: Set<CivilDate>]) async {
        let ids = changes.keys.sorted()
        var reevaluate: Set<String> = []
        for start in stride(from: 0, to: ids.count, by: Self.revisionChunk) {
            let snapshot = await state.snapshot
            var known: [String: Set<CivilDate>] = [:]
            var agreements: [String: Agreement] = [:]
            for id in ids[start..<min(start + Self.revisionChunk, ids.count)] {
                guard let (agreement, archived) = snapshot.agreement(id), let days = changes[id] else { continue }
                if !archived { reevaluate.insert(id) }
                (known[id], agreements[id]) = (days, agreement)
            }
            let revisions = known.keys.sorted().compactMap { id in
                agreements[id].map { Revision(agreement: $0, days: known[id]) }
            }
            await revise(revisions, machine: AlertMachine(policy: snapshot.configuration.policy))
        }
        if !reevaluate.isEmpty { await pass(only: reevaluate) }
    }

    /// How many agreements' closed windows are revised in one read and one write.
    static let revisionChunk = 100

    /// After a reload brought retroactive amendments (SPEC §9): each agreement's closed windows from the earliest
    /// `effective` of its new retroactive amendments on are evaluated again under the amended terms, with at most
    /// one `quota-outcome-changed` per agreement.
    public func afterRetroactiveAmendments(_ from: [String: CivilDate]) async {
        let snapshot = await state.snapshot
        var revisions: [Revision] = []
        for (id, day) in from.sorted(by: { $0.key < $1.key }) {
            guard let (agreement, archived) = snapshot.agreement(id), !archived else { continue }
            revisions.append(Revision(agreement: agreement, retargetFrom: day))
        }
        await revise(revisions, machine: AlertMachine(policy: snapshot.configuration.policy))
    }

    /// An agreement whose recorded outcomes to revise: those of the closed windows that contain one of `days`, or (without
    /// days) all of them; from `retargetFrom` on, against the targets its terms now give.
    struct Revision {
        var agreement: Agreement
        var days: Set<CivilDate>?
        var retargetFrom: CivilDate?
    }

    /// Reads the recorded outcomes, revises them in one read, then persists and announces them in one write.
    ///
    /// Nothing waits between reading the recorded outcomes and writing the revised ones (`persistAndPublish` writes
    /// before it announces): revisions of one window take turns on the actor, and each revises what the one before
    /// recorded. When the outcomes were read before the wait for the alert holds, eight revisions of one backfill at
    /// once could each raise the same `quota-outcome-changed`.
    private func revise(_ revisions: [Revision], machine: AlertMachine) async {
        guard !revisions.isEmpty else { return }
        let now = clock.now()
        // A history imported while onboarding holds the agreement's alerts revises its closed windows silently.
        let held = await state.alertsHeld.filter { $0.value > now }
        var recorded: [String: [RecordedOutcome]] = [:]
        do {
            let days = revisions.reduce(into: [String: Set<CivilDate>]()) { $0[$1.agreement.id] = $1.days }
            if !days.isEmpty { recorded = try store.windowOutcomes(containing: days) }
            for revision in revisions where revision.days == nil {
                recorded[revision.agreement.id] = try store.windowOutcomes(agreement: revision.agreement.id)
            }
        } catch {
            for revision in revisions { revisionFailed(revision.agreement.id, error) }
            return
        }
        // Most changes fall in open windows only: they cost no read transaction.
        let found = revisions.filter { !(recorded[$0.agreement.id] ?? []).isEmpty }
        guard !found.isEmpty else { return }
        var steps: [(agreement: String, step: AlertStep, closedAt: [String: Date])] = []
        do {
            try store.read { counts in
                for revision in found {
                    let (agreement, recorded) = (revision.agreement, recorded[revision.agreement.id] ?? [])
                    do {
                        let (updated, alert) = try machine.reviseOutcomes(
                            recorded.map(\.outcome), in: agreement, counts: counts, now: now, retargetFrom: revision.retargetFrom)
                        var step = AlertStep()
                        step.outcomes = updated
                        if let alert, held[agreement.id] == nil { step.alerts = [alert] }
                        let closedAt = Dictionary(recorded.map { ("\($0.quota)/\($0.window.label)", $0.closedAt) }, uniquingKeysWith: { a, _ in a })
                        steps.append((agreement.id, step, closedAt))
                    } catch {
                        revisionFailed(agreement.id, error)
                    }
                }
            }
            try await persistAndPublish(steps, now: now)
        } catch {
            for revision in found { revisionFailed(revision.agreement.id, error) }
        }
    }

    private func revisionFailed(_ agreement: String, _ error: any Error) {
        logger.error("revising closed windows of \(agreement) failed: \(error)", metadata: [
            "MESSAGE_ID": .string(OperationalMessage.checkFailed.messageID), "agreement": .string(agreement),
        ])
    }
}
