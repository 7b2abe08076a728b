import Foundation

/// An item of one fetch with the key it is known by (SPEC §10): its normalized URL, or `feed:<guid>`.
public struct KeyedFeedItem: Sendable, Hashable {
    /// `url:<normalized URL>` or `id:feed:<guid>`, as ``Delivery/key`` writes a delivery's.
    public var key: String
    /// The normalized URL; nil for an item keyed by its guid.
    public var url: String?
    /// `feed:<guid>` when the URL is not the key.
    public var externalID: String?
    public var item: FeedItem
}

/// What the items of one fetch become for one feed of one agreement (SPEC §10): their keys, whether they count,
/// and the delivery each records. Pure: the store says which keys are already known and when each was first seen.
public struct FeedIntake: Sendable {
    public let agreement: Agreement
    public let feed: Feed
    /// The feed's own language, when it names one.
    public let feedLanguage: String?
    private let matcher: FeedMatcher

    public init(agreement: Agreement, feed: Feed, feedLanguage: String?) {
        self.agreement = agreement
        self.feed = feed
        self.feedLanguage = feedLanguage
        matcher = FeedMatcher(match: feed.match, exclude: feed.exclude)
    }

    /// The items with their keys, in document order: the first of two items with the same key is taken; an item
    /// with neither a URL nor a guid has no key and is left out.
    ///
    /// An item without a URL, or whose URL several items of the feed share with different guids (a podcast's
    /// home page), is keyed `feed:<guid>`.
    public static func keyed(_ items: [FeedItem]) -> [KeyedFeedItem] {
        let urls = items.map { $0.url.flatMap(FeedURL.normalized) }
        var guidsByURL: [String: Set<String>] = [:]
        for (item, url) in zip(items, urls) {
            if let url, let guid = item.guid, !guid.isEmpty { guidsByURL[url, default: []].insert(guid) }
        }
        var seen: Set<String> = []
        var keyed: [KeyedFeedItem] = []
        for (item, url) in zip(items, urls) {
            let guid = item.guid.flatMap { $0.isEmpty ? nil : $0 }
            let entry: KeyedFeedItem
            if let url, (guidsByURL[url]?.count ?? 0) <= 1 {
                entry = KeyedFeedItem(key: "url:" + url, url: url, externalID: nil, item: item)
            } else if let guid {
                let id = "feed:" + guid
                entry = KeyedFeedItem(key: "id:" + id, url: nil, externalID: id, item: item)
            } else {
                continue
            }
            if seen.insert(entry.key).inserted { keyed.append(entry) }
        }
        return keyed
    }

    /// The `match` words the item contains, or nil when it does not count (no match, or an `exclude` word).
    public func matches(_ item: FeedItem) -> [String]? {
        matcher.matches(title: item.title, summary: item.summary, categories: item.categories)
    }

    /// The delivery `item` records, first seen at `firstSeen`; nil when it falls outside the agreement's dates or
    /// more than a day after `now`. An item without a date takes the time it was first seen.
    public func delivery(for item: KeyedFeedItem, firstSeen: Date, now: Date) -> Delivery? {
        let published = item.item.published ?? PublicationTime(firstSeen, in: agreement.timeZone)
        let day = published.date(in: agreement.timeZone)
        guard agreement.runs(on: day) else { return nil }
        guard published.instant(in: agreement.timeZone) <= now.addingTimeInterval(86_400) else { return nil }
        let title = item.item.title.isEmpty ? nil : item.item.title
        return Delivery(
            agreement: agreement.id, published: published, kind: feed.kind, language: feed.language ?? feedLanguage ?? "vi",
            outlet: feed.outlet, title: title, url: item.url, tags: feed.tags, count: 1, externalID: item.externalID)
    }
}
