import Foundation
import Testing
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting

/// With no journal socket, tallyd logs to stderr and keeps working. The daemon decides at start by whether
/// /run/systemd/journal/socket exists; it runs in a private mount namespace with an empty tmpfs over
/// /run/systemd/journal, so the machine's journald is left alone (the mount dies with the namespace).
@Suite(.serialized, .enabled(if: getuid() == 0, "skipped: a private mount namespace with a tmpfs needs root"),
       .requires(.tmpfsMounts))
struct JournalGoneTests {
    @Test func withoutAJournalSocketTallydLogsToStderrAndServes() throws {
        let agreement = Scenario.uniqueID("nojournal")
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(agreement)], daemonExtra: Scenario.policy,
                                       now: "2025-04-10T12:00:00+07:00")
        let hide = """
            if [ -d /run/systemd/journal ]; then mount -t tmpfs -o size=64k tmpfs /run/systemd/journal || exit 97; fi
            test ! -e /run/systemd/journal/socket || exit 98
            exec "$0" "$@"
            """
        try daemon.start(launcher: ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", hide])
        defer { daemon.stop() }

        let client = try Scenario.client(daemon)
        let reply = try Reliability.record(client, agreement, id: "one", n: 95)
        #expect(reply.created)
        let status = try client.call(IOTally.getStatus, GetStatusParameters())
        #expect(status.agreements.first?.quotas.first?.delivered == 1)
        let cli = try daemon.tallyctl(["status", agreement])
        #expect([0, 2, 3].contains(cli.status), "\(cli)")
        let reload = try daemon.tallyctl(["reload"])
        #expect(reload.status == 0, "\(reload)")
        #expect(daemon.stop() == 0)

        let log = daemon.stderrLog
        #expect(log.contains("TALLY_TEST_NOW is set"), "\(log)")
        #expect(log.contains("starting with 1 agreements"), "\(log)")
        #expect(log.lowercased().contains("reload"), "\(log)")
        #expect(log.lowercased().contains("stopping"), "\(log)")
        // The host still has its journal socket (if it had one): the tmpfs stayed in the namespace.
        if JournalHarness.isAnswering() { #expect(FileManager.default.fileExists(atPath: JournalHarness.socketPath)) }
    }
}
