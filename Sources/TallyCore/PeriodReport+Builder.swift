import Foundation

/// Per-day sums of a quota's matching deliveries: what a burn-up chart needs in one query.
///
/// Optional beside `DeliveryCounts`: a report over counts that lack it asks `delivered(…)` one day at a time.
public protocol DailyDeliveryCounts: DeliveryCounts {
    /// Per-day sums of `count` of the non-void deliveries matching the quota, `from` through `through`, in date
    /// order, days with nothing left out.
    func quotaDays(agreement: String, quota: String, from: CivilDate, through: CivilDate) throws -> [DayCount]
}

extension DeliveryLedger: DailyDeliveryCounts {
    /// Each delivery counts when it matches the quota's filters in force on its publication date (SPEC §9), as
    /// in ``delivered(agreement:quota:from:through:)``.
    public func quotaDays(agreement: String, quota: String, from: CivilDate, through: CivilDate) -> [DayCount] {
        guard let found = agreements[agreement], let terms = found.quotas.first(where: { $0.id == quota }) else { return [] }
        let schedule = found.schedule(of: terms)
        var sums: [CivilDate: Int] = [:]
        for entry in entries where !entry.voided && entry.delivery.agreement == agreement {
            let day = entry.delivery.published.date(in: found.timeZone)
            guard day >= from, day <= through, schedule.terms(on: day).filter.matches(entry.delivery.attributes) else {
                continue
            }
            sums[day, default: 0] += entry.delivery.count
        }
        return sums.map { DayCount(date: $0.key, count: $0.value) }.sorted { $0.date < $1.date }
    }
}

extension PeriodReport {
    /// Builds the report of `agreement` for `period`, with statuses taken at the earlier of the period's end and
    /// `today` (the agreement's date of "now"). Pure: time comes only from `today`.
    public static func build(
        _ agreement: Agreement, period: ReportPeriod, today: CivilDate, policy: EvaluationPolicy,
        counts: some DeliveryCounts, archived: Bool = false
    ) throws -> PeriodReport {
        let evaluator = Evaluator(policy: policy)
        let calendar = evaluator.blackoutCalendar(for: agreement)
        let asOf = min(period.end, today)
        let coveredStart = max(period.start, agreement.start)
        let coveredEnd = min(period.end, agreement.end)
        let covered = coveredStart <= coveredEnd
        // Quotas that exist at some time in the period (an amendment may add or remove one).
        let present = agreement.quotas.filter { quota in
            let schedule = agreement.schedule(of: quota)
            return schedule.first <= coveredEnd && schedule.last >= coveredStart
        }
        let quotas = try present.map { quota in
            try quotaReport(quota, of: agreement, period: period, coveredStart: coveredStart, coveredEnd: coveredEnd,
                            asOf: asOf, today: today, evaluator: evaluator, calendar: calendar, counts: counts)
        }
        let completions = try counts.manualCompletions(agreement: agreement.id)
        var milestones: [MilestoneReport] = []
        for campaign in agreement.campaigns {
            for milestone in campaign.milestones where milestone.due >= period.start && milestone.due <= period.end {
                let evaluation = try evaluator.evaluate(milestone, of: campaign, in: agreement, on: asOf,
                                                        completions: completions, counts: counts)
                milestones.append(MilestoneReport(campaignID: campaign.id, milestoneID: milestone.id, evaluation: evaluation))
            }
        }
        let blackouts = (policy.blackouts + agreement.blackouts).filter { $0.to >= period.start && $0.from <= period.end }
            .sorted { $0.from < $1.from }
        return PeriodReport(
            agreementID: agreement.id, period: period, asOf: asOf,
            state: evaluator.agreementState(agreement, on: asOf, archived: archived),
            coveredStart: covered ? coveredStart : nil, coveredEnd: covered ? coveredEnd : nil,
            quotas: covered ? quotas : [], milestones: milestones, blackouts: blackouts)
    }

    /// Whether the agreement's dates meet the period: the daemon reports only these when no agreement is named.
    public static func agreement(_ agreement: Agreement, meets period: ReportPeriod) -> Bool {
        agreement.start <= period.end && agreement.end >= period.start
    }

    private static func quotaReport(
        _ quota: Quota, of agreement: Agreement, period: ReportPeriod, coveredStart: CivilDate, coveredEnd: CivilDate,
        asOf: CivilDate, today: CivilDate, evaluator: Evaluator, calendar: BlackoutCalendar, counts: some DeliveryCounts
    ) throws -> QuotaReport {
        let schedule = agreement.schedule(of: quota)
        let statusWindow = schedule.window(containing: asOf)
        let evaluation = try evaluator.evaluate(schedule, of: agreement, in: statusWindow,
                                                on: outcomeDate(of: statusWindow, asOf: asOf, today: today),
                                                calendar: calendar, counts: counts)
        guard coveredStart <= coveredEnd else {
            return QuotaReport(quotaID: quota.id, per: quota.per, periodTarget: 0, delivered: 0, completionPercent: nil,
                               evaluation: evaluation, windows: [], days: [])
        }
        let windows = schedule.windows.filter { $0.end >= coveredStart && $0.start <= coveredEnd }
        let endMoved = agreement.endMoved
        var windowReports: [WindowReport] = []
        for window in windows {
            let windowTarget = try evaluator.target(of: schedule, in: window, agreement: agreement.id, counts: counts)
            let target = windowTarget.target
            let days = window.start.days(to: window.end) + 1
            let inside = max(window.start, coveredStart).days(to: min(window.end, coveredEnd)) + 1
            var status: QuotaStatus?
            var delivered = 0
            if window.start <= asOf {
                let evaluation = try evaluator.evaluate(schedule, of: agreement, in: window,
                                                        on: outcomeDate(of: window, asOf: asOf, today: today),
                                                        calendar: calendar, counts: counts)
                delivered = evaluation.delivered
                status = evaluation.status
            }
            windowReports.append(WindowReport(
                window: window, target: target, delivered: delivered, status: status,
                closed: outcomeDate(of: window, asOf: asOf, today: today) > window.end,
                days: days, daysInPeriod: inside, targetShare: Double(target) * Double(inside) / Double(days),
                baseTarget: windowTarget.carried == nil ? nil : windowTarget.base, carried: windowTarget.carried,
                amendments: schedule.amendments(shaping: window, endMoved: endMoved)))
        }
        let periodTarget = windowReports.reduce(0) { $0 + $1.targetShare }
        let perDay = try dailyCounts(agreement: agreement.id, quota: quota.id, from: coveredStart,
                                     through: min(coveredEnd, asOf), counts: counts)
        let series = dailySeries(windows: windowReports, coveredStart: coveredStart, coveredEnd: coveredEnd,
                                 asOf: asOf, perDay: perDay, calendar: calendar)
        let delivered = perDay.values.reduce(0, +)
        return QuotaReport(
            quotaID: quota.id, per: quota.per, periodTarget: periodTarget, delivered: delivered,
            completionPercent: periodTarget > 0 ? Double(delivered) / periodTarget * 100 : nil,
            evaluation: evaluation, windows: windowReports, days: series)
    }

    /// The date a window is evaluated at: `asOf`, except that a window ending on the last day of a period that is
    /// over is seen the day after, closed (MET or MISSED) as the daemon recorded it, not "closing today".
    private static func outcomeDate(of window: QuotaWindow, asOf: CivilDate, today: CivilDate) -> CivilDate {
        window.end < asOf || (window.end == asOf && today > asOf) ? window.end.adding(days: 1) : asOf
    }

    /// Items per day, from one query when the counts can answer it, else one `delivered` query per day.
    private static func dailyCounts(
        agreement: String, quota: String, from: CivilDate, through: CivilDate, counts: some DeliveryCounts
    ) throws -> [CivilDate: Int] {
        guard from <= through else { return [:] }
        if let daily = counts as? any DailyDeliveryCounts {
            let days = try daily.quotaDays(agreement: agreement, quota: quota, from: from, through: through)
            return Dictionary(days.map { ($0.date, $0.count) }, uniquingKeysWith: +)
        }
        var sums: [CivilDate: Int] = [:]
        var day = from
        while day <= through {
            let n = try counts.delivered(agreement: agreement, quota: quota, from: day, through: day)
            if n > 0 { sums[day] = n }
            day = day.adding(days: 1)
        }
        return sums
    }

    /// The burn-up series: each window's share of the period target spread evenly over its countable days in the
    /// period, so the pace line is flat on blackout days and ends at the period target.
    private static func dailySeries(
        windows: [WindowReport], coveredStart: CivilDate, coveredEnd: CivilDate, asOf: CivilDate,
        perDay: [CivilDate: Int], calendar: BlackoutCalendar
    ) -> [ReportDay] {
        var series: [ReportDay] = []
        var expected = 0.0
        var cumulative = 0
        for window in windows {
            let first = max(window.window.start, coveredStart)
            let last = min(window.window.end, coveredEnd)
            let countable = calendar.countableDays(from: first, through: last)
            var day = first
            while day <= last {
                let blackout = calendar.contains(day)
                if countable > 0 {
                    if !blackout { expected += window.targetShare / Double(countable) }
                } else if day == last {
                    expected += window.targetShare
                }
                var delivered: Int?
                if day <= asOf {
                    let n = perDay[day] ?? 0
                    cumulative += n
                    delivered = n
                }
                series.append(ReportDay(date: day, delivered: delivered, cumulative: delivered == nil ? nil : cumulative,
                                        expected: expected, blackout: blackout))
                day = day.adding(days: 1)
            }
        }
        return series
    }

    /// The quota windows `delivery` counts in that had already closed when it was recorded (`recordedAt`, in the
    /// agreement's zone): as `quota` and window label pairs. Empty when it was recorded in time.
    public static func windowsClosedAtRecording(
        _ delivery: DeliveryAttributes, publishedOn: CivilDate, recordedAt: Date, in agreement: Agreement
    ) -> [(quota: String, window: String)] {
        let recordedOn = CivilDate(recordedAt, in: agreement.timeZone)
        return agreement.quotas.compactMap { quota in
            guard quota.filter.matches(delivery) else { return nil }
            let window = QuotaWindow.containing(publishedOn, cadence: quota.per, agreementStart: agreement.start,
                                                agreementEnd: agreement.end)
            return recordedOn > window.end ? (quota.id, window.label) : nil
        }
    }
}
