import Foundation
import Logging
import SystemdSupport
import TallyConfig
import TallyCore
import TallyDaemon
import TallyInterface
import TallyProtocol
import TallyStore
import TallyTesting
import Testing

/// tallyd's control handlers behind a real socket, with a feed in the agreement, driven by the built tallyctl.
///
/// The configuration is read from a file and the feed added in-process: decoding `[[feed]]` is not this test's
/// concern. Items come in as the fetcher sends them (`SubmitFetch` through the typed client, as root).
final class FeedServer: Sendable {
    static let agreement = "so-tt-2025"
    static let feed = Feed(id: "tt-dia-phuong", url: "https://baotintuc.vn/dia-phuong.rss", outlet: "Báo Tin tức",
                           match: ["Bến Tre"])

    let directory: TemporaryDirectory
    let socket: String
    private let task: Task<Void, any Error>

    init() async throws {
        directory = try TemporaryDirectory(prefix: "tally-feedcli")
        try ControlFixture.writeAgreement(in: directory, "")
        let configPath = try directory.write("tally.toml", """
            [daemon]
            socket = "run/io.tally"
            database = "state/tally.sqlite"
            agreements_dir = "agreements.d"
            timezone = "Asia/Ho_Chi_Minh"
            stale_after = "400d"
            onboarding = "0s"
            """)
        try directory.makeDirectory("state")
        try directory.makeDirectory("run")
        var configuration = try ConfigurationLoader.load(mainFile: configPath)
        for index in configuration.agreements.indices { configuration.agreements[index].feeds = [Self.feed] }
        let clock = try DaemonClock.from(environment: ["TALLY_TEST_NOW": "2025-05-15T10:00:00+07:00"])
        let logger = Logger(label: "tallyd-test") { _ in SwiftLogNoOpLogHandler() }
        let store = try TallyStore(path: configuration.daemon.databasePath)
        try store.synchronize(agreements: configuration.agreements, at: clock.now())
        let state = DaemonState(configuration: configuration)
        let publisher = AlertPublisher(logger: logger)
        let checker = Checker(store: store, state: state, publisher: publisher, clock: clock, notifier: SystemdNotifier(),
                              logger: logger)
        let control = Control(store: store, state: state, checker: checker, publisher: publisher, clock: clock, logger: logger,
                              configPath: configPath, startedAt: clock.now(),
                              reload: { () async throws(VarlinkError) -> ReloadReply in throw VarlinkError.internalError("no reload") })
        socket = directory.path("run/io.tally")
        let server = ControlServer(configuration: .init(listening: .path(socket)), dispatcher: control.dispatcher(), logger: logger)
        task = Task { try await server.run() }
        try await server.waitUntilListening()
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Sends one FETCHED result with `items`, as the fetcher does.
    func submit(_ items: [FeedItemInput]) async throws -> SubmitFetchReply {
        let socket = self.socket
        return try await offThePool {
            try VarlinkClient(path: socket).call(IOTally.submitFetch, SubmitFetchParameters(
                agreement: Self.agreement, feed: Self.feed.id, url: Self.feed.url,
                result: FetchResultInput(outcome: "FETCHED", status: 200, etag: "\"v1\""), language: "vi", items: items))
        }
    }

    /// Runs the built tallyctl against this server, in Vietnam's zone.
    func tallyctl(_ arguments: [String], environment: [String: String] = [:]) async throws -> Executables.Result {
        var variables = ["TALLY_SOCKET": socket, "TZ": "Asia/Ho_Chi_Minh"]
        variables.merge(environment) { _, new in new }
        let fixed = variables
        return try await offThePool { try Executables.run(Executables.path("tallyctl"), arguments, environment: fixed) }
    }

    /// Blocking work on a thread of its own, so that the handlers keep the cooperative pool (two cores here).
    private func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result(catching: work)) }.start()
        }
    }
}

@Suite("feeds and inbox through tallyctl", .serialized)
struct FeedCommandTests {
    static let items = [
        FeedItemInput(guid: "1", url: "https://baotintuc.vn/a/1.htm", title: "Bến Tre: khởi công cầu Rạch Miễu 2",
                      published: "2025-05-14T08:30:00+07:00"),
        FeedItemInput(guid: "2", url: "https://baotintuc.vn/a/2.htm?utm_source=rss", title: "Quảng cáo không liên quan đến Bến Tre",
                      published: "2025-05-14T09:00:00+07:00"),
        FeedItemInput(guid: "urn:uuid:3", title: "Bến Tre đón mưa vàng", published: "2025-05-13T16:00:00Z"),
        FeedItemInput(guid: "4", url: "https://baotintuc.vn/a/4.htm", title: "Hà Nội mở rộng đường vành đai",
                      published: "2025-05-14T10:00:00+07:00"),
    ]

    @Test func reviewTheInboxAndSeeTheFeed() async throws {
        let server = try await FeedServer()
        do {
            try await review(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func review(_ server: FeedServer) async throws {
        let submitted = try await server.submit(Self.items)
        #expect(submitted.waiting == 3 && submitted.skipped == 1, "\(submitted)")

        let empty = try await server.tallyctl(["inbox", "accept", "0"])
        #expect(empty.status == 64 && empty.stdout.isEmpty)
        #expect(empty.stderr.contains("\"0\" is not a candidate id"), "\(empty)")

        let json = try await server.tallyctl(["inbox", "--json"])
        #expect(json.status == 0, "\(json)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(Array(document.keys) == ["candidates"])
        let candidates = try #require(document["candidates"] as? [[String: Any]])
        #expect(candidates.count == 3)
        for candidate in candidates {
            #expect(Set(candidate.keys) == ["id", "agreement", "feed", "published", "outlet", "title", "url", "external_id", "matched"])
        }
        let ids = candidates.compactMap { $0["id"] as? Int }
        #expect(ids.count == 3)
        #expect(candidates[0]["url"] as? String == "https://baotintuc.vn/a/1.htm")
        #expect(candidates[0]["external_id"] is NSNull)
        #expect(candidates[0]["matched"] as? [String] == ["Bến Tre"])
        #expect(candidates[2]["url"] is NSNull)
        #expect(candidates[2]["external_id"] as? String == "feed:urn:uuid:3")

        let listed = try await server.tallyctl(["inbox", FeedServer.agreement])
        #expect(listed.status == 0, "\(listed)")
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "ID  AGREEMENT   PUBLISHED         OUTLET       MATCHED  TITLE")
        #expect(lines.contains("\(String(ids[0]).leftPadded(2))  so-tt-2025  2025-05-14 08:30  Báo Tin tức  Bến Tre  Bến Tre: khởi công cầu Rạch Miễu 2"))
        #expect(lines.contains { $0.hasSuffix("  2025-05-13 23:00  Báo Tin tức  Bến Tre  Bến Tre đón mưa vàng") }, "\(lines)")
        #expect(lines.contains { $0.hasSuffix("  feed:urn:uuid:3") })
        #expect(lines.last == "3 candidates waiting; record with `tallyctl inbox accept ID…`, dismiss with `tallyctl inbox reject ID…`.")
        let narrow = try await server.tallyctl(["inbox"], environment: ["COLUMNS": "70"])
        for line in narrow.stdout.split(separator: "\n").dropLast() {
            #expect(TallyReportWidth.columns(String(line)) <= 70, "\(line)")
        }

        let status = try await server.tallyctl(["status"])
        #expect(status.stdout.contains("\n    inbox: 3 waiting — tallyctl inbox so-tt-2025\n"), "\(status)")

        let accepted = try await server.tallyctl(["inbox", "accept", String(ids[0])])
        #expect(accepted.status == 0, "\(accepted)")
        #expect(accepted.stdout.hasPrefix("Recorded 1 delivery: ") && accepted.stdout.hasSuffix(".\n"), "\(accepted)")
        let rejected = try await server.tallyctl(["inbox", "reject", String(ids[1]), "--reason", "quảng cáo"])
        #expect(rejected.status == 0 && rejected.stdout == "Rejected 1 candidate; it is not offered again.\n", "\(rejected)")
        let again = try await server.tallyctl(["inbox", "accept", String(ids[1])])
        #expect(again.status == 1 && again.stdout.isEmpty)
        #expect(again.stderr == "Candidate \(ids[1]) is not waiting in the inbox (it was accepted or rejected already, or never existed); `tallyctl inbox` lists the waiting ones with their ids.\n")
        let unknown = try await server.tallyctl(["inbox", "nope"])
        #expect(unknown.status == 1 && unknown.stderr == "There is no agreement \"nope\"; `tallyctl agreements` lists the ids.\n")

        let feeds = try await server.tallyctl(["feeds", "--json"])
        #expect(feeds.status == 0, "\(feeds)")
        let feedDocument = try #require(try JSONSerialization.jsonObject(with: Data(feeds.stdout.utf8)) as? [String: Any])
        let feed = try #require((feedDocument["feeds"] as? [[String: Any]])?.first)
        #expect(feed["agreement"] as? String == FeedServer.agreement && feed["feed"] as? String == "tt-dia-phuong")
        #expect(feed["state"] as? String == "OK" && feed["last_status"] as? Int == 200 && feed["failures"] as? Int == 0)
        #expect(feed["url"] as? String == "https://baotintuc.vn/dia-phuong.rss" && feed["moved_to"] is NSNull)
        #expect(feed["seen"] as? Int == 4 && feed["recorded"] as? Int == 1 && feed["waiting"] as? Int == 1, "\(feed)")
        #expect(feed["last_attempt"] as? String == "2025-05-15T03:00:00Z" && feed["last_error"] is NSNull)

        let table = try await server.tallyctl(["feeds"])
        #expect(table.status == 0, "\(table)")
        #expect(table.stdout.hasPrefix("FEED                      STATE  LAST ATTEMPT      LAST SUCCESS      HTTP  NEXT ATTEMPT"), "\(table)")
        #expect(table.stdout.contains("so-tt-2025/tt-dia-phuong  OK     2025-05-15 10:00  2025-05-15 10:00   200  2025-05-15 11:00"), "\(table)")
        #expect(table.stdout.hasSuffix("  https://baotintuc.vn/dia-phuong.rss\n"))

        let after = try await server.tallyctl(["status", FeedServer.agreement])
        #expect(after.stdout.contains("\n    inbox: 1 waiting — tallyctl inbox so-tt-2025\n"), "\(after)")
        let all = try await server.tallyctl(["inbox", "accept", "--all", FeedServer.agreement])
        #expect(all.status == 0 && all.stdout.hasPrefix("Recorded 1 delivery: "), "\(all)")
        let none = try await server.tallyctl(["inbox"])
        #expect(none.status == 0 && none.stdout == "The inbox is empty: no feed item waits for review.\n")
        let quiet = try await server.tallyctl(["status"])
        #expect(!quiet.stdout.contains("inbox:"))
    }
}

/// Terminal columns as the tests count them: wide East Asian characters two, the rest one (after NFC).
enum TallyReportWidth {
    static func columns(_ text: String) -> Int {
        text.precomposedStringWithCanonicalMapping.unicodeScalars.reduce(0) { width, scalar in
            let wide = (0x2E80...0xA4CF).contains(scalar.value) || (0xAC00...0xD7A3).contains(scalar.value)
                || (0xFF00...0xFF60).contains(scalar.value)
            let combining = (0x0300...0x036F).contains(scalar.value)
            return width + (wide ? 2 : combining ? 0 : 1)
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
