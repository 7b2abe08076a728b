import Foundation
import TallyFeeds

/// The fixture files: feeds written the way Vietnamese publishers' feeds look.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return try [UInt8](Data(contentsOf: url))
    }

    static func parse(_ name: String, contentType: String? = "application/rss+xml",
                      baseURL: String = "https://baovidu.vn/rss/kinh-te.rss") throws -> ParsedFeed {
        try FeedParser.parse(try bytes(name), contentType: contentType, baseURL: baseURL)
    }

    /// The error parsing `bytes` throws, nil when it parses.
    static func error(_ bytes: [UInt8], contentType: String? = nil) -> FeedParseError? {
        do {
            _ = try FeedParser.parse(bytes, contentType: contentType, baseURL: "https://baovidu.vn/rss.xml")
            return nil
        } catch {
            return error
        }
    }

    struct FixtureMissing: Error { var name: String }
}
