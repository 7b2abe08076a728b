import Foundation

/// A real `tallyd` process for end-to-end tests: a temporary configuration, database and socket, the
/// test clock seam (`TALLY_TEST_NOW=@file`), and `NOTIFY_SOCKET` pointing at a listener the test owns.
public final class DaemonHarness: Sendable {
    public let directory: TemporaryDirectory
    public let configPath: String
    public let socketPath: String
    public let databasePath: String
    public let clockPath: String
    public let notify: NotifyListener
    private let processBox = ProcessBox()

    /// A configuration: the `[daemon]` paths point into a temporary directory; `mainExtra` is appended to
    /// the main file (blackouts, pace, access); `agreements` maps file names to their TOML. New agreements'
    /// alerts are not held (`onboarding = "0s"`) unless `daemonExtra` sets `onboarding`, as the tests of the
    /// hold do: the other tests watch alerts from the first pass.
    public init(agreements: [String: String], mainExtra: String = "", daemonExtra: String = "", now: String) throws {
        directory = try TemporaryDirectory(prefix: "tallyd")
        socketPath = directory.path("run/io.tally")
        databasePath = directory.path("state/tally.sqlite")
        clockPath = directory.path("clock")
        try FileManager.default.createDirectory(atPath: directory.path("agreements.d"), withIntermediateDirectories: true)
        for (name, text) in agreements { _ = try directory.write("agreements.d/" + name, text) }
        configPath = try directory.write("tally.toml", """
            [daemon]
            socket = "run/io.tally"
            database = "state/tally.sqlite"
            agreements_dir = "agreements.d"
            \(daemonExtra.contains("onboarding") ? "" : "onboarding = \"0s\"")
            \(daemonExtra)
            \(mainExtra)
            """)
        notify = try NotifyListener()
        try setNow(now)
    }

    /// A harness over an existing configuration directory (its main file and `agreements.d/`), copied.
    public convenience init(copying mainFile: String, now: String, daemonExtra: String = "") throws {
        let source = URL(fileURLWithPath: mainFile)
        let agreementsDir = source.deletingLastPathComponent().appendingPathComponent("agreements.d").path
        var agreements: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: agreementsDir)) ?? [] where name.hasSuffix(".toml") {
            agreements[name] = try String(contentsOfFile: agreementsDir + "/" + name, encoding: .utf8)
        }
        // Keep the main file's own sections, dropping its [daemon] table (the harness writes its own).
        let text = try String(contentsOfFile: mainFile, encoding: .utf8)
        var kept: [Substring] = []
        var inDaemon = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") { inDaemon = trimmed == "[daemon]" }
            if !inDaemon { kept.append(line) }
        }
        let daemonKeys = text.split(separator: "\n").filter { line in
            ["timezone", "check_interval", "renotify", "due_soon", "expiry_warning", "stale_after", "remind", "onboarding"].contains {
                line.trimmingCharacters(in: .whitespaces).hasPrefix($0 + " ") || line.trimmingCharacters(in: .whitespaces).hasPrefix($0 + "=")
            }
        }.joined(separator: "\n")
        try self.init(agreements: agreements, mainExtra: kept.joined(separator: "\n"),
                      daemonExtra: daemonKeys + "\n" + daemonExtra, now: now)
    }

    /// Moves the daemon's clock (an instant with an offset, e.g. `2025-06-30T10:00:00+07:00`).
    public func setNow(_ instant: String) throws {
        try instant.write(toFile: clockPath, atomically: true, encoding: .utf8)
    }

    /// The daemon's pid, while it runs.
    public var pid: Int32? { processBox.process?.processIdentifier }

    /// Starts tallyd and waits for READY=1. `environment` is added (e.g. WATCHDOG_USEC). With a
    /// `launcher` (e.g. `unshare -m sh -c '…; exec "$0" "$@"'`), tallyd runs as the launcher's last
    /// arguments; the launcher must exec it, so the pid stays the daemon's.
    public func start(environment: [String: String] = [:], waitForReady: Bool = true, launcher: [String] = []) throws {
        let process = Process()
        let command = launcher + [Executables.path("tallyd"), "--config", configPath]
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LISTEN_") && !$0.key.hasPrefix("WATCHDOG_") }
        env["TALLY_TEST_NOW"] = "@" + clockPath
        env["NOTIFY_SOCKET"] = notify.path
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let log = FileManager.default.createFile(atPath: directory.path("stderr.log"), contents: nil)
            ? FileHandle(forWritingAtPath: directory.path("stderr.log")) : nil
        process.standardError = log ?? FileHandle.nullDevice
        try process.run()
        processBox.process = process
        if waitForReady {
            let seen = notify.waitFor({ $0.contains("READY=1") }, timeout: .seconds(30))
            guard let ready = seen.last(where: { $0.contains("READY=1") }) else {
                throw Executables.Failure(description: "tallyd sent no READY=1 in 30 s; stderr:\n\(stderrLog)")
            }
            processBox.readyMessage = ready
        }
    }

    /// The datagram that carried READY=1 at the last start.
    public var readyMessage: String { processBox.readyMessage }

    /// What the daemon wrote to stderr (its log when no journal is running).
    public var stderrLog: String {
        (try? String(contentsOfFile: directory.path("stderr.log"), encoding: .utf8)) ?? ""
    }

    /// Sends `signal` to the daemon.
    public func signal(_ signal: Int32) {
        if let pid { kill(pid, signal) }
    }

    /// SIGTERM, then waits for the exit; the exit status.
    @discardableResult
    public func stop(timeout: Duration = .seconds(20)) -> Int32? {
        guard let process = processBox.process else { return nil }
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds))
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        processBox.process = nil
        return process.terminationStatus
    }

    /// SIGKILL, as a crash or a power cut stops it (no shutdown path runs), and waits until it is gone.
    public func crash() {
        guard let process = processBox.process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        processBox.process = nil
    }

    /// Runs the built tallyctl against this daemon's socket.
    public func tallyctl(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws
        -> Executables.Result
    {
        var env = ["TALLY_SOCKET": socketPath]
        env.merge(environment) { _, new in new }
        return try Executables.run("tallyctl", arguments, environment: env, stdin: stdin)
    }

    deinit {
        if let process = processBox.process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// The child process, set once from the test's thread.
final class ProcessBox: @unchecked Sendable {
    // Only touched from the owning test, which runs its steps sequentially.
    var process: Process?
    var readyMessage = ""
}
