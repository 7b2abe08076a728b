import Foundation
import Testing
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport
import TallyTesting

/// Renderers against the fixed scenario (`ReportScenario`): golden files per format and language, and the
/// properties every output must have whatever the data.
///
/// Golden files live in `Tests/TallyReportTests/Golden/`. After an intended change, regenerate them with
/// `TALLY_UPDATE_GOLDEN=1 swift test --filter TallyReportTests` (the rewriting run fails) and review the diff.
@Suite struct ReportRenderingTests {
    static let cases: [(ReportFormat, ReportLanguage)] = ReportFormat.allCases.flatMap { f in
        ReportLanguage.allCases.map { (f, $0) }
    }

    @Test(arguments: cases)
    func matchesGolden(_ format: ReportFormat, _ language: ReportLanguage) throws {
        let text = try ReportRenderer.render(try ReportScenario.data(), format: format, language: language)
        let url = ReportScenario.directory.appendingPathComponent("2022-Q3.\(language.rawValue).\(format.fileExtension)")
        try Golden.assertMatches(text, file: url)
    }

    @Test func numbersMatchTheCoreEvaluation() throws {
        let data = try ReportScenario.data()
        let (configuration, ledger) = try ReportScenario.load()
        let evaluator = Evaluator(policy: configuration.policy)
        let binhDuong = try #require(data.agreements.first { $0.agreementID == "ttxvn-binh-duong-2021" })
        let agreement = try #require(configuration.agreements.first { $0.id == binhDuong.agreementID })
        let now = try evaluator.evaluate(agreement, at: .endOfDay(ReportScenario.today), counts: ledger)
        for quota in binhDuong.quotas {
            let e = try #require(now.quotas.first { $0.quotaID == quota.quotaID })
            #expect(quota.status == e.status && quota.statusWindow == e.window.label, "\(quota.quotaID)")
            #expect(quota.windowDelivered == e.delivered && quota.windowTarget == e.target)
            #expect(abs(quota.windowExpected - e.expected) < 0.005)
            let sum = quota.windows.reduce(0.0) { $0 + $1.targetShare }
            #expect(abs(sum - quota.periodTarget) < 0.02)
            #expect(quota.days.count == 92 && quota.days.compactMap(\.cumulative).last == quota.delivered)
        }
        // The yearly quota straddles the quarter: 48 × 92/365 of 2022.
        let year = try #require(binhDuong.quotas.first { $0.quotaID == "tin-bai" })
        #expect(year.periodTarget == 12.1)
        // The quarterly one is inside it: its own target.
        let quarter = try #require(binhDuong.quotas.first { $0.quotaID == "video" })
        #expect(quarter.periodTarget == 3 && quarter.windows.map(\.window.label) == ["2022-Q3"])
        #expect(binhDuong.milestones.map(\.status) == [.missed, .done])
        #expect(binhDuong.lateRecorded.map(\.windows) == [[.init(quota: "ngoai-ngu", window: "2022-07")]])
        // The district's weekly quota: 13 or 14 weeks meet the quarter, its own blackout marked.
        let district = try #require(data.agreements.first { $0.agreementID == "dau-tieng-cchc-2022" })
        let weekly = try #require(district.quotas.first)
        #expect(weekly.windows.first?.window.label == "2022-W26" && weekly.windows.last?.window.label == "2022-W39")
        #expect(weekly.days.filter(\.blackout).map(\.date.description) == ["2022-09-01", "2022-09-02", "2022-09-03", "2022-09-04"])
    }

    @Test func monthlyReportAcrossTetShadesTheBlackout() throws {
        let data = try ReportScenario.data(period: "2022-01-15..2022-02-20", today: CivilDate(year: 2022, month: 3, day: 1)!)
        let quota = try #require(data.agreements.first?.quotas.first { $0.quotaID == "tin-bai" })
        let blackout = quota.days.filter(\.blackout)
        #expect(blackout.count == 9 && blackout.first?.date.description == "2022-01-29")
        #expect(Set(blackout.map(\.expected)).count == 1)
        let html = try ReportRenderer.render(data, format: .html, language: .vi)
        #expect(html.contains("Nghỉ Tết Nguyên đán Nhâm Dần"))
        #expect(html.contains("url(#hatch-tin-bai)"))
    }

    @Test(arguments: ReportLanguage.allCases)
    func htmlIsSelfContainedAndEscaped(_ language: ReportLanguage) throws {
        let hostile = "<script>alert(\"x\")</script> & <img src=https://example.com/x.png>"
        let html = try ReportRenderer.render(try ReportScenario.data(titleOverride: hostile), format: .html, language: language)
        #expect(!html.lowercased().contains("<script"))
        // The hostile URL is shown as text only: nothing is loaded from anywhere.
        let loads = try NSRegularExpression(pattern: #"<[a-zA-Z][^>]*\s(src|href)\s*="#)
        #expect(loads.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)) == nil)
        #expect(!html.contains("url(http"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img"))
        #expect(!html.contains("@import") && !html.contains("@font-face") && !html.contains("url(http"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("<svg class=\"chart\""))
        let markdown = try ReportRenderer.render(try ReportScenario.data(titleOverride: hostile), format: .md, language: language)
        #expect(markdown.contains("\\<script\\>") && !markdown.contains(" <script"))
        // Without hostile data there is no URL at all in the HTML.
        let plain = try ReportRenderer.render(try ReportScenario.data(), format: .html, language: language)
        #expect(!plain.contains("http://") && !plain.contains("https://") && !plain.lowercased().contains("<script"))
    }

    @Test func csvHasTheByteOrderMarkAndOneRowPerWindow() throws {
        let data = try ReportScenario.data()
        let csv = try ReportRenderer.render(data, format: .csv, language: .vi)
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let windows = data.agreements.reduce(0) { $0 + $1.quotas.reduce(0) { $0 + $1.windows.count } }
        let lines = csv.split(separator: "\r\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1 + windows)
        #expect(windows == 6 + 14)
    }

    @Test func jsonRoundTrips() throws {
        let data = try ReportScenario.data()
        let json = try ReportRenderer.render(data, format: .json, language: .en)
        let decoded = try JSONDecoder().decode(ComplianceReportSet.self, from: Data(json.utf8))
        #expect(decoded == data)
    }

    @Test func numbersAndDatesFollowTheLanguage() {
        #expect(ReportLanguage.vi.number(1234.5) == "1.234,5")
        #expect(ReportLanguage.en.number(1234.5) == "1,234.5")
        #expect(ReportLanguage.vi.number(10.1918) == "10,19")
        #expect(ReportLanguage.en.number(1_234_567) == "1,234,567")
        #expect(ReportLanguage.vi.number(0.004) == "0")
        #expect(ReportLanguage.vi.percent(78.54) == "78,5 %")
        #expect(ReportLanguage.vi.date("2024-05-15") == "15/05/2024")
        #expect(ReportLanguage.en.date("2024-05-15") == "2024-05-15")
        #expect(ReportLanguage.vi.periodName("2024-05") == "Tháng 5/2024")
        #expect(ReportLanguage.vi.periodName("2024-Q2") == "Quý II/2024")
        #expect(ReportLanguage.en.periodName("2024-Q2") == "Q2 2024")
        #expect(ReportLanguage.en.periodName("2024-05") == "May 2024")
        #expect(ReportLanguage.vi.periodName("2025-W01") == "Tuần 1/2025")
        #expect(ReportLanguage.vi.status("ON_TRACK") == "Đúng tiến độ")
        #expect(ReportLanguage.vi.status("AT_RISK") == "Có nguy cơ chậm")
        #expect(ReportLanguage.vi.status("BEHIND") == "Chậm tiến độ")
        #expect(ReportLanguage.vi.status("MET") == "Đạt")
        #expect(ReportLanguage.vi.status("MISSED") == "Không đạt")
        #expect(ReportLanguage.en.status("ON_TRACK") == "On track")
    }

    @Test func writerLaysOutPeriodAgreementLanguageExtension() throws {
        let data = try ReportScenario.data()
        let files = try ReportWriter.files(data, formats: ReportFormat.allCases, language: .en)
        #expect(files.count == 2 * 5)
        #expect(files.map(\.path).contains("2022-Q3/ttxvn-binh-duong-2021.en.html"))
        #expect(files.map(\.path).contains("2022-Q3/dau-tieng-cchc-2022.en.csv"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tally-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try ReportWriter.write(data, formats: [.html, .json], language: .vi, to: directory.path)
        #expect(written.count == 4)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("2022-Q3/dau-tieng-cchc-2022.vi.json").path))
        // One file holds one agreement only.
        let one = try String(contentsOf: directory.appendingPathComponent("2022-Q3/dau-tieng-cchc-2022.vi.html"), encoding: .utf8)
        #expect(!one.contains("Bình Dương: hợp tác"))
    }
}
