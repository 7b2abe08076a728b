import Foundation

/// SPEC §3: quotas, milestones and agreement state at a time T, from configuration and delivery counts.
///
/// Pure: it reads counts through `DeliveryCounts` and time only from its arguments.
public struct Evaluator: Sendable {
    public var policy: EvaluationPolicy

    public init(policy: EvaluationPolicy) {
        self.policy = policy
    }

    /// Evaluates one agreement at `moment`.
    public func evaluate(
        _ agreement: Agreement, at moment: EvaluationMoment, counts: some DeliveryCounts, archived: Bool = false
    ) throws -> AgreementEvaluation {
        let date = moment.date(in: agreement.timeZone)
        let calendar = blackoutCalendar(for: agreement)
        let state = agreementState(agreement, on: date, archived: archived)
        let quotas = try agreement.schedules.filter { $0.isShown(on: date) }.map { schedule in
            try evaluate(schedule, of: agreement, in: schedule.window(containing: date), on: date, calendar: calendar,
                         counts: counts)
        }
        let completions = try counts.manualCompletions(agreement: agreement.id)
        var milestones: [MilestoneEvaluation] = []
        for campaign in agreement.campaigns {
            for milestone in campaign.milestones {
                milestones.append(try evaluate(milestone, of: campaign, in: agreement, on: date,
                                               completions: completions, counts: counts))
            }
        }
        let stale: Bool
        if state == .active || state == .expiring {
            let last = try counts.lastRecorded(agreement: agreement.id).map { CivilDate($0, in: agreement.timeZone) }
            stale = isStale(lastRecorded: last, agreement: agreement, on: date, calendar: calendar)
        } else {
            stale = false
        }
        var evaluation = AgreementEvaluation(
            agreementID: agreement.id, title: agreement.title, date: date, state: state, stale: stale, start: agreement.start,
            end: agreement.end, quotas: quotas, milestones: milestones)
        evaluation.originalEnd = agreement.originalEnd
        evaluation.amendments = agreement.amendments
        return evaluation
    }

    /// The count ranges an evaluation of `agreement` at `moment` reads: each quota's current window through
    /// the evaluation date, each campaign's days through it. A store can answer them all in a few set-based
    /// queries before the evaluation asks them one by one (`evaluate` derives its ranges from here too).
    public func countRanges(_ agreement: Agreement, at moment: EvaluationMoment) -> CountRanges {
        let date = moment.date(in: agreement.timeZone)
        var ranges = CountRanges()
        for schedule in agreement.schedules where schedule.isShown(on: date) {
            let window = schedule.window(containing: date)
            if schedule.quota.carry != .none {
                // The windows before it, whose deliveries move into its target.
                for earlier in schedule.windows(before: window) {
                    ranges.quotas.append((schedule.id, earlier.start, earlier.end))
                }
            }
            if let range = Self.quotaRange(window, on: date) { ranges.quotas.append((schedule.id, range.from, range.through)) }
        }
        for campaign in agreement.campaigns where campaign.milestones.contains(where: { $0.completion != .manual }) {
            if let range = Self.campaignRange(campaign, on: date) {
                ranges.campaigns.append((campaign.id, range.from, range.through))
            }
        }
        return ranges
    }

    /// What `countRanges` returns.
    public struct CountRanges: Sendable {
        public var quotas: [(quota: String, from: CivilDate, through: CivilDate)] = []
        public var campaigns: [(campaign: String, from: CivilDate, through: CivilDate)] = []
    }

    /// The days of `window` counted on `date`; nil before the window starts.
    static func quotaRange(_ window: QuotaWindow, on date: CivilDate) -> (from: CivilDate, through: CivilDate)? {
        date < window.start ? nil : (window.start, min(date, window.end))
    }

    /// The campaign days counted on `date`; nil before the campaign starts.
    static func campaignRange(_ campaign: Campaign, on date: CivilDate) -> (from: CivilDate, through: CivilDate)? {
        let through = min(date, campaign.end)
        return through < campaign.start ? nil : (campaign.start, through)
    }

    /// The global and the agreement's own blackout days.
    public func blackoutCalendar(for agreement: Agreement) -> BlackoutCalendar {
        BlackoutCalendar(policy.blackouts + agreement.blackouts)
    }

    // MARK: Quotas

    /// The target of `window` of a quota without amendments or carry-over: its target, prorated by calendar days
    /// where the agreement cuts the window short (SPEC §3; ``QuotaSchedule/baseTarget(of:)`` in general).
    public static func target(of quota: Quota, in window: QuotaWindow) -> Int {
        QuotaSchedule(quota: quota, first: window.start, last: window.end, changes: []).baseTarget(of: window)
    }

    /// The target of `window` of `schedule`, with what the windows before it carry into it (SPEC §9): each
    /// window's target is max(0, base + carried), carried being the previous window's shortfall and/or minus its
    /// excess, against that window's own target and its deliveries as they stand.
    public func target(
        of schedule: QuotaSchedule, in window: QuotaWindow, agreement: String, counts: some DeliveryCounts
    ) throws -> WindowTarget {
        let base = schedule.baseTarget(of: window)
        let carry = schedule.quota.carry
        guard carry != .none, schedule.quota.per != .total else { return WindowTarget(base: base, carried: nil) }
        var carried = 0
        let earlier = schedule.windows(before: window)
        let sums = try counts.delivered(agreement: agreement, quota: schedule.id, windows: earlier)
        for (window, delivered) in zip(earlier, sums) {
            let target = max(0, schedule.baseTarget(of: window) + carried)
            carried = carry.carried(target: target, delivered: delivered)
        }
        return WindowTarget(base: base, carried: carried)
    }

    /// Evaluates the quota of `schedule` in `window` on `date`, reading what was delivered in the window through
    /// `date` (and, with carry-over, in the windows before it).
    public func evaluate(
        _ schedule: QuotaSchedule, of agreement: Agreement, in window: QuotaWindow, on date: CivilDate,
        calendar: BlackoutCalendar, counts: some DeliveryCounts
    ) throws -> QuotaEvaluation {
        let delivered = try Self.quotaRange(window, on: date).map {
            try counts.delivered(agreement: agreement.id, quota: schedule.id, from: $0.from, through: $0.through)
        } ?? 0
        let target = try target(of: schedule, in: window, agreement: agreement.id, counts: counts)
        // Thresholds in force on the evaluation date (within the quota's life).
        var terms = schedule.terms(on: min(max(date, schedule.first), schedule.last))
        terms.title = schedule.quota.title
        var evaluation = evaluate(terms, in: window, target: target, delivered: delivered, on: date, calendar: calendar)
        evaluation.amendments = schedule.amendments(shaping: window, endMoved: agreement.endMoved)
        return evaluation
    }

    /// Evaluates `quota` (its thresholds and title) in `window` with `target`, on `date`, given what was delivered
    /// in the window through `date`.
    public func evaluate(
        _ quota: Quota, in window: QuotaWindow, target windowTarget: WindowTarget, delivered: Int, on date: CivilDate,
        calendar: BlackoutCalendar
    ) -> QuotaEvaluation {
        let target = windowTarget.target
        let windowDays = calendar.countableDays(from: window.start, through: window.end)
        let elapsedDays = date < window.start ? 0 : calendar.countableDays(from: window.start, through: min(date, window.end))
        let leftDays = windowDays - elapsedDays
        let closed = date > window.end
        let expected = windowDays == 0 ? 0 : Double(target) * Double(elapsedDays) / Double(windowDays)
        let remaining = max(0, target - delivered)
        let status = Self.status(
            delivered: delivered, target: target, expected: expected, closed: closed, windowDays: windowDays,
            leftDays: leftDays, atRiskBelow: quota.atRiskBelow ?? policy.pace.atRiskBelow,
            behindBelow: quota.behindBelow ?? policy.pace.behindBelow, dueSoonDays: policy.dueSoon.days)
        var evaluation = QuotaEvaluation(
            quotaID: quota.id, title: quota.title ?? quota.id, window: window, target: target, delivered: delivered, expected: expected,
            status: status, remaining: remaining,
            projected: elapsedDays == 0 ? nil : Double(delivered) / Double(elapsedDays) * Double(windowDays),
            requiredPerWeek: leftDays == 0 ? nil : Double(remaining) * 7 / Double(leftDays),
            currentPerWeek: elapsedDays == 0 ? nil : Double(delivered) * 7 / Double(elapsedDays),
            windowDays: windowDays, elapsedDays: elapsedDays, leftDays: leftDays, closed: closed)
        if let carried = windowTarget.carried {
            evaluation.baseTarget = windowTarget.base
            evaluation.carried = carried
        }
        return evaluation
    }

    /// The five status rules of SPEC §3, first that applies.
    public static func status(
        delivered: Int, target: Int, expected: Double, closed: Bool, windowDays: Int, leftDays: Int,
        atRiskBelow: Double, behindBelow: Double, dueSoonDays: Double
    ) -> QuotaStatus {
        if delivered >= target { return .met }
        if closed { return .missed }
        if expected >= 1 {
            let ratio = Double(delivered) / expected
            if ratio < behindBelow { return .behind }
            if ratio < atRiskBelow { return .atRisk }
        }
        if windowDays > 0, Double(leftDays) <= min(dueSoonDays, Double(windowDays) / 4) { return .atRisk }
        return .onTrack
    }

    // MARK: Milestones

    /// Evaluates a milestone of `campaign` on `date`.
    public func evaluate(
        _ milestone: Milestone, of campaign: Campaign, in agreement: Agreement, on date: CivilDate,
        completions: [String: CivilDate], counts: some DeliveryCounts
    ) throws -> MilestoneEvaluation {
        let id = campaign.id + "/" + milestone.id
        var target: Int?
        var delivered: Int?
        var reachedOn: CivilDate?
        switch milestone.completion {
        case .counted(let goal):
            target = goal
            let days = try Self.campaignRange(campaign, on: date).map {
                try counts.campaignDays(agreement: agreement.id, campaign: campaign.id, from: $0.from, through: $0.through)
            } ?? []
            var sum = 0
            for day in days {
                sum += day.count
                if reachedOn == nil, sum >= goal { reachedOn = day.date }
            }
            delivered = sum
        case .manual:
            reachedOn = completions[id].flatMap { $0 <= date ? $0 : nil }
        }
        let status: MilestoneStatus
        if let reachedOn {
            status = reachedOn <= milestone.due ? .done : .late
        } else if date > milestone.due {
            status = .missed
        } else if Double(date.days(to: milestone.due)) <= policy.dueSoon.days {
            status = .dueSoon
        } else {
            status = .pending
        }
        return MilestoneEvaluation(
            id: id, title: milestone.title ?? milestone.id, campaignID: campaign.id, due: milestone.due, target: target, delivered: delivered,
            reachedOn: reachedOn, status: status, campaignRunning: campaign.isRunning(on: date))
    }

    // MARK: Agreement

    /// NOT_STARTED, ACTIVE, EXPIRING, ENDED or ARCHIVED on `date`.
    public func agreementState(_ agreement: Agreement, on date: CivilDate, archived: Bool = false) -> AgreementState {
        if archived { return .archived }
        if date < agreement.start { return .notStarted }
        if date > agreement.end { return .ended }
        if Double(date.days(to: agreement.end)) <= policy.expiryWarning.days { return .expiring }
        return .active
    }

    /// Whether nothing was recorded for more than `stale_after` countable days (from the start when never).
    public func isStale(lastRecorded: CivilDate?, agreement: Agreement, on date: CivilDate, calendar: BlackoutCalendar)
        -> Bool
    {
        let since = max(lastRecorded ?? agreement.start, agreement.start)
        let quiet = calendar.countableDays(from: since.adding(days: 1), through: date)
        return Double(quiet) > policy.staleAfter.days
    }
}
