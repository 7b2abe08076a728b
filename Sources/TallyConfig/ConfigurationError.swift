/// One problem found in the configuration: where it is and what would be right.
public struct ConfigurationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file, as the user named it (relative paths stay relative).
    public var file: String
    /// 1-based line in `file`, when it could be found.
    public var line: Int?
    /// Where in the file, e.g. `quota[2].per` or `campaign[0].milestone[1].due`; array indices are
    /// 0-based, in the order the entries appear in the file. Empty for problems with the file itself.
    public var keyPath: String
    /// A sentence saying what was wrong and what would be right.
    public var message: String

    public init(file: String, line: Int? = nil, keyPath: String = "", message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line: key.path: message`, leaving out what is unknown.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if !keyPath.isEmpty { text += ": \(keyPath)" }
        return text + ": " + message
    }
}

/// A configuration that cannot be used, with every problem of every file.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// All problems, in file order (main file first, then agreements by name), then by line.
    public var issues: [ConfigurationIssue]

    public init(issues: [ConfigurationIssue]) {
        self.issues = issues
    }

    /// One line per issue.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
