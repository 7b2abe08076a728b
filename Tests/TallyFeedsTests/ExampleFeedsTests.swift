import Foundation
import TallyCore
import TallyFeeds
import Testing

/// The demo's feeds (examples/feeds, dates filled in as config/demo.sh fills them) parse into the items the demo
/// shows, and the rules of §10 take what the Đà Nẵng agreement's feeds say they take.
@Suite struct ExampleFeedsTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/feeds")

    /// The file with `{{DATE822:n}}` and `{{DATE:n}}` written as 5 December 2026 minus n days.
    static func filled(_ name: String) throws -> [UInt8] {
        var text = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
        for n in 0...4 {
            text = text.replacingOccurrences(of: "{{DATE822:\(n)}}", with: "\(["Sat", "Fri", "Thu", "Wed", "Tue"][n]), 0\(5 - n) Dec 2026")
            text = text.replacingOccurrences(of: "{{DATE:\(n)}}", with: "2026-12-0\(5 - n)")
        }
        #expect(!text.contains("{{"))
        return Array(text.utf8)
    }

    @Test func theSectionFeedParsesAndItsMatchingItemsAreTheCitysWithoutAdvertising() throws {
        let feed = try FeedParser.parse(Self.filled("nhandan-dia-phuong.rss"), contentType: "application/rss+xml",
                                        baseURL: "http://127.0.0.1:8000/rss/dia-phuong.rss")
        #expect(feed.format == .rss && feed.language == "vi" && feed.items.count == 5)
        #expect(feed.items.first?.published?.description == "2026-12-04T08:15:00+07:00")
        #expect(feed.items.first?.summary?.hasPrefix("Cây cầu dành riêng") == true)
        let matcher = FeedMatcher(match: ["Đà Nẵng"], exclude: ["quảng cáo"])
        let taken = feed.items.filter { matcher.matches($0) != nil }.map(\.title)
        #expect(taken == ["Đà Nẵng khánh thành cầu đi bộ qua sông Hàn", "ĐÀ NẴNG thu hút 12 dự án công nghệ cao trong năm",
                          "Người dân Đà Nẵng góp ý quy hoạch bán đảo Sơn Trà"])
        // The tracking parameters go: the news section's copy of the first article has the same key.
        let keys = FeedIntake.keyed(feed.items).map(\.key)
        #expect(keys.first == "url:http://127.0.0.1/dia-phuong/da-nang-cau-di-bo-song-han-post801.html")
    }

    @Test func theNewsSectionRepeatsOneArticleUnderTheSameKey() throws {
        let feed = try FeedParser.parse(Self.filled("nhandan-thoi-su.atom"), contentType: "application/atom+xml",
                                        baseURL: "http://127.0.0.1:8000/atom/thoi-su.atom")
        #expect(feed.format == .atom && feed.items.count == 3)
        #expect(FeedIntake.keyed(feed.items).first?.key == "url:http://127.0.0.1/dia-phuong/da-nang-cau-di-bo-song-han-post801.html")
        #expect(feed.items.filter { FeedMatcher(match: ["Đà Nẵng"], exclude: []).matches($0) != nil }.count == 2)
    }
}
