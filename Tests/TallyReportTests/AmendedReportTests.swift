import Foundation
import Testing
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport
import TallyTesting

/// SPEC §9 in the compliance report: the amended scenario (`AmendedScenario`) in every format and language, golden
/// files `Golden/amended-2024.<lang>.<ext>`, and the figures beside the core's evaluation.
@Suite struct AmendedReportTests {
    @Test(arguments: ReportRenderingTests.cases)
    func matchesGolden(_ format: ReportFormat, _ language: ReportLanguage) throws {
        let text = try ReportRenderer.render(try AmendedScenario.data(), format: format, language: language)
        let url = ReportScenario.directory.appendingPathComponent("amended-2024.\(language.rawValue).\(format.fileExtension)")
        try Golden.assertMatches(text, file: url)
    }

    @Test func windowsCarryTheCoresBaseCarriedAndAmendments() throws {
        let report = try #require(try AmendedScenario.data().agreements.first)
        #expect(report.end.description == "2025-06-30" && report.originalEnd?.description == "2024-12-31")
        #expect(report.amendments.map(\.id) == ["pl-01", "pl-02"])
        #expect(report.amendments.map(\.signed?.description) == ["2024-04-15", "2024-11-25"])
        #expect(report.amendments.map(\.end?.description) == [nil, "2025-06-30"])

        let (configuration, ledger) = try AmendedScenario.load()
        let agreement = try #require(configuration.agreements.first)
        let evaluator = Evaluator(policy: configuration.policy)
        for quota in report.quotas {
            let schedule = agreement.schedule(of: try #require(agreement.quotas.first { $0.id == quota.quotaID }))
            for window in quota.windows {
                let target = try evaluator.target(of: schedule, in: window.window, agreement: agreement.id, counts: ledger)
                #expect(window.target == target.target && window.carried == target.carried, "\(quota.quotaID) \(window.window.label)")
                #expect(window.baseTarget == (target.carried == nil ? nil : target.base))
                #expect(window.amendments == schedule.amendments(shaping: window.window, endMoved: agreement.endMoved))
            }
        }
        let news = try #require(report.quotas.first { $0.quotaID == "tin-bai" })
        #expect(news.windows.map(\.baseTarget) == [32, 36, 36, 36])
        #expect(news.windows.map(\.carried) == [0, 1, -4, 2])
        #expect(news.windows.map(\.target) == [32, 37, 32, 38])
        #expect(news.windows.map(\.status) == [.missed, .met, .missed, .missed])
        #expect(news.windows.map(\.amendments) == [["pl-01"], ["pl-01"], ["pl-01"], ["pl-01"]])
        // Without carry-over a window has neither; the whole-agreement quota's window is the extended one.
        let video = try #require(report.quotas.first { $0.quotaID == "video" })
        #expect(video.windows.allSatisfy { $0.baseTarget == nil && $0.carried == nil && $0.amendments.isEmpty })
        let photos = try #require(report.quotas.first { $0.quotaID == "anh" })
        #expect(photos.windows.map(\.amendments) == [["pl-02"]] && photos.windows.first?.target == 60)
    }

    @Test(arguments: ReportLanguage.allCases)
    func csvAddsTheColumnsOnlyWhereTheyHaveSomethingToSay(_ language: ReportLanguage) throws {
        let amended = try ReportRenderer.render(try AmendedScenario.data(), format: .csv, language: language)
        let plain = try ReportRenderer.render(try ReportScenario.data(), format: .csv, language: language)
        let amendedHeader = try #require(amended.split(separator: "\r\n").first).split(separator: ",")
        let plainHeader = try #require(plain.split(separator: "\r\n").first).split(separator: ",")
        #expect(amendedHeader.count == plainHeader.count + 3)
        #expect(Array(amendedHeader.prefix(plainHeader.count)) == plainHeader)
        #expect(amended.contains(",36,-4,pl-01\r\n") && amended.contains(",,,pl-02\r\n"))
    }

    @Test func jsonRoundTrips() throws {
        let data = try AmendedScenario.data()
        let json = try ReportRenderer.render(data, format: .json, language: .en)
        #expect(try JSONDecoder().decode(ComplianceReportSet.self, from: Data(json.utf8)) == data)
    }
}
