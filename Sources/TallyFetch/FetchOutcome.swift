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

    /// The `SubmitFetch` parameters that send this outcome of `feed` to tallyd.
    public func submission(for feed: DueFeed) -> SubmitFetchParameters {
        let fetched = if case .fetched = report.result { true } else { false }
        return SubmitFetchParameters(
            agreement: feed.agreement, feed: feed.feed, url: feed.url,
            result: FetchResultInput(report, retryAfterHeader: retryAfterHeader), language: fetched ? language : nil,
            items: fetched ? items.map(FeedItemInput.init) : nil)
    }
}
