import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting
import Testing

/// SPEC §11's metrics end to end: the real tallyd writes `[metrics] textfile`, promtool reads it, and its values
/// are those `tallyctl status --json`, `alerts --json` and `feeds --json` show for the same state; a textfile that
/// cannot be written costs no pass and is said once in the journal; reload moves the file or turns it off.
@Suite(.serialized) struct MetricsEndToEndTests {
    /// `OperationalMessage.metricsFailed`.
    static let metricsFailedID = "0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c18"

    /// As systemd starts it (`UMask=0077`), so that the file's mode 0644 is tallyd's doing.
    static let strictUmask = ["/bin/sh", "-c", #"umask 077; exec "$0" "$@""#]

    /// `quarterly` with two feeds, and an agreement since 2024 with nothing recorded (stale after 400 days).
    static func agreements(_ id: String) -> [String: String] {
        [
            "a.toml": Scenario.quarterly(id) + """

                [[feed]]
                id = "dia-phuong"
                url = "https://baotinh.vn/rss/dia-phuong.rss"
                outlet = "Báo Tỉnh"
                match = ["Sở Thông tin"]

                [[feed]]
                id = "chua-doc"
                url = "https://baotinh.vn/rss/chua-doc.rss"
                outlet = "Báo Tỉnh"
                """,
            "b.toml": """
                id = "\(id)-cu"
                title = "Thỏa thuận cũ – Báo Ảnh"
                start = 2024-01-01
                end = 2025-12-31

                [[quota]]
                id = "anh"
                title = "Phóng sự ảnh"
                target = 5
                kinds = ["photo"]
                """,
        ]
    }

    /// Waits until `path` holds text for which `done` holds; the last text read (nil: never there).
    static func waitForFile(_ path: String, timeout: Duration = .seconds(15), until done: (String) -> Bool = { _ in true })
        async throws -> String?
    {
        let deadline = ContinuousClock.now + timeout
        var last: String?
        while ContinuousClock.now < deadline {
            last = try? String(contentsOfFile: path, encoding: .utf8)
            if let last, done(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    /// The samples the textfile must hold for what status, alerts and feeds show, by `name{label="value",…}`.
    static func expectedSamples(status: Status, alerts: [AlertRecord], feeds: [FeedStatus]) -> [String: Double] {
        func key(_ name: String, _ labels: [String: String]) -> String {
            name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
        }
        var expected: [String: Double] = [:]
        for agreement in status.agreements {
            let id = agreement.agreementID
            expected[key("tally_agreement_stale", ["agreement": id])] = agreement.stale ? 1 : 0
            expected[key("tally_inbox_waiting", ["agreement": id])] = Double(agreement.inbox ?? 0)
            for quota in agreement.quotas {
                let window = ["agreement": id, "quota": quota.quotaID, "window": quota.window.label]
                expected[key("tally_quota_target", window)] = Double(quota.target)
                expected[key("tally_quota_delivered", window)] = Double(quota.delivered)
                // Decoded from the reply, which carries it to 2 decimals.
                expected[key("tally_quota_expected", window)] = quota.expected
                for s in QuotaStatus.allCases {
                    expected[key("tally_quota_status", ["agreement": id, "quota": quota.quotaID, "status": s.rawValue])] =
                        s == quota.status ? 1 : 0
                }
            }
            for milestone in agreement.milestones {
                for s in MilestoneStatus.allCases {
                    expected[key("tally_milestone_status", ["agreement": id, "milestone": milestone.id, "status": s.rawValue])] =
                        s == milestone.status ? 1 : 0
                }
            }
        }
        for feed in feeds {
            guard let success = feed.state.lastSuccess else { continue }
            expected[key("tally_feed_last_success_timestamp_seconds", ["agreement": feed.agreement, "feed": feed.feed])] =
                success.timeIntervalSince1970
        }
        for type in AlertType.allCases {
            expected[key("tally_alerts_total", ["type": type.rawValue])] = Double(alerts.filter { $0.type == type }.count)
        }
        return expected
    }

    /// The samples of `text` of the families `expected` names, keyed as ``expectedSamples(status:alerts:feeds:)``.
    static func samples(_ text: String, like expected: [String: Double]) throws -> [String: Double] {
        let names = Set(expected.keys.map { String($0.prefix { $0 != "{" }) })
        var found: [String: Double] = [:]
        for sample in try Promtool.samples(text) where names.contains(sample.name) {
            found[sample.name + "{" + sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"] = sample.value
        }
        return found
    }

    @Test(.requires(.promtool)) func theTextfileHoldsWhatStatusShows() async throws {
        let nodeExporter = try TemporaryDirectory(prefix: "tally-node-exporter")
        let textfile = nodeExporter.path("tally.prom")
        let id = Scenario.uniqueID("metrics")
        let daemon = try DaemonHarness(agreements: Self.agreements(id), mainExtra: "[metrics]\ntextfile = \"\(textfile)\"\n",
                                       daemonExtra: Scenario.policy, now: "2025-05-15T10:00:00+07:00")
        try daemon.start(launcher: Self.strictUmask)
        defer { daemon.stop() }
        // The first pass's file.
        #expect(try await Self.waitForFile(textfile) != nil, "no \(textfile); stderr:\n\(daemon.stderrLog)")

        // Ten articles in Q2 (BEHIND, with an alert), one for the campaign whose milestone was due on 10 May (MISSED),
        // and a fetch that leaves two items in the inbox.
        let client = try Scenario.client(daemon)
        defer { client.close() }
        _ = try Scenario.record(client, id, "2025-05-02", count: 9)
        _ = try Scenario.record(client, id, "2025-05-12", tags: ["dai-hoi"])
        let items = (1...2).map { n in
            FeedItemInput(guid: "g-\(n)", url: "https://baotinh.vn/bai-\(n).html", title: "Sở Thông tin và Truyền thông: tin \(n)",
                          published: "2025-05-14T08:00:00+07:00")
        }
        _ = try client.call(IOTally.submitFetch, SubmitFetchParameters(
            agreement: id, feed: "dia-phuong", url: "https://baotinh.vn/rss/dia-phuong.rss",
            result: FetchResultInput(outcome: "FETCHED", status: 200), language: "vi", items: items))
        #expect(try daemon.tallyctl(["check"]).status == 3)

        let decoder = JSONDecoder()
        let status = try decoder.decode(Status.self, from: Data(try daemon.tallyctl(["status", "--json"]).stdout.utf8))
        let alerts = try decoder.decode(ListAlertsReply.self, from: Data(try daemon.tallyctl(["alerts", "--json"]).stdout.utf8)).alerts
        let feeds = try decoder.decode(ListFeedsReply.self, from: Data(try daemon.tallyctl(["feeds", "--json"]).stdout.utf8)).feeds
        let expected = Self.expectedSamples(status: status, alerts: alerts, feeds: feeds)
        // Not a comparison of nothing: the state has a bit of everything.
        let mine = try #require(status.agreements.first { $0.agreementID == id })
        #expect(mine.quotas.first?.status == .behind && mine.milestones.first?.status == .missed && mine.inbox == 2)
        #expect(status.agreements.first { $0.agreementID == id + "-cu" }?.stale == true)
        #expect(alerts.count >= 3 && feeds.filter { $0.state.lastSuccess != nil }.count == 1)

        // The writer follows the passes within a second.
        let text = try #require(try await Self.waitForFile(textfile) { (try? Self.samples($0, like: expected)) == expected })
        let found = try Self.samples(text, like: expected)
        for (key, value) in expected.sorted(by: { $0.key < $1.key }) where found[key] != value {
            Issue.record("\(key): the textfile has \(found[key].map { "\($0)" } ?? "no sample"), status shows \(value)")
        }
        #expect(found.count == expected.count, "the textfile has samples status does not show: \(Set(found.keys).subtracting(expected.keys))")

        let check = try Promtool.checkMetrics(text)
        #expect(check.status == 0 && check.stdout.isEmpty && check.stderr.isEmpty, "\(check)")
        let attributes = try FileManager.default.attributesOfItem(atPath: textfile)
        #expect(attributes[.posixPermissions] as? Int == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: nodeExporter.path) == ["tally.prom"])

        // The last full pass as GetInfo reports it.
        let info = try client.call(IOTally.getInfo, VarlinkEmpty()).info
        let samples = try Promtool.samples(text)
        let lastCheck = try #require(info.lastCheckAt.flatMap { try? Date($0, strategy: .iso8601) })
        #expect(samples.value("tally_last_evaluation_timestamp_seconds") == lastCheck.timeIntervalSince1970)
        let duration = try #require(samples.value("tally_evaluation_duration_seconds"))
        #expect(abs(duration * 1000 - (info.lastCheckDurationMs ?? -1)) < 1e-6, "\(duration) s, GetInfo \(String(describing: info.lastCheckDurationMs)) ms")

        // A record's pass evaluates its agreement alone; the file still holds every agreement.
        _ = try Scenario.record(client, id, "2025-05-14")
        let line = "tally_quota_delivered{agreement=\"\(id)\",quota=\"tin-bai\",window=\"2025-Q2\"} \((mine.quotas.first?.delivered ?? 0) + 1)\n"
        let afterRecord = try await Self.waitForFile(textfile) { $0.contains(line) }
        #expect(afterRecord?.contains(line) == true, "\(afterRecord ?? "no file")")
        #expect(afterRecord?.contains("tally_agreement_stale{agreement=\"\(id)-cu\"} 1\n") == true)
    }

    @Test func anUnwritableTextfileCostsNoPassAndIsSaidOnce() async throws {
        try JournalHarness.ensureRunning()
        let nodeExporter = try TemporaryDirectory(prefix: "tally-node-exporter")
        let textfile = nodeExporter.path("missing/tally.prom")
        let id = Scenario.uniqueID("metrics")
        let started = Date()
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(id)],
                                       mainExtra: "[metrics]\ntextfile = \"\(textfile)\"\n", daemonExtra: Scenario.policy,
                                       now: "2025-05-15T10:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }

        // It evaluates and answers.
        #expect(try daemon.tallyctl(["check"]).status == 3)
        let status = try JSONDecoder().decode(Status.self, from: Data(try daemon.tallyctl(["status", "--json"]).stdout.utf8))
        #expect(status.agreements.map(\.agreementID) == [id])

        // The first failure is said, with the path and the system's reason.
        let query = ["MESSAGE_ID": Self.metricsFailedID, "TALLY_TEXTFILE": textfile]
        var logged: [[String: String]] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while logged.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            logged = try await JournalHarness.entries(matching: query, since: started)
        }
        let message = logged.first?["MESSAGE"] ?? ""
        #expect(message.hasPrefix("cannot write the metrics textfile \(textfile): "), "\(logged); stderr:\n\(daemon.stderrLog)")
        #expect(message.contains("No such file or directory (errno 2)"), "\(message)")
        #expect(logged.first?["PRIORITY"] == "4")

        // More passes fail the same way, each more than the writer's second apart so that none is merged into
        // another; then the directory appears and a pass writes the file. The writer takes passes in order, so once
        // the file is there the failed attempts before it have all been made.
        for _ in 0..<3 {
            #expect(try daemon.tallyctl(["check"]).status == 3)
            try await Task.sleep(for: .milliseconds(1_200))
        }
        _ = try nodeExporter.makeDirectory("missing")
        #expect(try daemon.tallyctl(["check"]).status == 3)
        let text = try await Self.waitForFile(textfile, timeout: .seconds(60))
        #expect(text?.contains("tally_quota_target{agreement=\"\(id)\",quota=\"tin-bai\",window=\"2025-Q2\"} 91\n") == true)

        // One sentence however many passes failed.
        let all = try await JournalHarness.entries(matching: query, since: started)
        #expect(all.count == 1, "\(all)")
    }

    @Test func reloadTurnsTheTextfileOnMovesItAndTurnsItOff() async throws {
        let nodeExporter = try TemporaryDirectory(prefix: "tally-node-exporter")
        let id = Scenario.uniqueID("metrics")
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(id)], daemonExtra: Scenario.policy,
                                       now: "2025-05-15T10:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        let configuration = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        func reload(textfile: String?) throws {
            let metrics = textfile.map { "\n[metrics]\ntextfile = \"\($0)\"\n" } ?? ""
            try (configuration + metrics).write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            let reloaded = try daemon.tallyctl(["reload"])
            #expect(reloaded.status == 0, "\(reloaded)")
        }

        try reload(textfile: nodeExporter.path("a.prom"))
        #expect(try await Self.waitForFile(nodeExporter.path("a.prom")) != nil)
        try reload(textfile: nodeExporter.path("b.prom"))
        #expect(try await Self.waitForFile(nodeExporter.path("b.prom")) != nil)
        #expect(!FileManager.default.fileExists(atPath: nodeExporter.path("a.prom")))
        try reload(textfile: nil)
        let deadline = ContinuousClock.now + .seconds(10)
        while FileManager.default.fileExists(atPath: nodeExporter.path("b.prom")), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: nodeExporter.path) == [])
    }
}
