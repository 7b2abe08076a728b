import Foundation
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

extension Control {
    func info() async throws(VarlinkError) -> GetInfoReply {
        let snapshot = await state.snapshot
        let deliveries = try storing { try store.deliveryCount() }
        return GetInfoReply(info: DaemonInfo(
            version: TallyVersion.current, configPath: configPath,
            databasePath: snapshot.configuration.daemon.databasePath, startedAt: WireFormat.timestamp(startedAt),
            agreements: snapshot.agreements.count, deliveries: deliveries,
            lastCheckAt: await state.lastCheckAt.map { WireFormat.timestamp($0) },
            nextCheckAt: await state.nextCheckAt.map { WireFormat.timestamp($0) },
            lastCheckDurationMs: await state.lastCheckDuration.map { Checker.milliseconds($0) }))
    }

    /// Evaluates the chosen agreements (all when nil) at `moment`, read-only; `now` adds the accounts of those with
    /// `[settlement]` (SPEC §12), which are as of now only (a what-if shows none). `evaluated` holds evaluations made
    /// at that moment already (a pass's), which are taken as they are; the others come from the snapshot's
    /// `EvaluationMemo` while it holds them, and are made (and kept there) when it does not.
    func evaluate(
        agreements ids: [String]?, at moment: EvaluationMoment, now: Date? = nil,
        evaluated: [String: AgreementEvaluation] = [:]
    ) async throws(VarlinkError) -> Status {
        let snapshot = await state.snapshot
        var chosen: [(Agreement, Bool)] = []
        if let ids, !ids.isEmpty {
            for id in ids {
                guard let found = snapshot.agreement(id) else { throw VarlinkError.noSuchAgreement(id) }
                chosen.append(found)
            }
        } else {
            chosen = snapshot.agreements
        }
        let evaluator = Evaluator(policy: snapshot.configuration.policy)
        // Taken before the counts are read: what is made from them is kept under it.
        let generation = store.countsGeneration
        var made = evaluated.merging(
            snapshot.evaluations.evaluations(of: chosen.map(\.0).filter { evaluated[$0.id] == nil }, at: moment, in: store)
        ) { pass, _ in pass }
        let missing = chosen.filter { made[$0.0.id] == nil }
        if !missing.isEmpty {
            var fresh: [String: AgreementEvaluation] = [:]
            try storing {
                try CountPrefetch.prefetch(missing.map(\.0), at: moment, evaluator: evaluator, store: store)
                try store.readRemembered { counts in
                    for (agreement, archived) in missing {
                        fresh[agreement.id] = try evaluator.evaluate(agreement, at: moment, counts: counts, archived: archived)
                    }
                }
            }
            // Kept for the statuses and passes of now; a what-if (no `now`) would only push them out.
            if now != nil { snapshot.evaluations.keep(fresh, generation: generation, in: store) }
            made.merge(fresh) { _, fresh in fresh }
        }
        let evaluations = chosen.compactMap { agreement, _ in made[agreement.id].map { (agreement, $0) } }
        let zone = snapshot.configuration.policy.defaultTimeZone
        let instant = moment.instant(in: zone)
        let held = await state.alertsHeld
        let inbox = chosen.contains(where: { !$0.0.feeds.isEmpty }) ? try storing { try store.inboxCounts() } : [:]
        var standings: [String: SettlementStanding] = [:]
        if let now { standings = try self.standings(chosen.map(\.0), at: now, policy: snapshot.configuration.policy) }
        return Status(at: WireFormat.timestamp(instant, in: zone), agreements: evaluations.map { agreement, evaluation in
            var evaluation = evaluation
            // The hold as of the last pass, while it lasts at the time asked for.
            if let until = held[agreement.id], instant < until { evaluation.alertsHeldUntil = until }
            evaluation.settlement = standings[agreement.id]
            return evaluation.showingInbox(inbox, of: agreement)
        })
    }

    func status(agreements: [String]?) async throws(VarlinkError) -> Status {
        let now = clock.now()
        return try await evaluate(agreements: agreements, at: .instant(now), now: now)
    }

    /// `check`: a pass now (a writer's act: it changes alert state), or a what-if at a date.
    func check(_ p: CheckParameters, _ context: CallContext) async throws(VarlinkError) -> Status {
        guard let at = p.at else {
            try await requireWriter(context, IOTally.check.name)
            // The status is the pass's: its evaluations, at its instant, not made a second time.
            let pass = await checker.passWithEvaluations()
            var status = try await evaluate(agreements: p.agreements, at: .instant(pass.at), now: pass.at,
                                            evaluated: pass.evaluations)
            status.durationMs = pass.summary.duration.map(Checker.milliseconds)
            return status
        }
        let zone = await state.snapshot.configuration.policy.defaultTimeZone
        let moment = try Self.moment(at, parameter: "at", zone: zone) ?? .instant(clock.now())
        return try await evaluate(agreements: p.agreements, at: moment)
    }

    func listAgreements() async throws(VarlinkError) -> ListAgreementsReply {
        let snapshot = await state.snapshot
        let evaluator = Evaluator(policy: snapshot.configuration.policy)
        let now = clock.now()
        return ListAgreementsReply(agreements: snapshot.agreements.map { agreement, archived in
            let state = evaluator.agreementState(agreement, on: CivilDate(now, in: agreement.timeZone), archived: archived)
            return AgreementSummary(agreement, state: state, file: snapshot.configuration.sources[agreement.id])
        })
    }

    func showAgreement(_ id: String) async throws(VarlinkError) -> ShowAgreementReply {
        let snapshot = await state.snapshot
        guard let (agreement, archived) = snapshot.agreement(id) else { throw VarlinkError.noSuchAgreement(id) }
        let policy = snapshot.configuration.policy
        let now = clock.now()
        // Its past windows, if they are still to be recorded after the start.
        if checker.historyMayBePending { await checker.recordHistory(of: [id]) }
        let (evaluation, outcomes, completions) = try storing {
            let evaluation = try store.readRemembered { counts in
                try Evaluator(policy: policy).evaluate(agreement, at: .instant(now), counts: counts, archived: archived)
            }
            return (evaluation, try store.windowOutcomes(agreement: id), try store.manualCompletions(agreement: id))
        }
        let quotas = agreement.quotas.map { $0.resolved(policy.pace) }
        let campaigns = agreement.campaigns.map { CampaignConfig($0, completions: completions) }
        let blackouts = policy.blackouts + agreement.blackouts
        return ShowAgreementReply(agreement: AgreementDetail(
            id: agreement.id, title: agreement.title, reference: agreement.reference, parties: agreement.parties,
            start: agreement.start.description, end: agreement.end.description, timezone: agreement.timeZone.identifier,
            state: evaluation.state.rawValue, file: snapshot.configuration.sources[id], quotas: quotas,
            campaigns: campaigns, blackouts: blackouts, status: evaluation,
            pastWindows: outcomes.sorted { ($0.quota, $0.window.start) < ($1.quota, $1.window.start) },
            amendments: agreement.amendments.map(AmendmentDetail.init)))
    }

    func listAlerts(_ p: PageParameters) throws(VarlinkError) -> ListAlertsReply {
        let limit = try Self.limit(p.limit)
        let since = try Self.date(p.since, parameter: "since").map { $0.startInstant(in: .gmt) }
        let alerts = try storing { try store.alerts(agreement: p.agreement, since: since, limit: limit, after: p.after.map(Int64.init)) }
        return ListAlertsReply(alerts: alerts, nextAfter: alerts.count == limit ? alerts.last.map { Int($0.id) } : nil)
    }

    func history(_ p: PageParameters) throws(VarlinkError) -> HistoryReply {
        let limit = try Self.limit(p.limit)
        let since = try Self.date(p.since, parameter: "since").map { $0.startInstant(in: .gmt) }
        let entries = try storing { try store.auditLog(agreement: p.agreement, since: since, limit: limit, after: p.after.map(Int64.init)) }
        return HistoryReply(
            entries: entries,
            nextAfter: entries.count == limit ? entries.last.map { Int($0.id) } : nil)
    }

    /// Streams alerts as they are raised until the client goes away or the daemon stops; then a final reply.
    func watchAlerts(_ p: WatchAlertsParameters, _ stream: VarlinkStream<WatchAlertsReply>) async throws -> WatchAlertsReply {
        if let agreement = p.agreement { _ = try await self.agreement(agreement) }
        let (id, alerts) = await publisher.watch(agreement: p.agreement)
        await withTaskCancellationHandler {
            for await alert in alerts {
                do { try await stream.send(WatchAlertsReply(alert: alert)) } catch { break }
            }
        } onCancel: {
            Task { await publisher.unwatch(id) }
        }
        await publisher.unwatch(id)
        return WatchAlertsReply(alert: nil, final: true)
    }
}

extension AgreementEvaluation {
    /// The evaluation with the agreement's inbox as `status` shows it (SPEC §10): the candidates waiting, for an
    /// agreement with feeds; `counts` are the store's `inboxCounts()`.
    func showingInbox(_ counts: [String: Int], of agreement: Agreement) -> AgreementEvaluation {
        guard !agreement.feeds.isEmpty else { return self }
        var evaluation = self
        evaluation.inbox = counts[agreement.id] ?? 0
        return evaluation
    }
}
