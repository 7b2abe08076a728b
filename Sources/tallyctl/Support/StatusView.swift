import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport

/// `status` and `check` for people, in the manner of `systemctl status`: per agreement a header
/// line with a coloured dot, then its quotas and milestones, the worst first.
struct StatusView {
    /// The agreements as tallyd evaluated them, in its order.
    var agreements: [AgreementEvaluation]
    var terminal: Terminal

    /// The lines to print.
    func render() -> [String] {
        let ranked = agreements.enumerated().map { index, agreement in
            (index, agreement, agreement.severity)
        }.sorted { lhs, rhs in
            if lhs.2 != rhs.2 { return lhs.2 > rhs.2 }
            let lhsActive = lhs.1.state.isMonitored
            let rhsActive = rhs.1.state.isMonitored
            if lhsActive != rhsActive { return lhsActive }
            return lhs.0 < rhs.0
        }
        var lines: [String] = []
        for (_, agreement, severity) in ranked {
            if !lines.isEmpty { lines.append("") }
            lines += render(agreement, severity: severity)
        }
        if lines.isEmpty { lines.append("No agreements are configured.") }
        return lines
    }

    private func render(_ agreement: AgreementEvaluation, severity: Severity) -> [String] {
        let state = agreement.stale ? "\(agreement.state.rawValue), STALE" : agreement.state.rawValue
        let moved = agreement.originalEnd.map { " (was \($0))" } ?? ""
        var header = "\(agreement.agreementID)  \(state)  \(agreement.start) – \(agreement.end)\(moved)  \(agreement.title)"
        if let width = terminal.width { header = truncated(header, toWidth: width - 2) }
        let dot = terminal.colour ? severity.dotStyle(state: agreement.state).apply(to: "●") : "●"
        var lines = ["\(dot) \(header)"]
        if agreement.stale {
            lines.append("    stale: nothing has been recorded for a while; is anybody recording its deliveries?")
        }
        if let until = agreement.alertsHeldUntil {
            lines.append("    alerts held until \(PublicationTime(until, in: .current).toTheMinute): newly loaded; recording or importing its deliveries releases them")
        }
        if !agreement.amendments.isEmpty {
            let list = agreement.amendments.map { "\($0.id) from \($0.effective)" }.joined(separator: ", ")
            lines.append("    amendments: \(list)")
        }
        if let account = agreement.settlement {
            lines.append("    settlement: accepted \(account.accepted.formatted(in: .vi)), paid \(account.paid.formatted(in: .vi)), "
                + "not yet accepted \(account.unsettled.formatted(in: .vi)) — tallyctl settle \(agreement.agreementID)")
        }
        if let waiting = agreement.inbox, waiting > 0 {
            lines.append("    inbox: \(waiting) waiting — tallyctl inbox \(agreement.agreementID)")
        }
        if !agreement.quotas.isEmpty {
            lines += quotaTable(agreement.quotas).render(colour: terminal.colour, maximumWidth: terminal.width)
        }
        if !agreement.milestones.isEmpty {
            lines += milestoneTable(agreement).render(colour: terminal.colour, maximumWidth: terminal.width)
        }
        return lines
    }

    private func quotaTable(_ quotas: [QuotaEvaluation]) -> TextTable {
        var table = TextTable(
            columns: [
                .init("QUOTA"), .init("WINDOW"), .init("DELIVERED", alignment: .right), .init("EXPECTED", alignment: .right),
                .init("PROGRESS"), .init("STATUS"), .init("PACE"),
            ], indent: 4)
        let ordered = quotas.enumerated().sorted { lhs, rhs in
            let (l, r) = (lhs.element.severity, rhs.element.severity)
            return l != r ? l > r : lhs.offset < rhs.offset
        }
        for (_, quota) in ordered {
            let style = StatusColour.of(quota.status.rawValue)
            let fraction = quota.target > 0 ? Double(quota.delivered) / Double(quota.target) : 0
            table.append([
                .init(quota.quotaID), .init(quota.window.label), .init("\(quota.delivered)/\(quota.target)" + Self.carried(quota)),
                .init(Formatting.fixed(quota.expected, decimals: 1)),
                .init("\(Formatting.bar(fraction: fraction, width: 10)) \(Formatting.percent(quota.delivered, of: quota.target))", style: style),
                .init(quota.status.rawValue, style: style), .init(Self.pace(quota)),
            ])
        }
        return table
    }

    private func milestoneTable(_ agreement: AgreementEvaluation) -> TextTable {
        var table = TextTable(
            columns: [.init("MILESTONE"), .init("DUE"), .init("LEFT", alignment: .right), .init("STATUS"), .init("PROGRESS")],
            indent: 4)
        let ordered = agreement.milestones.enumerated().map { index, milestone in
            (index, milestone, milestone.severity)
        }.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
        for (_, milestone, _) in ordered {
            table.append([
                .init(milestone.id), .init(milestone.due.description),
                .init(Self.daysLeft(until: milestone.due, from: agreement.date)),
                .init(milestone.status.rawValue, style: StatusColour.of(milestone.status.rawValue)), .init(Self.progress(milestone)),
            ])
        }
        return table
    }

    /// "needs 2.4/week, doing 2.1/week", or what there is to say instead.
    static func pace(_ quota: QuotaEvaluation) -> String {
        switch quota.status {
        case .met: return "target met"
        case .missed: return "window closed"
        default:
            var parts: [String] = []
            if let required = quota.requiredPerWeek { parts.append("needs \(Formatting.fixed(required, decimals: 1))/week") }
            if let current = quota.currentPerWeek { parts.append("doing \(Formatting.fixed(current, decimals: 1))/week") }
            return parts.joined(separator: ", ")
        }
    }

    /// "12 days", "today", "3 days ago".
    /// ` (30+10)`: a window's base target and what was carried into it, when something was.
    static func carried(_ quota: QuotaEvaluation) -> String {
        guard let base = quota.baseTarget, let carried = quota.carried, carried != 0 else { return "" }
        return " (\(base)\(carried > 0 ? "+" : "−")\(abs(carried)))"
    }

    static func daysLeft(until due: CivilDate, from today: CivilDate) -> String {
        let days = today.days(to: due)
        switch days {
        case 0: return "today"
        case 1: return "1 day"
        case -1: return "1 day ago"
        case ..<0: return "\(-days) days ago"
        default: return "\(days) days"
        }
    }

    /// "3/5", "reached 2025-06-14", "manual".
    static func progress(_ milestone: MilestoneEvaluation) -> String {
        if let reached = milestone.reachedOn {
            if let target = milestone.target, let delivered = milestone.delivered {
                return "\(delivered)/\(target), reached \(reached)"
            }
            return "reached \(reached)"
        }
        if let target = milestone.target { return "\(milestone.delivered ?? 0)/\(target)" }
        return "manual"
    }
}
