import Foundation
import Testing

@testable import tallyctl

/// How tallyctl runs the machine's sendmail (SPEC §11), with shell scripts in its place: what each way of failing
/// says, and that none of them hangs tallyctl or kills it.
@Suite struct SendmailTests {
    /// A sendmail that runs `body` as a shell script, in a fresh directory.
    final class FakeMTA {
        let directory: URL
        let path: String

        init(_ body: String, mode: mode_t = 0o755) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("tally-sendmail-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            path = directory.appendingPathComponent("sendmail").path
            // O_CLOEXEC: a process another test starts meanwhile must not inherit the file open for writing, or
            // running the script fails with ETXTBSY.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            guard descriptor >= 0 else { throw POSIXError(.EIO) }
            let script = Array(("#!/bin/sh\n" + body + "\n").utf8)
            let written = script.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            guard written == script.count else { throw POSIXError(.EIO) }
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    /// A message of about 1 MiB, far more than a pipe holds.
    static let message = Array(("Subject: x\n\n" + String(repeating: "báo cáo tháng 11\n", count: 60_000)).utf8)

    @Test func aMessageReadWholeAndExitZeroIsSent() throws {
        let mta = try FakeMTA(#"[ "$1 $2" = "-i -t" ] || exit 64; cat > "$(dirname "$0")/received""#)
        try Sendmail(path: mta.path).send(Self.message)
        let received = try Data(contentsOf: mta.directory.appendingPathComponent("received"))
        #expect(Array(received) == Self.message)
    }

    @Test func theExitStatusAndWhatTheMTASaidAreTheSentence() throws {
        let mta = try FakeMTA("cat >/dev/null; echo 'sendmail: relay refused' >&2; echo 'second line' >&2; exit 75")
        let failure = try #require(throws: Sendmail.Failure.self) { try Sendmail(path: mta.path).send(Self.message) }
        #expect(failure.description == "\(mta.path) exited with status 75: sendmail: relay refused / second line")
    }

    @Test func anMTAThatExitsBeforeReadingFailsWithoutKillingTallyctl() throws {
        let mta = try FakeMTA("echo 'no queue' >&2; exit 0")
        let failure = try #require(throws: Sendmail.Failure.self) { try Sendmail(path: mta.path).send(Self.message) }
        #expect(failure.description.hasPrefix("\(mta.path) exited before reading the whole message"), "\(failure)")
        #expect(failure.description.hasSuffix(": no queue"), "\(failure)")
    }

    @Test func anMTAKilledBySignalIsSaid() throws {
        let mta = try FakeMTA("cat >/dev/null; kill -9 $$")
        let failure = try #require(throws: Sendmail.Failure.self) { try Sendmail(path: mta.path).send(Self.message) }
        #expect(failure.description == "\(mta.path) was killed by signal 9", "\(failure)")
    }

    @Test func anMTAThatNeverFinishesIsStoppedAtTheTimeout() throws {
        // Ignores SIGTERM too: SIGKILL follows 10 s later.
        let mta = try FakeMTA("trap '' TERM; echo 'waiting for the relay' >&2; exec sleep 600")
        let started = ContinuousClock.now
        let failure = try #require(throws: Sendmail.Failure.self) {
            try Sendmail(path: mta.path, timeout: .seconds(1)).send(Array("Subject: x\n\nshort\n".utf8))
        }
        #expect(failure.description.hasPrefix("\(mta.path) did not finish within 1 s and was stopped"), "\(failure)")
        #expect(ContinuousClock.now - started < .seconds(300), "the send returned, far sooner than the MTA would have")
    }

    @Test(arguments: [
        ("/nonexistent/sbin/sendmail", "does not exist"),
        ("/usr/sbin", "is not a program (not a regular file)"),
        ("", "is not executable"),
    ])
    func aMissingOrWrongProgramIsOneSentenceBeforeAnything(_ given: String, _ what: String) throws {
        let plain = try FakeMTA("exit 0", mode: 0o644)
        let path = given.isEmpty ? plain.path : given
        let failure = try #require(throws: Sendmail.Failure.self) { try Sendmail(path: path).check() }
        #expect(failure.description == "\(path) \(what): install an MTA that provides sendmail (msmtp-mta, postfix, exim4, …) or set [report] sendmail to the one you have")
    }

    @Test func thePermissionHintNeedsNoNewPrivsAndAPermissionError() {
        #expect(Sendmail.privilegeHint(after: "msmtp: recipient address not accepted") == "")
        // The test process runs without no_new_privs, so even a permission error gets no hint here.
        let inTests = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8))?.contains("NoNewPrivs:\t1") ?? false
        #expect(Sendmail.privilegeHint(after: "postdrop: Permission denied").isEmpty == !inTests)
    }
}
