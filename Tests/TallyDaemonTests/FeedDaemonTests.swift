import Foundation
import TallyCore
import TallyDaemon
import TallyInterface
import TallyProtocol
import Testing

/// SPEC §10 in the daemon: the fetcher's two methods, what items become, the inbox, the feeders class, and the
/// feed alerts, through the dispatcher as tallyd wires it.
@Suite struct FeedDaemonTests {
    static let feeds = """
        [[feed]]
        id = "dia-phuong"
        url = "https://baotinh.vn/rss/dia-phuong.rss"
        outlet = "Báo Tỉnh"
        match = ["Sở Thông tin"]
        exclude = ["quảng cáo"]

        [[feed]]
        id = "ngay-lap-tuc"
        url = "https://baotinh.vn/rss/thoi-su.rss"
        outlet = "Báo Tỉnh"
        review = false
        every = "10m"

        """

    static func item(_ n: Int, _ title: String, published: String? = "2025-05-14T08:00:00+07:00") -> FeedItemInput {
        FeedItemInput(guid: "g-\(n)", url: "https://baotinh.vn/bai-\(n).html?utm_source=rss", title: title,
                      categories: ["Thời sự"], published: published)
    }

    static func fetched(_ feed: String, _ items: [FeedItemInput], url: String? = nil) -> SubmitFetchParameters {
        SubmitFetchParameters(
            agreement: ControlFixture.agreement, feed: feed,
            url: url ?? (feed == "dia-phuong" ? "https://baotinh.vn/rss/dia-phuong.rss" : "https://baotinh.vn/rss/thoi-su.rss"),
            result: FetchResultInput(outcome: "FETCHED", status: 200, etag: "\"v1\""), language: "vi", items: items)
    }

    /// nobody (uid 65534, group nogroup): a feeder when `nogroup` is in `[access] feeders`.
    static let feeder = Peer.reader

    @Test func newFeedsAreDueAndAFetchMakesThemWaitEvery() async throws {
        let fixture = try await ControlFixture(moreQuotas: Self.feeds, feeders: ["nogroup"])
        let due = try await fixture.call(IOTally.dueFeeds, DueFeedsParameters(), as: Self.feeder)
        #expect(due.feeds.map(\.feed) == ["dia-phuong", "ngay-lap-tuc"] && due.parallel == 8 && due.caFile == nil)
        _ = try await fixture.call(IOTally.submitFetch, Self.fetched("dia-phuong", []), as: Self.feeder)
        let after = try await fixture.call(IOTally.dueFeeds, DueFeedsParameters(), as: Self.feeder)
        #expect(after.feeds.map(\.feed) == ["ngay-lap-tuc"])
        // The validators of the last success go with the next attempt; --force makes every named feed due.
        let forced = try await fixture.call(IOTally.dueFeeds, DueFeedsParameters(feed: "dia-phuong", force: true), as: Self.feeder)
        #expect(forced.feeds == [DueFeed(agreement: ControlFixture.agreement, feed: "dia-phuong",
                                         url: "https://baotinh.vn/rss/dia-phuong.rss", etag: "\"v1\"")])
        try fixture.move(to: "2025-05-15T11:00:00+07:00")
        #expect(try await fixture.call(IOTally.dueFeeds, DueFeedsParameters(), as: Self.feeder).feeds.count == 2)
    }

    @Test func matchingItemsWaitForAPersonWhoAcceptsOrRejectsThem() async throws {
        let fixture = try await ControlFixture(moreQuotas: Self.feeds, feeders: ["nogroup"])
        let reply = try await fixture.call(IOTally.submitFetch, Self.fetched("dia-phuong", [
            Self.item(1, "Sở Thông tin và Truyền thông ra mắt cổng dữ liệu"),
            Self.item(2, "SỞ THÔNG TIN tổ chức hội thảo chuyển đổi số"),
            Self.item(3, "Giá lúa tăng nhẹ"),
            Self.item(4, "Sở Thông tin: quảng cáo hội chợ"),
            Self.item(5, "Sở Thông tin đón đoàn công tác", published: "2024-12-31"),
        ]), as: Self.feeder)
        #expect(reply.waiting == 2 && reply.recorded == 0 && reply.skipped == 3)
        #expect(reply.feed.state.health == .ok && reply.feed.waiting == 2 && reply.feed.seen == 5)
        let inbox = try await fixture.call(IOTally.listInbox, FeedsParameters()).candidates
        #expect(inbox.map(\.url) == ["https://baotinh.vn/bai-1.html", "https://baotinh.vn/bai-2.html"])
        #expect(inbox.map(\.matched) == [["Sở Thông tin"], ["Sở Thông tin"]] && inbox.allSatisfy { $0.externalID == nil })
        let status = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(status.agreements.first?.inbox == 2)

        // A feeder may not decide; a reader neither.
        await #expect(throws: VarlinkError.self) {
            _ = try await fixture.call(IOTally.acceptCandidates, AcceptCandidatesParameters(ids: [Int(inbox[0].id)]), as: Self.feeder)
        }
        let accepted = try await fixture.call(IOTally.acceptCandidates, AcceptCandidatesParameters(ids: [Int(inbox[0].id)]))
        #expect(accepted.accepted.count == 1 && accepted.accepted[0].created)
        let rejected = try await fixture.call(IOTally.rejectCandidates, RejectCandidatesParameters(ids: [Int(inbox[1].id)], reason: "trùng"))
        #expect(rejected.rejected == 1)
        do {
            _ = try await fixture.call(IOTally.rejectCandidates, RejectCandidatesParameters(ids: [Int(inbox[1].id)]))
            Issue.record("a decided candidate was rejected again")
        } catch let error as VarlinkError {
            #expect(error.name == TallyErrorName.noSuchCandidate)
        }
        let after = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(after.agreements.first?.inbox == 0)
        #expect(after.agreements.first?.quotas.first?.delivered == 1)
        let history = try await fixture.call(IOTally.history, PageParameters()).entries.map(\.action)
        #expect(history.suffix(2) == [.inboxAccept, .inboxReject])
    }

    @Test func withoutReviewItemsAreRecordedAtOnceAndAHandRecordedOneWins() async throws {
        let fixture = try await ControlFixture(moreQuotas: Self.feeds, feeders: ["nogroup"])
        _ = try await fixture.call(IOTally.record, RecordParameters(delivery: DeliveryInput(
            agreement: ControlFixture.agreement, published: "2025-05-14", kind: "article", title: "Khác",
            url: "https://baotinh.vn/bai-7.html", id: "TAY-7")))
        let reply = try await fixture.call(IOTally.submitFetch, Self.fetched("ngay-lap-tuc", [
            Self.item(6, "Tin sáu"), Self.item(7, "Tin bảy"), Self.item(6, "Tin sáu, lặp lại"),
        ]), as: Self.feeder)
        #expect(reply.recorded == 1 && reply.skipped == 1 && reply.waiting == 0)
        let deliveries = try await fixture.call(IOTally.listDeliveries, ListDeliveriesParameters()).deliveries
        #expect(deliveries.map(\.url) == ["https://baotinh.vn/bai-7.html", "https://baotinh.vn/bai-6.html"])
        #expect(deliveries.last?.outlet == "Báo Tỉnh" && deliveries.last?.title == "Tin sáu")
        let history = try await fixture.call(IOTally.history, PageParameters()).entries
        #expect(history.last?.action == .feedRecord && history.last?.uid == Self.feeder.uid)
    }

    /// An item recorded while the agreement's history is pending (the first seconds after a first start) revises the
    /// closed window it falls in, as a record does (`HistoryDeferralTests`): at once, or when accepted from the inbox
    /// (the item waits there from before the start, so that only the accept can record the history).
    @Test(arguments: [false, true])
    func itemsWhileTheHistoryIsPendingReviseClosedWindows(review: Bool) async throws {
        let monthly = """
            [[quota]]
            id = "tin-bai-thang"
            target = 1
            per = "month"
            kinds = ["article"]

            """
        let fixture = try await ControlFixture(moreQuotas: monthly + Self.feeds, feeders: ["nogroup"])
        let february = "2025-02-10T08:00:00+07:00"
        if review {
            _ = try await fixture.call(IOTally.submitFetch, Self.fetched("dia-phuong", [
                Self.item(1, "Sở Thông tin và Truyền thông ra mắt cổng dữ liệu", published: february),
            ]), as: Self.feeder)
        }
        await fixture.checker.pass(deferringHistory: true)
        #expect(fixture.checker.historyMayBePending)
        let before = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }
        if review {
            let inbox = try await fixture.call(IOTally.listInbox, FeedsParameters()).candidates
            #expect(inbox.count == 1)
            _ = try await fixture.call(IOTally.acceptCandidates, AcceptCandidatesParameters(all: true))
        } else {
            let reply = try await fixture.call(IOTally.submitFetch, Self.fetched("ngay-lap-tuc", [
                Self.item(6, "Tin sáu", published: february),
            ]), as: Self.feeder)
            #expect(reply.recorded == 1)
        }
        let raised = try await fixture.call(IOTally.listAlerts, PageParameters(after: before)).alerts.map(\.alert)
        #expect(raised.map(\.type) == [.quotaOutcomeChanged], "\(raised.map(\.message))")
        #expect(raised.first?.window == "2025-02" && raised.first?.previousStatus == "MISSED")
    }

    @Test func aFeederMayCallOnlyTheFeedMethods() async throws {
        let fixture = try await ControlFixture(moreQuotas: Self.feeds, feeders: ["nogroup"])
        for attempt in [
            { _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-05-14", id: "x"), as: Self.feeder) },
            { _ = try await fixture.call(IOTally.reload, VarlinkEmpty(), as: Self.feeder) },
            { _ = try await fixture.call(IOTally.beginImport, BeginImportParameters(), as: Self.feeder) },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await attempt()
                Issue.record("a feeder changed data")
            } catch let error as VarlinkError {
                #expect(error.name == TallyErrorName.permissionDenied)
            }
        }
        // Nobody outside feeders and writers may fetch.
        let closed = try await ControlFixture(moreQuotas: Self.feeds)
        do {
            _ = try await closed.call(IOTally.dueFeeds, DueFeedsParameters(), as: Self.feeder)
            Issue.record("a reader asked for due feeds")
        } catch let error as VarlinkError {
            #expect(error.name == TallyErrorName.permissionDenied)
        }
    }

    @Test func malformedSubmissionsAreRefusedWithNothingChanged() async throws {
        let fixture = try await ControlFixture(moreQuotas: Self.feeds, feeders: ["nogroup"])
        let bad: [(SubmitFetchParameters, String)] = [
            (SubmitFetchParameters(agreement: ControlFixture.agreement, feed: "khong-co", url: "https://x.vn",
                                   result: FetchResultInput(outcome: "NOT_MODIFIED")), TallyErrorName.noSuchFeed),
            (SubmitFetchParameters(agreement: "khong-co", feed: "dia-phuong", url: "https://x.vn",
                                   result: FetchResultInput(outcome: "NOT_MODIFIED")), TallyErrorName.noSuchAgreement),
            (SubmitFetchParameters(agreement: ControlFixture.agreement, feed: "dia-phuong",
                                   url: "https://baotinh.vn/rss/dia-phuong.rss", result: FetchResultInput(outcome: "MAYBE")),
             TallyErrorName.invalidArgument),
            (SubmitFetchParameters(agreement: ControlFixture.agreement, feed: "dia-phuong",
                                   url: "https://baotinh.vn/rss/dia-phuong.rss",
                                   result: FetchResultInput(outcome: "THROTTLED", status: 200)), TallyErrorName.invalidArgument),
            (SubmitFetchParameters(agreement: ControlFixture.agreement, feed: "dia-phuong",
                                   url: "https://baotinh.vn/rss/dia-phuong.rss",
                                   result: FetchResultInput(outcome: "FAILED", status: 999)), TallyErrorName.invalidArgument),
            (SubmitFetchParameters(agreement: ControlFixture.agreement, feed: "dia-phuong",
                                   url: "https://baotinh.vn/rss/dia-phuong.rss", result: FetchResultInput(outcome: "NOT_MODIFIED"),
                                   items: [Self.item(1, "Sở Thông tin")]), TallyErrorName.invalidArgument),
            (Self.fetched("dia-phuong", Array(repeating: Self.item(1, "x"), count: 10_001)), TallyErrorName.invalidArgument),
            (Self.fetched("dia-phuong", [], url: "https://cu.baotinh.vn/rss"), TallyErrorName.invalidArgument),
        ]
        for (parameters, expected) in bad {
            do {
                _ = try await fixture.call(IOTally.submitFetch, parameters, as: Self.feeder)
                Issue.record("accepted: \(parameters.result.outcome) \(parameters.feed)")
            } catch let error as VarlinkError {
                #expect(error.name == expected, "\(parameters.result.outcome) \(parameters.feed): \(error)")
            }
        }
        let feeds = try await fixture.call(IOTally.listFeeds, FeedsParameters()).feeds
        #expect(feeds.allSatisfy { $0.state.health == .new && $0.seen == 0 })
        // Items with hostile text are skipped one by one; the others are taken.
        let reply = try await fixture.call(IOTally.submitFetch, Self.fetched("dia-phuong", [
            FeedItemInput(guid: "nul", url: "https://baotinh.vn/nul", title: "Sở Thông tin\u{0}"),
            FeedItemInput(guid: "date", url: "https://baotinh.vn/date", title: "Sở Thông tin", published: "hôm qua"),
            FeedItemInput(guid: "js", url: "javascript:alert(1)", title: "Sở Thông tin", published: "2025-05-14"),
        ]), as: Self.feeder)
        #expect(reply.skipped == 2 && reply.waiting == 1)
        let candidate = try await fixture.call(IOTally.listInbox, FeedsParameters()).candidates.first
        #expect(candidate?.url == nil && candidate?.externalID == "feed:js")
    }

    @Test func aFeedFailingLongerThanTheThresholdIsAlertedThenRecovers() async throws {
        let fixture = try await ControlFixture(moreQuotas: Self.feeds, feeders: ["nogroup"], daemonExtra: "feed_failing_after = \"1h\"")
        let failed = SubmitFetchParameters(
            agreement: ControlFixture.agreement, feed: "dia-phuong", url: "https://baotinh.vn/rss/dia-phuong.rss",
            result: FetchResultInput(outcome: "FAILED", status: 500, error: "the server answered HTTP 500 Internal Server Error"))
        let first = try await fixture.call(IOTally.submitFetch, failed, as: Self.feeder)
        #expect(first.feed.state.health == .failing && first.feed.state.failures == 1)
        _ = try await fixture.call(IOTally.check, CheckParameters())
        #expect(try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.filter { $0.type == .feedFailing }.isEmpty)
        try fixture.move(to: "2025-05-15T11:00:00+07:00")
        _ = try await fixture.call(IOTally.submitFetch, failed, as: Self.feeder)
        let failing = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.filter { $0.type == .feedFailing }
        #expect(failing.count == 1)
        #expect(failing.first?.feed == "dia-phuong" && failing.first?.url == "https://baotinh.vn/rss/dia-phuong.rss")
        #expect(failing.first?.error == "the server answered HTTP 500 Internal Server Error" && failing.first?.priority == 4)
        _ = try await fixture.call(IOTally.check, CheckParameters())
        #expect(try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.filter { $0.type == .feedFailing }.count == 1)
        try fixture.move(to: "2025-05-15T12:00:00+07:00")
        _ = try await fixture.call(IOTally.submitFetch, Self.fetched("dia-phuong", []), as: Self.feeder)
        let recovered = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.filter { $0.type == .feedRecovered }
        #expect(recovered.count == 1 && recovered.first?.priority == 5)
    }

    @Test func goneFeedsWaitForForceAndPermanentMovesAreFollowed() async throws {
        let fixture = try await ControlFixture(moreQuotas: Self.feeds, feeders: ["nogroup"])
        let moved = "https://www.baotinh.vn/rss/dia-phuong.rss"
        var parameters = Self.fetched("dia-phuong", [])
        parameters.result.movedTo = moved
        let reply = try await fixture.call(IOTally.submitFetch, parameters, as: Self.feeder)
        #expect(reply.feed.state.movedTo == moved && reply.feed.state.fileURL == "https://baotinh.vn/rss/dia-phuong.rss")
        let due = try await fixture.call(IOTally.dueFeeds, DueFeedsParameters(feed: "dia-phuong", force: true), as: Self.feeder)
        #expect(due.feeds.first?.url == moved)
        let gone = SubmitFetchParameters(agreement: ControlFixture.agreement, feed: "dia-phuong", url: moved,
                                         result: FetchResultInput(outcome: "GONE", status: 410))
        #expect(try await fixture.call(IOTally.submitFetch, gone, as: Self.feeder).feed.state.health == .gone)
        try fixture.move(to: "2025-05-20T10:00:00+07:00")
        #expect(try await fixture.call(IOTally.dueFeeds, DueFeedsParameters(), as: Self.feeder).feeds.map(\.feed) == ["ngay-lap-tuc"])
        // A forced round of everything leaves it paused; only `--feed ID --force` lifts GONE.
        let all = try await fixture.call(IOTally.dueFeeds, DueFeedsParameters(force: true), as: Self.feeder)
        #expect(all.feeds.map(\.feed) == ["ngay-lap-tuc"])
        let forced = try await fixture.call(IOTally.dueFeeds, DueFeedsParameters(feed: "dia-phuong", force: true), as: Self.feeder)
        #expect(forced.feeds.count == 1)
        let feeds = try await fixture.call(IOTally.listFeeds, FeedsParameters()).feeds
        #expect(feeds.first?.state.health == .failing)
    }

    /// What servers write (reason phrases, headers) reaches tallyd inside the fetcher's result: it is cleaned or
    /// dropped, never a reason to refuse the result (which would leave the feed unrecorded and never backed off).
    @Test func serverTextInAResultIsCleanedNotRefused() async throws {
        let fixture = try await ControlFixture(moreQuotas: Self.feeds, feeders: ["nogroup"])
        let noisy = "the server answered HTTP 500 \u{1B}[31mBroken\tPhrase\r\n" + String(repeating: "x", count: 3_000)
        let failed = try await fixture.call(IOTally.submitFetch, SubmitFetchParameters(
            agreement: ControlFixture.agreement, feed: "dia-phuong", url: "https://baotinh.vn/rss/dia-phuong.rss",
            result: FetchResultInput(outcome: "FAILED", status: 500, error: noisy)), as: Self.feeder)
        let error = try #require(failed.feed.state.lastError)
        #expect(failed.feed.state.health == .failing && error.count == 500 && error.hasSuffix("…"))
        #expect(error.hasPrefix("the server answered HTTP 500 [31mBroken Phrase x"))
        #expect(!error.unicodeScalars.contains { $0.properties.generalCategory == .control })
        var fetched = Self.fetched("dia-phuong", [Self.item(1, "Sở Thông tin")])
        fetched.result.etag = String(repeating: "e", count: 2_000)
        fetched.result.lastModified = "Sat, 05 Dec 2026\n12:00:00 GMT"
        let ok = try await fixture.call(IOTally.submitFetch, fetched, as: Self.feeder)
        #expect(ok.feed.state.health == .ok && ok.waiting == 1)
        let due = try await fixture.call(IOTally.dueFeeds, DueFeedsParameters(feed: "dia-phuong", force: true), as: Self.feeder)
        #expect(due.feeds.first?.etag == nil && due.feeds.first?.lastModified == nil)
    }

    @Test func aCandidateDatedOutsideTheAgreementAsNowAmendedIsNotRecorded() async throws {
        let fixture = try await ControlFixture(moreQuotas: Self.feeds, feeders: ["nogroup"])
        _ = try await fixture.call(IOTally.submitFetch, Self.fetched("dia-phuong", [
            Self.item(1, "Sở Thông tin", published: "2025-05-14T08:00:00+07:00"),
        ]), as: Self.feeder)
        let candidate = try #require(try await fixture.call(IOTally.listInbox, FeedsParameters()).candidates.first)
        _ = try await fixture.reload(withAgreement: Self.feeds + """

            [[amendment]]
            id = "pl-01"
            title = "Phụ lục 01"
            signed = 2025-05-02
            effective = 2025-05-02
            end = 2025-05-13
            """)
        do {
            _ = try await fixture.call(IOTally.acceptCandidates, AcceptCandidatesParameters(ids: [Int(candidate.id)]))
            Issue.record("a candidate outside the agreement was recorded")
        } catch let error as VarlinkError {
            #expect(error.name == TallyErrorName.invalidArgument, "\(error)")
        }
        #expect(try await fixture.call(IOTally.listDeliveries, ListDeliveriesParameters()).deliveries.isEmpty)
    }
}
