import TallyCore
import TallyInterface

/// What a parser made of a feed's body: the feed's own language and its items in document order.
public struct FeedContent: Sendable, Hashable {
    /// `<language>`, `xml:lang`, when the feed names one.
    public var language: String?
    /// The items, in document order.
    public var items: [FeedItem]

    public init(language: String? = nil, items: [FeedItem]) {
        self.language = language
        self.items = items
    }
}

/// Reads a body (`bytes`, its HTTP `Content-Type`, the URL it came from) as a feed; an error's description is the
/// one sentence a failed fetch reports ("not a feed: got text/html, …").
public typealias FeedParsing = @Sendable (_ bytes: [UInt8], _ contentType: String?, _ baseURL: String) throws -> FeedContent

/// One feed's fetch: the report for tallyd's state machine, and what a success brought.
public struct FetchOutcome: Sendable, Hashable {
    /// The facts: what the server answered (after redirects), and where permanent redirects led.
    public var report: FetchReport
    /// The `Retry-After` header as received, for a throttled fetch.
    public var retryAfterHeader: String?
    /// The feed's own language, for a fetched feed.
    public var language: String?
    /// The items of a fetched feed, in document order, at most ``FeedItem/maximumPerFetch``.
    public var items: [FeedItem]

    public init(_ report: FetchReport, retryAfterHeader: String? = nil, language: String? = nil, items: [FeedItem] = []) {
        self.report = report
        self.retryAfterHeader = retryAfterHeader
        self.language = language
        self.items = items
    }

    /// The `SubmitFetch` calls that send this outcome of `feed` to tallyd, in document order: items that would pass
    /// the request limit together go in several calls, every one but the last marked `partial`. tallyd applies the
    /// result (and keeps the new validators) with the last call only, so a round cut short between two calls
    /// leaves the feed to be fetched whole again rather than answered 304 with items never taken.
    public func submissions(for feed: DueFeed) -> [SubmitFetchParameters] {
        let result = FetchResultInput(report, retryAfterHeader: retryAfterHeader)
        guard case .fetched = report.result else {
            return [SubmitFetchParameters(agreement: feed.agreement, feed: feed.feed, url: feed.url, result: result)]
        }
        let batches = SubmissionBatches.batches(items.map(FeedItemInput.init))
        return batches.enumerated().map { index, batch in
            SubmitFetchParameters(agreement: feed.agreement, feed: feed.feed, url: feed.url, result: result, language: language,
                                  items: batch, partial: index == batches.count - 1 ? nil : true)
        }
    }
}

/// Feed items cut into `SubmitFetch` calls well under the 1 MiB request limit (SPEC §5).
enum SubmissionBatches {
    /// The most bytes of items in one call; with the envelope, far below the limit.
    static let maximumBytes = 512 * 1024

    /// `items` in order, cut before `maximumBytes` would be passed; always at least one batch (maybe empty). An item
    /// larger than a batch on its own is left out: tallyd would refuse it anyway (its fields pass the core's limits).
    static func batches(_ items: [FeedItemInput], maximumBytes: Int = maximumBytes) -> [[FeedItemInput]] {
        var batches: [[FeedItemInput]] = [[]]
        var bytes = 0
        for item in items {
            let size = estimatedSize(of: item)
            guard size <= maximumBytes else { continue }
            if bytes + size > maximumBytes, let last = batches.last, !last.isEmpty {
                batches.append([])
                bytes = 0
            }
            batches[batches.count - 1].append(item)
            bytes += size
        }
        return batches
    }

    /// An upper bound of the item's size as JSON: six bytes for each byte JSON may escape, plus keys and punctuation.
    static func estimatedSize(of item: FeedItemInput) -> Int {
        func size(_ value: String?) -> Int {
            guard let value else { return 0 }
            var size = 16
            for byte in value.utf8 { size += byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") ? 6 : 1 }
            return size
        }
        return 64 + size(item.guid) + size(item.url) + size(item.title) + size(item.summary) + size(item.published)
            + (item.categories ?? []).reduce(0) { $0 + size($1) }
    }
}
