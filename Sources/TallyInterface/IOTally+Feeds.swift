import Foundation
import TallyCore
import TallyProtocol
// Types of the feed methods (SPEC §10): what the fetcher asks and sends, `feeds` and the inbox.

/// `io.tally.DueFeed`: a feed the fetcher should fetch now, with the validators of its last success.
public struct DueFeed: Codable, Sendable, Hashable {
    public var agreement: String
    public var feed: String
    /// The URL to fetch: the file's, or where a permanent redirect moved it.
    public var url: String
    public var etag: String?
    public var lastModified: String?

    private enum CodingKeys: String, CodingKey {
        case agreement, etag, feed, url
        case lastModified = "last_modified"
    }

    public init(agreement: String, feed: String, url: String, etag: String? = nil, lastModified: String? = nil) {
        self.agreement = agreement
        self.feed = feed
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// `DueFeeds` parameters: all agreements when `agreements` is absent; `force` fetches even feeds not due (and
/// lifts `GONE`).
public struct DueFeedsParameters: Codable, Sendable, Hashable {
    public var agreements: [String]?
    public var feed: String?
    public var force: Bool?

    public init(agreements: [String]? = nil, feed: String? = nil, force: Bool? = nil) {
        self.agreements = agreements
        self.feed = feed
        self.force = force
    }
}

/// `io.tally.FetchSettings` is the core's `[fetch]`; `DueFeeds` replies with the feeds and the settings.
public struct DueFeedsReply: Codable, Sendable, Hashable {
    public var feeds: [DueFeed]
    public var parallel: Int
    public var caFile: String?

    private enum CodingKeys: String, CodingKey {
        case feeds, parallel
        case caFile = "ca_file"
    }

    public init(feeds: [DueFeed], settings: FetchSettings) {
        self.feeds = feeds
        self.parallel = settings.parallel
        self.caFile = settings.caFile
    }

    /// The `[fetch]` settings the reply carries.
    public var settings: FetchSettings { FetchSettings(parallel: parallel, caFile: caFile) }
}

/// `io.tally.FeedItem`: an item as the fetcher parsed it, raw text; tallyd validates it again.
public struct FeedItemInput: Codable, Sendable, Hashable {
    public var guid: String?
    public var url: String?
    public var title: String
    public var summary: String?
    public var categories: [String]?
    /// RFC 3339 or a date; absent when the item has no readable date.
    public var published: String?

    public init(guid: String? = nil, url: String? = nil, title: String, summary: String? = nil, categories: [String]? = nil,
                published: String? = nil) {
        self.guid = guid
        self.url = url
        self.title = title
        self.summary = summary
        self.categories = categories
        self.published = published
    }

    /// The parsed item as the fetcher sends it.
    public init(_ item: FeedItem) {
        self.init(guid: item.guid, url: item.url, title: item.title, summary: item.summary,
                  categories: item.categories.isEmpty ? nil : item.categories, published: item.published?.description)
    }
}

/// `io.tally.FetchResult`: what one fetch answered. `outcome` is FETCHED, NOT_MODIFIED, GONE, THROTTLED or FAILED.
public struct FetchResultInput: Codable, Sendable, Hashable {
    public var outcome: String
    public var status: Int?
    /// One sentence, for FAILED.
    public var error: String?
    public var etag: String?
    public var lastModified: String?
    /// The `Retry-After` header as received, for THROTTLED.
    public var retryAfter: String?
    /// Where a chain of permanent redirects led.
    public var movedTo: String?

    private enum CodingKeys: String, CodingKey {
        case error, etag, outcome, status
        case lastModified = "last_modified", movedTo = "moved_to", retryAfter = "retry_after"
    }

    public init(outcome: String, status: Int? = nil, error: String? = nil, etag: String? = nil, lastModified: String? = nil,
                retryAfter: String? = nil, movedTo: String? = nil) {
        self.outcome = outcome
        self.status = status
        self.error = error
        self.etag = etag
        self.lastModified = lastModified
        self.retryAfter = retryAfter
        self.movedTo = movedTo
    }

    /// The core's report on the wire.
    public init(_ report: FetchReport, retryAfterHeader: String? = nil) {
        switch report.result {
        case .fetched(let etag, let lastModified):
            self.init(outcome: "FETCHED", status: 200, etag: etag, lastModified: lastModified)
        case .notModified:
            self.init(outcome: "NOT_MODIFIED", status: 304)
        case .gone:
            self.init(outcome: "GONE", status: 410)
        case .throttled(let status, _):
            self.init(outcome: "THROTTLED", status: status, retryAfter: retryAfterHeader)
        case .failed(let status, let reason):
            self.init(outcome: "FAILED", status: status, error: reason)
        }
        movedTo = report.movedTo
    }
}

/// `SubmitFetch` parameters: one fetch of one feed, its items in document order (FETCHED only).
public struct SubmitFetchParameters: Codable, Sendable, Hashable {
    public var agreement: String
    public var feed: String
    /// The URL fetched (DueFeed's `url`).
    public var url: String
    public var result: FetchResultInput
    /// The feed's own language (`<language>`, `xml:lang`), when it names one.
    public var language: String?
    public var items: [FeedItemInput]?
    /// True on every call of a fetch but the last, when its items would pass the request limit together: their
    /// items are taken, the result waits for the last call.
    public var partial: Bool?

    public init(agreement: String, feed: String, url: String, result: FetchResultInput, language: String? = nil,
                items: [FeedItemInput]? = nil, partial: Bool? = nil) {
        self.agreement = agreement
        self.feed = feed
        self.url = url
        self.result = result
        self.language = language
        self.items = items
        self.partial = partial
    }
}

/// `SubmitFetch` reply: the feed afterwards, and what its items became.
public struct SubmitFetchReply: Codable, Sendable, Hashable {
    public var feed: FeedStatus
    /// Items recorded as deliveries now (`review = false`).
    public var recorded: Int
    /// Items that became inbox candidates now.
    public var waiting: Int
    /// Items already known, already recorded, not matching, outside the agreement's dates or invalid.
    public var skipped: Int

    public init(feed: FeedStatus, recorded: Int, waiting: Int, skipped: Int) {
        self.feed = feed
        self.recorded = recorded
        self.waiting = waiting
        self.skipped = skipped
    }
}

/// `ListFeeds` and `ListInbox` parameters: all agreements when absent.
public struct FeedsParameters: Codable, Sendable, Hashable {
    public var agreements: [String]?

    public init(agreements: [String]? = nil) { self.agreements = agreements }
}

/// `ListFeeds` reply.
public struct ListFeedsReply: Codable, Sendable, Hashable {
    public var feeds: [FeedStatus]

    public init(feeds: [FeedStatus]) { self.feeds = feeds }
}

/// `ListInbox` reply, as `inbox --json` prints it.
public struct ListInboxReply: Codable, Sendable, Hashable {
    public var candidates: [InboxCandidate]

    public init(candidates: [InboxCandidate]) { self.candidates = candidates }
}

/// `AcceptCandidates` parameters: the ids, or `all` (of `agreement`, or of every agreement).
public struct AcceptCandidatesParameters: Codable, Sendable, Hashable {
    public var ids: [Int]?
    public var all: Bool?
    public var agreement: String?

    public init(ids: [Int]? = nil, all: Bool? = nil, agreement: String? = nil) {
        self.ids = ids
        self.all = all
        self.agreement = agreement
    }
}

/// `AcceptCandidates` reply: the deliveries recorded (an already recorded item is linked, not recorded twice).
public struct AcceptCandidatesReply: Codable, Sendable, Hashable {
    public var accepted: [AcceptedCandidate]

    public init(accepted: [AcceptedCandidate]) { self.accepted = accepted }
}

/// One accepted candidate and the delivery it became.
public struct AcceptedCandidate: Codable, Sendable, Hashable {
    public var id: Int
    public var deliveryID: Int
    /// False when a delivery with its key was already recorded.
    public var created: Bool

    private enum CodingKeys: String, CodingKey {
        case created, id
        case deliveryID = "delivery_id"
    }

    public init(id: Int, deliveryID: Int, created: Bool) {
        self.id = id
        self.deliveryID = deliveryID
        self.created = created
    }
}

/// `RejectCandidates` parameters.
public struct RejectCandidatesParameters: Codable, Sendable, Hashable {
    public var ids: [Int]
    public var reason: String?

    public init(ids: [Int], reason: String? = nil) {
        self.ids = ids
        self.reason = reason
    }
}

/// `RejectCandidates` reply: how many were rejected.
public struct RejectCandidatesReply: Codable, Sendable, Hashable {
    public var rejected: Int

    public init(rejected: Int) { self.rejected = rejected }
}

/// `io.tally.FeedStatus`: the core's feed state on the wire, times in UTC.
extension FeedStatus: Codable {
    private enum CodingKeys: String, CodingKey {
        case agreement, failures, feed, recorded, seen, state, url, waiting
        case lastAttempt = "last_attempt", lastError = "last_error", lastStatus = "last_status",
             lastSuccess = "last_success", movedTo = "moved_to", nextAttempt = "next_attempt"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var state = FeedState(fileURL: try c.decode(String.self, forKey: .url))
        state.movedTo = try c.decodeIfPresent(String.self, forKey: .movedTo)
        state.health = try c.decodeWord(forKey: .state)
        state.lastAttempt = try c.decodeInstantIfPresent(forKey: .lastAttempt)
        state.lastSuccess = try c.decodeInstantIfPresent(forKey: .lastSuccess)
        state.lastStatus = try c.decodeIfPresent(Int.self, forKey: .lastStatus)
        state.lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
        state.nextAttempt = try c.decodeInstantIfPresent(forKey: .nextAttempt)
        state.failures = try c.decode(Int.self, forKey: .failures)
        self.init(agreement: try c.decode(String.self, forKey: .agreement), feed: try c.decode(String.self, forKey: .feed),
                  state: state, seen: try c.decode(Int.self, forKey: .seen), recorded: try c.decode(Int.self, forKey: .recorded),
                  waiting: try c.decode(Int.self, forKey: .waiting))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(agreement, forKey: .agreement)
        try c.encode(state.failures, forKey: .failures)
        try c.encode(feed, forKey: .feed)
        try c.encode(state.lastAttempt.map { WireFormat.timestamp($0) }, forKey: .lastAttempt)
        try c.encode(state.lastError, forKey: .lastError)
        try c.encode(state.lastStatus, forKey: .lastStatus)
        try c.encode(state.lastSuccess.map { WireFormat.timestamp($0) }, forKey: .lastSuccess)
        try c.encode(state.movedTo, forKey: .movedTo)
        try c.encode(state.nextAttempt.map { WireFormat.timestamp($0) }, forKey: .nextAttempt)
        try c.encode(recorded, forKey: .recorded)
        try c.encode(seen, forKey: .seen)
        try c.encode(state.health.rawValue, forKey: .state)
        try c.encode(state.fileURL, forKey: .url)
        try c.encode(waiting, forKey: .waiting)
    }
}

/// `io.tally.Candidate`: the core's inbox candidate on the wire (SPEC §10's `inbox --json`).
extension InboxCandidate: Codable {
    private enum CodingKeys: String, CodingKey {
        case agreement, feed, id, matched, outlet, published, title, url
        case externalID = "external_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .published)
        guard let published = PublicationTime(parsing: text) else {
            throw DecodingError.dataCorruptedError(forKey: .published, in: c, debugDescription: "\(text) is no date")
        }
        self.init(id: try c.decode(Int64.self, forKey: .id), agreement: try c.decode(String.self, forKey: .agreement),
                  feed: try c.decode(String.self, forKey: .feed), published: published,
                  outlet: try c.decode(String.self, forKey: .outlet), title: try c.decode(String.self, forKey: .title),
                  url: try c.decodeIfPresent(String.self, forKey: .url),
                  externalID: try c.decodeIfPresent(String.self, forKey: .externalID),
                  matched: try c.decode([String].self, forKey: .matched))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(agreement, forKey: .agreement)
        try c.encode(externalID, forKey: .externalID)
        try c.encode(feed, forKey: .feed)
        try c.encode(id, forKey: .id)
        try c.encode(matched, forKey: .matched)
        try c.encode(outlet, forKey: .outlet)
        try c.encode(published.description, forKey: .published)
        try c.encode(title, forKey: .title)
        try c.encode(url, forKey: .url)
    }
}

extension KeyedDecodingContainer {
    /// An RFC 3339 time at `key`, or nil when absent or null.
    func decodeInstantIfPresent(forKey key: Key) throws -> Date? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeInstant(forKey: key)
    }
}

extension IOTally {
    public static let dueFeeds = VarlinkMethod<DueFeedsParameters, DueFeedsReply>("io.tally.DueFeeds")
    public static let submitFetch = VarlinkMethod<SubmitFetchParameters, SubmitFetchReply>("io.tally.SubmitFetch")
    public static let listFeeds = VarlinkMethod<FeedsParameters, ListFeedsReply>("io.tally.ListFeeds")
    public static let listInbox = VarlinkMethod<FeedsParameters, ListInboxReply>("io.tally.ListInbox")
    public static let acceptCandidates = VarlinkMethod<AcceptCandidatesParameters, AcceptCandidatesReply>(
        "io.tally.AcceptCandidates")
    public static let rejectCandidates = VarlinkMethod<RejectCandidatesParameters, RejectCandidatesReply>(
        "io.tally.RejectCandidates")
}
