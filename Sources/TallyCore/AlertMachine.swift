import Foundation

/// What the daemon remembers about one alert subject between evaluations.
public struct SubjectState: Sendable, Equatable, Codable {
    /// The status last observed (`ON_TRACK`, `DUE_SOON`, `EXPIRING`, `STALE`, …).
    public var status: String
    /// When the subject was last alerted, if ever.
    public var lastAlertAt: Date?
    /// Renotifications sent for the current status.
    public var repeatCount: Int

    public init(status: String, lastAlertAt: Date? = nil, repeatCount: Int = 0) {
        self.status = status
        self.lastAlertAt = lastAlertAt
        self.repeatCount = repeatCount
    }
}

/// Keys of alert subjects (SPEC §4): a quota window, a milestone, an agreement, an agreement's staleness.
public enum AlertSubject {
    public static func quota(_ agreement: String, _ quota: String, _ window: String) -> String {
        "quota/\(agreement)/\(quota)/\(window)"
    }
    public static func milestone(_ agreement: String, _ milestone: String) -> String {
        "milestone/\(agreement)/\(milestone)"
    }
    public static func agreement(_ agreement: String) -> String { "agreement/\(agreement)" }
    public static func staleness(_ agreement: String) -> String { "stale/\(agreement)" }
    /// A feed of an agreement (SPEC §10).
    public static func feed(_ agreement: String, _ feed: String) -> String { "feed/\(agreement)/\(feed)" }
    /// The acceptance record of an `every` period (SPEC §12), by its label.
    public static func acceptance(_ agreement: String, _ period: String) -> String { "acceptance/\(agreement)/\(period)" }
    /// The share of the contract value used by signed records and the current draft (SPEC §12).
    public static func settlementValue(_ agreement: String) -> String { "settlement-value/\(agreement)" }
    /// A rung of a milestone's reminder ladder, by its lead in seconds.
    public static func reminder(_ agreement: String, _ milestone: String, lead: Duration) -> String {
        "remind/\(agreement)/\(milestone)/\(lead.components.seconds)"
    }
}

/// The result of one step of the alert machine for one agreement: what to persist, then what to announce.
public struct AlertStep: Sendable, Equatable {
    /// Subject states to write (insert or replace).
    public var states: [String: SubjectState] = [:]
    /// Subjects to forget: windows whose outcome is now recorded.
    public var removed: [String] = []
    /// Outcomes of windows that closed, to record.
    public var outcomes: [WindowOutcome] = []
    /// Alerts to store and write to the journal, after the states are persisted.
    public var alerts: [Alert] = []
    /// Closed windows whose outcomes are history to record silently, left for a later step (`deferringHistory`).
    public var historyDeferred = false

    public init() {}
}

/// SPEC §4: turns an evaluation and the persisted subject states into alerts and new states.
public struct AlertMachine: Sendable {
    public var evaluator: Evaluator
    public var policy: EvaluationPolicy { evaluator.policy }

    public init(policy: EvaluationPolicy) {
        self.evaluator = Evaluator(policy: policy)
    }

    /// Evaluates `agreement` at `now` and decides the alerts.
    ///
    /// - Parameters:
    ///   - known: the agreement's evaluation on the date of `now`, made earlier from the same counts; taken as it is
    ///     instead of evaluating again.
    ///   - previous: the persisted states of this agreement's subjects.
    ///   - outcomesThrough: per quota, the last day of the latest window whose outcome is recorded.
    ///   - firstSeen: the date the daemon first saw the agreement: windows closed before it are recorded silently.
    ///   - alertsHeldUntil: while onboarding holds the agreement's alerts (SPEC §9): closed windows are recorded,
    ///     nothing is announced and no subject state is kept, so that when the hold ends every subject still bad
    ///     is alerted as first seen.
    ///   - deferringHistory: a quota whose unrecorded closed windows are all caught up silently (they ended before
    ///     `firstSeen`) has none of them recorded in this step, which says so in `historyDeferred`: the history of a
    ///     newly seen agreement (every window since its start) is left for a later check without it. The evaluation,
    ///     the alerts and the subject states are the same either way.
    public func check(
        _ agreement: Agreement, now: Date, counts: some DeliveryCounts, previous: [String: SubjectState],
        outcomesThrough: [String: CivilDate], firstSeen: CivilDate, archived: Bool = false, alertsHeldUntil: Date? = nil,
        known: AgreementEvaluation? = nil, deferringHistory: Bool = false
    ) throws -> (AgreementEvaluation, AlertStep) {
        var (evaluation, step) = try check(
            agreement, now: now, counts: counts, previous: previous, outcomesThrough: outcomesThrough, firstSeen: firstSeen,
            archived: archived, known: known, deferringHistory: deferringHistory)
        if let alertsHeldUntil, !archived {
            evaluation.alertsHeldUntil = alertsHeldUntil
            step.alerts = []
            step.states = [:]
        }
        return (evaluation, step)
    }

    private func check(
        _ agreement: Agreement, now: Date, counts: some DeliveryCounts, previous: [String: SubjectState],
        outcomesThrough: [String: CivilDate], firstSeen: CivilDate, archived: Bool, known: AgreementEvaluation?,
        deferringHistory: Bool
    ) throws -> (AgreementEvaluation, AlertStep) {
        let evaluation = try known ?? evaluator.evaluate(agreement, at: .instant(now), counts: counts, archived: archived)
        var step = AlertStep()
        guard !archived else { return (evaluation, step) }
        let date = evaluation.date
        let calendar = evaluator.blackoutCalendar(for: agreement)

        for schedule in agreement.schedules {
            let quota = schedule.quota
            // Windows that closed since the last recorded outcome, oldest first (a removed quota's last one too).
            var closing: [QuotaWindow] = []
            var day = outcomesThrough[quota.id].map { $0.adding(days: 1) } ?? schedule.first
            let lastDay = min(date.adding(days: -1), schedule.last)
            if deferringHistory, day <= lastDay {
                // All or none of the quota's closed windows (recording a later one would put its recorded outcomes past
                // an earlier one), and only when every one closes silently: the oldest and the newest decide, since a
                // window observed open ended on or after the agreement was first seen.
                let oldest = schedule.window(containing: day)
                var newest = schedule.window(containing: lastDay)
                if newest.end >= date, newest.start > day { newest = schedule.window(containing: newest.start.adding(days: -1)) }
                let silently = [oldest, newest].allSatisfy { window in
                    window.end < date && Self.closesSilently(
                        window, previous: previous[AlertSubject.quota(agreement.id, quota.id, window.label)], firstSeen: firstSeen)
                }
                if silently {
                    step.historyDeferred = true
                    day = lastDay.adding(days: 1)
                }
            }
            while day <= lastDay {
                let window = schedule.window(containing: day)
                guard window.end < date else { break }
                closing.append(window)
                day = window.end.adding(days: 1)
            }
            func closeAll(counts: some DeliveryCounts) throws {
                for window in closing {
                    let closed = try evaluator.evaluate(schedule, of: agreement, in: window, on: window.end.adding(days: 1),
                                                        calendar: calendar, counts: counts)
                    close(closed, quota: quota, agreement: agreement, previous: previous, firstSeen: firstSeen, now: now,
                          into: &step)
                }
            }
            if closing.count > 1 {
                // Their sums as one question: at the first sight of an agreement every window of its past closes,
                // ~400,000 windows at the first start of 2,000 agreements, each a query when asked one by one.
                try closeAll(counts: KnownWindowSums(
                    counts, agreement: agreement.id, quota: quota.id, windows: closing,
                    sums: counts.delivered(agreement: agreement.id, quota: quota.id, windows: closing)))
            } else {
                try closeAll(counts: counts)
            }
            if let current = evaluation.quotas.first(where: { $0.quotaID == quota.id }), !current.closed {
                observeQuota(current, quota: quota, agreement: agreement, previous: previous, now: now, into: &step)
            }
        }
        for (milestone, campaign) in zip(evaluation.milestones, agreement.campaigns.flatMap { c in c.milestones.map { _ in c } }) {
            observeMilestone(milestone, campaign: campaign, agreement: agreement, date: date, previous: previous,
                             now: now, into: &step)
        }
        observeAgreement(evaluation, agreement: agreement, date: date, previous: previous, now: now, into: &step)
        return (evaluation, step)
    }

    /// Re-evaluates recorded outcomes of closed windows after a backfill or void, against their recorded targets;
    /// windows ending on or after `retargetFrom` (the earliest `effective` of a retroactive amendment, SPEC §9) get
    /// the target their terms now give. Returns the outcomes whose delivered count or target changed and at most
    /// one `quota-outcome-changed` alert.
    public func reviseOutcomes(
        _ recorded: [WindowOutcome], in agreement: Agreement, counts: some DeliveryCounts, now: Date,
        retargetFrom: CivilDate? = nil
    ) throws -> (updated: [WindowOutcome], alert: Alert?) {
        var updated: [WindowOutcome] = []
        var changed: [(WindowOutcome, QuotaStatus)] = []
        let schedules = Dictionary(agreement.schedules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for old in recorded.sorted(by: { ($0.window.start, $0.window.end) < ($1.window.start, $1.window.end) }) {
            let delivered = try counts.delivered(agreement: agreement.id, quota: old.quota, from: old.window.start,
                                                 through: old.window.end)
            var target = old.target
            if let retargetFrom, old.window.end >= retargetFrom, let schedule = schedules[old.quota] {
                let window = schedule.window(containing: old.window.start)
                if window.start == old.window.start, window.end == old.window.end {
                    target = try evaluator.target(of: schedule, in: window, agreement: agreement.id, counts: counts).target
                }
            }
            guard delivered != old.delivered || target != old.target else { continue }
            var new = old
            new.delivered = delivered
            new.target = target
            new.outcome = delivered >= target ? .met : .missed
            updated.append(new)
            if new.outcome != old.outcome { changed.append((new, old.outcome)) }
        }
        guard let (first, before) = changed.first else { return (updated, nil) }
        var message = "\(agreement.id)/\(first.quota): outcome of \(first.window.label) changed from \(before.rawValue) to \(first.outcome.rawValue) (\(first.delivered) of \(first.target))"
        if changed.count > 1 { message += ", and \(changed.count - 1) more window(s)" }
        let alert = Alert(
            type: .quotaOutcomeChanged, at: now, agreement: agreement.id, quota: first.quota, window: first.window.label,
            status: first.outcome.rawValue, previousStatus: before.rawValue, delivered: first.delivered,
            target: first.target, message: message)
        return (updated, alert)
    }

    // MARK: Quotas

    /// Windows that closed before the daemon first saw the agreement, never observed open, are caught up silently:
    /// their outcomes are recorded, nothing is announced.
    static func closesSilently(_ window: QuotaWindow, previous: SubjectState?, firstSeen: CivilDate) -> Bool {
        previous == nil && window.end < firstSeen
    }

    private func close(
        _ closed: QuotaEvaluation, quota: Quota, agreement: Agreement, previous: [String: SubjectState],
        firstSeen: CivilDate, now: Date, into step: inout AlertStep
    ) {
        let key = AlertSubject.quota(agreement.id, quota.id, closed.window.label)
        step.outcomes.append(WindowOutcome(
            agreement: agreement.id, quota: quota.id, window: closed.window, target: closed.target,
            delivered: closed.delivered, outcome: closed.status))
        if previous[key] != nil { step.removed.append(key) }
        let prior = previous[key]?.status
        if Self.closesSilently(closed.window, previous: previous[key], firstSeen: firstSeen) { return }
        guard prior != closed.status.rawValue else { return }
        let type: AlertType = closed.status == .met ? .quotaMet : .quotaMissed
        step.alerts.append(quotaAlert(type, closed, quota: quota, agreement: agreement, previous: prior, repeatCount: 0, now: now))
    }

    private func observeQuota(
        _ current: QuotaEvaluation, quota: Quota, agreement: Agreement, previous: [String: SubjectState], now: Date,
        into step: inout AlertStep
    ) {
        let key = AlertSubject.quota(agreement.id, quota.id, current.window.label)
        let prior = previous[key]
        let status = current.status
        var type: AlertType?
        switch status {
        case .atRisk where prior?.status != status.rawValue: type = .quotaAtRisk
        case .behind where prior?.status != status.rawValue: type = .quotaBehind
        case .onTrack where prior?.status == QuotaStatus.atRisk.rawValue || prior?.status == QuotaStatus.behind.rawValue:
            type = .quotaRecovered
        case .met where prior != nil && prior?.status != status.rawValue: type = .quotaMet
        default: type = nil
        }
        let repeatable: AlertType? = status == .atRisk ? .quotaAtRisk : status == .behind ? .quotaBehind : nil
        record(key: key, status: status.rawValue, prior: prior, transition: type, repeatable: repeatable, now: now,
               into: &step) { type, repeatCount in
            quotaAlert(type, current, quota: quota, agreement: agreement, previous: prior?.status, repeatCount: repeatCount, now: now)
        }
    }

    private func quotaAlert(
        _ type: AlertType, _ e: QuotaEvaluation, quota: Quota, agreement: Agreement, previous: String?, repeatCount: Int,
        now: Date
    ) -> Alert {
        var message = "\(agreement.id)/\(quota.id): \(e.status.rawValue) in \(e.window.label) (\(e.delivered) of \(e.target)"
        message += e.closed || e.status == .met ? ")" : ", expected \(Self.oneDecimal(e.expected)))"
        return Alert(
            type: type, at: now, agreement: agreement.id, quota: quota.id, window: e.window.label, status: e.status.rawValue,
            previousStatus: previous, delivered: e.delivered, target: e.target, expected: e.expected,
            repeatCount: repeatCount, message: Self.withRepeat(message, repeatCount))
    }

    // MARK: Milestones

    private func observeMilestone(
        _ m: MilestoneEvaluation, campaign: Campaign, agreement: Agreement, date: CivilDate,
        previous: [String: SubjectState], now: Date, into step: inout AlertStep
    ) {
        let key = AlertSubject.milestone(agreement.id, m.id)
        let prior = previous[key]
        let campaignRuns = campaign.isRunning(on: date)
        remind(m, campaign: campaign, agreement: agreement, date: date, previous: previous, now: now, into: &step)
        var type: AlertType?
        switch m.status {
        // DUE_SOON is announced by the reminder ladder, not by the transition.
        // A milestone missed in a campaign that had already ended when first seen is history, not news.
        case .missed where prior?.status != m.status.rawValue && (prior != nil || campaignRuns): type = .milestoneMissed
        case .done where prior != nil && prior?.status != m.status.rawValue: type = .milestoneDone
        case .late where prior != nil && prior?.status != m.status.rawValue: type = .milestoneLate
        default: type = nil
        }
        let repeatable: AlertType? = m.status == .missed && campaignRuns ? .milestoneMissed : nil
        record(key: key, status: m.status.rawValue, prior: prior, transition: type, repeatable: repeatable, now: now,
               into: &step) { type, repeatCount in
            var message = "\(agreement.id)/\(m.id): \(m.status.rawValue), due \(m.due)"
            if let reached = m.reachedOn { message += ", reached \(reached)" }
            if let delivered = m.delivered, let target = m.target { message += " (\(delivered) of \(target))" }
            return Alert(
                type: type, at: now, agreement: agreement.id, milestone: m.id, status: m.status.rawValue,
                previousStatus: prior?.status, delivered: m.delivered, target: m.target, repeatCount: repeatCount,
                message: Self.withRepeat(message, repeatCount))
        }
    }

    /// SPEC §9's reminder ladder: a milestone not yet reached raises `milestone-due-soon` once as it comes within
    /// each lead of the ladder (several leads crossed at once raise one alert); each rung sent is remembered as a
    /// subject of its own, forgotten once the milestone is reached or missed.
    private func remind(
        _ m: MilestoneEvaluation, campaign: Campaign, agreement: Agreement, date: CivilDate,
        previous: [String: SubjectState], now: Date, into step: inout AlertStep
    ) {
        let ladder = policy.reminders(for: campaign)
        let keys = ladder.map { AlertSubject.reminder(agreement.id, m.id, lead: $0) }
        guard m.status == .pending || m.status == .dueSoon else {
            step.removed += keys.filter { previous[$0] != nil }
            return
        }
        let left = date.days(to: m.due)
        let crossed = zip(ladder, keys).filter { Double(left) <= $0.0.days }.map(\.1)
        let unsent = crossed.filter { previous[$0] == nil }
        guard !unsent.isEmpty else { return }
        for key in unsent { step.states[key] = SubjectState(status: "SENT", lastAlertAt: now) }
        var message = "\(agreement.id)/\(m.id): \(m.status.rawValue), due \(m.due), \(left) day\(left == 1 ? "" : "s") left"
        if let delivered = m.delivered, let target = m.target { message += " (\(delivered) of \(target))" }
        step.alerts.append(Alert(
            type: .milestoneDueSoon, at: now, agreement: agreement.id, milestone: m.id, status: m.status.rawValue,
            previousStatus: previous[AlertSubject.milestone(agreement.id, m.id)]?.status, delivered: m.delivered,
            target: m.target, message: message, daysLeft: left))
    }

    // MARK: Agreement state and staleness

    private func observeAgreement(
        _ e: AgreementEvaluation, agreement: Agreement, date: CivilDate, previous: [String: SubjectState], now: Date,
        into step: inout AlertStep
    ) {
        let key = AlertSubject.agreement(agreement.id)
        let prior = previous[key]
        var type: AlertType?
        switch e.state {
        case .expiring where prior?.status != e.state.rawValue: type = .agreementExpiring
        case .ended where prior != nil && prior?.status != e.state.rawValue: type = .agreementEnded
        default: type = nil
        }
        record(key: key, status: e.state.rawValue, prior: prior, transition: type,
               repeatable: e.state == .expiring ? .agreementExpiring : nil, now: now, into: &step) { type, repeatCount in
            let message = e.state == .ended
                ? "\(agreement.id): ENDED on \(agreement.end)"
                : "\(agreement.id): \(e.state.rawValue), ends \(agreement.end) (\(date.days(to: agreement.end)) days left)"
            return Alert(type: type, at: now, agreement: agreement.id, status: e.state.rawValue,
                         previousStatus: prior?.status, repeatCount: repeatCount, message: Self.withRepeat(message, repeatCount))
        }

        // Staleness is observed only while the agreement runs.
        let staleKey = AlertSubject.staleness(agreement.id)
        guard e.state == .active || e.state == .expiring else {
            if previous[staleKey] != nil { step.removed.append(staleKey) }
            return
        }
        let stalePrior = previous[staleKey]
        let status = e.stale ? "STALE" : "FRESH"
        let staleType: AlertType? = e.stale
            ? (stalePrior?.status != status ? .agreementStale : nil)
            : (stalePrior?.status == "STALE" ? .agreementFresh : nil)
        record(key: staleKey, status: status, prior: stalePrior, transition: staleType,
               repeatable: e.stale ? .agreementStale : nil, now: now, into: &step) { type, repeatCount in
            let message = e.stale
                ? "\(agreement.id): STALE, nothing recorded for more than \(Self.oneDecimal(policy.staleAfter.days)) days"
                : "\(agreement.id): FRESH, deliveries are being recorded again"
            return Alert(type: type, at: now, agreement: agreement.id, status: status, previousStatus: stalePrior?.status,
                         repeatCount: repeatCount, message: Self.withRepeat(message, repeatCount))
        }
    }

    // MARK: Feeds

    /// `feed-failing` once a feed has gone `feedFailingAfter` without a success (renotified like the others),
    /// `feed-recovered` at its next success (SPEC §10). Feeds of a held or archived agreement are not observed.
    public func observeFeeds(_ feeds: [FeedStatus], previous: [String: SubjectState], now: Date) -> AlertStep {
        var step = AlertStep()
        let threshold = TimeInterval(policy.feedFailingAfter.components.seconds)
        for feed in feeds {
            let key = AlertSubject.feed(feed.agreement, feed.feed)
            let prior = previous[key]
            if feed.state.isFailing(at: now, threshold: threshold) {
                record(key: key, status: "FAILING", prior: prior, transition: prior?.status == "FAILING" ? nil : .feedFailing,
                       repeatable: .feedFailing, now: now, into: &step) { type, repeatCount in
                    let message = "\(feed.agreement)/\(feed.feed): FAILING, no successful fetch for "
                        + "\(Self.oneDecimal(threshold / 3600)) hours: \(feed.state.lastError ?? "no answer")"
                    return Alert(type: type, at: now, agreement: feed.agreement, status: "FAILING", previousStatus: prior?.status,
                                 repeatCount: repeatCount, message: Self.withRepeat(message, repeatCount), feed: feed.feed,
                                 url: feed.state.url, error: feed.state.lastError)
                }
            } else if prior != nil, feed.state.health == .ok {
                // Only a feed alerted as failing recovers; a failure too short to alert leaves no state behind.
                step.alerts.append(Alert(
                    type: .feedRecovered, at: now, agreement: feed.agreement, status: "OK", previousStatus: prior?.status,
                    message: "\(feed.agreement)/\(feed.feed): OK, fetched again", feed: feed.feed, url: feed.state.url))
                step.removed.append(key)
            }
        }
        return step
    }

    // MARK: Shared

    /// Writes the new state of a subject and, on a transition or when a bad state is due again, its alert.
    func record(
        key: String, status: String, prior: SubjectState?, transition: AlertType?, repeatable: AlertType?, now: Date,
        into step: inout AlertStep, alert: (AlertType, Int) -> Alert
    ) {
        var state = SubjectState(status: status, lastAlertAt: prior?.lastAlertAt, repeatCount: prior?.repeatCount ?? 0)
        if prior?.status != status { state.repeatCount = 0 }
        if let transition {
            step.alerts.append(alert(transition, 0))
            state.lastAlertAt = now
            state.repeatCount = 0
        } else if let repeatable, let last = prior?.lastAlertAt, prior?.status == status,
            now.timeIntervalSince(last) >= Double(policy.renotify.components.seconds)
        {
            state.repeatCount += 1
            state.lastAlertAt = now
            step.alerts.append(alert(repeatable, state.repeatCount))
        }
        if state != prior { step.states[key] = state }
    }

    static func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }

    static func withRepeat(_ message: String, _ repeatCount: Int) -> String {
        repeatCount == 0 ? message : message + " [repeat \(repeatCount)]"
    }
}
