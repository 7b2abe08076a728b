import Foundation
import Logging
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

extension Control {
    // MARK: The fetcher's methods

    /// The feeds due now (or all named ones with `force`), for the fetcher, with the `[fetch]` settings.
    func dueFeeds(_ p: DueFeedsParameters, _ context: CallContext) async throws(VarlinkError) -> DueFeedsReply {
        try await requireFeeder(context, IOTally.dueFeeds.name)
        let snapshot = await state.snapshot
        let now = clock.now()
        let feeds = try await chosenFeeds(agreements: p.agreements, feed: p.feed, running: true, now: now)
        // A GONE feed waits for `fetch --feed ID --force` (SPEC §10); a forced round of everything leaves it paused.
        let force = p.force == true
        if force, p.feed != nil { try storing { try store.forceFeeds(feeds) } }
        let statuses = try storing { try store.feedStatuses(feeds) }
        let due = statuses.filter { force ? $0.state.health != .gone : $0.state.isDue(at: now) }.map {
            DueFeed(agreement: $0.agreement, feed: $0.feed, url: $0.state.url, etag: $0.state.etag,
                    lastModified: $0.state.lastModified)
        }
        return DueFeedsReply(feeds: due, settings: snapshot.configuration.fetch)
    }

    /// One fetch of one feed: its result through the state machine, its items checked again and taken.
    func submitFetch(_ p: SubmitFetchParameters, _ context: CallContext) async throws(VarlinkError) -> SubmitFetchReply {
        try await requireFeeder(context, IOTally.submitFetch.name)
        let agreement = try await self.agreement(p.agreement, writable: true)
        guard let feed = agreement.feeds.first(where: { $0.id == p.feed }) else {
            throw VarlinkError.noSuchFeed(agreement: p.agreement, feed: p.feed)
        }
        let report = try Self.report(p.result)
        let inputs = p.items ?? []
        guard inputs.count <= FeedItem.maximumPerFetch else {
            throw VarlinkError.invalidArgument(
                "items", reason: "\(inputs.count) items is more than the \(FeedItem.maximumPerFetch) one fetch may carry")
        }
        guard inputs.isEmpty || report.result.isFetchedBody else {
            throw VarlinkError.invalidArgument("items", reason: "only a FETCHED result carries items")
        }
        var items: [FeedItem] = []
        var invalid = 0
        for input in inputs {
            switch FeedItem.checked(guid: input.guid, url: input.url, title: input.title, summary: input.summary,
                                    categories: input.categories ?? [], published: input.published) {
            case .success(let item): items.append(item)
            case .failure: invalid += 1
            }
        }
        let language = p.language.flatMap(Self.languageTag)
        let uid = context.peer?.uid ?? 0
        // Only a feed without review records its items at once; other feeds' items wait in the inbox.
        if !items.isEmpty, !feed.review { await checker.beforeChange(of: [agreement.id]) }
        let now = clock.now()
        let result = try storing {
            try store.applyFetch(p.partial == true ? nil : report, fetchedURL: p.url, items: FeedIntake.keyed(items),
                                 intake: FeedIntake(agreement: agreement, feed: feed, feedLanguage: language), by: uid, at: now)
        }
        if let moved = result.status.state.movedTo, moved != result.previous.movedTo {
            let file = await state.snapshot.configuration.sources[agreement.id] ?? "the agreement's file"
            logger.notice(
                "feed \(agreement.id)/\(feed.id) moved permanently to \(moved); update its url in \(file)",
                metadata: [
                    "MESSAGE_ID": .string(OperationalMessage.feedMoved.messageID), "TALLY_AGREEMENT": .string(agreement.id),
                    "TALLY_FEED": .string(feed.id), "TALLY_URL": .string(feed.url), "TALLY_MOVED_TO": .string(moved),
                ])
        }
        let threshold = TimeInterval(await state.snapshot.configuration.policy.feedFailingAfter.components.seconds)
        let failing = result.status.state.isFailing(at: now, threshold: threshold)
        let recovered = result.status.state.health == .ok
            && (result.previous.health == .failing || result.previous.health == .gone)
        if !result.touched.isEmpty {
            await checker.afterChange(agreement: agreement.id, days: result.touched)
        } else if failing || recovered {
            // `feed-failing` or `feed-recovered` now rather than at the next pass (a failing feed's attempts are
            // backed off, so these passes are few).
            await checker.pass(only: [agreement.id])
        }
        return SubmitFetchReply(feed: result.status, recorded: result.recorded, waiting: result.waiting,
                                skipped: result.skipped + invalid)
    }

    // MARK: Health and the inbox

    func listFeeds(_ p: FeedsParameters) async throws(VarlinkError) -> ListFeedsReply {
        let feeds = try await chosenFeeds(agreements: p.agreements, feed: nil, running: false, now: clock.now())
        return ListFeedsReply(feeds: try storing { try store.feedStatuses(feeds) })
    }

    func listInbox(_ p: FeedsParameters) async throws(VarlinkError) -> ListInboxReply {
        for id in p.agreements ?? [] { _ = try await agreement(id) }
        let candidates = try storing { try store.inbox(agreements: p.agreements.flatMap { $0.isEmpty ? nil : $0 }) }
        return ListInboxReply(candidates: candidates)
    }

    func acceptCandidates(_ p: AcceptCandidatesParameters, _ context: CallContext) async throws(VarlinkError)
        -> AcceptCandidatesReply
    {
        try await requireWriter(context, IOTally.acceptCandidates.name)
        let ids = try Self.candidateIDs(p.ids, all: p.all == true)
        let snapshot = await state.snapshot
        var agreements: [String: Agreement] = [:]
        if let id = p.agreement {
            agreements[id] = try await agreement(id, writable: true)
        } else {
            for (agreement, archived) in snapshot.agreements where !archived { agreements[agreement.id] = agreement }
        }
        if checker.historyMayBePending {
            // The agreements with candidates waiting, not every agreement an accept of all may name.
            let waiting = try storing { try store.inboxCounts() }
            await checker.beforeChange(of: waiting.keys.filter { agreements[$0] != nil })
        }
        let result = try storing {
            try store.acceptCandidates(ids: ids, agreements: agreements, by: context.peer?.uid ?? 0, at: clock.now())
        }
        var changes: [String: Set<CivilDate>] = [:]
        for touched in result.touched { changes[touched.agreement, default: []].insert(touched.day) }
        if !changes.isEmpty { await checker.afterChange(changes) }
        return AcceptCandidatesReply(accepted: result.accepted.map {
            AcceptedCandidate(id: Int($0.candidate), deliveryID: Int($0.delivery), created: $0.created)
        })
    }

    func rejectCandidates(_ p: RejectCandidatesParameters, _ context: CallContext) async throws(VarlinkError)
        -> RejectCandidatesReply
    {
        try await requireWriter(context, IOTally.rejectCandidates.name)
        let ids = try Self.candidateIDs(p.ids, all: false) ?? []
        let reason = p.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let rejected = try storing {
            try store.rejectCandidates(ids: ids, reason: reason?.isEmpty == true ? nil : reason, by: context.peer?.uid ?? 0,
                                       at: clock.now())
        }
        return RejectCandidatesReply(rejected: rejected)
    }

    // MARK: Access and checks

    /// The fetcher's class (SPEC §10): `[access] feeders` members, and whoever may write.
    func requireFeeder(_ context: CallContext, _ method: String) async throws(VarlinkError) {
        let configuration = await state.snapshot.configuration
        guard access.mayWrite(context.peer, writers: configuration.writers + configuration.feeders) else {
            throw VarlinkError.permissionDenied(method: method, uid: context.peer?.uid ?? UInt32.max)
        }
    }

    /// The feeds of `agreements` (all when nil or empty), of `feed` only when named; `running` leaves out archived
    /// agreements and those that ended more than a day ago (nothing of theirs would count).
    private func chosenFeeds(agreements ids: [String]?, feed: String?, running: Bool, now: Date) async throws(VarlinkError)
        -> [(agreement: String, feed: Feed)]
    {
        let snapshot = await state.snapshot
        var chosen: [Agreement] = []
        if let ids, !ids.isEmpty {
            for id in ids { chosen.append(try await agreement(id, writable: running)) }
        } else {
            chosen = snapshot.agreements.filter { !$0.archived || !running }.map(\.agreement)
        }
        if running {
            chosen = chosen.filter { CivilDate(now, in: $0.timeZone) <= $0.end.adding(days: 1) }
        }
        var feeds = chosen.flatMap { agreement in agreement.feeds.map { (agreement: agreement.id, feed: $0) } }
        if let feed {
            feeds = feeds.filter { $0.feed.id == feed }
            if feeds.isEmpty { throw VarlinkError.noSuchFeed(agreement: ids?.first ?? "", feed: feed) }
        }
        return feeds
    }

    /// The fetcher's result as the core's report. Only its structure is refused (an unknown outcome, a status that
    /// is no HTTP status): the text in it comes from servers (reason phrases, headers, URLs), so a sentence is
    /// cleaned and cut rather than refused, and a header that is not one is dropped — refusing the result would
    /// leave the feed unrecorded, unbacked-off and never alerted.
    static func report(_ r: FetchResultInput) throws(VarlinkError) -> FetchReport {
        if let status = r.status, !(100...599).contains(status) {
            throw VarlinkError.invalidArgument("result.status", reason: "\(status) is not an HTTP status")
        }
        let header = { (value: String?) in value.flatMap(Self.headerValue) }
        let movedTo = r.movedTo.flatMap { url in
            url.utf8.count <= FeedItem.maximumIdentifier && FeedURL.normalized(url) != nil ? url : nil
        }
        let result: FetchReport.Result
        switch r.outcome {
        case "FETCHED": result = .fetched(etag: header(r.etag), lastModified: header(r.lastModified))
        case "NOT_MODIFIED": result = .notModified
        case "GONE": result = .gone
        case "THROTTLED":
            guard let status = r.status, status == 429 || status == 503 else {
                throw VarlinkError.invalidArgument("result.status", reason: "THROTTLED needs status 429 or 503")
            }
            result = .throttled(status: status, retryAfter: header(r.retryAfter).flatMap(RetryAfter.init(header:)))
        case "FAILED":
            let reason = Self.sentence(r.error ?? "")
            result = .failed(status: r.status, reason: reason.isEmpty ? "the fetch failed without saying why" : reason)
        default:
            throw VarlinkError.invalidArgument(
                "result.outcome", reason: "\(r.outcome.prefix(40)) is not FETCHED, NOT_MODIFIED, GONE, THROTTLED or FAILED")
        }
        return FetchReport(result, movedTo: movedTo)
    }

    /// A header value worth keeping: printable ASCII (and tabs), at most 1 KiB; else nil.
    static func headerValue(_ text: String) -> String? {
        guard !text.isEmpty, text.utf8.count <= 1_024, text.utf8.allSatisfy({ $0 == 0x09 || (0x20..<0x7F).contains($0) }) else {
            return nil
        }
        return text
    }

    /// An error sentence for the feed's state and its alert: control characters as spaces, runs of spaces as one,
    /// at most 500 characters.
    static func sentence(_ text: String) -> String {
        var cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        })).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        if cleaned.count > 500 { cleaned = String(cleaned.prefix(499)) + "…" }
        return cleaned
    }

    /// A feed's language as a delivery's: a tag a delivery may carry, else nil (the feed's default then applies).
    static func languageTag(_ text: String) -> String? {
        let tag = text.trimmingCharacters(in: .whitespaces)
        return tag.isLanguageTag ? tag : nil
    }

    static func candidateIDs(_ ids: [Int]?, all: Bool) throws(VarlinkError) -> [Int64]? {
        if all {
            guard ids?.isEmpty ?? true else {
                throw VarlinkError.invalidArgument("ids", reason: "give ids or all, not both")
            }
            return nil
        }
        guard let ids, !ids.isEmpty else { throw VarlinkError.invalidArgument("ids", reason: "name at least one candidate id") }
        guard ids.count <= 10_000 else { throw VarlinkError.invalidArgument("ids", reason: "at most 10000 ids at once") }
        var seen: Set<Int> = []
        return ids.filter { seen.insert($0).inserted }.map(Int64.init)
    }
}

extension FetchReport.Result {
    /// Whether the fetcher read a body of items.
    var isFetchedBody: Bool {
        if case .fetched = self { return true }
        return false
    }
}
