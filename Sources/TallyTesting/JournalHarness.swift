import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real journald for tests, and reading entries back with `journalctl`.
///
/// On a machine where PID 1 is not systemd nobody runs journald; ``ensureRunning()`` then starts
/// `/lib/systemd/systemd-journald` standalone (as root). It keeps a volatile journal in
/// `/run/log/journal/<machine-id>/` (nothing asks it to flush to `/var/log/journal`), creates
/// `/run/systemd/journal/{socket,stdout,dev-log}` itself, and needs a non-empty `/etc/machine-id`.
/// The started journald is left running for later test processes and is never stopped here; a
/// journald this harness did not start is never touched. Its pid is in ``pidPath``.
public enum JournalHarness {
    /// The socket clients write entries to.
    public static let socketPath = "/run/systemd/journal/socket"
    /// The journald binary on Debian.
    public static let journaldPath = "/lib/systemd/systemd-journald"
    /// Serializes starting journald across parallel test processes (`flock`).
    public static let lockPath = "/run/tally-journal-harness.lock"
    /// The pid of the journald this harness started, for whoever wants to stop it by hand.
    public static let pidPath = "/run/tally-journal-harness.pid"

    /// Why journald could not be made to answer.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed and what would fix it, as sentences.
        public let description: String
    }

    /// Makes sure a journald answers on ``socketPath``, starting one if none does.
    public static func ensureRunning(timeout: Duration = .seconds(10)) throws {
        if isAnswering() { return }
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw Failure(description: "Cannot open \(lockPath): \(errorText()).") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure(description: "Cannot lock \(lockPath): \(errorText()).") }
        }
        defer { flock(lock, LOCK_UN) }
        // Another process may have started it while we waited for the lock.
        if isAnswering() { return }
        try checkMachineID()
        let pid = try spawnJournald()
        let deadline = ContinuousClock.now + timeout
        while !isAnswering() {
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "\(journaldPath) (pid \(pid)) was started but \(socketPath) did not answer within \(timeout).")
            }
            usleep(20_000)
        }
        try? "\(pid)\n".write(toFile: pidPath, atomically: true, encoding: .utf8)
    }

    /// Whether a process receives datagrams on `path`; a socket file left by a dead journald does not.
    public static func isAnswering(socketPath path: String = socketPath) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        guard path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return connected == 0
    }

    /// Entries matching every `FIELD=value` in `matching` (journalctl matches), written at or
    /// after `since` when given, polled until at least `minimumCount` appear or `timeout` passes
    /// (journald writes asynchronously). Each entry maps field names to values; a field that
    /// journalctl shows as bytes (non-UTF-8 or binary) is decoded as UTF-8 with replacement, and
    /// of a field with several values the first is kept.
    public static func entries(
        matching: [String: String],
        since: Date? = nil,
        minimumCount: Int = 1,
        timeout: Duration = .seconds(5)
    ) async throws -> [[String: String]] {
        var arguments = ["-o", "json", "--no-pager", "--all", "--quiet"]
        if let since {
            arguments.append("--since=@\(Int(since.timeIntervalSince1970.rounded(.down)))")
        }
        arguments += matching.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = try readEntries(arguments: arguments)
            if found.count >= minimumCount || ContinuousClock.now >= deadline { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private static func readEntries(arguments: [String]) throws -> [[String: String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
            return object.compactMapValues(decodeValue)
        }
    }

    /// A journalctl JSON value: a string, an array of byte values, or an array of those (several values).
    private static func decodeValue(_ value: Any) -> String? {
        if let text = value as? String { return text }
        guard let items = value as? [Any], let first = items.first else { return nil }
        if let bytes = items as? [Int] {
            return String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        }
        return decodeValue(first)
    }

    private static func checkMachineID() throws {
        let contents = (try? String(contentsOfFile: "/etc/machine-id", encoding: .utf8)) ?? ""
        guard contents.trimmingCharacters(in: .whitespacesAndNewlines).count == 32 else {
            throw Failure(description: "journald needs a machine id, but /etc/machine-id is missing or empty; "
                + "create one with `systemd-machine-id-setup` (as root) and run the tests again.")
        }
    }

    /// Starts journald in its own session with a clean environment (no inherited `NOTIFY_SOCKET`
    /// or `LISTEN_FDS`) and stdio on /dev/null, so it outlives the test process.
    private static func spawnJournald() throws -> pid_t {
        guard access(journaldPath, X_OK) == 0 else {
            throw Failure(description: "\(journaldPath) is not there; install the `systemd` package to run journal tests.")
        }
        mkdir("/run/systemd", 0o755)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, spawnSetSID)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(journaldPath), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, journaldPath, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw Failure(description: "Starting \(journaldPath) failed: \(String(cString: strerror(status))).")
        }
        return pid
    }

    /// glibc's `POSIX_SPAWN_SETSID` (2.26+), which Swift does not see without `_GNU_SOURCE`.
    private static let spawnSetSID: Int16 = 0x80

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
