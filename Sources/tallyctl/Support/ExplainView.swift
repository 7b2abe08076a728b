import TallyCommandLine
import TallyCore
import TallyInterface
import TallyReport

/// `validate --explain AGREEMENT` for people: every window of each quota with the terms in force on its days and
/// how its base target comes out of them (SPEC §9), from the configuration alone — what a person checks a phụ lục
/// against.
struct ExplainView {
    var agreement: Agreement
    /// The global thresholds, for terms that set none.
    var pace: PaceThresholds
    var terminal: Terminal

    /// The lines to print. They are not cut to the terminal's width: every number counts.
    func render() -> [String] {
        var lines = ["\(agreement.id)  \(agreement.start) – \(agreement.end)  \(agreement.title)"]
        if !agreement.amendments.isEmpty {
            lines += ["", "  Amendments"]
            lines += AmendmentsSection(
                amendments: agreement.amendments, end: agreement.end, originalEnd: agreement.originalEnd,
                terminal: Terminal(colour: terminal.colour, width: nil)
            ).render()
        }
        if agreement.quotas.isEmpty { lines += ["", "  No quotas."] }
        for schedule in agreement.schedules {
            lines.append("")
            lines += render(schedule)
        }
        return lines
    }

    private func render(_ schedule: QuotaSchedule) -> [String] {
        let quota = schedule.quota
        var lines = ["  Quota \(quota.id)  \(quota.title ?? quota.id)"]
        let added = schedule.addedBy.map { " (added by \($0))" } ?? ""
        let removed = schedule.removedBy.map { " (removed by \($0))" } ?? ""
        lines.append("    days: \(schedule.first)\(added) – \(schedule.last)\(removed)")
        lines.append("    " + Self.rule(quota))
        lines.append("    " + Self.carryNote(quota.carry))
        var table = TextTable(
            columns: [
                .init("WINDOW"), .init("FROM"), .init("THROUGH"), .init("DAYS", alignment: .right), .init("TARGET", alignment: .right),
                .init("FILTERS"), .init("AT RISK <", alignment: .right), .init("BEHIND <", alignment: .right), .init("TERMS"),
            ], indent: 4)
        // A window's arithmetic, by the rendered line it follows (line 0 is the header, line n the table's row n).
        var notes: [Int: String] = [:]
        for window in schedule.windows {
            let breakdown = schedule.breakdown(of: window)
            for (index, segment) in breakdown.segments.enumerated() {
                let terms = segment.terms.resolved(pace)
                table.append([
                    .init(index == 0 ? window.label : ""), .init(segment.from.description), .init(segment.through.description),
                    .init(String(segment.days)), .init(String(terms.target)), .init(ShowView.describe(terms.filter)),
                    .init(terms.atRiskBelow.map { Formatting.fixed($0, decimals: 2) } ?? ""),
                    .init(terms.behindBelow.map { Formatting.fixed($0, decimals: 2) } ?? ""),
                    .init(segment.amendment ?? "original"),
                ])
            }
            let shapedBy = schedule.amendments(shaping: window, endMoved: agreement.endMoved)
            notes[table.rows.count] = Self.arithmetic(breakdown, carry: quota.carry, last: schedule.last, shapedBy: shapedBy)
        }
        // Below a window's last run of days, under FROM.
        let windowWidth = schedule.windows.map { displayWidth($0.label) }.reduce(displayWidth("WINDOW"), max)
        let notePrefix = String(repeating: " ", count: 4 + windowWidth + 2)
        for (index, row) in table.render(colour: terminal.colour).enumerated() {
            lines.append(row)
            if let note = notes[index] { lines.append(notePrefix + note) }
        }
        return lines
    }

    /// `target 66: Σ = 60 × 181 + 72 × 184 = 24108; B = 365; round-half-up(24108 / 365) = 66; shaped by pl-01`.
    static func arithmetic(_ breakdown: BaseTargetBreakdown, carry: Carry, last: CivilDate, shapedBy: [String]) -> String {
        let name = carry == .none ? "target" : "base target"
        var text: String
        if let sum = breakdown.sum, let divisor = breakdown.divisor, let rounded = breakdown.rounded {
            let terms = breakdown.segments.map { "\($0.terms.target) × \($0.days)" }.joined(separator: " + ")
            text = "\(name) \(breakdown.baseTarget): Σ = \(terms) = \(sum); B = \(divisor); round-half-up(\(sum) / \(divisor)) = \(rounded)"
            if rounded < breakdown.baseTarget { text += ", at least 1" }
        } else {
            text = "\(name) \(breakdown.baseTarget): the target in force on the quota's last day, \(last)"
        }
        if !shapedBy.isEmpty { text += "; shaped by \(shapedBy.joined(separator: ", "))" }
        return text
    }

    /// How a window's base target is worked out for `quota`'s cadence.
    static func rule(_ quota: Quota) -> String {
        guard quota.per != .total else {
            return "total: one window; its target is the one in force on the quota's last day (amended as a whole)"
        }
        let b = quota.prorate
            ? "B the days of the full calendar \(quota.per.rawValue) (prorated)"
            : "B the window's own days (prorate = false)"
        return "per \(quota.per.rawValue): round-half-up(Σ target(d) / B), at least 1, over the window's days d, with \(b)"
    }

    /// What carry-over does, and that validate cannot say how much.
    static func carryNote(_ carry: Carry) -> String {
        guard carry != .none else { return "carry-over: none" }
        return "carry-over: \(carry.rawValue): a window's target is max(0, base target + carried), and what is carried "
            + "into it depends on the deliveries before it, which validate does not read: `tallyctl status` shows it (40/40 (30+10): base 30, 10 carried)"
    }
}

/// What `validate --explain --json` adds to the validation document: the numbers the text shows.
struct ExplanationDocument: Encodable {
    /// One run of a window's days under the same terms.
    struct Segment: Encodable {
        var from: String
        var through: String
        var days: Int
        var target: Int
        var filters: DeliveryFilter
        var atRiskBelow: Double
        var behindBelow: Double
        /// The amendment that set the terms; absent for the original terms.
        var amendment: String?

        private enum CodingKeys: String, CodingKey {
            case from, through, days, target, filters, amendment
            case atRiskBelow = "at_risk_below", behindBelow = "behind_below"
        }
    }

    /// One window and its base target: sum, divisor and rounded are absent for a `total` quota.
    struct Window: Encodable {
        var window: String
        var start: String
        var end: String
        var fullStart: String
        var fullEnd: String
        var segments: [Segment]
        var sum: Int?
        var divisor: Int?
        var rounded: Int?
        var baseTarget: Int
        var amendments: [String]

        private enum CodingKeys: String, CodingKey {
            case window, start, end, segments, sum, divisor, rounded, amendments
            case fullStart = "full_start", fullEnd = "full_end", baseTarget = "base_target"
        }
    }

    /// One quota over its life.
    struct QuotaLife: Encodable {
        var id: String
        var title: String
        var per: String
        var prorate: Bool
        var carry: String
        var first: String
        var last: String
        var addedBy: String?
        var removedBy: String?
        var windows: [Window]

        private enum CodingKeys: String, CodingKey {
            case id, title, per, prorate, carry, first, last, windows
            case addedBy = "added_by", removedBy = "removed_by"
        }
    }

    var agreement: String
    var start: String
    var end: String
    var originalEnd: String?
    var amendments: [AmendmentDetail]
    var quotas: [QuotaLife]

    private enum CodingKeys: String, CodingKey {
        case agreement, start, end, amendments, quotas
        case originalEnd = "original_end"
    }

    /// The explanation of `agreement`, thresholds resolved with `pace`.
    init(_ agreement: Agreement, pace: PaceThresholds) {
        self.agreement = agreement.id
        start = agreement.start.description
        end = agreement.end.description
        originalEnd = agreement.originalEnd?.description
        amendments = agreement.amendments.map(AmendmentDetail.init)
        quotas = agreement.schedules.map { schedule in
            QuotaLife(
                id: schedule.id, title: schedule.quota.title ?? schedule.id, per: schedule.quota.per.rawValue,
                prorate: schedule.quota.prorate, carry: schedule.quota.carry.rawValue, first: schedule.first.description,
                last: schedule.last.description, addedBy: schedule.addedBy, removedBy: schedule.removedBy,
                windows: schedule.windows.map { window in
                    let breakdown = schedule.breakdown(of: window)
                    return Window(
                        window: window.label, start: window.start.description, end: window.end.description,
                        fullStart: window.fullStart.description, fullEnd: window.fullEnd.description,
                        segments: breakdown.segments.map { segment in
                            let terms = segment.terms.resolved(pace)
                            return Segment(
                                from: segment.from.description, through: segment.through.description, days: segment.days,
                                target: terms.target, filters: terms.filter, atRiskBelow: terms.atRiskBelow ?? pace.atRiskBelow,
                                behindBelow: terms.behindBelow ?? pace.behindBelow, amendment: segment.amendment)
                        },
                        sum: breakdown.sum, divisor: breakdown.divisor, rounded: breakdown.rounded, baseTarget: breakdown.baseTarget,
                        amendments: schedule.amendments(shaping: window, endMoved: agreement.endMoved))
                })
        }
    }
}
