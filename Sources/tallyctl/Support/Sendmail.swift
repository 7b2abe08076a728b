import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The machine's MTA, run as cron and logcheck run it (SPEC §11): `sendmail -i -t`, the message on standard input
/// with local (LF) line endings, the recipients taken from its `To:`.
struct Sendmail {
    /// What went wrong, as one sentence: the exit status and what the MTA wrote, or why it could not run.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// The program (`[report] sendmail`).
    var path: String
    /// How long one message may take before the MTA is stopped: a relay that never answers must not hold the
    /// monthly run, and the other agreements' mail, for ever.
    var timeout: Duration = .seconds(300)
    /// The most of the MTA's output kept for the sentence.
    static let outputLimit = 4_096

    /// Whether the program can run at all: checked once before any message, so that a missing MTA is one sentence,
    /// not one per agreement.
    ///
    /// FileManager rather than stat(2): which C module `struct stat` belongs to depends on what else the build loaded
    /// (ZIPFoundation's CoreFoundation, through TallyOffice), and MemberImportVisibility then refuses its fields.
    func check() throws(Failure) {
        // As stat(2) does, the attributes of what a symbolic link (/usr/sbin/sendmail → msmtp) points to.
        let attributes = try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
        let permissions = (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0
        let what: String? =
            if attributes == nil { "does not exist" }
            else if attributes?[.type] as? FileAttributeType != .typeRegular { "is not a program (not a regular file)" }
            // Root's access(X_OK) passes a file with no execute bit at all: the bits are asked too.
            else if permissions & 0o111 == 0 || access(path, X_OK) != 0 { "is not executable" }
            else { nil }
        if let what {
            throw Failure(description: "\(path) \(what): install an MTA that provides sendmail (msmtp-mta, postfix, exim4, …) or set [report] sendmail to the one you have")
        }
    }

    /// Under `NoNewPrivileges=` (tally-report.service) the kernel ignores setuid and setgid bits, so an MTA whose
    /// sendmail hands the message to such a helper (postfix's postdrop, exim4) fails with its own words about
    /// permissions: this says why, when what it said is about permissions and the process has no_new_privs.
    static func privilegeHint(after said: String) -> String {
        let lowered = said.lowercased()
        guard lowered.contains("permission denied") || lowered.contains("not permitted"),
              let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              status.split(separator: "\n").contains(where: { $0.hasPrefix("NoNewPrivs:") && $0.hasSuffix("1") })
        else { return "" }
        return " (tallyctl runs with no_new_privs, as tally-report.service sets it: an MTA whose sendmail needs a setuid or setgid helper, such as postfix's postdrop or exim4, cannot deliver from here; use msmtp, relaying to it if need be — README, \"Reports by mail\")"
    }

    /// Hands `message` to the MTA; returns once it exited 0.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: on Linux `Process` learns that its child ended through
    /// a CFSocket whose wake-up pair needs a socket family tally-report.service forbids
    /// (`RestrictAddressFamilies=AF_UNIX`): there it logged "Could not create wakeup socket pair for CFSocket" and
    /// `waitUntilExit()` never returned.
    func send(_ message: [UInt8]) throws(Failure) {
        // A sendmail that exits before reading all of the message must make the write fail, not kill tallyctl.
        signal(SIGPIPE, SIG_IGN)
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        guard Self.makePipe(&input) else { throw Failure(description: "no pipe for \(path): \(Self.errorText(errno))") }
        guard Self.makePipe(&output) else {
            close(input[0]); close(input[1])
            throw Failure(description: "no pipe for \(path): \(Self.errorText(errno))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 leaves the copies open across exec; every original is O_CLOEXEC.
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), strdup("-i"), strdup("-t"), nil]
        defer { for argument in argv { free(argument) } }
        var spawnedPID: pid_t = 0
        let spawned = posix_spawn(&spawnedPID, path, &actions, nil, argv, environ)
        let pid = spawnedPID
        close(input[0])
        close(output[1])
        guard spawned == 0 else {
            close(input[1]); close(output[0])
            throw Failure(description: "\(path) could not be started: \(Self.errorText(spawned))")
        }

        // Read what it says while writing, so that neither side waits for the other with a full pipe. The reader
        // owns its end: a child the MTA leaves behind may hold the pipe open past the MTA's exit.
        let said = Mutex<[UInt8]>([])
        let heard = DispatchSemaphore(value: 0)
        let reading = output[0]
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(reading, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                said.withLock { if $0.count < Self.outputLimit { $0 += buffer[0..<min(count, Self.outputLimit - $0.count)] } }
            }
            close(reading)
            heard.signal()
        }
        // At the timeout SIGTERM, and SIGKILL for an MTA that ignores it 10 s later; never after it was reaped.
        let state = Mutex((exited: false, timedOut: false))
        let seconds = Double(timeout.components.seconds)
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            state.withLock { state in
                guard !state.exited else { return }
                state.timedOut = true
                kill(pid, SIGTERM)
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + 10) {
                state.withLock { state in if !state.exited { kill(pid, SIGKILL) } }
            }
        }
        var writeError: Int32 = 0
        message.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(input[1], bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { writeError = errno; return }
                offset += written
            }
        }
        close(input[1])
        var status: Int32 = 0
        // The lock is taken around the reaping so that the timer cannot signal a PID the system gave to another.
        var reaped: pid_t = -1
        while true {
            reaped = state.withLock { state in
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid { state.exited = true }
                return result
            }
            if reaped == pid || (reaped < 0 && errno != EINTR) { break }
            usleep(reaped == 0 ? 20_000 : 0)
        }
        // A child the MTA left behind (a queue runner) may hold the pipe open: what was said by then is enough,
        // at the cost of 5 s per message with such an MTA.
        _ = heard.wait(timeout: .now() + 5)
        let text = String(decoding: said.withLock { $0 }, as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " / ")
        let saying = (text.isEmpty ? "" : ": " + text) + Self.privilegeHint(after: text)
        if state.withLock({ $0.timedOut }) {
            throw Failure(description: "\(path) did not finish within \(Int(seconds)) s and was stopped\(saying)")
        }
        let signal = status & 0x7f
        if signal != 0 {
            throw Failure(description: "\(path) was killed by signal \(signal)\(saying)")
        }
        let exitStatus = (status >> 8) & 0xff
        if exitStatus != 0 {
            throw Failure(description: "\(path) exited with status \(exitStatus)\(saying)")
        }
        if writeError != 0 {
            throw Failure(description: "\(path) exited before reading the whole message (\(Self.errorText(writeError)))\(saying)")
        }
    }

    /// A pipe whose ends close on exec (Glibc's module has no pipe2).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
