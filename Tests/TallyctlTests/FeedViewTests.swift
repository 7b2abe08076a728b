import ArgumentParser
import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyReport
import Testing

@testable import TallyProtocol
@testable import tallyctl

/// Feed and inbox values for the view tests.
enum FeedFixture {
    static let zones = AgreementZones(
        [AgreementSummary(id: "ben-tre-2024", title: "Bến Tre", start: "2024-01-01", end: "2025-12-31",
                          timezone: "Asia/Ho_Chi_Minh", state: "ACTIVE", quotaCount: 1, campaignCount: 0)],
        fallback: .gmt)

    static func instant(_ text: String) -> Date { WireFormat.instant(text) ?? Date(timeIntervalSince1970: 0) }

    static func candidate(_ id: Int64, title: String, url: String? = "https://baotintuc.vn/a/1.htm", externalID: String? = nil,
                          matched: [String] = ["Bến Tre"]) -> InboxCandidate {
        InboxCandidate(
            id: id, agreement: "ben-tre-2024", feed: "tt-dia-phuong",
            published: PublicationTime(parsing: "2024-05-14T01:30:00Z") ?? PublicationTime(date: Fixture.day("2024-05-14")),
            outlet: "Báo Tin tức", title: title, url: url, externalID: externalID, matched: matched)
    }

    static func failingFeed() -> FeedStatus {
        var state = FeedState(fileURL: "https://www.vietnamplus.vn/rss/kinhte-311.rss")
        state.health = .failing
        state.lastAttempt = instant("2024-05-15T01:00:00Z")
        state.lastSuccess = instant("2024-05-14T20:00:00Z")
        state.lastStatus = 503
        state.lastError = "the server answered 503 Service Unavailable"
        state.nextAttempt = instant("2024-05-15T03:00:00Z")
        state.failures = 2
        state.movedTo = "https://www.vietnamplus.vn/rss/kinh-te.rss"
        return FeedStatus(agreement: "ben-tre-2024", feed: "vnp-kinh-te", state: state, seen: 40, recorded: 12, waiting: 3)
    }
}

@Suite("feeds and inbox views")
struct FeedViewTests {
    @Test func feedsTableShowsTimesInTheAgreementsZoneAndNotesUnderTheRow() {
        let fresh = FeedStatus(agreement: "ben-tre-2024", feed: "tt-moi", state: FeedState(fileURL: "https://baotintuc.vn/rss"))
        let lines = Feeds.render([FeedFixture.failingFeed(), fresh], zones: FeedFixture.zones, terminal: Terminal(colour: false, width: nil))
        #expect(lines == [
            "FEED                      STATE    LAST ATTEMPT      LAST SUCCESS      HTTP  NEXT ATTEMPT      FAILURES  SEEN  RECORDED  WAITING  URL",
            "ben-tre-2024/vnp-kinh-te  FAILING  2024-05-15 08:00  2024-05-15 03:00   503  2024-05-15 10:00         2    40        12        3  https://www.vietnamplus.vn/rss/kinhte-311.rss",
            "    moved to https://www.vietnamplus.vn/rss/kinh-te.rss — update the url of vnp-kinh-te in ben-tre-2024's file",
            "    error: the server answered 503 Service Unavailable.",
            "ben-tre-2024/tt-moi       NEW      -                 -                    -  due now                  0     0         0        0  https://baotintuc.vn/rss",
        ])
    }

    @Test func aGoneFeedSaysItIsPausedAndHowToResumeIt() {
        var state = FeedState(fileURL: "https://a.vn/rss")
        state.health = .gone
        state.lastStatus = 410
        state.lastError = "the server said 410 Gone."
        let feed = FeedStatus(agreement: "a", feed: "f", state: state)
        #expect(Feeds.next(state, zones: FeedFixture.zones, agreement: "a") == "paused")
        #expect(Feeds.notes(feed) == [
            "error: the server said 410 Gone.", "paused: change its url, or run `tallyctl fetch a --feed f --force`",
        ])
    }

    @Test func noFeedsIsASentence() {
        #expect(Feeds.render([], zones: FeedFixture.zones, terminal: Terminal(colour: false, width: 80))
            == ["No feeds: no agreement file names a [[feed]]."])
    }

    @Test func narrowFeedsFitTheTerminal() {
        let lines = Feeds.render([FeedFixture.failingFeed()], zones: FeedFixture.zones, terminal: Terminal(colour: false, width: 60))
        #expect(lines.count == 4)
        for line in lines { #expect(displayWidth(line) <= 60, "\(line)") }
        #expect(lines[0].hasSuffix("…") && lines[1].hasSuffix("…") && lines[2].hasSuffix("…"))
    }

    @Test func inboxTitlesLineUpWithVietnameseNFDAndWideText() {
        let nfd = "Đồng Khởi: Bến Tre khởi công cầu Rạch Miễu 2".decomposedStringWithCanonicalMapping
        let candidates = [
            FeedFixture.candidate(7, title: nfd),
            FeedFixture.candidate(12, title: "中文新闻 Bến Tre", url: nil, externalID: "feed:urn:uuid:42", matched: ["Bến Tre", "Mỏ Cày"]),
        ]
        let lines = Inbox.render(candidates, zones: FeedFixture.zones, terminal: Terminal(colour: false, width: nil))
        #expect(lines == [
            "ID  AGREEMENT     PUBLISHED         OUTLET       MATCHED          TITLE",
            " 7  ben-tre-2024  2024-05-14 08:30  Báo Tin tức  Bến Tre          Đồng Khởi: Bến Tre khởi công cầu Rạch Miễu 2",
            "                                                                  https://baotintuc.vn/a/1.htm",
            "12  ben-tre-2024  2024-05-14 08:30  Báo Tin tức  Bến Tre, Mỏ Cày  中文新闻 Bến Tre",
            "                                                                  feed:urn:uuid:42",
            "2 candidates waiting; record with `tallyctl inbox accept ID…`, dismiss with `tallyctl inbox reject ID…`.",
        ])
        let titleColumns = [lines[1], lines[3]].map { displayWidth($0) - displayWidth(String($0.split(separator: "  ").last ?? "")) }
        #expect(Set(titleColumns).count == 1)
    }

    @Test func inboxTitlesAreCutByDisplayWidthOnANarrowTerminal() {
        let candidates = [FeedFixture.candidate(3, title: "Thủ tướng dự lễ khánh thành cầu Rạch Miễu 2 nối Tiền Giang và Bến Tre")]
        let lines = Inbox.render(candidates, zones: FeedFixture.zones, terminal: Terminal(colour: false, width: 80))
        for line in lines.dropLast() { #expect(displayWidth(line) <= 80, "\(line)") }
        #expect(lines[1].hasPrefix(" 3  ben-tre-2024  2024-05-14 08:30  Báo Tin tức  Bến Tre  Thủ tướng"))
        #expect(lines[1].hasSuffix("…"))
        #expect(displayWidth(lines[1]) == 80)
    }

    @Test func anEmptyInboxSaysSo() {
        #expect(Inbox.render([], zones: FeedFixture.zones, terminal: Terminal(colour: false, width: nil))
            == ["The inbox is empty: no feed item waits for review."])
    }

    @Test func aDateWithoutATimeStaysADate() {
        #expect(FeedFixture.zones.minute(PublicationTime(date: Fixture.day("2024-05-14")), agreement: "ben-tre-2024") == "2024-05-14")
        #expect(FeedFixture.zones.minute(PublicationTime(parsing: "2024-05-14T23:10") ?? PublicationTime(date: Fixture.day("2024-05-14")),
                                         agreement: "x") == "2024-05-14 23:10")
    }

    @Test func acceptedSaysWhatWasRecordedAndWhatWasAlready() {
        #expect(Inbox.acceptedLines([
            AcceptedCandidate(id: 1, deliveryID: 41, created: true), AcceptedCandidate(id: 2, deliveryID: 42, created: true),
            AcceptedCandidate(id: 3, deliveryID: 17, created: false),
        ]) == [
            "Recorded 2 deliveries: 41, 42.",
            "Candidate 3 was already recorded, as delivery 17; it is linked to it.",
        ])
        #expect(Inbox.acceptedLines([AcceptedCandidate(id: 1, deliveryID: 41, created: true)]) == ["Recorded 1 delivery: 41."])
        #expect(Inbox.acceptedLines([]) == ["Nothing was waiting; nothing was recorded."])
    }

    @Test func statusShowsHowManyWait() {
        var agreement = Fixture.agreement()
        agreement.inbox = 3
        let lines = StatusView(agreements: [agreement], terminal: Terminal(colour: false, width: nil)).render()
        #expect(lines[1] == "    inbox: 3 waiting — tallyctl inbox ben-tre-2024")
        agreement.inbox = 0
        let none = StatusView(agreements: [agreement], terminal: Terminal(colour: false, width: nil)).render()
        #expect(!none.contains { $0.contains("inbox") })
    }
}

@Suite("inbox arguments")
struct InboxArgumentTests {
    @Test func inboxAloneAndWithAgreementsIsTheList() throws {
        for (arguments, agreements) in [(["inbox"], [String]()), (["inbox", "ben-tre-2024"], ["ben-tre-2024"]),
                                        (["inbox", "list", "a", "b"], ["a", "b"]), (["--json", "inbox", "a"], ["a"])] {
            let command = try #require(try Tallyctl.parseAsRoot(arguments) as? Inbox.List, "\(arguments)")
            #expect(command.agreements == agreements)
        }
        let json = try #require(try Tallyctl.parseAsRoot(["inbox", "--json"]) as? Inbox.List)
        #expect(json.global.json)
    }

    @Test func acceptTakesIdsOrAll() throws {
        let ids = try #require(try Tallyctl.parseAsRoot(["inbox", "accept", "1", "2"]) as? Inbox.Accept)
        #expect(try ids.selection().ids == [1, 2])
        let all = try #require(try Tallyctl.parseAsRoot(["inbox", "accept", "--all", "ben-tre-2024"]) as? Inbox.Accept)
        #expect(try all.selection().ids == nil)
        #expect(try all.selection().agreement == "ben-tre-2024")
        let everything = try #require(try Tallyctl.parseAsRoot(["inbox", "accept", "--all"]) as? Inbox.Accept)
        #expect(try everything.selection().agreement == nil)
        let reject = try #require(try Tallyctl.parseAsRoot(["inbox", "reject", "3", "--reason", "không liên quan"]) as? Inbox.Reject)
        #expect(reject.arguments == ["3"] && reject.reason == "không liên quan")
    }

    @Test(arguments: [
        (["inbox", "accept"], "Name the candidates to accept by their ids, as `tallyctl inbox` shows them, or --all [AGREEMENT]."),
        (["inbox", "accept", "0"], "\"0\" is not a candidate id; ids are whole numbers from 1, as `tallyctl inbox` shows them."),
        (["inbox", "accept", "-3"], nil),
        (["inbox", "accept", "x"], "\"x\" is not a candidate id; ids are whole numbers from 1, as `tallyctl inbox` shows them."),
        (["inbox", "accept", "--all", "4"], "--all accepts every waiting candidate; give either candidate ids or --all [AGREEMENT], not both."),
        (["inbox", "accept", "--all", "a", "b"], "--all takes at most one agreement id; run it once per agreement, or without one for all."),
        (["inbox", "reject"], "Name the candidates to reject by their ids, as `tallyctl inbox` shows them."),
        (["inbox", "reject", "2", "--reason", " "], "--reason: say why they are rejected, e.g. --reason \"not about Bến Tre\", or leave it out."),
        (["feeds", "--bogus"], nil),
    ] as [([String], String?)])
    func usageErrorsAreSixtyFourWithASentence(arguments: [String], message: String?) {
        do {
            _ = try Tallyctl.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(Tallyctl.exitCode(for: error).rawValue == 64, "\(arguments)")
            if let message { #expect(Tallyctl.message(for: error) == message, "\(arguments)") }
        }
    }

    @Test func theNewCommandsAreInTheCompletionScripts() {
        for shell in CompletionShell.allCases {
            let script = Tallyctl.completionScript(for: shell)
            #expect(script.contains("feeds") && script.contains("inbox") && script.contains("accept"), "\(shell)")
        }
    }
}
