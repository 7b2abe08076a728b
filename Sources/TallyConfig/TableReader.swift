import TallyCore

/// The issues of one file; each gets the line its key path has in the source.
///
/// The source map is built at the first issue that needs a line: a valid file (the common case, 2,000 of
/// them at a large installation's start) never pays for the scan.
final class IssueLog {
    let file: String
    /// The file's text (empty when it could not be read).
    let text: String
    private lazy var map = SourceMap(text: text)
    private(set) var issues: [ConfigurationIssue] = []

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    func add(_ keyPath: String, _ message: String, line: Int? = nil) {
        issues.append(ConfigurationIssue(file: file, line: line ?? map.line(of: keyPath), keyPath: keyPath, message: message))
    }
}

/// Reads one TOML table: typed accessors log a problem and return nil instead of throwing, so one
/// pass finds every problem. Keys not in `keys` are reported as unknown when the reader is made.
struct TableReader {
    let table: TOMLTableView
    /// Key path of the table itself, e.g. `quota[2]`; empty for the file's root.
    let path: String
    let log: IssueLog

    init(_ table: TOMLTableView, path: String, log: IssueLog, keys: [String]) {
        self.table = table
        self.path = path
        self.log = log
        // Counting the known keys copies no strings out of the document: the keys are listed only when there is
        // an unknown one to name.
        let known = keys.reduce(0) { $0 + (table.contains(key: $1) ? 1 : 0) }
        guard table.count > known else { return }
        for key in table.keys.sorted() where !keys.contains(key) {
            var message = "unknown key"
            if let suggestion = Self.closest(to: key, in: keys) { message += " (did you mean \"\(suggestion)\"?)" }
            message += "; expected one of: " + keys.joined(separator: ", ")
            log.add(keyPath(key), message)
        }
    }

    func keyPath(_ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// Logs a problem at `key` of this table (or at the table itself for nil).
    func issue(_ key: String?, _ message: String) {
        log.add(key.map(keyPath) ?? path, message)
    }

    private func value(_ key: String, required: Bool) -> TOMLValueView? {
        guard let value = table[key] else {
            if required { issue(key, "is required but missing") }
            return nil
        }
        return value
    }

    private func mismatch(_ key: String, _ expected: String, _ value: TOMLValueView) {
        issue(key, "expected \(expected), got \(Self.describe(value))")
    }

    /// A non-empty string, NFC-normalised.
    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard let text = value.string else {
            mismatch(key, "a string", value)
            return nil
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            issue(key, "must not be empty")
            return nil
        }
        return text.nfc
    }

    func integer(_ key: String, required: Bool = false) -> Int? {
        guard let value = value(key, required: required) else { return nil }
        guard let number = value.int else {
            mismatch(key, "a whole number", value)
            return nil
        }
        return number
    }

    /// A floating-point number; an integer is accepted too (`1` for `1.0`).
    func number(_ key: String) -> Double? {
        guard let value = value(key, required: false) else { return nil }
        if let number = value.double { return number }
        if let number = value.int { return Double(number) }
        mismatch(key, "a number", value)
        return nil
    }

    func bool(_ key: String) -> Bool? {
        guard let value = value(key, required: false) else { return nil }
        guard let flag = value.bool else {
            mismatch(key, "true or false", value)
            return nil
        }
        return flag
    }

    /// A TOML local date (`2025-01-25`, no quotes, no time).
    func date(_ key: String, required: Bool = false) -> CivilDate? {
        guard let value = value(key, required: required) else { return nil }
        if let date = value.date {
            guard let civil = CivilDate(year: date.year, month: date.month, day: date.day) else {
                issue(key, "expected a date between 0001-01-01 and 9999-12-31")
                return nil
            }
            return civil
        }
        switch value.kind {
        case .string:
            issue(key, "expected a date like 2025-01-25, got \(Self.describe(value)); write dates without quotes")
        case .dateTime:
            issue(key, "expected a date like 2025-01-25, got a date-time; leave out the time")
        default:
            mismatch(key, "a date like 2025-01-25", value)
        }
        return nil
    }

    /// A duration such as `15m` (see `ConfigurationDuration`); `allowingZero` accepts `0s`.
    func duration(_ key: String, allowingZero: Bool = false) -> Duration? {
        guard let value = value(key, required: false) else { return nil }
        guard let text = value.string, let duration = ConfigurationDuration.parse(text, allowingZero: allowingZero) else {
            issue(key, Self.expectedDuration(allowingZero: allowingZero) + ", got \(Self.describe(value))")
            return nil
        }
        return duration
    }

    /// An array of durations, each more than zero and none the same as another; nil when absent or wrong.
    func durations(_ key: String) -> [Duration]? {
        guard let value = value(key, required: false) else { return nil }
        guard let array = value.array else {
            mismatch(key, "an array of durations, like [\"14d\", \"3d\", \"1d\"]", value)
            return nil
        }
        var result: [Duration] = []
        var firstIndex: [Duration: Int] = [:]
        var valid = true
        for (index, element) in array.enumerated() {
            let elementPath = keyPath(key) + "[\(index)]"
            guard let text = element.string, let duration = ConfigurationDuration.parse(text) else {
                log.add(elementPath, Self.expectedDuration(allowingZero: false) + ", got \(Self.describe(element))")
                valid = false
                continue
            }
            if let first = firstIndex[duration] {
                log.add(elementPath, "\"\(ConfigurationDuration.format(duration))\" is listed twice (also at \(keyPath(key))[\(first)]); list each duration once")
                valid = false
                continue
            }
            firstIndex[duration] = index
            result.append(duration)
        }
        return valid ? result : nil
    }

    private static func expectedDuration(allowingZero: Bool) -> String {
        "expected a duration like \"30s\", \"15m\", \"6h\" or \"7d\" (a whole number from \(allowingZero ? 0 : 1) and one of the units s, m, h, d; at most 3650 days)"
    }

    /// An array of non-empty strings, NFC-normalised; nil when absent or wrong.
    func strings(_ key: String) -> [String]? {
        guard let value = value(key, required: false) else { return nil }
        guard let array = value.array else {
            mismatch(key, "an array of strings, like [\"a\", \"b\"]", value)
            return nil
        }
        var result: [String] = []
        var valid = true
        for (index, element) in array.enumerated() {
            guard let text = element.string, !text.allSatisfy(\.isWhitespace) else {
                let found = element.string == nil ? Self.describe(element) : "an empty string"
                log.add(keyPath(key) + "[\(index)]", "expected a non-empty string, got \(found)")
                valid = false
                continue
            }
            result.append(text.nfc)
        }
        return valid ? result : nil
    }

    /// A sub-table (`[daemon]`).
    func table(_ key: String, keys: [String]) -> TableReader? {
        guard let value = value(key, required: false) else { return nil }
        guard let table = value.table else {
            mismatch(key, "a table, written [\(keyPath(key))]", value)
            return nil
        }
        return TableReader(table, path: keyPath(key), log: log, keys: keys)
    }

    /// The entries of an array of tables (`[[quota]]`).
    func tables(_ key: String, keys: [String]) -> [TableReader] {
        guard let value = value(key, required: false) else { return [] }
        guard let array = value.array else {
            mismatch(key, "an array of tables, each written [[\(keyPath(key))]]", value)
            return []
        }
        var readers: [TableReader] = []
        for (index, element) in array.enumerated() {
            let elementPath = keyPath(key) + "[\(index)]"
            guard let table = element.table else {
                log.add(elementPath, "expected a table, written [[\(keyPath(key))]], got \(Self.describe(element))")
                continue
            }
            readers.append(TableReader(table, path: elementPath, log: log, keys: keys))
        }
        return readers
    }

    /// A value for an error message: its type and, for short scalars, the value.
    static func describe(_ value: TOMLValueView) -> String {
        switch value.kind {
        case .string:
            let text = value.string ?? ""
            return "the string \"" + (text.count > 40 ? String(text.prefix(40)) + "…" : text) + "\""
        case .integer: return "the whole number \(value.int ?? 0)"
        case .float: return "the number \(value.double ?? 0)"
        case .boolean: return value.bool == true ? "true" : "false"
        case .date: return "a date"
        case .time: return "a time of day"
        case .dateTime: return "a date-time"
        case .array: return "an array"
        case .table: return "a table"
        }
    }

    /// The allowed key within edit distance 2 of a misspelt one, if any.
    static func closest(to key: String, in keys: [String]) -> String? {
        keys.map { ($0, editDistance(key, $0)) }
            .filter { $0.1 <= 2 }
            .min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1..<(a.count + 1) {
            var previous = row[0]
            row[0] = i
            for j in 1..<(b.count + 1) {
                let substitution = previous + (a[i - 1] == b[j - 1] ? 0 : 1)
                previous = row[j]
                row[j] = min(substitution, row[j] + 1, row[j - 1] + 1)
            }
        }
        return row[b.count]
    }
}
