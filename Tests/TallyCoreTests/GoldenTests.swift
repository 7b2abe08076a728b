import Foundation
import Testing
import TallyConfig
import TallyCore
import TallyTesting

/// The golden set (`Golden/`, a copy of the shared one): configuration and deliveries evaluated at each
/// date of `expected/` must equal the expected `check --json` field by field.
@Suite struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var expectedDates: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("expected").path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func fixture() throws -> (Configuration, DeliveryLedger) {
        let configuration = try ConfigurationLoader.load(mainFile: directory.appendingPathComponent("tally.toml").path)
        let csv = try String(contentsOf: directory.appendingPathComponent("deliveries.csv"), encoding: .utf8)
        let recordedAt = TestClock.at("2020-09-13T12:26:40Z").now
        let entries = try DeliveryCSV.parse(csv).map { row in
            DeliveryLedger.Entry(delivery: try DeliveryCSV.delivery(from: row.fields), recordedAt: recordedAt)
        }
        let manual = try JSONDecoder().decode(
            [String: CivilDate].self, from: Data(contentsOf: directory.appendingPathComponent("manual.json")))
        // manual.json names milestones without their agreement: give each to the agreement that has it.
        var completions: [String: [String: CivilDate]] = [:]
        for (milestone, date) in manual {
            for agreement in configuration.agreements
            where agreement.campaigns.contains(where: { c in c.milestones.contains { c.id + "/" + $0.id == milestone } }) {
                completions[agreement.id, default: [:]][milestone] = date
            }
        }
        return (configuration, DeliveryLedger(agreements: configuration.agreements, entries: entries, completions: completions))
    }

    @Test func goldenSetIsComplete() {
        #expect(Self.expectedDates.count == 11)
    }

    @Test(arguments: expectedDates)
    func evaluationMatchesGolden(date: String) throws {
        let (configuration, ledger) = try Self.fixture()
        let day = try #require(CivilDate(iso: date))
        let expected = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: Self.directory.appendingPathComponent("expected/\(date).json")))
                as? [String: Any])
        let evaluator = Evaluator(policy: configuration.policy)
        let expectedAgreements = try #require(expected["agreements"] as? [[String: Any]])
        #expect(expectedAgreements.count == configuration.agreements.count)
        for expectedAgreement in expectedAgreements {
            let id = try #require(expectedAgreement["id"] as? String)
            let agreement = try #require(configuration.agreements.first { $0.id == id }, "agreement \(id)")
            let result = try evaluator.evaluate(agreement, at: .endOfDay(day), counts: ledger)
            #expect(result.state.rawValue == expectedAgreement["state"] as? String, "\(date) \(id) state")
            #expect(result.start.description == expectedAgreement["start"] as? String)
            #expect(result.end.description == expectedAgreement["end"] as? String)
            let quotas = try #require(expectedAgreement["quotas"] as? [[String: Any]])
            #expect(quotas.count == result.quotas.count)
            for q in quotas {
                let quotaID = try #require(q["id"] as? String)
                let actual = try #require(result.quotas.first { $0.quotaID == quotaID }, "\(id)/\(quotaID)")
                let at = "\(date) \(id)/\(quotaID)"
                #expect(actual.window.label == q["window"] as? String, "\(at) window")
                #expect(actual.window.start.description == q["window_start"] as? String, "\(at) window_start")
                #expect(actual.window.end.description == q["window_end"] as? String, "\(at) window_end")
                #expect(actual.target == q["target"] as? Int, "\(at) target")
                #expect(actual.delivered == q["delivered"] as? Int, "\(at) delivered")
                #expect(actual.remaining == q["remaining"] as? Int, "\(at) remaining")
                #expect(actual.status.rawValue == q["status"] as? String, "\(at) status")
                Self.expectClose(actual.expected, q["expected"], "\(at) expected")
                Self.expectClose(actual.projected, q["projected"], "\(at) projected")
                Self.expectClose(actual.requiredPerWeek, q["required_per_week"], "\(at) required_per_week")
                Self.expectClose(actual.currentPerWeek, q["current_per_week"], "\(at) current_per_week")
            }
            let milestones = try #require(expectedAgreement["milestones"] as? [[String: Any]])
            #expect(milestones.count == result.milestones.count)
            for m in milestones {
                let milestoneID = try #require(m["id"] as? String)
                let actual = try #require(result.milestones.first { $0.id == milestoneID }, "\(id)/\(milestoneID)")
                let at = "\(date) \(id)/\(milestoneID)"
                #expect(actual.due.description == m["due"] as? String, "\(at) due")
                #expect(actual.status.rawValue == m["status"] as? String, "\(at) status")
                #expect(actual.target == m["target"] as? Int, "\(at) target")
                #expect(actual.delivered == m["delivered"] as? Int, "\(at) delivered")
            }
        }
    }

    static func expectClose(_ actual: Double?, _ expected: Any?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        switch (actual, expected) {
        case (nil, nil), (nil, is NSNull):
            break
        case (let a?, let e as NSNumber):
            #expect(abs(a - e.doubleValue) <= 0.01, "\(what): \(a) vs \(e)", sourceLocation: sourceLocation)
        default:
            Issue.record("\(what): \(String(describing: actual)) vs \(String(describing: expected))", sourceLocation: sourceLocation)
        }
    }
}
