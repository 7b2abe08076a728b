import Foundation
import Testing
import TallyCore

/// SPEC §7: report periods, period targets with straddling shares, statuses and window outcomes checked against
/// the `Evaluator`, and the burn-up series.
@Suite struct PeriodReportTests {
    // MARK: Periods

    static let parsed: [(String, String, String, String, ReportPeriod.Kind)] = [
        // text, today, start, end, kind
        ("2024", "2024-05-15", "2024-01-01", "2024-12-31", .year),
        ("2024-Q2", "2024-05-15", "2024-04-01", "2024-06-30", .quarter),
        ("2024-q4", "2024-05-15", "2024-10-01", "2024-12-31", .quarter),
        ("2024-05", "2024-05-15", "2024-05-01", "2024-05-31", .month),
        ("2024-02", "2024-05-15", "2024-02-01", "2024-02-29", .month),
        ("2024-W19", "2024-05-15", "2024-05-06", "2024-05-12", .week),
        ("2025-W01", "2024-05-15", "2024-12-30", "2025-01-05", .week),
        ("2020-W53", "2024-05-15", "2020-12-28", "2021-01-03", .week),
        ("previous-month", "2024-05-15", "2024-04-01", "2024-04-30", .month),
        ("previous-month", "2024-01-01", "2023-12-01", "2023-12-31", .month),
        ("previous-quarter", "2024-05-15", "2024-01-01", "2024-03-31", .quarter),
        ("previous-quarter", "2024-02-10", "2023-10-01", "2023-12-31", .quarter),
        ("previous-year", "2024-01-01", "2023-01-01", "2023-12-31", .year),
        ("2024-05-01..2024-05-20", "2024-05-15", "2024-05-01", "2024-05-20", .range),
        ("01/05/2024..20/05/2024", "2024-05-15", "2024-05-01", "2024-05-20", .range),
        ("", "2024-05-15", "2024-04-01", "2024-05-15", .quarter),
        ("2024-05-01..today", "2024-05-15", "2024-05-01", "2024-05-15", .range),
    ]

    @Test(arguments: parsed)
    func periodParses(_ row: (String, String, String, String, ReportPeriod.Kind)) throws {
        let period = try ReportPeriod.parse(row.0.isEmpty ? nil : row.0, today: Fixture.date(row.1))
        #expect(period.start == Fixture.date(row.2), "\(row.0)")
        #expect(period.end == Fixture.date(row.3), "\(row.0)")
        #expect(period.kind == row.4)
        #expect(period.toDate == row.0.isEmpty)
    }

    @Test func labelsNameTheOutputDirectory() throws {
        let today = Fixture.date("2024-05-15")
        #expect(try ReportPeriod.parse("previous-month", today: today).label == "2024-04")
        #expect(try ReportPeriod.parse("2024-w19", today: today).label == "2024-W19")
        #expect(try ReportPeriod.parse(nil, today: today).label == "2024-Q2")
        #expect(try ReportPeriod.parse("01/05/2024..20/05/2024", today: today).label == "2024-05-01..2024-05-20")
    }

    static let invalid: [(String, String)] = [
        ("2024-13", "a month is 01 to 12"),
        ("2024-Q5", "a quarter is Q1 to Q4"),
        ("2024-W53", "2024 has ISO weeks W01 to W52"),
        ("2024-05-20..2024-05-01", "ends (2024-05-01) before it starts"),
        ("2024-05-01..", "nothing"),
        ("last-month", "not a report period"),
        ("24", "not a report period"),
        ("2024-5", "a month is 01 to 12"),
    ]

    @Test(arguments: invalid)
    func invalidPeriodIsExplained(_ row: (String, String)) {
        #expect {
            _ = try ReportPeriod.parse(row.0, today: Fixture.date("2024-05-15"))
        } throws: { error in
            let text = (error as? ReportPeriodError)?.description ?? ""
            return text.contains(row.1) && text.contains("expected 2024, 2024-Q2")
        }
    }

    // MARK: Period targets

    @Test func monthlyReportOfAYearlyQuotaCarriesADayShare() throws {
        let quota = Quota(id: "news", target: 120, per: .year)
        let agreement = Fixture.agreement(start: "2023-01-01", end: "2024-12-31", quotas: [quota])
        let entries = (1...9).map { Fixture.delivery(String(format: "2023-05-%02d", $0 * 3)) }
            + [Fixture.delivery("2023-04-30"), Fixture.delivery("2023-06-01")]
        let report = try PeriodReport.build(
            agreement, period: ReportPeriod.month(year: 2023, month: 5), today: Fixture.date("2023-08-01"),
            policy: .init(), counts: Fixture.ledger(agreement, entries))
        let q = try #require(report.quotas.first)
        #expect(abs(q.periodTarget - 120.0 * 31 / 365) < 1e-9)
        #expect(String(format: "%.2f", q.periodTarget) == "10.19")
        #expect(q.delivered == 9)
        #expect(abs((q.completionPercent ?? 0) - 9 / (120.0 * 31 / 365) * 100) < 1e-9)
        #expect(q.windows.count == 1)
        #expect(q.windows[0].window.label == "2023" && q.windows[0].daysInPeriod == 31 && !q.windows[0].isInsidePeriod)
        // The status is the quota's at the period's end, as the evaluator sees the end of 31 May.
        let evaluation = try Fixture.evaluate(agreement, at: "2023-05-31", entries: entries)
        #expect(q.evaluation == evaluation.quotas[0])
        #expect(q.days.count == 31)
        #expect(q.days.last?.cumulative == 9)
        #expect(abs((q.days.last?.expected ?? 0) - q.periodTarget) < 1e-9)
    }

    @Test func quarterReportOfAMonthlyQuotaAddsItsWindows() throws {
        let quota = Quota(id: "video", target: 4, per: .month, filter: DeliveryFilter(kinds: ["video"]))
        let agreement = Fixture.agreement(start: "2024-01-01", end: "2024-12-31", quotas: [quota])
        let entries = ["2024-04-03", "2024-04-10", "2024-04-17", "2024-04-24", "2024-05-02", "2024-06-05", "2024-06-06"]
            .map { Fixture.delivery($0, kind: "video") } + [Fixture.delivery("2024-04-05", kind: "article")]
        let policy = EvaluationPolicy()
        let report = try PeriodReport.build(
            agreement, period: ReportPeriod.quarter(year: 2024, quarter: 2), today: Fixture.date("2024-06-10"),
            policy: policy, counts: Fixture.ledger(agreement, entries))
        let q = try #require(report.quotas.first)
        #expect(q.periodTarget == 12)
        #expect(q.delivered == 7)
        #expect(q.windows.map(\.window.label) == ["2024-04", "2024-05", "2024-06"])
        #expect(q.windows.map(\.status) == [.met, .missed, .onTrack])
        #expect(q.windows.map(\.closed) == [true, true, false])
        #expect(q.windows.allSatisfy { $0.isInsidePeriod })
        // Each closed window's outcome is what the evaluator says the day after it ends; the open one, today.
        for (window, day) in zip(q.windows, ["2024-05-01", "2024-06-01", "2024-06-10"]) {
            let e = try Fixture.evaluate(agreement, at: day, entries: entries, policy: policy).quotas[0]
            if window.closed {
                let atEnd = try Fixture.evaluate(agreement, at: window.window.end.description, entries: entries).quotas[0]
                #expect(window.delivered == atEnd.delivered)
            } else {
                #expect(window.status == e.status && window.delivered == e.delivered)
            }
        }
        #expect(q.evaluation == (try Fixture.evaluate(agreement, at: "2024-06-10", entries: entries).quotas[0]))
        // The pace line reaches each month's target at its end, and the series stops counting at today.
        let byDate = Dictionary(uniqueKeysWithValues: q.days.map { ($0.date, $0) })
        #expect(abs((byDate[Fixture.date("2024-04-30")]?.expected ?? 0) - 4) < 1e-9)
        #expect(abs((byDate[Fixture.date("2024-05-31")]?.expected ?? 0) - 8) < 1e-9)
        #expect(byDate[Fixture.date("2024-06-10")]?.cumulative == 7)
        #expect(byDate[Fixture.date("2024-06-11")]?.cumulative == nil)
        // The pace on a day equals the evaluator's expected for that month, plus the months before.
        let e = try Fixture.evaluate(agreement, at: "2024-05-20", entries: entries).quotas[0]
        #expect(abs((byDate[Fixture.date("2024-05-20")]?.expected ?? 0) - (4 + e.expected)) < 1e-9)
    }

    @Test func aPeriodCrossingTetKeepsThePaceFlat() throws {
        let tet = Blackout(from: Fixture.date("2025-01-25"), to: Fixture.date("2025-02-02"), reason: "Tết Ất Tỵ")
        let policy = EvaluationPolicy(blackouts: [tet])
        let quota = Quota(id: "news", target: 10, per: .month)
        let agreement = Fixture.agreement(start: "2024-01-01", end: "2025-12-31", quotas: [quota])
        let entries = ["2025-01-10", "2025-01-20", "2025-01-28", "2025-02-10"].map { Fixture.delivery($0) }
        let period = try ReportPeriod.parse("2025-01-15..2025-02-15", today: Fixture.date("2025-03-01"))
        let report = try PeriodReport.build(agreement, period: period, today: Fixture.date("2025-03-01"), policy: policy,
                                            counts: Fixture.ledger(agreement, entries))
        #expect(report.blackouts == [tet])
        let q = try #require(report.quotas.first)
        // January straddles: 10 × 17/31; February: 10 × 15/28.
        #expect(abs(q.periodTarget - (10.0 * 17 / 31 + 10.0 * 15 / 28)) < 1e-9)
        #expect(q.delivered == 3)
        let blackoutDays = q.days.filter(\.blackout).map(\.date)
        #expect(blackoutDays.count == 9 && blackoutDays.first == tet.from && blackoutDays.last == tet.to)
        for (previous, day) in zip(q.days, q.days.dropFirst()) {
            if day.blackout {
                #expect(day.expected == previous.expected, "flat on \(day.date)")
            } else {
                #expect(day.expected > previous.expected, "rising on \(day.date)")
            }
        }
        #expect(abs((q.days.last?.expected ?? 0) - q.periodTarget) < 1e-9)
        // An item published during Tết still counts.
        #expect(q.days.first { $0.date == Fixture.date("2025-01-28") }?.delivered == 1)
    }

    @Test func aPeriodOutsideTheAgreementHasNoQuotaWindows() throws {
        let agreement = Fixture.agreement(start: "2024-01-01", end: "2024-12-31", quotas: [Quota(id: "q", target: 5, per: .month)])
        let period = ReportPeriod.year(2026)
        #expect(!PeriodReport.agreement(agreement, meets: period))
        let report = try PeriodReport.build(agreement, period: period, today: Fixture.date("2026-02-01"), policy: .init(),
                                            counts: Fixture.ledger(agreement, []))
        #expect(report.quotas.isEmpty && report.coveredStart == nil && report.state == .ended)
    }

    // MARK: Series and per-item helpers

    /// Counts without the per-day query: the report falls back to one `delivered` call per day.
    struct PlainCounts: DeliveryCounts {
        var ledger: DeliveryLedger
        func delivered(agreement: String, quota: String, from: CivilDate, through: CivilDate) throws -> Int {
            ledger.delivered(agreement: agreement, quota: quota, from: from, through: through)
        }
        func campaignDays(agreement: String, campaign: String, from: CivilDate, through: CivilDate) throws -> [DayCount] {
            ledger.campaignDays(agreement: agreement, campaign: campaign, from: from, through: through)
        }
        func lastRecorded(agreement: String) throws -> Date? { ledger.lastRecorded(agreement: agreement) }
        func manualCompletions(agreement: String) throws -> [String: CivilDate] {
            ledger.manualCompletions(agreement: agreement)
        }
    }

    @Test func perDayFallbackGivesTheSameReport() throws {
        let quota = Quota(id: "w", target: 2, per: .week)
        let agreement = Fixture.agreement(start: "2024-01-01", end: "2024-12-31", quotas: [quota])
        let entries = stride(from: 0, to: 360, by: 4).map {
            Fixture.delivery(CivilDate(year: 2024, month: 1, day: 1)!.adding(days: $0).description, count: $0 % 3 + 1)
        }
        let ledger = Fixture.ledger(agreement, entries)
        let period = ReportPeriod.year(2024)
        let fast = try PeriodReport.build(agreement, period: period, today: Fixture.date("2024-11-20"), policy: .init(),
                                          counts: ledger)
        let slow = try PeriodReport.build(agreement, period: period, today: Fixture.date("2024-11-20"), policy: .init(),
                                          counts: PlainCounts(ledger: ledger))
        #expect(fast == slow)
        #expect(fast.quotas[0].windows.count == 53)  // 2024-01-01 is a Monday; 2024-12-30 opens 2025-W01
        #expect(fast.quotas[0].days.count == 366)
    }

    @Test func milestonesDueInThePeriodAreEvaluatedAtItsEnd() throws {
        let campaign = Campaign(
            id: "c", start: Fixture.date("2024-03-01"), end: Fixture.date("2024-06-30"), filter: DeliveryFilter(tags: ["x"]),
            milestones: [
                Milestone(id: "early", due: Fixture.date("2024-03-31"), completion: .counted(target: 2)),
                Milestone(id: "may", due: Fixture.date("2024-05-20"), completion: .counted(target: 3)),
                Milestone(id: "sign", due: Fixture.date("2024-05-10"), completion: .manual),
            ])
        let agreement = Fixture.agreement(campaigns: [campaign])
        let entries = ["2024-03-05", "2024-04-02", "2024-05-25"].map { Fixture.delivery($0, tags: ["x"]) }
        let ledger = Fixture.ledger(agreement, entries, completions: ["c/sign": Fixture.date("2024-05-08")])
        let report = try PeriodReport.build(agreement, period: ReportPeriod.month(year: 2024, month: 5),
                                            today: Fixture.date("2024-07-01"), policy: .init(), counts: ledger)
        #expect(report.milestones.map(\.milestoneID) == ["may", "sign"])
        #expect(report.milestones.map(\.evaluation.status) == [.late, .done])
        #expect(report.milestones[0].evaluation.reachedOn == Fixture.date("2024-05-25"))
    }

    @Test func lateRecordingNamesTheClosedWindows() {
        let agreement = Fixture.agreement(quotas: [
            Quota(id: "m", target: 3, per: .month), Quota(id: "y", target: 30, per: .year),
            Quota(id: "v", target: 1, per: .month, filter: DeliveryFilter(kinds: ["video"])),
        ])
        let recorded = Fixture.date("2024-06-03").startInstant(in: Fixture.hcm).addingTimeInterval(3600)
        let late = PeriodReport.windowsClosedAtRecording(
            DeliveryAttributes(kind: "article"), publishedOn: Fixture.date("2024-05-30"), recordedAt: recorded,
            in: agreement)
        #expect(late.map(\.quota) == ["m"] && late.map(\.window) == ["2024-05"])
        #expect(PeriodReport.windowsClosedAtRecording(
            DeliveryAttributes(kind: "article"), publishedOn: Fixture.date("2024-06-01"), recordedAt: recorded,
            in: agreement).isEmpty)
    }
}
