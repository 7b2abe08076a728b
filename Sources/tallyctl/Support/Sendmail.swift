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
        guard FileManager.default.isExecutableFile(atPath: path) else {
            let what = FileManager.default.fileExists(atPath: path) ? "is not executable" : "does not exist"
            throw Failure(description: "\(path) \(what): install an MTA that provides sendmail (msmtp-mta, postfix, exim4, …) or set [report] sendmail to the one you have")
        }
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
        let timedOut = Mutex(false)
        let seconds = Double(timeout.components.seconds)
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if process.isRunning {
                timedOut.withLock { $0 = true }
                process.terminate()
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
        // A child the MTA left behind may hold the pipe open: what was said by then is enough.
        _ = heard.wait(timeout: .now() + 5)
        let text = String(decoding: said.withLock { $0 }, as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " / ")
        let saying = text.isEmpty ? "" : ": " + text
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
