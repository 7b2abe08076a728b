import Foundation

/// One quota's terms over its life (SPEC §9): the terms it starts with, and each amendment that changes them
/// from its `effective` day on.
public struct QuotaSchedule: Sendable, Hashable {
    /// A change of terms.
    public struct Change: Sendable, Hashable {
        /// The first day the terms are in force.
        public var from: CivilDate
        public var amendment: String
        public var terms: Quota
    }

    /// The terms on the first day.
    public var quota: Quota
    /// The first day the quota exists: the agreement's start, or the `effective` of the amendment that adds it.
    public var first: CivilDate
    /// The last day: the agreement's (amended) end, or the day before the amendment that removes it.
    public var last: CivilDate
    /// Later terms, in order.
    public var changes: [Change]
    /// The amendment that added the quota, or nil for one of the agreement's own.
    public var addedBy: String?
    /// The amendment that removed it.
    public var removedBy: String?
    /// The amendment whose terms are the first terms (effective on or before the first day), if any.
    public var startTermsBy: String?

    public var id: String { quota.id }

    /// The terms in force on `day`; before the first day the first terms, after the last the last.
    public func terms(on day: CivilDate) -> Quota {
        changes.last { $0.from <= day }?.terms ?? quota
    }

    /// Whether an evaluation on `date` shows the quota: from its first day on (an agreement's own quotas
    /// always, as before its start they show their first window), and not after an amendment removed it.
    public func isShown(on date: CivilDate) -> Bool {
        !(addedBy != nil && date < first) && !(removedBy != nil && date > last)
    }

    /// The window of the quota's cadence containing `date`, clipped to the quota's life.
    public func window(containing date: CivilDate) -> QuotaWindow {
        QuotaWindow.containing(date, cadence: quota.per, agreementStart: first, agreementEnd: last)
    }

    /// Every window of the quota's life, in order.
    public var windows: [QuotaWindow] {
        QuotaWindow.all(cadence: quota.per, agreementStart: first, agreementEnd: last)
    }

    /// The windows of the quota's life that start before `window`, in order.
    public func windows(before window: QuotaWindow) -> [QuotaWindow] {
        var windows: [QuotaWindow] = []
        var day = first
        while day < window.start, day <= last {
            let earlier = self.window(containing: day)
            windows.append(earlier)
            day = earlier.end.adding(days: 1)
        }
        return windows
    }

    /// The window target before carry-over: round-half-up(Σ target(d) / B) over the days d of the window, at least
    /// 1, where B is the full calendar window's days when the quota is prorated and the window's own days when
    /// not; a `total` quota's target is the one in force on its last day. With no amendment this is SPEC §3's.
    public func baseTarget(of window: QuotaWindow) -> Int {
        if quota.per == .total { return terms(on: last).target }
        if !changes.contains(where: { $0.from > window.start && $0.from <= window.end }) {
            // One target over the window (most windows): Σ = t·D; unclipped, D = F and the target is t.
            let target = terms(on: window.start).target
            if window.start == window.fullStart, window.end == window.fullEnd { return max(1, target) }
            return max(1, Self.roundedHalfUp(target * (window.start.days(to: window.end) + 1), divisor(of: window)))
        }
        var sum = 0
        forEachSegment(of: window) { sum += $0.terms.target * $0.days }
        return max(1, Self.roundedHalfUp(sum, divisor(of: window)))
    }

    /// The amendments that shaped `window`: those whose terms are in force on one of its days, the one that
    /// added the quota (every window of an added quota exists because of it), the one that removed it when the
    /// window ends on its last day, and the one that moved the agreement's end when the window differs from what
    /// the original end gave (or exists only because of it).
    public func amendments(shaping window: QuotaWindow, endMoved: (amendment: String, originalEnd: CivilDate)?) -> [String] {
        var ids: [String] = []
        if let addedBy { ids.append(addedBy) }
        if let startTerms = changes.last(where: { $0.from <= window.start }) {
            ids.append(startTerms.amendment)
        } else if let startTermsBy {
            ids.append(startTermsBy)
        }
        for change in changes where change.from > window.start && change.from <= window.end {
            ids.append(change.amendment)
        }
        if let removedBy, window.end == last { ids.append(removedBy) }
        if let endMoved, removedBy == nil {
            if window.start > endMoved.originalEnd {
                ids.append(endMoved.amendment)
            } else {
                let original = QuotaWindow.containing(window.start, cadence: quota.per, agreementStart: first,
                                                      agreementEnd: endMoved.originalEnd)
                if original.end != window.end { ids.append(endMoved.amendment) }
            }
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}

extension Agreement {
    /// The schedule of `quota` under the amendments: the one kept in ``schedules`` when it is one of ``quotas``.
    public func schedule(of quota: Quota) -> QuotaSchedule {
        if let index = quotas.firstIndex(of: quota), index < schedules.count { return schedules[index] }
        return makeSchedule(of: quota)
    }

    /// Works out the schedule of `quota` from the amendments.
    func makeSchedule(of quota: Quota) -> QuotaSchedule {
        var schedule = QuotaSchedule(
            quota: quota, first: start, last: end, changes: [], addedBy: nil, removedBy: nil, startTermsBy: nil)
        var terms = quota
        for amendment in amendments {
            for change in amendment.quotas where change.id == quota.id {
                switch change.change {
                case .add:
                    if schedule.addedBy == nil {
                        schedule.first = amendment.effective
                        schedule.addedBy = amendment.id
                    }
                case .amend(let changes):
                    terms = changes.applied(to: terms)
                    schedule.changes.append(.init(from: amendment.effective, amendment: amendment.id, terms: terms))
                case .remove:
                    if schedule.removedBy == nil {
                        schedule.last = min(schedule.last, amendment.effective.adding(days: -1))
                        schedule.removedBy = amendment.id
                    }
                }
            }
        }
        // Changes on or before the first day are the first terms.
        if let firstDayTerms = schedule.changes.last(where: { $0.from <= schedule.first }) {
            schedule.quota = firstDayTerms.terms
            schedule.startTermsBy = firstDayTerms.amendment
        }
        schedule.changes.removeAll { $0.from <= schedule.first }
        return schedule
    }

    /// The amendment that moved the end, and the end before it, when an amendment moved it.
    public var endMoved: (amendment: String, originalEnd: CivilDate)? {
        guard let originalEnd, let amendment = amendments.last(where: { $0.end != nil }) else { return nil }
        return (amendment.id, originalEnd)
    }
}
