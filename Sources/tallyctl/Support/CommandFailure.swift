import ArgumentParser

/// A failure the user sees: one sentence on stderr, maybe detail lines, and an exit code.
struct CommandFailure: Error, Equatable {
    /// The sentence.
    var message: String
    /// Lines printed before the sentence (e.g. the rows an import rejected).
    var details: [String] = []
    /// The process's exit status.
    var exitCode: Int32 = ExitStatus.runtimeError

    /// A runtime failure (exit 1) saying `message`.
    init(_ message: String, details: [String] = [], exitCode: Int32 = ExitStatus.runtimeError) {
        self.message = message
        self.details = details
        self.exitCode = exitCode
    }
}

/// The exit statuses of SPEC §6.
enum ExitStatus {
    static let success: Int32 = 0
    static let runtimeError: Int32 = 1
    /// `status`/`check`: something needs attention soon.
    static let warning: Int32 = 2
    /// `status`/`check`: a current window is BEHIND or a running campaign missed a milestone.
    static let critical: Int32 = 3
    static let unreachable: Int32 = 4
    /// ArgumentParser's `ValidationError` exit status (EX_USAGE).
    static let usage: Int32 = ExitCode.validationFailure.rawValue
}
