import Foundation
import TallyConfig
import TallyCore
import TallyTesting
import Testing

/// A valid `[[feed]]` with `extra` appended.
private func feed(_ extra: String = "", id: String = "vnp-kinh-te", url: String = "https://www.vietnamplus.vn/rss/kinhte-311.rss") -> String {
    "[[feed]]\nid = \"\(id)\"\nurl = \"\(url)\"\noutlet = \"VietnamPlus\"\n" + extra
}

/// The agreement of `Fixture` with `body` appended.
private func agreement(_ body: String) -> String {
    Fixture.agreement("a", body)
}

/// A broken `[[feed]]`, the key path of its issue, the text on the issue's line, and a part of the message.
struct BrokenFeed: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var keyPath: String
    /// The issue's line is the last line holding this.
    var lineText: String
    var message: String

    var testDescription: String { name }

    var line: Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).lastIndex { $0.contains(lineText) }.map { $0 + 1 }
    }
}

private let brokenFeeds: [BrokenFeed] = [
    .init(name: "missing id", text: agreement("[[feed]]\nurl = \"https://baotintuc.vn/rss\"\noutlet = \"Báo Tin tức\"\n"),
          keyPath: "feed[0].id", lineText: "[[feed]]", message: "is required but missing"),
    .init(name: "missing url", text: agreement("[[feed]]\nid = \"f\"\noutlet = \"Báo Tin tức\"\n"),
          keyPath: "feed[0].url", lineText: "[[feed]]", message: "is required but missing"),
    .init(name: "missing outlet", text: agreement("[[feed]]\nid = \"f\"\nurl = \"https://baotintuc.vn/rss\"\n"),
          keyPath: "feed[0].outlet", lineText: "[[feed]]", message: "is required but missing"),
    .init(name: "empty outlet", text: agreement(feed().replacingOccurrences(of: "\"VietnamPlus\"", with: "\" \"")),
          keyPath: "feed[0].outlet", lineText: "outlet", message: "must not be empty"),
    .init(name: "bad id", text: agreement(feed(id: "VNP Kinh tế")),
          keyPath: "feed[0].id", lineText: "VNP Kinh tế", message: "\"VNP Kinh tế\" is not a valid id"),
    .init(name: "duplicate id", text: agreement(feed() + feed(id: "vnp-kinh-te", url: "https://www.vietnamplus.vn/rss/xahoi-314.rss")),
          keyPath: "feed[1].id", lineText: "id = \"vnp-kinh-te\"", message: "duplicate feed id \"vnp-kinh-te\", already used by feed[0]"),
    .init(name: "the same URL twice", text: agreement(feed() + feed(id: "b", url: "HTTPS://www.vietnamplus.vn:443/rss/kinhte-311.rss?utm_source=x")),
          keyPath: "feed[1].url", lineText: "url =", message: "feed[0] already reads"),
    .init(name: "ftp URL", text: agreement(feed(url: "ftp://ftp.vietnamplus.vn/rss.xml")),
          keyPath: "feed[0].url", lineText: "url =", message: "uses the ftp scheme, but tally reads feeds over http and https only"),
    .init(name: "file URL", text: agreement(feed(url: "file:///etc/passwd")),
          keyPath: "feed[0].url", lineText: "url =", message: "tally reads feeds over http and https only"),
    .init(name: "relative URL", text: agreement(feed(url: "/rss/kinhte-311.rss")),
          keyPath: "feed[0].url", lineText: "url =", message: "is not a URL; expected an http or https URL"),
    .init(name: "no host", text: agreement(feed(url: "https:///rss")),
          keyPath: "feed[0].url", lineText: "url =", message: "names no host"),
    .init(name: "a space in the URL", text: agreement(feed(url: "https://baotintuc.vn/rss/kinh tế.rss")),
          keyPath: "feed[0].url", lineText: "url =", message: "contains a space or a control character; write a space in a URL as %20"),
    .init(name: "a password in the URL", text: agreement(feed(url: "https://toasoan:matkhau@baotintuc.vn/rss")),
          keyPath: "feed[0].url", lineText: "url =", message: "holds a user name or password"),
    .init(name: "a port out of range", text: agreement(feed(url: "https://baotintuc.vn:70000/rss")),
          keyPath: "feed[0].url", lineText: "url =", message: "names port 70000; a port is from 1 to 65535"),
    .init(name: "a URL too long", text: agreement(feed(url: "https://baotintuc.vn/" + String(repeating: "a", count: 2_100))),
          keyPath: "feed[0].url", lineText: "url =", message: "a feed URL may have at most 2048"),
    .init(name: "url not a string", text: agreement("[[feed]]\nid = \"f\"\nurl = [\"https://baotintuc.vn/rss\"]\noutlet = \"B\"\n"),
          keyPath: "feed[0].url", lineText: "url =", message: "expected a string, got an array"),
    .init(name: "every too short", text: agreement(feed("every = \"1m\"\n")),
          keyPath: "feed[0].every", lineText: "every", message: "expected \"5m\" or more, got \"1m\""),
    .init(name: "every not a duration", text: agreement(feed("every = \"hourly\"\n")),
          keyPath: "feed[0].every", lineText: "every", message: "expected a duration like \"30s\""),
    .init(name: "unknown key", text: agreement(feed("intervall = \"1h\"\n")),
          keyPath: "feed[0].intervall", lineText: "intervall", message: "unknown key; expected one of: id, url, outlet, kind"),
    .init(name: "misspelt key", text: agreement(feed("exlude = [\"x\"]\n")),
          keyPath: "feed[0].exlude", lineText: "exlude", message: "did you mean \"exclude\"?"),
    .init(name: "an empty match word", text: agreement(feed("match = [\"Bình Dương\", \"\"]\n")),
          keyPath: "feed[0].match[1]", lineText: "match", message: "expected a non-empty string, got an empty string"),
    .init(name: "a blank exclude word", text: agreement(feed("exclude = [\"  \"]\n")),
          keyPath: "feed[0].exclude[0]", lineText: "exclude", message: "expected a non-empty string"),
    .init(name: "an empty match list", text: agreement(feed("match = []\n")),
          keyPath: "feed[0].match", lineText: "match", message: "leave out match to count every item"),
    .init(name: "a match word twice", text: agreement(feed("match = [\"Bình Dương\", \"BÌNH  DƯƠNG\"]\n")),
          keyPath: "feed[0].match[1]", lineText: "match", message: "is listed twice (also at feed[0].match[0])"),
    .init(name: "a match word of punctuation", text: agreement(feed("match = [\"--\"]\n")),
          keyPath: "feed[0].match[0]", lineText: "match", message: "has no letter or digit"),
    .init(name: "a word both matched and excluded", text: agreement(feed("match = [\"Bình Dương\"]\nexclude = [\"bình dương\"]\n")),
          keyPath: "feed[0].exclude[0]", lineText: "exclude", message: "is also in feed[0].match[0]"),
    .init(name: "match not an array", text: agreement(feed("match = \"Bình Dương\"\n")),
          keyPath: "feed[0].match", lineText: "match", message: "expected an array of strings"),
    .init(name: "bad kind", text: agreement(feed("kind = \"Bài viết\"\n")),
          keyPath: "feed[0].kind", lineText: "kind", message: "\"Bài viết\" is not a kind"),
    .init(name: "bad language", text: agreement(feed("language = \"tiếng Việt\"\n")),
          keyPath: "feed[0].language", lineText: "language", message: "is not a BCP 47 language tag"),
    .init(name: "bad tag", text: agreement(feed("tags = [\"kinh-te\", \"Kinh tế\"]\n")),
          keyPath: "feed[0].tags[1]", lineText: "tags", message: "\"Kinh tế\" is not a tag"),
    .init(name: "review not a bool", text: agreement(feed("review = \"yes\"\n")),
          keyPath: "feed[0].review", lineText: "review", message: "expected true or false"),
    .init(name: "feed as a table", text: agreement("[feed]\nid = \"f\"\n"),
          keyPath: "feed", lineText: "[feed]", message: "expected an array of tables, each written [[feed]]"),
]

@Suite struct FeedConfigurationTests {
    @Test(arguments: brokenFeeds)
    func aBrokenFeedIsReportedWithFileLineAndKeyPath(_ broken: BrokenFeed) throws {
        let fixture = try Fixture(agreements: ["10-x.toml": broken.text])
        let issues = fixture.issues()
        #expect(issues.count == 1, "got \(issues)")
        let issue = try #require(issues.first { $0.keyPath == broken.keyPath }, "got \(issues)")
        #expect(issue.file.hasSuffix("agreements.d/10-x.toml"))
        #expect(broken.line != nil, "\"\(broken.lineText)\" is not in the text")
        #expect(issue.line == broken.line, "\(issue)")
        #expect(issue.message.contains(broken.message), "\(issue.message)")
        #expect(ConfigurationError(issues: issues).description.contains("agreements.d/10-x.toml:\(issue.line ?? 0): \(broken.keyPath): "))
    }

    /// Problems with `[fetch]`, `[access] feeders` and `feed_failing_after` in the main file.
    @Test(arguments: [
        ("[fetch]\nparallel = 0\n", "fetch.parallel", 6, "expected from 1 to 64 feeds fetched at once, got 0"),
        ("[fetch]\nparallel = 1000\n", "fetch.parallel", 6, "expected from 1 to 64 feeds fetched at once, got 1000"),
        ("[fetch]\nparallel = \"8\"\n", "fetch.parallel", 6, "expected a whole number, got the string \"8\""),
        ("[fetch]\nca_file = \"\"\n", "fetch.ca_file", 6, "must not be empty"),
        ("[fetch]\nca_file = 1\n", "fetch.ca_file", 6, "expected a string"),
        ("[fetch]\ntimeout = \"30s\"\n", "fetch.timeout", 6, "unknown key; expected one of: parallel, ca_file"),
        ("[fetch]\nparalel = 4\n", "fetch.paralel", 6, "did you mean \"parallel\"?"),
        ("[access]\nfeeders = \"tally-fetch\"\n", "access.feeders", 6, "expected an array of strings"),
        ("[access]\nfeeders = [\"Tally Fetch\"]\n", "access.feeders[0]", 6, "\"Tally Fetch\" is not a valid group name"),
        ("[access]\nfeeder = [\"tally-fetch\"]\n", "access.feeder", 6, "did you mean \"feeders\"?"),
        ("feed_failing_after = \"1m\"\n", "daemon.feed_failing_after", 5, "expected \"5m\" or more (the shortest poll interval of a feed), got \"1m\""),
        ("feed_failing_after = \"6 hours\"\n", "daemon.feed_failing_after", 5, "expected a duration like \"30s\""),
        ("feed_failing_after = 6\n", "daemon.feed_failing_after", 5, "got the whole number 6"),
    ])
    func aBrokenFetchSettingIsReported(_ extra: String, _ keyPath: String, _ line: Int, _ message: String) throws {
        let fixture = try Fixture(main: Fixture.main + extra)
        let issues = fixture.issues()
        #expect(issues.count == 1, "got \(issues)")
        let issue = try #require(issues.first { $0.keyPath == keyPath }, "got \(issues)")
        #expect(issue.file.hasSuffix("tally.toml"))
        #expect(issue.line == line, "\(issue)")
        #expect(issue.message.contains(message), "\(issue.message)")
    }

    @Test func aFullFeedDecodesIntoItsValue() throws {
        // Written decomposed, as some editors save Vietnamese: the value is NFC.
        let decomposedBinhDuong = "Bi\u{0300}nh Du\u{031B}o\u{031B}ng"
        let fixture = try Fixture(agreements: ["10-a.toml": agreement("""
            [[feed]]
            id       = "vnp-kinh-te"
            url      = "https://www.vietnamplus.vn/rss/kinhte-311.rss"
            outlet   = "VietnamPlus"
            kind     = "article"
            language = "vi"
            tags     = ["kinh-te", "dia-phuong"]
            match    = ["\(decomposedBinhDuong)", "Thủ Dầu Một", "Dĩ An"]
            exclude  = ["quảng cáo", "tài trợ"]
            review   = false
            every    = "30m"

            [[feed]]
            id     = "bao-binh-duong"
            url    = "http://baobinhduong.vn/rss/thoi-su"
            outlet = "Báo Bình Dương"

            """)])
        let agreement = try #require(try fixture.load().agreements.first)
        #expect(agreement.feeds == [
            Feed(
                id: "vnp-kinh-te", url: "https://www.vietnamplus.vn/rss/kinhte-311.rss", outlet: "VietnamPlus", kind: "article",
                language: "vi", tags: ["kinh-te", "dia-phuong"], match: ["Bình Dương", "Thủ Dầu Một", "Dĩ An"],
                exclude: ["quảng cáo", "tài trợ"], review: false, every: 1_800),
            Feed(
                id: "bao-binh-duong", url: "http://baobinhduong.vn/rss/thoi-su", outlet: "Báo Bình Dương", kind: "article",
                language: nil, tags: [], match: [], exclude: [], review: true, every: 3_600),
        ])
        #expect(agreement.feeds[0].match[0].unicodeScalars.elementsEqual("Bình Dương".unicodeScalars))
    }

    @Test func theShortestIntervalIsAccepted() throws {
        let fixture = try Fixture(agreements: ["10-a.toml": agreement(feed("every = \"300s\"\n"))])
        #expect(try fixture.load().agreements.first?.feeds.first?.every == Feed.minimumInterval)
    }

    @Test func aFeedChangeIsAChangedAgreement() throws {
        let fixture = try Fixture(agreements: ["10-a.toml": agreement(feed())])
        let old = try fixture.load()
        try fixture.directory.write("agreements.d/10-a.toml", agreement(feed("every = \"2h\"\n")))
        #expect(try fixture.load().changes(from: old) == ConfigurationChanges(changed: ["a"]))
    }

    @Test func fetchSettingsAndFeedersDecodeIntoTheConfiguration() throws {
        let fixture = try Fixture(main: Fixture.main + """
            feed_failing_after = "12h"

            [access]
            writers = ["tally-editors"]
            feeders = ["tally-fetch", "tally-fetch-test"]

            [fetch]
            parallel = 16
            ca_file  = "/etc/tally/internal-ca.pem"

            """)
        let configuration = try fixture.load()
        #expect(configuration.fetch == FetchSettings(parallel: 16, caFile: "/etc/tally/internal-ca.pem"))
        #expect(configuration.feeders == ["tally-fetch", "tally-fetch-test"])
        #expect(configuration.writers == ["tally-editors"])
        #expect(configuration.policy.feedFailingAfter == .seconds(12 * 3_600))
    }

    @Test func fetchDefaultsApplyWhereKeysAreLeftOut() throws {
        let configuration = try Fixture(main: "").load()
        #expect(configuration.fetch == FetchSettings(parallel: 8, caFile: nil))
        #expect(configuration.feeders == ["tally-fetch"])
        #expect(configuration.policy.feedFailingAfter == .seconds(6 * 3_600))

        let empty = try Fixture(main: "[fetch]\n[access]\nfeeders = []\n").load()
        #expect(empty.fetch == FetchSettings())
        #expect(empty.feeders == [])
    }

    /// Like every relative path of the main file (SPEC §1), a relative `ca_file` is taken from the main file's
    /// directory, so the fetcher, which reads no configuration, is always handed an absolute path.
    @Test func aRelativeCAFileResolvesAgainstTheMainFilesDirectory() throws {
        let fixture = try Fixture(main: Fixture.main + "[fetch]\nca_file = \"tls/../tls/test-ca.pem\"\n")
        #expect(try fixture.load().fetch.caFile == fixture.directory.path("tls/test-ca.pem"))
    }

    @Test func changedFetchSettingsAreChangedGlobalSettings() throws {
        let fixture = try Fixture()
        let old = try fixture.load()
        try fixture.directory.write("tally.toml", Fixture.main + "[fetch]\nparallel = 2\n")
        #expect(try fixture.load().changes(from: old) == ConfigurationChanges(settingsChanged: true))
    }
}
