import Foundation
import Testing
import TallyCore

/// SPEC §7: the compliance report of one agreement, joined from the period's figures, the agreement's facts and
/// the store's items. Worked examples over May 2024, seen on 1 July 2024.
@Suite struct ComplianceReportTests {
    static let campaign = Campaign(
        id: "c", title: "Chiến dịch tháng 5", start: Fixture.date("2024-03-01"), end: Fixture.date("2024-06-30"),
        filter: DeliveryFilter(tags: ["x"]),
        milestones: [
            Milestone(id: "may", title: "Loạt bài tháng 5", due: Fixture.date("2024-05-20"), completion: .counted(target: 3)),
            Milestone(id: "sign", due: Fixture.date("2024-05-10"), completion: .manual),
        ])
    static let agreement: Agreement = {
        var agreement = Fixture.agreement(
            quotas: [
                Quota(id: "m", title: "Tin bài", target: 3, per: .month), Quota(id: "y", target: 30, per: .year),
                Quota(id: "v", title: "Video", target: 1, per: .month, filter: DeliveryFilter(kinds: ["video"])),
            ],
            campaigns: [campaign])
        agreement.title = "Hợp đồng A"
        agreement.reference = "12/HĐ"
        agreement.parties = ["Bên A", "Bên B"]
        return agreement
    }()
    static let period = ReportPeriod.month(year: 2024, month: 5)
    static let today = Fixture.date("2024-07-01")

    static func figures() throws -> PeriodReport {
        let entries = ["2024-05-02", "2024-05-10", "2024-05-25"].map { Fixture.delivery($0, tags: ["x"]) }
        let ledger = Fixture.ledger(agreement, entries, completions: ["c/sign": Fixture.date("2024-05-08")])
        return try PeriodReport.build(agreement, period: period, today: today, policy: .init(), counts: ledger)
    }

    /// A stored delivery of agreement `a`, published on `day`, recorded at `recorded` (Hồ Chí Minh time).
    static func record(_ id: Int64, _ day: String, kind: String = "article", recorded: String, void: Bool = false)
        -> DeliveryRecord
    {
        let published = Fixture.date(day)
        let recordedAt = Fixture.date(recorded).startInstant(in: Fixture.hcm).addingTimeInterval(9 * 3600)
        return DeliveryRecord(
            id: id, delivery: Delivery(agreement: "a", published: PublicationTime(date: published), kind: kind),
            day: published, recordedAt: recordedAt, recordedBy: 1000,
            void: void ? VoidInfo(at: recordedAt, by: 1000, reason: "trùng") : nil)
    }

    @Test func factsAndTitlesComeFromTheAgreementAndFiguresFromThePeriod() throws {
        let figures = try Self.figures()
        let report = ComplianceReport(figures, agreement: Self.agreement, items: ReportItems())
        #expect(report.agreementID == "a" && report.title == "Hợp đồng A" && report.reference == "12/HĐ")
        #expect(report.parties == ["Bên A", "Bên B"] && report.timeZone == Fixture.hcm)
        #expect(report.start == Fixture.date("2024-01-01") && report.end == Fixture.date("2025-12-31"))
        #expect(report.state == figures.state && report.asOf == Fixture.date("2024-05-31"))
        #expect(report.coveredStart == Self.period.start && report.coveredEnd == Self.period.end)
        // A quota without a title is shown by its id.
        #expect(report.quotas.map(\.title) == ["Tin bài", "y", "Video"])
        #expect(report.blackouts == figures.blackouts)
        #expect(report.voided.isEmpty && report.lateRecorded.isEmpty && report.alerts.isEmpty)
        // Nothing of SPEC §9 without amendments or carry-over.
        #expect(report.amendments.isEmpty && report.originalEnd == nil)
        #expect(report.quotas.allSatisfy { $0.windows.allSatisfy { $0.baseTarget == nil && $0.carried == nil && $0.amendments.isEmpty } })
    }

    /// A monthly 10 carrying its shortfall, reported for 2024-Q2 on 2024-05-15. The chain before the period:
    /// January 10, 6 delivered → 4; February 14, 8 → 6; March 16, 15 → 1. In the period: April 10 + 1 = 11, 3
    /// delivered → 8; May 18 with 2 so far → 16 as it stands; June 26. Every window's base, carried and target are
    /// what the evaluator gives it.
    @Test func windowsCarryTheirBaseAndWhatWasCarriedAlongADeficitChain() throws {
        let chain = Quota(id: "m", title: "Tin bài", target: 10, per: .month, carry: .deficit)
        let plain = Quota(id: "p", target: 10, per: .month)
        let agreement = Fixture.agreement(quotas: [chain, plain])
        let entries = [("2024-01-10", 6), ("2024-02-10", 8), ("2024-03-10", 15), ("2024-04-10", 3), ("2024-05-10", 2)]
            .map { Fixture.delivery($0.0, count: $0.1) }
        let ledger = Fixture.ledger(agreement, entries)
        let figures = try PeriodReport.build(agreement, period: .quarter(year: 2024, quarter: 2),
                                             today: Fixture.date("2024-05-15"), policy: .init(), counts: ledger)
        let report = ComplianceReport(figures, agreement: agreement, items: ReportItems())
        let windows = try #require(report.quotas.first { $0.quotaID == "m" }).windows
        #expect(windows.map(\.window.label) == ["2024-04", "2024-05", "2024-06"])
        #expect(windows.map(\.baseTarget) == [10, 10, 10])
        #expect(windows.map(\.carried) == [1, 8, 16])
        #expect(windows.map(\.target) == [11, 18, 26])
        #expect(windows.map(\.status) == [.missed, .behind, nil])
        let evaluator = Evaluator(policy: .init())
        let schedule = agreement.schedule(of: chain)
        for window in windows {
            let target = try evaluator.target(of: schedule, in: window.window, agreement: agreement.id, counts: ledger)
            #expect(window.baseTarget == target.base && window.carried == target.carried && window.target == target.target)
        }
        // The status window's target is the carried one too.
        #expect(try #require(report.quotas.first).windowTarget == 18)
        // A quota without carry-over has neither on its windows.
        let other = try #require(report.quotas.first { $0.quotaID == "p" }).windows
        #expect(other.allSatisfy { $0.baseTarget == nil && $0.carried == nil && $0.target == 10 })
    }

    /// An agreement ending 2024-06-30, with a retroactive `pl-01` raising a quarterly 30 to 60 from 2024-02-01
    /// (signed in March) and `pl-02` extending it to 2024-12-31: the report carries both amendments and the
    /// original end, and each window the ids of the amendments that shaped it.
    @Test func theReportCarriesTheAmendmentsAndTheWindowsTheyShaped() throws {
        let quota = Quota(id: "q", target: 30, per: .quarter)
        let amendments = [
            Amendment(id: "pl-02", title: "Phụ lục 02: gia hạn", signed: Fixture.date("2024-06-10"),
                      effective: Fixture.date("2024-07-01"), end: Fixture.date("2024-12-31")),
            Amendment(id: "pl-01", title: "Phụ lục 01", signed: Fixture.date("2024-03-15"), effective: Fixture.date("2024-02-01"),
                      quotas: [QuotaAmendment(id: "q", change: .amend(QuotaChanges(target: 60)))]),
        ]
        let agreement = Agreement(id: "a", title: "A", start: Fixture.date("2024-01-01"), end: Fixture.date("2024-06-30"),
                                  timeZone: Fixture.hcm, quotas: [quota], amendments: amendments)
        let figures = try PeriodReport.build(agreement, period: .year(2024), today: Fixture.date("2024-08-01"),
                                             policy: .init(), counts: Fixture.ledger(agreement, []))
        let report = ComplianceReport(figures, agreement: agreement, items: ReportItems())
        #expect(report.amendments.map(\.id) == ["pl-01", "pl-02"] && report.amendments == agreement.amendments)
        #expect(report.end == Fixture.date("2024-12-31") && report.originalEnd == Fixture.date("2024-06-30"))
        let windows = try #require(report.quotas.first).windows
        // Q1 is shaped by pl-01 from February; Q2 under its terms; Q3 and Q4 exist because pl-02 moved the end.
        #expect(windows.map(\.amendments) == [["pl-01"], ["pl-01"], ["pl-01", "pl-02"], ["pl-01", "pl-02"]])
        #expect(windows.map(\.target) == [50, 60, 60, 60])
        #expect(windows.allSatisfy { $0.baseTarget == nil && $0.carried == nil })
    }

    @Test func aQuotaCarriesItsPeriodFiguresAndItsStatusInTheWindowAtAsOf() throws {
        let figures = try Self.figures()
        let report = ComplianceReport(figures, agreement: Self.agreement, items: ReportItems())
        let monthly = try #require(report.quotas.first)
        let source = figures.quotas[0]
        // May: 3 items against the month's 3, closed MET (seen the day after, the period being over).
        #expect(monthly.per == .month && monthly.periodTarget == 3 && monthly.delivered == 3)
        #expect(monthly.completionPercent == 100)
        #expect(monthly.status == source.evaluation.status && monthly.statusWindow == "2024-05")
        #expect(monthly.windowTarget == source.evaluation.target && monthly.windowDelivered == 3)
        #expect(monthly.windowExpected == source.evaluation.expected)
        #expect(monthly.windows == source.windows && monthly.days == source.days)
        // The yearly quota straddles May: 30 × 31/366 of 2024, unrounded in the core.
        let yearly = report.quotas[1]
        #expect(abs(yearly.periodTarget - 30.0 * 31 / 366) < 1e-9)
        #expect(yearly.statusWindow == "2024" && yearly.windows.map(\.window.label) == ["2024"])
        // Nothing matched the video quota: 0 of 1, and completion 0 %.
        #expect(report.quotas[2].delivered == 0 && report.quotas[2].completionPercent == 0)
    }

    @Test func milestonesAreNamedByTheirCampaignAndTitle() throws {
        let report = ComplianceReport(try Self.figures(), agreement: Self.agreement, items: ReportItems())
        #expect(report.milestones == [
            ComplianceReport.MilestoneResult(
                id: "c/may", title: "Loạt bài tháng 5", campaignTitle: "Chiến dịch tháng 5",
                due: Fixture.date("2024-05-20"), target: 3, delivered: 3, status: .late,
                reachedOn: Fixture.date("2024-05-25")),
            // A milestone without a title is shown by its id.
            ComplianceReport.MilestoneResult(
                id: "c/sign", title: "sign", campaignTitle: "Chiến dịch tháng 5", due: Fixture.date("2024-05-10"),
                target: nil, delivered: nil, status: .done, reachedOn: Fixture.date("2024-05-08")),
        ])
    }

    @Test func lateRecordingsAreThePublishedItemsRecordedAfterTheirWindowClosed() throws {
        let inTime = Self.record(1, "2024-05-30", recorded: "2024-05-31")
        // Recorded on 3 June: May had closed for the monthly quotas, 2024 is still open.
        let late = Self.record(2, "2024-05-30", recorded: "2024-06-03")
        let lateVideo = Self.record(3, "2024-05-12", kind: "video", recorded: "2024-06-01")
        // A void item is never a late one, even when the store lists it among the published.
        let lateButVoid = Self.record(4, "2024-05-29", recorded: "2024-06-10", void: true)
        let alert = AlertRecord(id: 9, alert: Alert(
            type: .quotaMissed, at: Fixture.date("2024-06-01").startInstant(in: Fixture.hcm), agreement: "a",
            quota: "m", window: "2024-05", status: "MISSED", previousStatus: "BEHIND", message: "a/m: MISSED"))
        let items = ReportItems(voided: [lateButVoid], published: [inTime, late, lateVideo, lateButVoid], alerts: [alert])
        let report = ComplianceReport(try Self.figures(), agreement: Self.agreement, items: items)
        #expect(report.lateRecorded == [
            ComplianceReport.LateRecording(delivery: late, windows: [.init(quota: "m", window: "2024-05")]),
            ComplianceReport.LateRecording(
                delivery: lateVideo, windows: [.init(quota: "m", window: "2024-05"), .init(quota: "v", window: "2024-05")]),
        ])
        #expect(report.voided == [lateButVoid] && report.alerts == [alert])
    }

    @Test func aPeriodOutsideTheAgreementHasNoQuotas() throws {
        let period = ReportPeriod.month(year: 2026, month: 3)
        let figures = try PeriodReport.build(Self.agreement, period: period, today: Self.today, policy: .init(),
                                             counts: Fixture.ledger(Self.agreement, []))
        let report = ComplianceReport(figures, agreement: Self.agreement, items: ReportItems())
        #expect(report.coveredStart == nil && report.coveredEnd == nil && report.quotas.isEmpty)
    }

    @Test func aSetKeepsOneAgreementForItsFile() throws {
        let one = ComplianceReport(try Self.figures(), agreement: Self.agreement, items: ReportItems())
        var other = one
        other.agreementID = "b"
        let set = ComplianceReportSet(
            period: Self.period, generatedAt: PublicationTime(Date(timeIntervalSince1970: 0), in: Fixture.hcm),
            agreements: [one, other])
        #expect(set.only("b").agreements == [other] && set.only("b").period == Self.period)
    }
}
