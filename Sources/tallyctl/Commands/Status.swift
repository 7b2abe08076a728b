import TallyCommandLine
import TallyCore
import ArgumentParser
import TallyInterface
import TallyProtocol

/// `tallyctl status [AGREEMENT…]`.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how each agreement stands: quotas, pace and milestones, the worst first.",
        discussion: """
            For each agreement: a line with a coloured dot (red: behind or a missed milestone; yellow: \
            at risk, due soon, expiring or stale; green: well), its id, state, dates and title; then \
            its quotas (current window, delivered/target, expected so far, progress, status, and the \
            weekly pace needed against the pace so far) and its milestones (due date, days left, status).

            Example:  tallyctl status ben-tre-2024

            Exit status, for monitoring: 0 all well; 2 something is AT_RISK or DUE_SOON, or an agreement \
            is EXPIRING or stale; 3 a current window is BEHIND or a milestone was MISSED while its campaign \
            runs; 4 tallyd is not reachable. Closed windows, late milestones and agreements that have \
            ended, not started or are archived do not count.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Agreement ids (default: all).")
    var agreements: [String] = []

    func run() throws {
        let daemon = try TallydConnection(global)
        let parameters = GetStatusParameters(agreements: agreements.isEmpty ? nil : agreements)
        do {
            try StatusOutput.run(IOTally.getStatus, parameters, on: daemon, options: global)
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: agreements.first)
        }
    }
}

/// Prints a status as `status` and `check` do, and exits with its exit status.
enum StatusOutput {
    /// Calls `method` and prints its status. `--json` prints the reply's parameters as tallyd wrote them, laid out
    /// as `JSONOutput` lays out every document: decoding thousands of agreements only to encode them again was
    /// most of the command's time, and only their severities are read, for the exit status.
    static func run<P>(_ method: VarlinkMethod<P, Status>, _ parameters: P, on daemon: TallydConnection,
                       options: GlobalOptions, preface: String? = nil) throws {
        let worst: Severity?
        if options.json {
            let (severities, text) = try daemon.callKeepingText(method, parameters, decoding: Status.Severities.self)
            worst = severities.worstSeverity
            do {
                try JSONOutput.print(parametersOf: text)
            } catch let failure as CommandFailure where Severity.exitStatus(worst: worst) != ExitStatus.success {
                // Monitoring reads the exit status: a status that needs attention keeps its code when stdout fails.
                var standardError = StandardError()
                Swift.print(failure.message, to: &standardError)
                throw ExitCode(Severity.exitStatus(worst: worst))
            }
        } else {
            let status = try daemon.callTyped(method, parameters)
            if let preface { Swift.print(preface) }
            let view = StatusView(agreements: status.agreements, terminal: .standardOutput)
            for line in view.render() { Swift.print(line) }
            worst = status.worstSeverity
        }
        let code = Severity.exitStatus(worst: worst)
        if code != ExitStatus.success { throw ExitCode(code) }
    }
}
