import TallyCore
import TallyFeeds

/// How the fetcher fetches (SPEC §10): `[fetch]` as tallyd sends it, and the limits every fetch obeys.
public struct FetchConfiguration: Sendable, Hashable {
    /// Feeds fetched at once.
    public var parallel: Int
    /// A CA certificate file (PEM) trusted besides the system's store.
    public var caFile: String?
    /// How long one feed's fetch may take, redirects and body included.
    public var requestTimeout: Duration
    /// How long connecting to a server may take (within ``requestTimeout``).
    public var connectTimeout: Duration
    /// The largest body read, after decompression.
    public var maximumBytes: Int
    /// The most redirects followed for one feed.
    public var maximumRedirects: Int
    /// The `User-Agent` header.
    public var userAgent: String

    /// 30 seconds a request (SPEC §10).
    public static let defaultRequestTimeout: Duration = .seconds(30)
    /// 20 MiB after decompression (SPEC §10): what the parser reads.
    public static let defaultMaximumBytes = FeedParser.maximumBytes
    /// The `Accept` header: feeds first, any XML next, anything else last (a server may mislabel a feed).
    public static let accept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"

    /// The configuration for `settings`, sent as `tally/<version> (feed fetcher)`.
    public init(
        settings: FetchSettings, version: String, requestTimeout: Duration = Self.defaultRequestTimeout,
        connectTimeout: Duration = .seconds(10), maximumBytes: Int = Self.defaultMaximumBytes, maximumRedirects: Int = 5
    ) {
        parallel = max(1, settings.parallel)
        caFile = settings.caFile
        self.requestTimeout = requestTimeout
        self.connectTimeout = min(connectTimeout, requestTimeout)
        self.maximumBytes = maximumBytes
        self.maximumRedirects = maximumRedirects
        userAgent = "tally/\(version) (feed fetcher)"
    }
}

extension Duration {
    /// `30 s`, `2.5 s`, `500 ms`: how a sentence names a timeout.
    var spoken: String {
        let (seconds, attoseconds) = components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if seconds == 0 { return "\(milliseconds) ms" }
        if milliseconds == 0 { return "\(seconds) s" }
        return "\(Double(seconds) + Double(milliseconds) / 1000) s"
    }
}

extension Int {
    /// `20 MiB`, `512 KiB`, `100 bytes`: how a sentence names a size limit.
    var spokenBytes: String {
        if self >= 1024 * 1024, self % (1024 * 1024) == 0 { return "\(self / (1024 * 1024)) MiB" }
        if self >= 1024, self % 1024 == 0 { return "\(self / 1024) KiB" }
        return "\(self) bytes"
    }
}
