import Foundation

/// A run of consecutive days of a quota window under the same terms (SPEC §9).
public struct TermsSegment: Sendable, Hashable {
    /// The first and last day of the run.
    public var from: CivilDate
    public var through: CivilDate
    /// The terms in force on these days.
    public var terms: Quota
    /// The last amendment that set these terms (the one that added the quota, for its first terms); nil for
    /// the agreement's own.
    public var amendment: String?

    /// The number of days of the run.
    public var days: Int { from.days(to: through) + 1 }
}

/// How a window's base target comes out of its days (SPEC §9): the runs of days under the same terms, Σ target(d),
/// the divisor B and round-half-up(Σ / B), at least 1 — or, for a `total` quota, the target in force on its last day.
public struct BaseTargetBreakdown: Sendable, Hashable {
    /// The window's days, in runs under the same terms.
    public var segments: [TermsSegment]
    /// Σ target(d) over the window's days; nil for a `total` quota.
    public var sum: Int?
    /// B: the full calendar window's days when the quota is prorated, the window's own days when not; nil for a
    /// `total` quota.
    public var divisor: Int?
    /// round-half-up(Σ / B) before the minimum of 1; nil for a `total` quota.
    public var rounded: Int?
    /// The base target (``QuotaSchedule/baseTarget(of:)``).
    public var baseTarget: Int
}

extension QuotaSchedule {
    /// The runs of `window`'s days under the same terms, in order.
    public func segments(of window: QuotaWindow) -> [TermsSegment] {
        var segments: [TermsSegment] = []
        forEachSegment(of: window) { segments.append($0) }
        return segments
    }

    /// How the base target of `window` is worked out.
    public func breakdown(of window: QuotaWindow) -> BaseTargetBreakdown {
        let segments = segments(of: window)
        guard quota.per != .total else {
            return BaseTargetBreakdown(segments: segments, sum: nil, divisor: nil, rounded: nil, baseTarget: baseTarget(of: window))
        }
        let sum = segments.reduce(0) { $0 + $1.terms.target * $1.days }
        let divisor = divisor(of: window)
        let rounded = Self.roundedHalfUp(sum, divisor)
        return BaseTargetBreakdown(segments: segments, sum: sum, divisor: divisor, rounded: rounded, baseTarget: max(1, rounded))
    }

    /// Calls `body` with each run of `window`'s days under the same terms, in order, without collecting them
    /// (``baseTarget(of:)`` runs at every evaluation).
    func forEachSegment(of window: QuotaWindow, _ body: (TermsSegment) -> Void) {
        var segment = TermsSegment(
            from: window.start, through: window.end, terms: terms(on: window.start),
            amendment: changes.last { $0.from <= window.start }?.amendment ?? startTermsBy ?? addedBy)
        for change in changes where change.from > window.start && change.from <= window.end {
            segment.through = change.from.adding(days: -1)
            // Two amendments effective on the same day leave an empty run between them.
            if segment.from <= segment.through { body(segment) }
            segment = TermsSegment(from: change.from, through: window.end, terms: change.terms, amendment: change.amendment)
        }
        body(segment)
    }

    /// B of SPEC §9 for `window`.
    func divisor(of window: QuotaWindow) -> Int {
        quota.prorate ? window.fullStart.days(to: window.fullEnd) + 1 : window.start.days(to: window.end) + 1
    }

    /// `sum / divisor` rounded half up, in integers: floor((2·sum + divisor) / 2·divisor).
    static func roundedHalfUp(_ sum: Int, _ divisor: Int) -> Int {
        (2 * sum + divisor) / (2 * divisor)
    }
}
