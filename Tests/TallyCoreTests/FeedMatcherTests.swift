import Testing

@testable import TallyCore

/// One item's text, the words, and what the matcher must answer.
struct MatchCase: CustomTestStringConvertible, Sendable {
    var name: String
    var match: [String]
    var exclude: [String] = []
    var title: String
    var summary: String?
    var categories: [String] = []
    /// Nil: the item does not count.
    var expected: [String]?

    var testDescription: String { name }
}

private let binhDuong = ["Bình Dương", "Thủ Dầu Một"]

private let cases: [MatchCase] = [
    .init(name: "exact", match: binhDuong, title: "Bình Dương thu hút 2 tỷ USD vốn FDI", expected: ["Bình Dương"]),
    .init(name: "upper case", match: binhDuong, title: "BÌNH DƯƠNG THU HÚT VỐN FDI", expected: ["Bình Dương"]),
    .init(name: "upper-case word, lower-case text", match: ["BÌNH DƯƠNG"], title: "tỉnh bình dương", expected: ["BÌNH DƯƠNG"]),
    .init(name: "Đ and đ", match: ["Đà Nẵng"], title: "ĐÀ NẴNG đón khách", expected: ["Đà Nẵng"]),
    .init(name: "đ is not d", match: ["Đà Nẵng"], title: "Da Nang welcomes visitors", expected: nil),
    .init(name: "tones are not ignored", match: ["Bình Dương"], title: "Bình Đường mới", expected: nil),
    .init(name: "a longer word does not match", match: binhDuong, title: "Bình Dươngs and more", expected: nil),
    .init(name: "a word inside a word does not match", match: ["Nam"], title: "Nhà máy Namvina khánh thành", expected: nil),
    .init(name: "a word after the same letters inside another", match: ["an"], title: "Quảng Nam an toàn", expected: ["an"]),
    .init(name: "a word of a place name is a word", match: ["Nam"], title: "Quảng Nam đón khách", expected: ["Nam"]),
    .init(name: "a capitalized word", match: ["an"], title: "Bình An Phú là ấn tượng", expected: ["an"]),
    .init(name: "toned letters are not their base letters", match: ["an"], title: "Quảng Nam ấn tượng", expected: nil),
    .init(name: "comma after", match: binhDuong, title: "Tại Bình Dương, nhiều dự án mới", expected: ["Bình Dương"]),
    .init(name: "typographic quotes", match: binhDuong, title: "“Bình Dương” vươn mình", expected: ["Bình Dương"]),
    .init(name: "guillemets", match: binhDuong, title: "«Bình Dương»", expected: ["Bình Dương"]),
    .init(name: "parentheses and a full stop", match: binhDuong, title: "Khu công nghiệp (Thủ Dầu Một).", expected: ["Thủ Dầu Một"]),
    .init(name: "a hyphen is a boundary", match: ["Vũng Tàu"], title: "Tỉnh Bà Rịa-Vũng Tàu", expected: ["Vũng Tàu"]),
    .init(name: "digits are word characters", match: ["G7"], title: "Hội nghị G7, G77 và G20", expected: ["G7"]),
    .init(name: "a digit continues a word", match: ["G7"], title: "Hội nghị G77", expected: nil),
    .init(name: "digits do not match inside a number", match: ["2025"], title: "Năm 20250", expected: nil),
    .init(name: "a whitespace run in the text", match: binhDuong, title: "Bình  \t Dương", expected: ["Bình Dương"]),
    .init(name: "a no-break space", match: binhDuong, title: "Bình\u{00A0}Dương", expected: ["Bình Dương"]),
    .init(name: "a line break in the summary", match: binhDuong, title: "Tin kinh tế", summary: "Tỉnh Bình\nDương", expected: ["Bình Dương"]),
    .init(name: "a whitespace run in the word", match: ["Bình   Dương"], title: "Bình Dương", expected: ["Bình   Dương"]),
    .init(name: "words do not run across a line", match: binhDuong, title: "Bình", summary: "Dương", expected: nil),
    .init(name: "decomposed text", match: binhDuong, title: "Bi\u{0300}nh Du\u{031B}o\u{031B}ng phát triển", expected: ["Bình Dương"]),
    .init(name: "decomposed word", match: ["Bi\u{0300}nh Du\u{031B}o\u{031B}ng"], title: "Bình Dương phát triển",
          expected: ["Bi\u{0300}nh Du\u{031B}o\u{031B}ng"]),
    .init(name: "a mark that composes with nothing continues the word", match: ["q"], title: "q\u{0301} q", expected: ["q"]),
    .init(name: "only the mark-extended word", match: ["q"], title: "q\u{0301}", expected: nil),
    .init(name: "found in the summary", match: binhDuong, title: "Đầu tư", summary: "Thành phố Thủ Dầu Một đón nhà đầu tư", expected: ["Thủ Dầu Một"]),
    .init(name: "found in a category", match: binhDuong, title: "Đầu tư", categories: ["Kinh tế", "Bình Dương"], expected: ["Bình Dương"]),
    .init(name: "every word found, in configured order", match: binhDuong, title: "Thủ Dầu Một, Bình Dương", expected: binhDuong),
    .init(name: "no word", match: binhDuong, title: "Hà Nội mùa thu", summary: "Phố cổ", categories: ["Văn hóa"], expected: nil),
    .init(name: "exclude wins over match", match: binhDuong, exclude: ["quảng cáo"], title: "Bình Dương", summary: "Thông tin QUẢNG CÁO",
          expected: nil),
    .init(name: "exclude in a category", match: binhDuong, exclude: ["PR"], title: "Bình Dương", categories: ["pr"], expected: nil),
    .init(name: "exclude as a whole word only", match: binhDuong, exclude: ["PR"], title: "Bình Dương: PRO League", expected: ["Bình Dương"]),
    .init(name: "no match words: every item counts", match: [], title: "Bất kỳ tin nào", expected: []),
    .init(name: "no match words: exclude still applies", match: [], exclude: ["quảng cáo"], title: "Quảng cáo", expected: nil),
    .init(name: "an empty title", match: [], title: "", expected: []),
    .init(name: "a word at both text edges", match: ["Bình Dương"], title: "Bình Dương", expected: ["Bình Dương"]),
    .init(name: "a second occurrence after a false one", match: ["an"], title: "ant an", expected: ["an"]),
    .init(name: "Latin text", match: ["Binh Duong"], title: "Binh Duong attracts FDI", expected: ["Binh Duong"]),
]

@Suite struct FeedMatcherTests {
    @Test(arguments: cases)
    func decides(_ item: MatchCase) {
        let matcher = FeedMatcher(match: item.match, exclude: item.exclude)
        #expect(matcher.matches(title: item.title, summary: item.summary, categories: item.categories) == item.expected)
    }

    @Test func aWordRepeatedInAnotherCaseIsReportedOnce() {
        let matcher = FeedMatcher(match: ["Bình Dương", "BÌNH DƯƠNG", "  "], exclude: [])
        #expect(matcher.matches(title: "Bình Dương", summary: nil, categories: []) == ["Bình Dương"])
    }

    @Test func aFeedsWordsAreItsMatcher() {
        let feed = Feed(id: "f", url: "https://example.vn/rss", outlet: "Báo", match: ["Thủ Dầu Một"], exclude: ["quảng cáo"])
        let item = FeedItem(title: "Thủ Dầu Một", categories: ["Thời sự"])
        #expect(FeedMatcher(feed).matches(item) == ["Thủ Dầu Một"])
        #expect(FeedMatcher(feed).matches(FeedItem(title: "Thủ Dầu Một", summary: "Quảng cáo")) == nil)
    }

    /// Folding finds whitespace by byte: it must agree with Unicode's White_Space (every such scalar is below U+3100).
    @Test func foldingTakesEveryWhitespaceScalarForASpace() {
        for value in UInt32(0)..<0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let folded = FeedMatcher.fold("a" + String(scalar) + "b")
            let isSpace = folded == Array("a b".utf8)
            #expect(isSpace == scalar.properties.isWhitespace, "U+\(String(value, radix: 16, uppercase: true))")
        }
        #expect(FeedMatcher.fold(" \u{3000}Bình\u{00A0}\u{2009}DƯƠNG\n") == Array("bình dương".utf8))
    }

    @Test func tenThousandItemsAreMatchedQuickly() {
        let matcher = FeedMatcher(match: ["Bình Dương", "Thủ Dầu Một", "Dĩ An"], exclude: ["quảng cáo", "tài trợ"])
        let summary = String(repeating: "Tỉnh đẩy mạnh cải cách hành chính, thu hút đầu tư vào các khu công nghiệp. ", count: 10)
        let clock = ContinuousClock()
        var counted = 0
        let elapsed = clock.measure {
            for index in 0..<10_000 {
                let title = index % 10 == 0 ? "Tin \(index) về Bình Dương" : "Tin \(index) về Hà Nội"
                if matcher.matches(title: title, summary: summary, categories: ["Kinh tế", "Địa phương"]) != nil { counted += 1 }
            }
        }
        #expect(counted == 1_000)
        // Generous for a debug build on a busy machine; a regex per item would take far longer.
        #expect(elapsed < .seconds(60), "\(elapsed)")
    }
}
