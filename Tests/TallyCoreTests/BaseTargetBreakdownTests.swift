import Foundation
import Testing
@testable import TallyCore

/// A window's base target worked out in the open (what `tallyctl validate --explain` prints): its runs of days
/// under the same terms, Σ target(d), B and the rounding, always the target the evaluation uses.
@Suite struct BaseTargetBreakdownTests {
    typealias F = Fixture

    static func window(_ schedule: QuotaSchedule, _ label: String) throws -> QuotaWindow {
        try #require(schedule.windows.first { $0.label == label })
    }

    /// Q2 2025 (91 days) at 30 a quarter until pl-01 raises it to 60 from 1 May, pl-02 narrows it to articles
    /// from 16 June: Apr 1–30 = 30 days at 30, May 1–Jun 15 = 46 at 60, Jun 16–30 = 15 at 60.
    /// Σ = 900 + 2,760 + 900 = 4,560; 4,560 / 91 = 50.1 → 50.
    @Test func aMidWindowChangeIsARunOfDaysPerTerms() throws {
        let agreement = Agreement(
            id: "a", title: "a", start: F.date("2025-01-01"), end: F.date("2025-12-31"), timeZone: F.hcm,
            quotas: [Quota(id: "news", target: 30, per: .quarter)],
            amendments: [
                Amendment(id: "pl-01", title: "PL 01", effective: F.date("2025-05-01"),
                          quotas: [QuotaAmendment(id: "news", change: .amend(QuotaChanges(target: 60)))]),
                Amendment(id: "pl-02", title: "PL 02", effective: F.date("2025-06-16"),
                          quotas: [QuotaAmendment(id: "news", change: .amend(QuotaChanges(kinds: ["article"])))]),
            ])
        let schedule = agreement.schedule(of: agreement.quotas[0])
        let q2 = try Self.window(schedule, "2025-Q2")
        let breakdown = schedule.breakdown(of: q2)
        #expect(breakdown.segments.map { "\($0.from)…\($0.through) \($0.days)d \($0.terms.target) \($0.amendment ?? "-")" } == [
            "2025-04-01…2025-04-30 30d 30 -", "2025-05-01…2025-06-15 46d 60 pl-01", "2025-06-16…2025-06-30 15d 60 pl-02",
        ])
        #expect(breakdown.segments.last?.terms.filter.kinds == ["article"])
        #expect(breakdown.sum == 4_560 && breakdown.divisor == 91 && breakdown.rounded == 50 && breakdown.baseTarget == 50)
        #expect(schedule.baseTarget(of: q2) == 50)
        // Q3 lies wholly under the terms pl-02 left: one run, named after it.
        let q3 = schedule.breakdown(of: try Self.window(schedule, "2025-Q3"))
        #expect(q3.segments.map(\.amendment) == ["pl-02"] && q3.sum == 60 * 92 && q3.baseTarget == 60)
    }

    /// An added quota's first run is the adding amendment's; a removed quota's last window ends the day before the
    /// removal, prorated over its calendar month: March 1–15 at 10, 150 / 31 = 4.8 → 5.
    @Test func addedAndRemovedQuotas() throws {
        let english = Quota(id: "en", target: 12, per: .quarter, filter: DeliveryFilter(languages: ["en"]))
        let agreement = Agreement(
            id: "a", title: "a", start: F.date("2025-01-01"), end: F.date("2025-12-31"), timeZone: F.hcm,
            quotas: [Quota(id: "monthly", target: 10, per: .month)],
            amendments: [
                Amendment(id: "pl-02", title: "PL 02", effective: F.date("2025-02-15"), quotas: [QuotaAmendment(id: "en", change: .add(english))]),
                Amendment(id: "pl-03", title: "PL 03", effective: F.date("2025-03-16"), quotas: [QuotaAmendment(id: "monthly", change: .remove)]),
            ])
        let added = agreement.schedule(of: english)
        let first = added.breakdown(of: try #require(added.windows.first))
        #expect(first.segments.map(\.amendment) == ["pl-02"] && first.segments[0].from == F.date("2025-02-15"))
        // Feb 15–Mar 31 = 45 days at 12 of Q1's 90: 540 / 90 = 6.
        #expect(first.sum == 540 && first.divisor == 90 && first.baseTarget == 6)
        let removed = agreement.schedule(of: agreement.quotas[0])
        let march = removed.breakdown(of: try #require(removed.windows.last))
        #expect(removed.windows.last?.label == "2025-03" && march.segments.map(\.through) == [F.date("2025-03-15")])
        #expect(march.segments.map(\.amendment) == [nil] && march.sum == 150 && march.divisor == 31 && march.baseTarget == 5)
    }

    /// Not prorated, B is the window's own days; a tiny target rounds to 0 and is raised to 1; a `total` quota
    /// takes the target in force on its last day, with no sum.
    @Test func unproratedMinimumAndTotal() throws {
        let agreement = Agreement(
            id: "a", title: "a", start: F.date("2025-03-15"), end: F.date("2025-12-31"), timeZone: F.hcm,
            quotas: [Quota(id: "flat", target: 120, per: .year, prorate: false), Quota(id: "tiny", target: 1, per: .year),
                     Quota(id: "all", target: 80)],
            amendments: [Amendment(id: "pl-01", title: "PL 01", effective: F.date("2025-07-01"),
                                   quotas: [QuotaAmendment(id: "all", change: .amend(QuotaChanges(target: 100)))])])
        let flat = agreement.schedule(of: agreement.quotas[0])
        let year = flat.breakdown(of: try Self.window(flat, "2025"))
        #expect(year.sum == 120 * 292 && year.divisor == 292 && year.baseTarget == 120)
        let tiny = agreement.schedule(of: agreement.quotas[1])
        let small = tiny.breakdown(of: try Self.window(tiny, "2025"))
        // 292 / 365 = 0.8 → 1 by rounding; from 2025-12-01 (31 days) 31 / 365 = 0.08 → 0, raised to 1.
        #expect(small.rounded == 1 && small.baseTarget == 1)
        let late = Agreement(id: "b", title: "b", start: F.date("2025-12-01"), end: F.date("2025-12-31"), timeZone: F.hcm,
                             quotas: [Quota(id: "tiny", target: 1, per: .year)])
        let lateSchedule = late.schedule(of: late.quotas[0])
        let december = lateSchedule.breakdown(of: try Self.window(lateSchedule, "2025"))
        #expect(december.sum == 31 && december.rounded == 0 && december.baseTarget == 1)
        let total = agreement.schedule(of: agreement.quotas[2])
        let whole = total.breakdown(of: try Self.window(total, "total"))
        #expect(whole.sum == nil && whole.divisor == nil && whole.baseTarget == 100)
        #expect(whole.segments.map(\.terms.target) == [80, 100])
    }

    /// Two amendments effective on the same day make one run, named after the later in file order.
    @Test func sameDayAmendmentsMakeOneRun() throws {
        let agreement = Agreement(
            id: "a", title: "a", start: F.date("2025-01-01"), end: F.date("2025-12-31"), timeZone: F.hcm,
            quotas: [Quota(id: "q", target: 30, per: .quarter)],
            amendments: [
                Amendment(id: "x", title: "X", effective: F.date("2025-02-01"),
                          quotas: [QuotaAmendment(id: "q", change: .amend(QuotaChanges(target: 60)))]),
                Amendment(id: "y", title: "Y", effective: F.date("2025-02-01"),
                          quotas: [QuotaAmendment(id: "q", change: .amend(QuotaChanges(kinds: ["video"])))]),
            ])
        let schedule = agreement.schedule(of: agreement.quotas[0])
        let q1 = schedule.breakdown(of: try Self.window(schedule, "2025-Q1"))
        #expect(q1.segments.map(\.days) == [31, 59] && q1.segments.map(\.amendment) == [nil, "y"])
        #expect(q1.segments[1].terms.target == 60 && q1.segments[1].terms.filter.kinds == ["video"])
        #expect(q1.sum == 30 * 31 + 60 * 59 && q1.baseTarget == schedule.baseTarget(of: schedule.windows[0]))
    }
}
