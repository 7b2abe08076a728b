/// How much an agreement, a quota window or a milestone needs attention now: what monitoring acts on
/// (SPEC §6, `tallyctl status` and `check` exit with the worst). The one place these rules live.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case ok = "OK"
    /// AT_RISK, DUE_SOON, EXPIRING, stale.
    case warning = "WARNING"
    /// A current window BEHIND, a milestone MISSED while its campaign runs.
    case critical = "CRITICAL"

    private var rank: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

extension AgreementState {
    /// Only a current agreement's quotas and milestones count for monitoring.
    public var isMonitored: Bool { self == .active || self == .expiring }
}

extension QuotaEvaluation {
    /// BEHIND is critical, AT_RISK a warning; closed windows (MET, MISSED) never count.
    public var severity: Severity {
        switch status {
        case .behind: .critical
        case .atRisk: .warning
        case .onTrack, .met, .missed: .ok
        }
    }
}

extension MilestoneEvaluation {
    /// MISSED is critical only while its campaign runs; DUE_SOON a warning; LATE never counts.
    public var severity: Severity {
        switch status {
        case .missed: campaignRunning ? .critical : .ok
        case .dueSoon: .warning
        case .done, .late, .pending: .ok
        }
    }
}

extension AgreementEvaluation {
    /// The worst of the state, staleness, quotas and milestones; ok unless the agreement is ACTIVE or EXPIRING.
    public var severity: Severity {
        guard state.isMonitored else { return .ok }
        var worst: Severity = state == .expiring || stale ? .warning : .ok
        for quota in quotas { worst = max(worst, quota.severity) }
        for milestone in milestones { worst = max(worst, milestone.severity) }
        return worst
    }
}
