import Foundation
import TallyCore
import TallyStore
import Testing

@Suite struct RevisionTests {
    /// The one-transaction read after an import must find exactly the windows the per-agreement read, filtered
    /// by the changed days, finds: edges included, other agreements and untouched windows left out.
    @Test func outcomesContainingDaysMatchThePerAgreementRead() throws {
        let dir = try StoreDirectory()
        let store = try dir.store()
        var update = AlertUpdate()
        for agreement in ["a", "b"] {
            for quota in ["month", "week"] {
                var start = day("2024-01-01")
                while start < day("2024-07-01") {
                    let end = start.adding(days: quota == "week" ? 6 : 29)
                    update.outcomes.append(recorded(agreement: agreement, quota: quota, window: "\(quota) \(start)", start: start, end: end, target: 3,
                        delivered: 1, outcome: .missed, closedAt: t0, updatedAt: t0))
                    start = end.adding(days: 1)
                }
            }
        }
        _ = try store.apply(update)
        let changes: [String: Set<CivilDate>] = [
            "a": [day("2024-01-01"), day("2024-01-07"), day("2024-03-15"), day("2024-09-01")],
            "b": [day("2023-12-31")],
            "c": [day("2024-02-01")],
        ]
        let found = try store.windowOutcomes(containing: changes)
        for (agreement, days) in changes {
            let expected = try store.windowOutcomes(agreement: agreement).filter { o in days.contains { $0 >= o.window.start && $0 <= o.window.end } }
            #expect((found[agreement] ?? []) == expected, "\(agreement)")
        }
        #expect(found["a"]?.count == 4)  // the first week and month (both days), the week and month of 15 March
        #expect(found["b"] == nil && found["c"] == nil)
    }
}
