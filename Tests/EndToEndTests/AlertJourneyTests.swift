import Foundation
import Testing
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting

/// Alerts through the real process and the real journal, with time driven by the test clock seam.
@Suite(.serialized) struct AlertJourneyTests {
    /// Moves the clock, runs a pass, and returns the alert types raised by it.
    static func step(_ daemon: DaemonHarness, _ client: VarlinkClient, _ agreement: String, at instant: String,
                     seen: inout Int) throws -> [String] {
        try daemon.setNow(instant)
        try Scenario.check(client)
        let all = try Scenario.alerts(client, agreement)
        defer { seen = all.count }
        return all.dropFirst(seen).map(\.type.rawValue)
    }

    @Test func quotaAndMilestoneJourneyWritesOneJournalEntryPerAlert() async throws {
        try JournalHarness.ensureRunning()
        let id = Scenario.uniqueID("journey")
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(id)], daemonExtra: Scenario.policy,
                                       now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        let client = try Scenario.client(daemon)
        var seen = 0
        // First seen BEHIND: alerted with an empty previous status. Then on pace: recovered.
        #expect(try Self.step(daemon, client, id, at: "2025-04-10T12:00:00+07:00", seen: &seen) == ["quota-behind"])
        _ = try Scenario.record(client, id, "2025-04-05", count: 10)
        #expect(try Self.step(daemon, client, id, at: "2025-04-10T13:00:00+07:00", seen: &seen) == ["quota-recovered"])
        #expect(try Self.step(daemon, client, id, at: "2025-04-10T14:00:00+07:00", seen: &seen) == [])
        // ON_TRACK → AT_RISK → BEHIND as time passes.
        #expect(try Self.step(daemon, client, id, at: "2025-04-12T09:00:00+07:00", seen: &seen) == ["quota-at-risk"])
        #expect(try Self.step(daemon, client, id, at: "2025-04-15T09:00:00+07:00", seen: &seen) == ["quota-behind"])
        // Renotified after 7 days, with TALLY_REPEAT.
        #expect(try Self.step(daemon, client, id, at: "2025-04-21T09:00:00+07:00", seen: &seen) == [])
        #expect(try Self.step(daemon, client, id, at: "2025-04-22T09:00:00+07:00", seen: &seen) == ["quota-behind"])
        // Milestone: DUE_SOON 7 days before 2025-05-10, MISSED after it (the quota, still BEHIND, is renotified too).
        #expect(try Self.step(daemon, client, id, at: "2025-05-03T09:00:00+07:00", seen: &seen) == ["quota-behind", "milestone-due-soon"])
        #expect(try Self.step(daemon, client, id, at: "2025-05-11T09:00:00+07:00", seen: &seen) == ["quota-behind", "milestone-missed"])
        let missed = try client.call(IOTally.getStatus, GetStatusParameters()).agreements[0].milestones[0]
        #expect(missed.status == .missed && missed.campaignRunning == true)  // the campaign runs to 2025-05-31
        // The quarter closes MISSED; the new one starts ON_TRACK (expected 91 × 1/92 < 1): silent.
        #expect(try Self.step(daemon, client, id, at: "2025-07-01T09:00:00+07:00", seen: &seen) == ["quota-missed"])
        #expect(try client.call(IOTally.getStatus, GetStatusParameters()).agreements[0].milestones[0].campaignRunning == false)
        #expect(try daemon.tallyctl(["status"]).status == 0, "a milestone missed in an ended campaign does not count")

        // A restart raises nothing by itself.
        #expect(daemon.stop() == 0)
        try daemon.start()
        let restarted = try Scenario.client(daemon)
        #expect(try Self.step(daemon, restarted, id, at: "2025-07-01T10:00:00+07:00", seen: &seen) == [])

        // A backfill into the closed quarter changes its outcome: one alert for the whole import.
        let begin = try restarted.call(IOTally.beginImport, BeginImportParameters(defaultAgreement: id))
        let rows = (1...3).map { n in
            ImportRow(line: n + 1, published: "2025-06-2\(n)", kind: "article", count: "30", id: "backfill-\(n)")
        }
        _ = try restarted.call(IOTally.addImportRows, AddImportRowsParameters(importID: begin.importID, rows: rows))
        let committed = try restarted.call(IOTally.commitImport, begin)
        #expect(committed.created == 3)
        let after = try Scenario.alerts(restarted, id).dropFirst(seen).map(\.type.rawValue)
        #expect(after == ["quota-outcome-changed"])
        let all = try Scenario.alerts(restarted, id)

        // Every stored alert is exactly one journal entry with the fields of SPEC §4.
        let entries = try await JournalHarness.entries(matching: ["TALLY_AGREEMENT": id], minimumCount: all.count,
                                                       timeout: .seconds(10))
        #expect(entries.count == all.count)
        #expect(entries.map { $0["TALLY_ALERT"] ?? "" } == all.map(\.type.rawValue))
        let behind = try #require(entries.first { $0["TALLY_ALERT"] == "quota-behind" })
        #expect(behind["PRIORITY"] == "3")
        #expect(behind["SYSLOG_IDENTIFIER"] == "tallyd")
        #expect(behind["MESSAGE_ID"]?.count == 32)
        #expect(behind["TALLY_QUOTA"] == "tin-bai")
        #expect(behind["TALLY_WINDOW"] == "2025-Q2")
        #expect(behind["TALLY_STATUS"] == "BEHIND")
        #expect(behind["TALLY_PREVIOUS_STATUS"] == "")
        #expect(behind["TALLY_DELIVERED"] == "0")
        #expect(behind["TALLY_TARGET"] == "91")
        #expect(behind["TALLY_EXPECTED"] == "10.0")
        #expect(behind["MESSAGE"] == "\(id)/tin-bai: BEHIND in 2025-Q2 (0 of 91, expected 10.0)")
        let repeated = try #require(entries.first { $0["TALLY_REPEAT"] != nil })
        #expect(repeated["TALLY_REPEAT"] == "1")
        #expect(repeated["TALLY_PREVIOUS_STATUS"] == "BEHIND")
        let atRisk = try #require(entries.first { $0["TALLY_ALERT"] == "quota-at-risk" })
        #expect(atRisk["PRIORITY"] == "4")
        let reminder = try #require(entries.first { $0["TALLY_ALERT"] == "milestone-due-soon" })
        #expect(reminder["TALLY_DAYS_LEFT"] == "7" && reminder["TALLY_STATUS"] == "DUE_SOON")
        let milestone = try #require(entries.first { $0["TALLY_ALERT"] == "milestone-missed" })
        #expect(milestone["TALLY_MILESTONE"] == "dai-hoi/mo-dau")
        #expect(milestone["TALLY_STATUS"] == "MISSED" && milestone["TALLY_PREVIOUS_STATUS"] == "DUE_SOON")
        let changed = try #require(entries.first { $0["TALLY_ALERT"] == "quota-outcome-changed" })
        #expect(changed["TALLY_STATUS"] == "MET" && changed["TALLY_PREVIOUS_STATUS"] == "MISSED")
        #expect(changed["PRIORITY"] == "5")
        #expect(Set(entries.compactMap { $0["_PID"] }).count == 2)  // two daemon processes, one per start
    }

    @Test func expiringAndStaleThenFresh() async throws {
        try JournalHarness.ensureRunning()
        let id = Scenario.uniqueID("expiry")
        let agreement = """
            id = "\(id)"
            title = "Hết hạn"
            start = 2025-01-01
            end = 2025-06-30
            """
        let daemon = try DaemonHarness(agreements: ["a.toml": agreement], daemonExtra: "stale_after = \"14d\"",
                                       now: "2025-05-01T09:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        let client = try Scenario.client(daemon)
        var seen = 0
        // Nothing recorded since the start: stale at first sight.
        #expect(try Self.step(daemon, client, id, at: "2025-05-01T09:00:00+07:00", seen: &seen) == ["agreement-stale"])
        #expect(try Self.step(daemon, client, id, at: "2025-06-01T09:00:00+07:00", seen: &seen)
            == ["agreement-expiring", "agreement-stale"])  // stale repeated after renotify (7d)
        // Recording makes it fresh again, at once.
        try daemon.setNow("2025-06-02T09:00:00+07:00")
        let record = try client.call(IOTally.record, RecordParameters(delivery: DeliveryInput(
            agreement: id, published: "2025-06-02", kind: "video", id: "v1")))
        #expect(record.created)
        #expect(try Scenario.alerts(client, id).dropFirst(seen).map(\.type.rawValue) == ["agreement-fresh"])
        let entries = try await JournalHarness.entries(matching: ["TALLY_AGREEMENT": id, "TALLY_ALERT": "agreement-fresh"],
                                                       timeout: .seconds(10))
        #expect(entries.first?["TALLY_STATUS"] == "FRESH")
        #expect(entries.first?["TALLY_PREVIOUS_STATUS"] == "STALE")
    }
}
