import Foundation
import TallyCore
import Testing
import TallyInterface
import TallyProtocol
import TallyReport
import TallyTesting

/// A real browser opens the HTML report: headless Chromium prints it to PDF and takes a PNG screenshot, and
/// both must be produced and non-trivial. Skipped, with the reason shown, when Chromium is not installed
/// (`make deps` installs the Debian package `chromium`), failed for it under CI (`CI=true`). `make test-browser`
/// runs only this suite; set `TALLY_REPORT_ARTIFACTS=DIR` to keep the rendered HTML, PNG and PDF for a look.
@Suite(.serialized) struct BrowserTests {
    /// The agreements rendered: the golden scenario's Bình Dương one, and the amended scenario's (SPEC §9).
    enum Scenario: String, CaseIterable, Sendable {
        case golden, amended

        func data() throws -> ComplianceReportSet {
            switch self {
            case .golden: try ReportScenario.data().only("ttxvn-binh-duong-2021")
            case .amended: try AmendedScenario.data()
            }
        }
    }

    @Test(.requires(.chromium), arguments: Scenario.allCases, ReportLanguage.allCases)
    func chromiumRendersPNGAndPDF(_ scenario: Scenario, _ language: ReportLanguage) throws {
        let chromium = HeadlessChromium(path: try #require(Component.chromiumPath))
        let directory = ProcessInfo.processInfo.environment["TALLY_REPORT_ARTIFACTS"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("tally-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let keep = ProcessInfo.processInfo.environment["TALLY_REPORT_ARTIFACTS"] != nil
        defer { if !keep { try? FileManager.default.removeItem(at: directory) } }

        let name = "report.\(scenario.rawValue).\(language.rawValue)"
        let html = directory.appendingPathComponent("\(name).html")
        try Data(try ReportRenderer.render(try scenario.data(), format: .html, language: language).utf8).write(to: html)
        let png = directory.appendingPathComponent("\(name).png")
        let pdf = directory.appendingPathComponent("\(name).pdf")
        let profile = directory.appendingPathComponent("profile-\(scenario.rawValue)-\(language.rawValue)").path
        try chromium.run(html, ["--window-size=1000,2400", "--screenshot=\(png.path)"], profile: profile)
        try chromium.run(html, ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)"], profile: profile)

        let pngSize = (try FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(pngSize > 10_000, "PNG is \(pngSize) bytes")
        let pdfBytes = try Data(contentsOf: pdf)
        #expect(pdfBytes.starts(with: Array("%PDF".utf8)))
        let pages = String(decoding: pdfBytes, as: UTF8.self).components(separatedBy: "/Type /Page").count - 1
            - (String(decoding: pdfBytes, as: UTF8.self).components(separatedBy: "/Type /Pages").count - 1)
        #expect(pages >= 1, "PDF has \(pages) pages")
    }
}
