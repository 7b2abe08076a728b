import Foundation
import SystemdSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs code that depends on the process environment (`NOTIFY_SOCKET`, `LISTEN_PID`, …) in a
/// child copy of this test binary, so the shared, parallel test process never calls `setenv`.
///
/// The child runs only ``childProbe()`` with `TALLY_PROBE` naming what to do; `/bin/sh` sets
/// the variables that must hold the child's own pid (`$$`, kept by `exec`) and the child
/// writes its findings as `key=value` lines to the file named by `TALLY_PROBE_OUTPUT`.
enum ChildProbe {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `probe` with `environment` added, `ownPIDVariables` set to the child's pid, and
    /// `descriptors` placed at 3, 4, …; returns what the child reported.
    static func run(
        _ probe: String,
        environment: [String: String] = [:],
        ownPIDVariables: [String] = [],
        descriptors: [Int32] = []
    ) throws -> [String: String] {
        let binary = try ownExecutable()
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("tally-probe-\(UUID().uuidString)").path
        let errors = output + ".stderr"
        defer {
            unlink(output)
            unlink(errors)
        }

        var variables = ProcessInfo.processInfo.environment.filter { key, _ in
            !["NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "WATCHDOG_USEC", "WATCHDOG_PID"].contains(key)
        }
        variables.merge(environment) { _, new in new }
        variables["TALLY_PROBE"] = probe
        variables["TALLY_PROBE_OUTPUT"] = output

        let exports = ownPIDVariables.map { "export \($0)=$$; " }.joined()
        let script = exports + #"exec "$0" --testing-library swift-testing --filter SystemdSupportTests.childProbe"#
        let arguments = ["/bin/sh", "-c", script, binary]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Move every descriptor out of the 3… range first so that placing one never clobbers another.
        let staged = descriptors.map { fcntl($0, F_DUPFD_CLOEXEC, 100) }
        defer { staged.forEach { close($0) } }
        for (index, descriptor) in staged.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, descriptor, SocketActivation.firstDescriptor + Int32(index))
        }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "posix_spawn failed: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let log = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "The probe \(probe) exited with status \(status):\n\(log)")
        }

        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        var report: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            report[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return report
    }

    private static func ownExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw Failure(description: "Cannot read /proc/self/exe.") }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The child side of ``ChildProbe``; does nothing in an ordinary test run.
@Test func childProbe() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let probe = environment["TALLY_PROBE"], let output = environment["TALLY_PROBE_OUTPUT"] else { return }
    var report: [(String, String)] = []
    switch probe {
    case "notify":
        let notifier = SystemdNotifier()
        report.append(("ready", "\(notifier.ready())"))
        report.append(("status", "\(notifier.status("Checking 3 agreements\nnow"))"))
        report.append(("watchdog", "\(notifier.watchdog())"))
        report.append(("before", "\(SystemdNotifier.monotonicMicroseconds())"))
        report.append(("reloading", "\(notifier.reloading())"))
        report.append(("after", "\(SystemdNotifier.monotonicMicroseconds())"))
        report.append(("ready-again", "\(notifier.send(["READY": "1", "STATUS": "Reloaded"]))"))
        report.append(("stopping", "\(notifier.stopping())"))
    case "watchdog":
        let interval = SystemdNotifier().watchdogInterval()
        report.append(("interval", interval.map { "\($0)" } ?? "none"))
    case "listen-fds":
        do {
            let named = try SocketActivation.namedListenFDs()
            report.append(("fds", (try SocketActivation.listenFDs()).map(String.init).joined(separator: ",")))
            report.append(("names", named.map(\.name).joined(separator: ",")))
            report.append(("unix-stream", named.map { "\(SocketActivation.isUnixStreamSocket($0.descriptor))" }.joined(separator: ",")))
        } catch let error as SystemdError {
            report.append(("errno", "\(error.errno)"))
        }
    default:
        Issue.record("Unknown probe \(probe)")
    }
    let text = report.map { "\($0.0)=\($0.1)\n" }.joined()
    try text.write(toFile: output, atomically: true, encoding: .utf8)
}
