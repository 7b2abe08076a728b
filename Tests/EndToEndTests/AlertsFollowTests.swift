import Foundation
import Testing
import TallyInterface
import TallyProtocol
import TallyTesting

/// `tallyctl alerts --follow --json` streams new alerts as JSON Lines and ends when the daemon stops.
@Suite struct AlertsFollowTests {
    @Test func followStreamsJSONLinesUntilTheDaemonStops() throws {
        let id = Scenario.uniqueID("follow")
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(id)], daemonExtra: Scenario.policy,
                                       now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        let client = try Scenario.client(daemon)
        _ = try Scenario.record(client, id, "2025-04-05", count: 10)  // on pace: no alert yet

        let follower = Process()
        follower.executableURL = URL(fileURLWithPath: Executables.path("tallyctl"))
        follower.arguments = ["--socket", daemon.socketPath, "alerts", "--follow", "--json"]
        let output = Pipe()
        follower.standardOutput = output
        follower.standardError = FileHandle.nullDevice
        try follower.run()
        defer { if follower.isRunning { follower.terminate() } }
        usleep(500_000)  // let the stream open before the alert is raised

        try daemon.setNow("2025-04-12T09:00:00+07:00")  // 10 of 12: AT_RISK
        try Scenario.check(client)
        #expect(daemon.stop() == 0)  // the stream gets its final reply; tallyctl ends
        let deadline = Date().addingTimeInterval(10)
        while follower.isRunning, Date() < deadline { usleep(50_000) }
        #expect(!follower.isRunning)
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.count == 1, "\(lines)")
        #expect(objects.first?["type"] as? String == "quota-at-risk")
        #expect(objects.first?["agreement"] as? String == id)
        #expect(objects.first?["window"] as? String == "2025-Q2")
    }
}
