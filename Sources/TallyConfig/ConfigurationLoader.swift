import Synchronization
import TallyCore

/// Loads and validates the main file and every agreement file (SPEC §1).
public enum ConfigurationLoader {
    /// Reads `mainFile` (relative paths resolve against the current directory) and the agreement
    /// files it points to. Throws every problem of every file at once.
    /// `[report]` of the main file alone (SPEC §11), checked as `load` checks it: what `tallyctl report --mail`
    /// reads itself, so that the program it runs is the one the administrator's file names, never one the daemon
    /// (a sandboxed, less trusted process) hands it. Every other problem of the main file is reported too.
    public static func reportSettings(mainFile: String) throws(ConfigurationError) -> ReportSettings {
        let mainPath = FilePath.resolve(mainFile, against: FileSystem.currentDirectory())
        switch parse(path: mainPath, displayPath: mainFile) {
        case .parsed(let document, let log):
            let settings = MainFileDecoder.decode(TableReader(document.table, path: "", log: log, keys: MainFileDecoder.rootKeys))
            guard log.issues.isEmpty else { throw ConfigurationError(issues: log.issues) }
            return settings.report
        case .unparsable(let log), .unreadable(let log):
            throw ConfigurationError(issues: log.issues)
        }
    }

    /// `memo`, kept by the caller from one load to the next, spares parsing and decoding the agreement files
    /// whose text has not changed since the last load (tallyd's reloads).
    public static func load(mainFile: String, memo: Memo? = nil) throws(ConfigurationError) -> Configuration {
        let mainPath = FilePath.resolve(mainFile, against: FileSystem.currentDirectory())
        let mainDirectory = FilePath.directory(of: mainPath)

        let mainLog: IssueLog
        let settings: MainFileSettings
        let mainParsed: Bool
        switch parse(path: mainPath, displayPath: mainFile) {
        case .parsed(let document, let log):
            (mainLog, mainParsed) = (log, true)
            settings = MainFileDecoder.decode(TableReader(document.table, path: "", log: log, keys: MainFileDecoder.rootKeys))
        case .unparsable(let log):
            // Still check the agreements in the default directory: one broken file must not hide others.
            (mainLog, mainParsed, settings) = (log, false, MainFileSettings())
        case .unreadable(let log):
            throw ConfigurationError(issues: log.issues)
        }

        let directory = FilePath.resolve(settings.agreementsDirectory, against: mainDirectory)
        let displayDirectory = FilePath.join(FilePath.directory(of: mainFile), settings.agreementsDirectory)
        var agreements: [Agreement] = []
        var sources: [String: String] = [:]
        var firstFileOfID: [String: String] = [:]

        // Files are read, parsed and decoded on all cores; ids are checked and issues ordered below, by name.
        let policy = settings.policy
        let known = memo?.entries(under: policy) ?? [:]
        let files = agreementFiles(in: directory, report: mainParsed ? mainLog : nil).map { name in
            (path: FilePath.join(directory, name), displayPath: FilePath.join(displayDirectory, name))
        }.concurrentMap { readAgreement(path: $0.path, displayPath: $0.displayPath, policy: policy, known: known) }
        memo?.keep(Dictionary(files.compactMap { file in file.memo.map { (file.path, $0) } }) { first, _ in first },
                   under: policy)

        var fileIssues: [[ConfigurationIssue]] = []
        for file in files {
            var issues = file.issues
            defer { fileIssues.append(issues) }
            if let id = file.id {
                if let first = firstFileOfID[id] {
                    let log = IssueLog(file: file.displayPath, text: file.text)
                    log.add("id", "duplicate agreement id \"\(id)\", already used by \(first); agreement ids must be unique across all agreement files")
                    issues += log.issues
                    continue
                }
                firstFileOfID[id] = file.displayPath
            }
            if let agreement = file.agreement, let id = file.id {
                agreements.append(agreement)
                sources[id] = file.path
            }
        }

        let issues = ([mainLog.issues] + fileIssues).flatMap { list in
            list.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        }
        guard issues.isEmpty else { throw ConfigurationError(issues: issues) }

        let daemon = DaemonSettings(
            socketPath: FilePath.resolve(settings.socket, against: mainDirectory),
            databasePath: FilePath.resolve(settings.database, against: mainDirectory),
            agreementsDirectory: directory)
        var fetch = settings.fetch
        fetch.caFile = fetch.caFile.map { FilePath.resolve($0, against: mainDirectory) }
        var metrics = settings.metrics
        metrics.textfile = metrics.textfile.map { FilePath.resolve($0, against: mainDirectory) }
        return Configuration(
            mainFile: mainPath, daemon: daemon, policy: settings.policy, writers: settings.writers,
            feeders: settings.feeders, approvers: settings.approvers, fetch: fetch, report: settings.report,
            metrics: metrics, agreements: agreements, sources: sources)
    }

    /// One agreement file, read, parsed and decoded: what the loader needs of it, across threads.
    private struct AgreementFile: Sendable {
        var path: String
        var displayPath: String
        /// The file's text, for the line of an issue found later (a duplicate id).
        var text: String
        var issues: [ConfigurationIssue]
        var id: String?
        var agreement: Agreement?
        /// What the next load may reuse when the text is the same; nil for a file that could not be read.
        var memo: Memo.Entry?
    }

    private static func readAgreement(path: String, displayPath: String, policy: EvaluationPolicy,
                                      known: [String: Memo.Entry]) -> AgreementFile {
        let source: SourceFile
        switch SourceFile.load(path: path, displayPath: displayPath) {
        case .failure(let error):
            return AgreementFile(path: path, displayPath: displayPath, text: "",
                                 issues: unreadable(error, displayPath: displayPath).issues)
        case .success(let read):
            source = read
        }
        let key = Memo.Key(text: source.text, displayPath: displayPath)
        if let entry = known[path], entry.key == key {
            return AgreementFile(path: path, displayPath: displayPath, text: source.text, issues: entry.issues,
                                 id: entry.id, agreement: entry.agreement, memo: entry)
        }
        var file = AgreementFile(path: path, displayPath: displayPath, text: source.text, issues: [])
        switch parse(source) {
        case .parsed(let document, let log):
            let root = TableReader(document.table, path: "", log: log, keys: AgreementDecoder.rootKeys)
            (file.id, file.agreement) = AgreementDecoder.decode(root, policy: policy)
            file.issues = log.issues
        case .unparsable(let log), .unreadable(let log):
            file.issues = log.issues
        }
        file.memo = Memo.Entry(key: key, issues: file.issues, id: file.id, agreement: file.agreement)
        return file
    }

    /// The agreement files of the last load, decoded, by path: a reload parses only the files whose text changed.
    ///
    /// Parsing is most of a load's cost, and its transient allocations fragment the heap of a long-lived daemon.
    public final class Memo: Sendable {
        struct Key: Equatable, Sendable {
            /// The text's length and its hash (seeded per process, so no file can be made to collide on purpose),
            /// rather than the text itself: 2,000 files' text would stay in memory for nothing.
            var length: Int
            var hash: Int
            var displayPath: String

            init(text: String, displayPath: String) {
                (length, hash) = (text.utf8.count, text.hashValue)
                self.displayPath = displayPath
            }
        }

        /// A class, so that the table holds a pointer per file rather than the agreement's fields: the table of
        /// 2,000 entries inline weighed 2 MB of the daemon's resident memory.
        final class Entry: Sendable {
            let key: Key
            let issues: [ConfigurationIssue]
            let id: String?
            let agreement: Agreement?

            init(key: Key, issues: [ConfigurationIssue], id: String?, agreement: Agreement?) {
                (self.key, self.issues, self.id, self.agreement) = (key, issues, id, agreement)
            }
        }

        /// The entries of the last load and the policy they were decoded under, kept once rather than per file.
        private let state = Mutex<(policy: EvaluationPolicy?, entries: [String: Entry])>((nil, [:]))

        public init() {}

        /// The entries of the last load, if it decoded under `policy` (the policy's defaults shape an agreement).
        func entries(under policy: EvaluationPolicy) -> [String: Entry] {
            state.withLock { $0.policy == policy ? $0.entries : [:] }
        }

        func keep(_ entries: [String: Entry], under policy: EvaluationPolicy) {
            state.withLock { $0 = (policy, entries) }
        }
    }

    /// A file read and parsed, or the log of why not.
    private enum ParsedFile {
        case parsed(TOMLDocument, IssueLog)
        case unparsable(IssueLog)
        case unreadable(IssueLog)

        var log: IssueLog {
            switch self {
            case .parsed(_, let log), .unparsable(let log), .unreadable(let log): log
            }
        }
    }

    /// Reads and parses one file.
    private static func parse(path: String, displayPath: String) -> ParsedFile {
        switch SourceFile.load(path: path, displayPath: displayPath) {
        case .failure(let error):
            return .unreadable(unreadable(error, displayPath: displayPath))
        case .success(let source):
            return parse(source)
        }
    }

    /// The log of a file that could not be read.
    private static func unreadable(_ error: SourceFile.ReadError, displayPath: String) -> IssueLog {
        let log = IssueLog(file: displayPath, text: "")
        log.add("", error.message, line: error.line)
        return log
    }

    private static func parse(_ source: SourceFile) -> ParsedFile {
        let log = IssueLog(file: source.displayPath, text: source.text)
        if let (line, column) = TableHeaderCheck.firstKeylessHeader(in: source.text) {
            log.add("", "TOML syntax error at column \(column): a table header needs a name after \"[\", such as [daemon] or [[quota]]", line: line)
            return .unparsable(log)
        }
        do {
            return .parsed(try TOMLDocument(parsing: source.text), log)
        } catch {
            log.add("", "TOML syntax error at column \(error.column): \(error.description)", line: error.line)
            return .unparsable(log)
        }
    }

    /// The `*.toml` names in `directory`, sorted; hidden files (editor locks) are skipped. A
    /// missing directory is logged on `report` at `daemon.agreements_dir`.
    private static func agreementFiles(in directory: String, report: IssueLog?) -> [String] {
        switch FileSystem.kind(of: directory) {
        case .missing:
            report?.add("daemon.agreements_dir", "the agreements directory \(directory) does not exist; create it (it may be empty) or point agreements_dir at the right place")
            return []
        case .other:
            report?.add("daemon.agreements_dir", "\(directory) is not a directory; agreements_dir names a directory of *.toml agreement files")
            return []
        case .directory:
            switch FileSystem.names(in: directory) {
            case .failure(let error):
                report?.add("daemon.agreements_dir", "the agreements directory \(directory) \(error.message)")
                return []
            case .success(let names):
                return names.filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }.sorted()
            }
        }
    }
}
