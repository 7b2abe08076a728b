/// The daemon's own journal messages besides alerts, each with a fixed MESSAGE_ID explained in
/// `systemd/tally.catalog`.
public enum OperationalMessage: String, CaseIterable, Sendable {
    case started, ready, reloaded, reloadRefused, stopping, checkFailed, databaseError, feedMoved, metricsFailed

    /// 32 lower-case hex digits.
    public var messageID: String {
        switch self {
        case .started: "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c10"
        case .ready: "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c11"
        case .reloaded: "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c12"
        case .reloadRefused: "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c13"
        case .stopping: "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c14"
        case .checkFailed: "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c15"
        case .databaseError: "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c16"
        case .feedMoved: "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c17"
        case .metricsFailed: "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c18"
        }
    }
}
