import Foundation
import Testing
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting

/// SPEC §10 end to end: the real tallyd, the real `tallyctl fetch` against a real HTTP server on loopback, and
/// the real journal: a feed that fails longer than `feed_failing_after` is alerted with its fields, a permanent
/// redirect is a journal notice and is followed from then on, and the feed recovers.
@Suite(.serialized) struct FeedJourneyTests {
    @Test(.requires(.feedServer)) func aFailingFeedIsAlertedInTheJournalAndRecovers() async throws {
        try JournalHarness.ensureRunning()
        let server = try FeedServer()
        defer { server.stop() }
        let id = Scenario.uniqueID("feeds")
        let broken = server.url("/status/500")
        let daemon = try DaemonHarness(
            agreements: ["a.toml": Scenario.quarterly(id) + """

                [[feed]]
                id = "hong"
                url = "\(broken)"
                outlet = "Báo Tỉnh"
                every = "5m"

                [[feed]]
                id = "chuyen"
                url = "\(server.url("/chain/301/feed"))"
                outlet = "Báo Tỉnh"
                """],
            daemonExtra: Scenario.policy + "\nfeed_failing_after = \"1h\"\n", now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }

        // The first round: one feed fails (exit 1, its sentence on stderr), the other moves permanently.
        let first = try daemon.tallyctl(["fetch"])
        #expect(first.status == 1, "\(first)")
        #expect(first.stderr.contains("HTTP 500") || first.stdout.contains("HTTP 500"), "\(first)")
        let feeds = try JSONDecoder().decode(ListFeedsReply.self, from: Data(try daemon.tallyctl(["feeds", "--json"]).stdout.utf8))
        let hong = try #require(feeds.feeds.first { $0.feed == "hong" })
        #expect(hong.state.health == .failing && hong.state.failures == 1 && hong.state.lastStatus == 500)
        let moved = try #require(feeds.feeds.first { $0.feed == "chuyen" })
        #expect(moved.state.health == .ok && moved.state.movedTo == server.url("/feed"))

        // Backed off: not due 5 minutes later, due after 10 (every × 2^(2−1) from the second failure on).
        try daemon.setNow("2025-04-10T12:06:00+07:00")
        _ = try daemon.tallyctl(["fetch"])
        try daemon.setNow("2025-04-10T12:10:00+07:00")
        _ = try daemon.tallyctl(["fetch"])
        #expect(server.requests(to: "/status/500").count == 2)
        // An hour without a success: feed-failing, once.
        try daemon.setNow("2025-04-10T13:10:00+07:00")
        _ = try daemon.tallyctl(["fetch"])
        _ = try daemon.tallyctl(["check"])
        let alerts = try JSONDecoder().decode(ListAlertsReply.self, from: Data(try daemon.tallyctl(["alerts", "--json"]).stdout.utf8))
        #expect(alerts.alerts.filter { $0.type == .feedFailing }.count == 1)

        // The journal: the alert with its feed fields, and the notice of the permanent move.
        let failing = try await JournalHarness.entries(matching: ["TALLY_AGREEMENT": id, "TALLY_ALERT": "feed-failing"],
                                                       minimumCount: 1, timeout: .seconds(10))
        let entry = try #require(failing.first)
        #expect(entry["PRIORITY"] == "4" && entry["MESSAGE_ID"] == AlertType.feedFailing.messageID)
        #expect(entry["TALLY_FEED"] == "hong" && entry["TALLY_URL"] == broken)
        #expect(entry["TALLY_ERROR"]?.contains("500") == true, "\(entry)")
        let notices = try await JournalHarness.entries(matching: ["TALLY_AGREEMENT": id, "TALLY_FEED": "chuyen"],
                                                       minimumCount: 1, timeout: .seconds(10))
        #expect(notices.first?["TALLY_MOVED_TO"] == server.url("/feed"))
        #expect(notices.first?["MESSAGE_ID"] == "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c17")

        // The file points the feed at a working URL: a new feed, fetched and recovered.
        let file = daemon.directory.path("agreements.d/a.toml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        _ = try daemon.directory.write("agreements.d/a.toml", text.replacingOccurrences(of: broken, with: server.url("/feed")))
        _ = try daemon.tallyctl(["reload"])
        #expect(try daemon.tallyctl(["fetch"]).status == 0)
        _ = try daemon.tallyctl(["check"])
        let after = try JSONDecoder().decode(ListAlertsReply.self, from: Data(try daemon.tallyctl(["alerts", "--json"]).stdout.utf8))
        #expect(after.alerts.filter { $0.type == .feedRecovered }.count == 1)
    }
}
