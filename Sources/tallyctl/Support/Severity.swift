import TallyInterface
import TallyProtocol
import TallyReport

/// How bad a status is: the one place that maps statuses to exit codes, order and colour.
enum Severity: Int, Comparable {
    case ok = 0
    /// AT_RISK, DUE_SOON, EXPIRING, stale: exit 2.
    case warning = 2
    /// A current window BEHIND, a milestone MISSED while its campaign runs: exit 3.
    case critical = 3

    static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Agreement states whose quotas and milestones count (SPEC §6: only the current state).
    static let countingStates: Set<String> = ["ACTIVE", "EXPIRING"]

    /// A quota's window: closed windows (MET, MISSED) never count.
    static func of(_ quota: TallyInterface.QuotaStatus) -> Severity {
        switch quota.status {
        case "BEHIND": .critical
        case "AT_RISK": .warning
        default: .ok
        }
    }

    /// A milestone: MISSED counts only while its campaign runs; LATE never does.
    static func of(_ milestone: TallyInterface.MilestoneStatus, campaignRunning: Bool) -> Severity {
        switch milestone.status {
        case "MISSED": campaignRunning ? .critical : .ok
        case "DUE_SOON": .warning
        default: .ok
        }
    }

    /// The worst of an agreement's state, staleness, quotas and milestones; ok unless it is
    /// ACTIVE or EXPIRING.
    static func of(_ agreement: TallyInterface.AgreementStatus, campaignRunning: (_ milestone: String) -> Bool) -> Severity {
        guard countingStates.contains(agreement.state) else { return .ok }
        var worst: Severity = agreement.state == "EXPIRING" || agreement.stale ? .warning : .ok
        for quota in agreement.quotas { worst = max(worst, of(quota)) }
        for milestone in agreement.milestones {
            worst = max(worst, of(milestone, campaignRunning: campaignRunning(milestone.id)))
        }
        return worst
    }

    /// The exit status of `status` and `check` for `status`.
    static func exitStatus(
        for status: Status, campaignRunning: (_ agreement: String, _ milestone: String) -> Bool
    ) -> Int32 {
        let worst = status.agreements.map { agreement in
            of(agreement) { campaignRunning(agreement.id, $0) }
        }.max() ?? .ok
        return Int32(worst.rawValue)
    }

    /// The colour a status word is shown in.
    static func style(ofStatus status: String) -> TextTable.Style? {
        switch status {
        case "BEHIND", "MISSED": .red
        case "AT_RISK", "DUE_SOON", "LATE", "EXPIRING", "STALE": .yellow
        case "ON_TRACK", "MET", "DONE", "ACTIVE": .green
        case "ENDED", "NOT_STARTED", "ARCHIVED": .grey
        default: nil
        }
    }

    /// The colour of an agreement's dot.
    func dotStyle(state: String) -> TextTable.Style {
        guard Severity.countingStates.contains(state) else { return .grey }
        switch self {
        case .critical: return .red
        case .warning: return .yellow
        case .ok: return .green
        }
    }
}
