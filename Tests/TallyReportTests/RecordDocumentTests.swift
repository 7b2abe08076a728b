import Foundation
import TallyCore
import TallyReport
import Testing

/// The acceptance record's document (SPEC §12 "Documents"): what it says in each language, and its HTML, which must
/// hold whatever the parties' texts contain.
@Suite struct RecordDocumentTests {
    /// The HTML of `record`, or of the fixture's draft when it is nil.
    static func html(_ record: AcceptanceRecord?, _ language: ReportLanguage = .vi) -> String {
        AcceptanceDocument(record?.draft ?? RecordFixture.draft(), signed: record, language: language,
                           created: RecordFixture.signedAt).html
    }

    @Test func theVietnameseRecordCarriesEverythingSection12Names() {
        let html = Self.html(RecordFixture.signed())
        for expected in [
            "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }", #"font: 13pt/1.35 "Times New Roman""#,
            "<p class=\"issuers\">ỦY BAN NHÂN DÂN TỈNH VĨNH LONG<br>THÔNG TẤN XÃ VIỆT NAM</p>", "<p>Số: 02/BB-NT</p>",
            "<p class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>", "<span class=\"motto\">Độc lập - Tự do - Hạnh phúc</span>",
            "<p class=\"date\">Ngày 10 tháng 10 năm 2025</p>", "<h1>BIÊN BẢN NGHIỆM THU</h1>",
            "Kỳ nghiệm thu: Quý III/2025 (01/07/2025 – 30/09/2025)",
            "<p>Căn cứ Hợp đồng số 27/HĐ-TTXVN-UBND (TTXVN – UBND tỉnh Vĩnh Long: hợp tác thông tin 2025–2027);</p>",
            "<p>Căn cứ Phụ lục 01: bổ sung tin, bài tiếng Trung (pl-01, ký 15/06/2025, hiệu lực 01/07/2025).</p>",
            "Hôm nay, ngày 10 tháng 10 năm 2025, chúng tôi gồm:",
            "<strong>BÊN A (bên thanh toán): Ủy ban nhân dân tỉnh Vĩnh Long</strong><br>Đại diện: Nguyễn Văn An, Phó Chủ tịch UBND tỉnh",
            "<strong>BÊN B (bên thực hiện): Thông tấn xã Việt Nam</strong><br>Đại diện: Trần Thị Bình",
            "<th>STT</th><th>Ngày đăng</th><th>Tiêu đề</th><th>Chỉ tiêu</th><th>Số lượng</th><th>Đơn giá</th><th>Thành tiền</th><th>Ghi chú</th>",
            "<tr><td>Tin, bài tiếng Việt (tin-bai)</td><td class=\"num\">15,12</td><td class=\"num\">7</td><td class=\"num\">6</td>"
                + "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">10.800.000 đ</td></tr>",
            "<tr><td class=\"num\">1</td><td class=\"day\">20/06/2025</td><td>Tin trùng</td><td>tin-bai</td><td class=\"num\">1</td>"
                + "<td class=\"num\">1.800.000 đ</td><td class=\"num\">-1.800.000 đ</td><td>điều chỉnh BB 01/BB-NT (đã hủy)</td></tr>",
            "<td>vượt chỉ tiêu 1</td>",
            "<tr><td>Cộng:</td><td class=\"num\">21.000.000 đ</td></tr>",
            "<tr><td>Thuế GTGT (8 %):</td><td class=\"num\">1.680.000 đ</td></tr>",
            "<tr class=\"due\"><td>Giá trị nghiệm thu:</td><td class=\"num\">22.680.000 đ</td></tr>",
            "<p class=\"words\"><em>Bằng chữ:</em> \(RecordFixture.words)</p>",
            "<tr><td>Đã thanh toán:</td><td class=\"num\">10.000.000 đ</td></tr>",
            "<tr><td>Còn phải thanh toán:</td><td class=\"num\">22.680.000 đ</td></tr>",
            "<section class=\"signatures\">\n<strong>ĐẠI DIỆN BÊN A</strong>\n<strong>ĐẠI DIỆN BÊN B</strong>\n"
                + "<strong>PHÓ CHỦ TỊCH UBND TỈNH</strong>\n<strong></strong>\n<em>(Ký, ghi rõ họ tên, đóng dấu)</em>\n"
                + "<em>(Ký, ghi rõ họ tên, đóng dấu)</em>\n<span class=\"room\"></span>\n<span class=\"room\"></span>\n"
                + "<strong class=\"name\">Nguyễn Văn An</strong>\n<strong class=\"name\">Trần Thị Bình</strong>\n</section>",
        ] {
            #expect(html.contains(expected), "\(expected)")
        }
        #expect(!html.contains("DỰ THẢO"))
        #expect(!html.contains("bao gồm thuế GTGT"))
    }

    @Test func theEnglishRecordKeepsTheVietnameseWordsOfTheAmount() {
        let html = Self.html(RecordFixture.signed(), .en)
        for expected in [
            "<html lang=\"en\">", "<p class=\"nation\">SOCIALIST REPUBLIC OF VIETNAM</p>", "<p>No. 02/BB-NT</p>",
            "<p class=\"date\">10 October 2025</p>", "<h1>ACCEPTANCE RECORD</h1>", "Period: Q3 2025 (2025-07-01 – 2025-09-30)",
            "Pursuant to Contract 27/HĐ-TTXVN-UBND", "<td class=\"num\">VND -1,800,000</td>", "adjusts record 01/BB-NT (voided)",
            "<tr class=\"due\"><td>Amount due:</td><td class=\"num\">VND 22,680,000</td></tr>",
            "<em>In words (Vietnamese):</em> \(RecordFixture.words)", "<strong>FOR PARTY A</strong>", "(Signature, full name, seal)",
            "<td class=\"num\">15.12</td>",
        ] {
            #expect(html.contains(expected), "\(expected)")
        }
    }

    @Test(arguments: [(ReportLanguage.vi, "DỰ THẢO", "Số: ……", "Ngày …… tháng …… năm ……"), (.en, "DRAFT", "No. ……", "Date: ……")])
    func aDraftIsMarkedAndLeavesTheNumberAndDateBlank(language: ReportLanguage, mark: String, number: String, date: String) {
        let html = Self.html(nil, language)
        #expect(html.contains("<body class=\"draft\">"))
        #expect(html.contains("<div class=\"watermark\" aria-hidden=\"true\">\(mark)</div>"))
        #expect(html.contains("<p class=\"draft-mark\"><span>\(mark)</span></p>"))
        #expect(html.contains("<p>\(number)</p>") && html.contains("<p class=\"date\">\(date)</p>"))
        #expect(html.contains("(\(mark)) — ttxvn-vinh-long-2025, 2025-Q3</title>"))
        #expect(!html.contains("02/BB-NT"))
    }

    @Test func pricesIncludingVATSaySoInsteadOfAVATLine() {
        let html = Self.html(RecordFixture.signed(draft: RecordFixture.draft(vat: .included(rate: 10))))
        #expect(html.contains("<p class=\"vat\">Đơn giá đã bao gồm thuế GTGT 10 %.</p>"))
        #expect(!html.contains("Thuế GTGT ("))
        #expect(html.contains("<tr class=\"due\"><td>Giá trị nghiệm thu:</td><td class=\"num\">21.000.000 đ</td></tr>"))
        #expect(html.contains("Hai mươi mốt triệu đồng."))
    }

    /// Every text the parties wrote (payer, titles, signers) is escaped: the page has only the tags the renderer
    /// writes, and the hostile text reads back as written.
    @Test func hostileTextCannotBreakThePage() throws {
        let hostile = #"A</p><script src="//x">1</script><img src=x onerror="alert(1)"> & 'B' "C""#
        let draft = RecordFixture.draft(payer: hostile, title: hostile)
        let html = Self.html(RecordFixture.signed(signerA: hostile + ", " + hostile, signerB: hostile, draft: draft))
        let escaped = #"A&lt;/p&gt;&lt;script src=&quot;//x&quot;&gt;1&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;B&#39; &quot;C&quot;"#
        #expect(html.components(separatedBy: escaped).count - 1 >= 4)
        let tags = try Regex(#"<\/?([a-zA-Z0-9!]+)"#)
        let names = Set(html.matches(of: tags).compactMap { $0.output[1].substring.map(String.init) })
        let written: Set = ["!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "div", "p", "br", "span", "h1",
                            "h2", "strong", "table", "thead", "tbody", "tr", "th", "td", "em", "section"]
        #expect(names.isSubset(of: written), "\(names.subtracting(written))")
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("src=\""))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("url("), "nothing is loaded from anywhere")
    }

    @Test func aSignerIsANameAndAPosition() {
        let record = RecordFixture.signed(signerA: "  Lê Văn C , Giám đốc, Sở Văn hóa ", signerB: nil)
        let document = AcceptanceDocument(record.draft, signed: record, language: .vi, created: RecordFixture.signedAt)
        #expect(document.signatures.map(\.name) == ["Lê Văn C", nil])
        #expect(document.signatures.map(\.position) == ["GIÁM ĐỐC, SỞ VĂN HÓA", nil])
        #expect(document.parties.map(\.representedBy) == ["Đại diện: Lê Văn C , Giám đốc, Sở Văn hóa", "Đại diện: ……………………"])
    }

    @Test func theDocumentShowsTheCoreRecordsAmountsAsTheyAre() {
        let draft = RecordFixture.draft()
        let document = AcceptanceDocument(draft, signed: nil, language: .vi, created: RecordFixture.signedAt)
        #expect(document.totals.map(\.value) == [.amount(draft.subtotal), .amount(1_680_000), .amount(draft.due)])
        #expect(document.account.map(\.value) == [.amount(draft.signedBefore), .amount(draft.paid), .amount(draft.balance)])
        #expect(document.items.rows.map { $0[6] } == draft.lines.map { .amount($0.amount) })
        #expect(document.quotas.rows.map { $0[6] } == draft.quotas.map { .amount($0.amount) })
        #expect(document.items.columns.map(\.share).reduce(0, +) == 100)
        #expect(document.quotas.columns.map(\.share).reduce(0, +) == 100)
    }
}
