import TallyCore
import TallyInterface
import TallyReport

/// The core computes every severity (``Severity``): on the evaluations tallyd sends for the text of `status`,
/// in tallyd for `--json`, which reads only the severities of the reply (`Status.Severities`). tallyctl only maps
/// it to an exit code, an order and a colour here.
extension Severity {
    /// The exit status of `status` and `check` (SPEC §6): 0, 2 for a warning, 3 when critical.
    var exitStatus: Int32 {
        switch self {
        case .ok: 0
        case .warning: 2
        case .critical: 3
        }
    }

    /// The exit status of `status` and `check` when `worst` is the worst agreement's severity (nil: none listed).
    static func exitStatus(worst: Severity?) -> Int32 {
        worst?.exitStatus ?? 0
    }

    /// The colour of an agreement's dot.
    func dotStyle(state: AgreementState) -> TextTable.Style {
        guard state.isMonitored else { return .grey }
        switch self {
        case .critical: return .red
        case .warning: return .yellow
        case .ok: return .green
        }
    }
}

/// The colour each status word is shown in, wherever tallyctl prints one.
enum StatusColour {
    /// The colour of `status`; none for words that need no emphasis.
    static func of(_ status: String) -> TextTable.Style? {
        switch status {
        case "BEHIND", "MISSED": .red
        case "AT_RISK", "DUE_SOON", "LATE", "EXPIRING", "STALE": .yellow
        case "ON_TRACK", "MET", "DONE", "ACTIVE": .green
        case "ENDED", "NOT_STARTED", "ARCHIVED": .grey
        default: nil
        }
    }
}
