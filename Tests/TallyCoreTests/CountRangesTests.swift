import Foundation
import Testing

@testable import TallyCore

/// `countRanges` lists exactly the questions `evaluate` asks, so a store that answers them ahead of time
/// (the daemon's prefetch) leaves nothing for the evaluation to ask one by one.
@Suite struct CountRangesTests {
    /// Records every question; answers zero.
    final class Spy: DeliveryCounts {
        var quotas: Set<String> = []
        var campaigns: Set<String> = []
        func delivered(agreement: String, quota: String, from: CivilDate, through: CivilDate) -> Int {
            quotas.insert("\(quota) \(from) \(through)")
            return 0
        }
        func campaignDays(agreement: String, campaign: String, from: CivilDate, through: CivilDate) -> [DayCount] {
            campaigns.insert("\(campaign) \(from) \(through)")
            return []
        }
        func lastRecorded(agreement: String) -> Date? { nil }
        func manualCompletions(agreement: String) -> [String: CivilDate] { [:] }
    }

    static let agreement = Fixture.agreement(
        start: "2024-02-10", end: "2025-11-20",
        quotas: [
            Quota(id: "y", target: 100, per: .year), Quota(id: "q", target: 30, per: .quarter),
            Quota(id: "m", target: 10, per: .month), Quota(id: "w", target: 2, per: .week), Quota(id: "t", target: 500),
        ],
        campaigns: [
            Campaign(id: "c", start: Fixture.date("2024-06-01"), end: Fixture.date("2024-09-30"),
                     milestones: [Milestone(id: "m", due: Fixture.date("2024-07-01"), completion: .counted(target: 3))]),
            Campaign(id: "manual-only", start: Fixture.date("2024-03-01"), end: Fixture.date("2024-04-30"),
                     milestones: [Milestone(id: "x", due: Fixture.date("2024-04-01"), completion: .manual)]),
        ])

    @Test(arguments: ["2024-01-01", "2024-02-10", "2024-02-29", "2024-03-31", "2024-06-01", "2024-09-30", "2024-12-30",
                      "2025-01-01", "2025-11-20", "2025-11-21", "2026-06-01"])
    func rangesAreExactlyWhatEvaluationAsks(day: String) throws {
        let spy = Spy()
        let evaluator = Evaluator(policy: .init())
        _ = try evaluator.evaluate(Self.agreement, at: .endOfDay(Fixture.date(day)), counts: spy)
        let ranges = evaluator.countRanges(Self.agreement, at: .endOfDay(Fixture.date(day)))
        #expect(Set(ranges.quotas.map { "\($0.quota) \($0.from) \($0.through)" }) == spy.quotas)
        #expect(Set(ranges.campaigns.map { "\($0.campaign) \($0.from) \($0.through)" }) == spy.campaigns)
    }
}
