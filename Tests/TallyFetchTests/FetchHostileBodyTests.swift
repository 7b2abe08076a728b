import Foundation
import TallyCore
import TallyFetch
import TallyInterface
import TallyTesting
import Testing

/// SPEC §10's hostile and broken bodies as the fetcher meets them: served over real HTTP by the test server (the
/// parser's own fixtures, and a 20,000-item feed written here), each a failed fetch with one sentence, or read.
@Suite(.requires(.feedServer))
struct FetchHostileBodyTests {
    let server: FeedServer

    init() throws { server = try sharedServer.get() }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TallyFeedsTests/Fixtures")

    /// Serves the parser fixture `name` as `/files/<unique>-name` and fetches it.
    func fetch(_ name: String, type: String = "application/xml") async throws -> FetchOutcome {
        let served = "\(UUID().uuidString)-\(name)"
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name),
                                         to: URL(fileURLWithPath: server.documents).appendingPathComponent(served))
        return try await fetchOne(server.url("/files/\(served)?type=\(type)"))
    }

    @Test(arguments: [
        ("billion-laughs.xml", "the feed declares entities in its DOCTYPE, which tally refuses"),
        ("external-entity.xml", "the feed declares entities in its DOCTYPE, which tally refuses"),
        ("truncated.xml", "the feed ends before its XML is complete"),
        ("koi8-r.xml", "the feed is in charset koi8-r; tally reads UTF-8, UTF-16 and ISO-8859-1/windows-1252"),
    ])
    func hostileOrBrokenBodiesFailWithOneSentence(name: String, sentence: String) async throws {
        let outcome = try await fetch(name)
        #expect(outcome.reason?.hasPrefix(sentence) == true, "\(outcome)")
        #expect(outcome.report.result.status == 200 && outcome.items.isEmpty)
    }

    @Test func anHTMLPageIsNotAFeed() async throws {
        let outcome = try await fetch("html-page.html", type: "text/html;%20charset=utf-8")
        #expect(outcome.reason == "not a feed: got text/html, expected RSS, Atom or a news sitemap", "\(outcome)")
    }

    @Test func windows1252IsRead() async throws {
        let outcome = try await fetch("windows-1252.xml", type: "application/rss+xml;%20charset=windows-1252")
        guard case .fetched = outcome.report.result else {
            Issue.record("\(outcome)")
            return
        }
        #expect(!outcome.items.isEmpty)
        #expect(outcome.items.allSatisfy { !$0.title.contains("\u{FFFD}") })
    }

    @Test func twentyThousandItemsAreRefused() async throws {
        var feed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Tin</title>"
        for n in 0..<20_000 {
            feed += "<item><title>Tin \(n)</title><link>https://baotinh.vn/\(n).html</link></item>"
        }
        feed += "</channel></rss>"
        let served = "\(UUID().uuidString)-many.xml"
        try Data(feed.utf8).write(to: URL(fileURLWithPath: server.documents).appendingPathComponent(served))
        let outcome = try await fetchOne(server.url("/files/\(served)"))
        #expect(outcome.reason == "the feed lists more than 10000 items; tally reads at most 10000 a fetch", "\(outcome)")
    }
}
