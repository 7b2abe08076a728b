import Logging

/// A swift-log handler that writes every record as a structured journal entry.
///
/// Fields: `MESSAGE`, `PRIORITY` (from the level), `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`,
/// `CODE_FUNC`, `TALLY_ERROR` when the record carries an error, and one field per metadata key.
/// Metadata keys become `TALLY_<KEY>` (``JournalField/sanitize(_:prefix:)``), except keys that are
/// already the journal field we mean: `MESSAGE_ID`, and valid names starting with `TALLY_`
/// (`TALLY_ALERT`), which are written verbatim. Metadata values are flattened to strings.
public struct JournalLogHandler: LogHandler {
    /// The `SYSLOG_IDENTIFIER` of every entry.
    public let identifier: String
    /// Records below this level are dropped.
    public var logLevel: Logger.Level
    /// Metadata added to every record of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added to every record from the task-local context.
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler writing entries tagged `identifier`.
    public init(
        identifier: String = "tallyd",
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.identifier = identifier
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    /// Handler metadata for one key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one entry. When journald does not take it (the socket file outlived journald, or
    /// journald stopped), the record goes to stderr as a ``StderrLogHandler`` line instead.
    public func log(event: LogEvent) {
        do {
            try Journal.send(fields(for: event))
        } catch {
            let all = Logger.Metadata.merged(handler: metadata, provider: metadataProvider, call: event.metadata)
            StderrLogHandler.writeToStandardError(
                StderrLogHandler.line(level: event.level, message: event.message.description, metadata: all) + "\n")
        }
    }

    /// The journal fields of one record, in the order they are written.
    public func fields(for event: LogEvent) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("MESSAGE", event.message.description),
            ("PRIORITY", String(Self.priority(of: event.level))),
            ("SYSLOG_IDENTIFIER", identifier),
            ("CODE_FILE", event.file),
            ("CODE_LINE", String(event.line)),
            ("CODE_FUNC", event.function),
        ]
        if let error = event.error {
            fields.append(("TALLY_ERROR", String(describing: error)))
        }
        let all = Logger.Metadata.merged(handler: metadata, provider: metadataProvider, call: event.metadata)
        for (key, value) in all.sorted(by: { $0.key < $1.key }) {
            fields.append((Self.fieldName(forMetadataKey: key), value.flattened))
        }
        return fields
    }

    /// The syslog priority of a level: trace and debug 7, info 6, notice 5, warning 4, error 3, critical 2.
    public static func priority(of level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The journal field a metadata key is written to: verbatim for `MESSAGE_ID` and valid
    /// `TALLY_…` names, else `TALLY_` + the sanitized key (`agreement` → `TALLY_AGREEMENT`).
    public static func fieldName(forMetadataKey key: String) -> String {
        if key == "MESSAGE_ID" || (key.hasPrefix("TALLY_") && JournalField.isValid(key)) {
            return key
        }
        return JournalField.sanitize(key, prefix: "TALLY_")
    }
}

extension JournalLogHandler {
    /// Bootstraps swift-log for the whole process: journal entries when the journal socket
    /// exists, else readable lines on stderr (``StderrLogHandler``). Call once, at start.
    public static func bootstrap(
        identifier: String = "tallyd",
        logLevel: Logger.Level = .info,
        journalLogLevel: Logger.Level? = nil,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        LoggingSystem.bootstrap(factory(identifier: identifier, logLevel: logLevel, journalLogLevel: journalLogLevel),
                                metadataProvider: metadataProvider)
    }

    /// The handler factory ``bootstrap(identifier:logLevel:metadataProvider:)`` installs, decided
    /// once from whether `journalSocketPath` exists.
    /// `journalLogLevel` (default `logLevel`) is the journal's: journald's `MaxLevelStore=` and `journalctl -p`
    /// can still leave out what it takes, where a person reading stderr cannot.
    public static func factory(
        identifier: String = "tallyd",
        logLevel: Logger.Level = .info,
        journalLogLevel: Logger.Level? = nil,
        journalSocketPath: String = Journal.defaultSocketPath
    ) -> @Sendable (String, Logger.MetadataProvider?) -> any LogHandler {
        if Journal.isAvailable(socketPath: journalSocketPath) {
            let level = journalLogLevel ?? logLevel
            return { _, provider in
                JournalLogHandler(identifier: identifier, logLevel: level, metadataProvider: provider)
            }
        }
        return { _, provider in StderrLogHandler(logLevel: logLevel, metadataProvider: provider) }
    }
}
