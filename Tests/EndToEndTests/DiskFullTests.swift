import Foundation
import Testing
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting

/// The database on a small tmpfs that fills up: writes fail with io.tally.DatabaseError (a sentence) and a
/// "database error" entry in the journal, reads go on, and once space is freed writes work again with
/// nothing lost.
@Suite(.serialized, .enabled(if: getuid() == 0, "skipped: mounting a tmpfs needs root"), .requires(.tmpfsMounts))
struct DiskFullTests {
    @Test func fullDiskFailsWritesClearlyKeepsReadsAndRecovers() async throws {
        try JournalHarness.ensureRunning()
        let agreement = Scenario.uniqueID("diskfull")
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(agreement)], daemonExtra: Scenario.policy,
                                       now: "2025-04-10T12:00:00+07:00")
        let state = daemon.directory.path("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try AccessAndAbuseTests.sh("mount -t tmpfs -o size=3m,mode=0755 tmpfs '\(state)'")
        // Declared before the daemon's stop, so it runs after it: nothing holds the mount when it goes.
        defer { _ = try? AccessAndAbuseTests.sh("umount '\(state)' || umount -l '\(state)'") }
        try daemon.start()
        defer { daemon.stop() }
        let since = Date()
        let client = try Scenario.client(daemon)
        var acknowledged: [String] = []
        for n in 0..<20 {
            _ = try Reliability.record(client, agreement, id: "before-\(n)", n: n)
            acknowledged.append("before-\(n)")
        }

        // Fill the file system; dd stops at ENOSPC.
        _ = try Executables.run("/bin/dd", ["if=/dev/zero", "of=\(state)/filler", "bs=16k"])
        var failure: VarlinkError?
        for n in 0..<2_000 {
            do {
                _ = try Reliability.record(client, agreement, id: "full-\(n)", n: n)
                acknowledged.append("full-\(n)")
            } catch let error as VarlinkError {
                failure = error
                break
            }
        }
        let error = try #require(failure, "2000 records fitted in a full file system")
        #expect(error.name == TallyErrorName.databaseError)
        var reason = ""
        if case .string(let text)? = error.parameters["reason"] { reason = text }
        #expect(reason.contains("full"), "\(reason)")
        #expect(reason.hasSuffix("."), "not a sentence: \(reason)")
        // tallyctl says it in one sentence too.
        let cli = try daemon.tallyctl(["record", agreement, "--kind", "article", "--published", "2025-04-01", "--id", "cli-full"])
        #expect(cli.status == 1 && cli.stderr.contains("full"), "\(cli)")

        // Reads go on, on the same and on new connections.
        let status = try client.call(IOTally.getStatus, GetStatusParameters())
        #expect(status.agreements.map(\.agreementID) == [agreement])
        let listed = try Scenario.client(daemon).call(IOTally.listDeliveries, ListDeliveriesParameters(limit: 10_000))
        #expect(Set(listed.deliveries.compactMap(\.externalID)) == Set(acknowledged))
        let pid = try #require(daemon.pid)
        let logged = try await JournalHarness.entries(
            matching: ["_PID": String(pid), "MESSAGE_ID": "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c16"], since: since)
        #expect(!logged.isEmpty, "no database error in the journal; stderr:\n\(daemon.stderrLog)")
        #expect(logged.first?["MESSAGE"]?.contains("full") == true, "\(logged.first ?? [:])")

        // Space again: writes work, nothing was lost.
        try FileManager.default.removeItem(atPath: state + "/filler")
        _ = try Reliability.record(client, agreement, id: "after", n: 1)
        acknowledged.append("after")
        #expect(daemon.pid == pid, "tallyd restarted")
        #expect(daemon.stop() == 0)
        #expect(try Reliability.integrity(daemon.databasePath) == "ok")
        #expect(try Reliability.externalIDs(daemon.databasePath, prefix: "") == Set(acknowledged))
    }
}
