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
    func check() throws(Failure) {
        var status = stat()
        let what: String? =
            if stat(path, &status) != 0 { "does not exist" }
            else if status.st_mode & S_IFMT != S_IFREG { "is not a program (not a regular file)" }
            // Root's access(X_OK) passes a file with no execute bit at all: the bits are asked too.
            else if status.st_mode & 0o111 == 0 || access(path, X_OK) != 0 { "is not executable" }
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
    func send(_ message: [UInt8]) throws(Failure) {
        // A sendmail that exits before reading all of the message must make the write fail, not kill tallyctl.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-i", "-t"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw Failure(description: "\(path) could not be started: \(error.localizedDescription)")
        }
        // Read what it says while writing, so that neither side waits for the other with a full pipe.
        let said = Mutex<[UInt8]>([])
        let heard = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let handle = output.fileHandleForReading
            while let chunk = try? handle.read(upToCount: 65_536), !chunk.isEmpty {
                said.withLock { if $0.count < Self.outputLimit { $0 += chunk.prefix(Self.outputLimit - $0.count) } }
            }
            heard.signal()
        }
        // At the timeout SIGTERM, and SIGKILL for an MTA that ignores it 10 s later.
        let timedOut = Mutex(false)
        let seconds = Double(timeout.components.seconds)
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            guard process.isRunning else { return }
            timedOut.withLock { $0 = true }
            process.terminate()
            DispatchQueue.global().asyncAfter(deadline: .now() + 10) {
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        var writeError: (any Error)?
        do {
            try input.fileHandleForWriting.write(contentsOf: message)
        } catch {
            writeError = error
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        // A child the MTA left behind (a queue runner) may hold the pipe open: what was said by then is enough,
        // at the cost of 5 s per message with such an MTA.
        _ = heard.wait(timeout: .now() + 5)
        let text = String(decoding: said.withLock { $0 }, as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " / ")
        let saying = (text.isEmpty ? "" : ": " + text) + Self.privilegeHint(after: text)
        if timedOut.withLock({ $0 }) {
            throw Failure(description: "\(path) did not finish within \(Int(seconds)) s and was stopped\(saying)")
        }
        if process.terminationReason == .uncaughtSignal {
            throw Failure(description: "\(path) was killed by signal \(process.terminationStatus)\(saying)")
        }
        if process.terminationStatus != 0 {
            throw Failure(description: "\(path) exited with status \(process.terminationStatus)\(saying)")
        }
        if let writeError {
            throw Failure(description: "\(path) exited before reading the whole message (\(writeError.localizedDescription))\(saying)")
        }
    }
}
