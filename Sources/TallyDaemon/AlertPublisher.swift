import Foundation
import Logging
import TallyCore
import TallyInterface
import TallyProtocol

/// Announces stored alerts: one journal entry each (SPEC §4 fields), and to every `WatchAlerts` stream.
public actor AlertPublisher {
    private let logger: Logger
    private var watchers: [UInt64: (agreement: String?, continuation: AsyncStream<AlertRecord>.Continuation)] = [:]
    private var nextWatcher: UInt64 = 0

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Writes `alert` (stored as `id`) to the journal and to the watchers.
    public func publish(_ alert: Alert, id: Int64) {
        logger.log(level: Self.level(of: alert.type), "\(alert.message)", metadata: Self.fields(of: alert))
        let record = AlertRecord(id: id, alert: alert)
        for (_, watcher) in watchers where watcher.agreement == nil || watcher.agreement == alert.agreement {
            watcher.continuation.yield(record)
        }
    }

    /// A stream of alerts from now on, for one agreement or all.
    public func watch(agreement: String?) -> (id: UInt64, stream: AsyncStream<AlertRecord>) {
        nextWatcher += 1
        let id = nextWatcher
        let (stream, continuation) = AsyncStream.makeStream(of: AlertRecord.self, bufferingPolicy: .bufferingNewest(1000))
        watchers[id] = (agreement, continuation)
        return (id, stream)
    }

    /// Ends one stream.
    public func unwatch(_ id: UInt64) {
        watchers.removeValue(forKey: id)?.continuation.finish()
    }

    /// Ends every stream (shutdown: each gets its final reply).
    public func finishAll() {
        for (_, watcher) in watchers { watcher.continuation.finish() }
        watchers.removeAll()
    }

    /// The journal priority of an alert type as a log level: 3 error, 4 warning, 5 notice.
    static func level(of type: AlertType) -> Logger.Level {
        switch type.priority {
        case ...3: .error
        case 4: .warning
        default: .notice
        }
    }

    /// The structured fields of SPEC §4 (MESSAGE, PRIORITY and SYSLOG_IDENTIFIER come from the log handler).
    static func fields(of alert: Alert) -> Logger.Metadata {
        var fields: Logger.Metadata = [
            "MESSAGE_ID": .string(alert.type.messageID),
            "TALLY_ALERT": .string(alert.type.rawValue),
            "TALLY_AGREEMENT": .string(alert.agreement),
            "TALLY_STATUS": .string(alert.status),
            "TALLY_PREVIOUS_STATUS": .string(alert.previousStatus ?? ""),
        ]
        if let quota = alert.quota { fields["TALLY_QUOTA"] = .string(quota) }
        if let milestone = alert.milestone { fields["TALLY_MILESTONE"] = .string(milestone) }
        if let window = alert.window { fields["TALLY_WINDOW"] = .string(window) }
        if let delivered = alert.delivered { fields["TALLY_DELIVERED"] = .string(String(delivered)) }
        if let target = alert.target { fields["TALLY_TARGET"] = .string(String(target)) }
        if let expected = alert.expected { fields["TALLY_EXPECTED"] = .string(String(format: "%.1f", expected)) }
        if alert.repeatCount > 0 { fields["TALLY_REPEAT"] = .string(String(alert.repeatCount)) }
        if let daysLeft = alert.daysLeft { fields["TALLY_DAYS_LEFT"] = .string(String(daysLeft)) }
        if let feed = alert.feed { fields["TALLY_FEED"] = .string(feed) }
        if let url = alert.url { fields["TALLY_URL"] = .string(url) }
        if let error = alert.error { fields["TALLY_ERROR"] = .string(error) }
        if let period = alert.period { fields["TALLY_PERIOD"] = .string(period) }
        return fields
    }
}
