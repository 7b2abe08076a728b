import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The fallback when there is no journal: one readable line per record on stderr,
/// `<level> message key=value …`, metadata sorted by key.
public struct StderrLogHandler: LogHandler {
    /// Records below this level are dropped.
    public var logLevel: Logger.Level
    /// Metadata added to every record of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added to every record from the task-local context.
    public var metadataProvider: Logger.MetadataProvider?
    private let write: @Sendable (String) -> Void

    /// Creates a handler writing to stderr.
    public init(logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(logLevel: logLevel, metadataProvider: metadataProvider, write: Self.writeToStandardError)
    }

    /// Creates a handler handing each finished line (with its newline) to `write`.
    public init(
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.write = write
    }

    /// Handler metadata for one key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var all = Logger.Metadata.merged(handler: metadata, provider: metadataProvider, call: event.metadata)
        if let error = event.error { all["error"] = "\(String(describing: error))" }
        write(Self.line(level: event.level, message: event.message.description, metadata: all) + "\n")
    }

    /// `<level> message key=value …` without a newline: values with spaces, quotes or `=` are
    /// quoted, and newlines in the message or a value are written as `\n`.
    public static func line(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var parts = [level.rawValue, escaped(message)]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            parts.append("\(escaped(key))=\(quotedIfNeeded(value.flattened))")
        }
        return parts.joined(separator: " ")
    }

    private static func escaped(_ text: String, quotes: Bool = false) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"" where quotes: result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\r\n": result += "\\r\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result
    }

    private static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return escaped(value) }
        return "\"" + escaped(value, quotes: true) + "\""
    }

    /// Writes all of `line` to file descriptor 2 in as few `write` calls as it takes.
    static let writeToStandardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
