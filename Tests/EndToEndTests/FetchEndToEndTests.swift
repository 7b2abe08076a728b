import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting
import Testing

/// `tallyctl fetch` as tally-fetch.service runs it: the built binary, a real tallyd, and the real feed server over
/// HTTP and HTTPS (`[fetch] ca_file` the server's test CA).
@Suite(.requires(.feedServer))
struct FetchEndToEndTests {
    /// An RSS 2.0 feed as VietnamPlus writes one: `+0700` dates, CDATA titles, HTML in descriptions, categories.
    static let economy = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Kinh tế - VietnamPlus</title><language>vi</language>
        <item><title><![CDATA[Bình Dương thu hút 1,2 tỷ USD vốn FDI]]></title>
          <link>https://www.vietnamplus.vn/binh-duong-fdi-post1.vnp</link><guid>post1</guid>
          <description><![CDATA[<p>Tỉnh <b>Bình Dương</b> dẫn đầu cả nước.</p>]]></description>
          <category>Kinh tế</category><pubDate>Wed, 09 Apr 2025 08:15:00 +0700</pubDate></item>
        <item><title><![CDATA[Giá vàng hôm nay]]></title>
          <link>https://www.vietnamplus.vn/gia-vang-post2.vnp</link><guid>post2</guid>
          <pubDate>Wed, 09 Apr 2025 09:00:00 +0700</pubDate></item>
        </channel></rss>
        """

    @Test func aRoundFetchesSubmitsInOrderAndSaysWhatFailed() throws {
        let server = try FeedServer()
        try Self.economy.write(toFile: server.documents + "/kinh-te.rss", atomically: true, encoding: .utf8)
        let id = Scenario.uniqueID("fetch")
        let agreement = Scenario.quarterly(id) + """

            [[feed]]
            id = "kinh-te"
            url = "\(server.url("/files/kinh-te.rss", on: .https))"
            outlet = "VietnamPlus"
            match = ["Bình Dương"]
            review = false

            [[feed]]
            id = "hong"
            url = "\(server.url("/status/500"))"
            outlet = "Báo Tỉnh"

            [[feed]]
            id = "cho"
            url = "\(server.url("/status/429?retry-after=120"))"
            outlet = "Báo Tỉnh"
            """
        let daemon = try DaemonHarness(agreements: ["a.toml": agreement],
                                       mainExtra: "[fetch]\nparallel = 2\nca_file = \"\(server.caFile)\"\n",
                                       now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        let socket = ["TALLY_SOCKET": daemon.socketPath]

        let first = try Executables.run("tallyctl", ["fetch"], environment: socket)
        #expect(first.status == 1, "\(first)")
        #expect(first.stdout == """
            \(id)/kinh-te  fetched: 2 items, 1 recorded, 0 waiting, 1 skipped
            \(id)/hong     failed: the server answered HTTP 500 Internal Server Error
            \(id)/cho      throttled: the server answered HTTP 429 and asks to wait (Retry-After: 120)
            3 feeds: 1 fetched, 1 throttled, 1 failed; 1 recorded, 0 waiting in the inbox.

            """, "\(first)")
        #expect(first.stderr == "2 of 3 feeds failed; `tallyctl feeds` shows each feed's last error.\n")

        let client = try VarlinkClient(path: daemon.socketPath)
        let feeds = try client.call(IOTally.listFeeds, FeedsParameters()).feeds
        #expect(feeds.map(\.state.health.rawValue) == ["OK", "FAILING", "FAILING"])
        #expect(feeds.dropFirst().first?.state.lastError == "the server answered HTTP 500 Internal Server Error")

        // Nothing is due now; forced, the first feed answers 304 to the validators it sent.
        let idle = try Executables.run("tallyctl", ["fetch", id], environment: socket)
        #expect(idle.status == 0 && idle.stdout == "No feed is due; --force fetches them anyway.\n", "\(idle)")
        let forced = try Executables.run("tallyctl", ["fetch", id, "--feed", "kinh-te", "--force", "--json"], environment: socket)
        #expect(forced.status == 0, "\(forced)")
        struct Document: Decodable { struct Feed: Decodable { var feed: String, outcome: String, status: Int? }; var feeds: [Feed] }
        let document = try JSONDecoder().decode(Document.self, from: Data(forced.stdout.utf8))
        #expect(document.feeds.map { [$0.feed, $0.outcome] } == [["kinh-te", "NOT_MODIFIED"]])
        let conditional = server.requests(to: "/files/kinh-te.rss")
        #expect(conditional.count == 2)
        // tallyd kept the first answer's ETag and handed it back through DueFeeds.
        #expect(conditional.first?.headers["if-none-match"] == nil)
        #expect(conditional.last?.headers["if-none-match"]?.hasPrefix("\"") == true, "\(conditional)")
        #expect(conditional.last?.headers["if-modified-since"] != nil)
    }
}
