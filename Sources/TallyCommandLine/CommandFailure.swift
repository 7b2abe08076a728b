import ArgumentParser

/// A failure the user sees: one sentence on stderr, maybe detail lines, and an exit code.
public struct CommandFailure: Error, Equatable, Sendable {
    /// The sentence.
    public var message: String
    /// Lines printed before the sentence (e.g. the rows an import rejected).
    public var details: [String] = []
    /// The process's exit status.
    public var exitCode: Int32 = ExitStatus.runtimeError

    /// A runtime failure (exit 1) saying `message`.
    public init(_ message: String, details: [String] = [], exitCode: Int32 = ExitStatus.runtimeError) {
        self.message = message
        self.details = details
        self.exitCode = exitCode
    }
}

/// The exit statuses of SPEC §6.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let runtimeError: Int32 = 1
    /// `status`/`check`: something needs attention soon.
    public static let warning: Int32 = 2
    /// `status`/`check`: a current window is BEHIND or a running campaign missed a milestone.
    public static let critical: Int32 = 3
    public static let unreachable: Int32 = 4
    /// ArgumentParser's `ValidationError` exit status (EX_USAGE).
    public static let usage: Int32 = ExitCode.validationFailure.rawValue
}
