import ArgumentParser
import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import Testing

@testable import tallyctl

/// SPEC §9 for people: `show`'s amendments section and `validate --explain`.
@Suite("Amendments in show and validate --explain")
struct AmendmentViewTests {
    typealias F = Fixture

    /// 30 articles a quarter and 10 photos a month; pl-01, signed late, raises the articles to 45 and lets
    /// interviews count from 16 May 2025, removes the photos and adds an English line; pl-02 extends to 2026.
    static let amendments = [
        Amendment(
            id: "pl-01", title: "Phụ lục 01: tăng tin, bài từ 16/5", signed: F.day("2025-05-20"), effective: F.day("2025-05-16"),
            quotas: [
                QuotaAmendment(id: "news", change: .amend(QuotaChanges(target: 45, kinds: ["article", "interview"], atRiskBelow: 0.8))),
                QuotaAmendment(id: "monthly", change: .remove),
                QuotaAmendment(id: "en", change: .add(Quota(
                    id: "en", title: "Tin tiếng Anh", target: 12, per: .quarter, filter: DeliveryFilter(languages: ["en"])))),
            ]),
        Amendment(id: "pl-02", title: "Phụ lục 02: gia hạn", signed: F.day("2025-09-01"), effective: F.day("2025-10-01"),
                  end: F.day("2026-12-31")),
    ]

    static let agreement = Agreement(
        id: "ben-tre-2025", title: "TTXVN – UBND tỉnh Bến Tre", start: F.day("2025-01-01"), end: F.day("2025-12-31"),
        timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? .gmt,
        quotas: [Quota(id: "news", title: "Tin, bài", target: 30, per: .quarter, filter: DeliveryFilter(kinds: ["article"])),
                 Quota(id: "monthly", title: "Ảnh hằng tháng", target: 10, per: .month, filter: DeliveryFilter(kinds: ["photo"]))],
        amendments: amendments)

    static let plain = Terminal(colour: false, width: nil)

    static func lines(_ all: [String], from heading: String, count: Int) throws -> [String] {
        let start = try #require(all.firstIndex(of: heading), "no \(heading) in \(all)")
        return Array(all[start..<min(all.count, start + count)])
    }

    @Test func showListsEachAmendmentWithItsQuotaChangesAndTheEndItMoved() throws {
        var status = F.agreement("ben-tre-2025")
        status.end = F.day("2026-12-31")
        status.originalEnd = F.day("2025-12-31")
        // As the status carries them: without their changes.
        status.amendments = Self.agreement.amendments.map { Amendment(id: $0.id, title: $0.title, signed: $0.signed, effective: $0.effective, end: $0.end) }
        let detail = AgreementDetail(
            id: "ben-tre-2025", title: "TTXVN – UBND tỉnh Bến Tre", parties: [], start: "2025-01-01", end: "2026-12-31",
            timezone: "Asia/Ho_Chi_Minh", state: "ACTIVE", quotas: [], campaigns: [], blackouts: [], status: status, pastWindows: [],
            amendments: Self.agreement.amendments.map(AmendmentDetail.init))
        let lines = ShowView(detail: detail, terminal: Self.plain).render()
        #expect(try Self.lines(lines, from: "  Amendments", count: 9) == [
            "  Amendments",
            "    ends 2026-12-31 (was 2025-12-31, pl-02)",
            "    ID     EFFECTIVE   SIGNED                   NEW END     TITLE",
            "    pl-01  2025-05-16  2025-05-20, retroactive              Phụ lục 01: tăng tin, bài từ 16/5",
            "           news     target 45; kinds article, interview; at risk < 0.80",
            "           monthly  removed from 2025-05-16",
            "           en       added: 12 per quarter; counts languages en; Tin tiếng Anh",
            "    pl-02  2025-10-01  2025-09-01               2026-12-31  Phụ lục 02: gia hạn",
            "",
        ])
        // A status that names amendments without their detail still lists them.
        var bare = detail
        bare.amendments = nil
        let listed = try Self.lines(ShowView(detail: bare, terminal: Self.plain).render(), from: "  Amendments", count: 5)
        #expect(listed.dropFirst(3).first == "    pl-01  2025-05-16  2025-05-20, retroactive              Phụ lục 01: tăng tin, bài từ 16/5")
        #expect(listed.last == "    pl-02  2025-10-01  2025-09-01               2026-12-31  Phụ lục 02: gia hạn")
    }

    /// Q2 2025 has 91 days: Apr 1–May 15 = 45 at 30 and May 16–Jun 30 = 46 at 45 under pl-01:
    /// Σ = 1,350 + 2,070 = 3,420; 3,420 / 91 = 37.6 → 38. From 2026 pl-02's extension shapes the windows too.
    @Test func explainWorksOutEveryWindowWithItsArithmetic() throws {
        let lines = ExplainView(agreement: Self.agreement, pace: PaceThresholds(), terminal: Self.plain).render()
        #expect(try Self.lines(lines, from: "  Quota news  Tin, bài", count: 23) == [
            "  Quota news  Tin, bài",
            "    days: 2025-01-01 – 2026-12-31",
            "    per quarter: round-half-up(Σ target(d) / B), at least 1, over the window's days d, with B the days of the full calendar quarter (prorated)",
            "    carry-over: none",
            "    WINDOW   FROM        THROUGH     DAYS  TARGET  FILTERS                   AT RISK <  BEHIND <  TERMS",
            "    2025-Q1  2025-01-01  2025-03-31    90      30  kinds article                  0.90      0.70  original",
            "             target 30: Σ = 30 × 90 = 2700; B = 90; round-half-up(2700 / 90) = 30",
            "    2025-Q2  2025-04-01  2025-05-15    45      30  kinds article                  0.90      0.70  original",
            "             2025-05-16  2025-06-30    46      45  kinds article, interview       0.80      0.70  pl-01",
            "             target 38: Σ = 30 × 45 + 45 × 46 = 3420; B = 91; round-half-up(3420 / 91) = 38; shaped by pl-01",
            "    2025-Q3  2025-07-01  2025-09-30    92      45  kinds article, interview       0.80      0.70  pl-01",
            "             target 45: Σ = 45 × 92 = 4140; B = 92; round-half-up(4140 / 92) = 45; shaped by pl-01",
            "    2025-Q4  2025-10-01  2025-12-31    92      45  kinds article, interview       0.80      0.70  pl-01",
            "             target 45: Σ = 45 × 92 = 4140; B = 92; round-half-up(4140 / 92) = 45; shaped by pl-01",
            "    2026-Q1  2026-01-01  2026-03-31    90      45  kinds article, interview       0.80      0.70  pl-01",
            "             target 45: Σ = 45 × 90 = 4050; B = 90; round-half-up(4050 / 90) = 45; shaped by pl-01, pl-02",
            "    2026-Q2  2026-04-01  2026-06-30    91      45  kinds article, interview       0.80      0.70  pl-01",
            "             target 45: Σ = 45 × 91 = 4095; B = 91; round-half-up(4095 / 91) = 45; shaped by pl-01, pl-02",
            "    2026-Q3  2026-07-01  2026-09-30    92      45  kinds article, interview       0.80      0.70  pl-01",
            "             target 45: Σ = 45 × 92 = 4140; B = 92; round-half-up(4140 / 92) = 45; shaped by pl-01, pl-02",
            "    2026-Q4  2026-10-01  2026-12-31    92      45  kinds article, interview       0.80      0.70  pl-01",
            "             target 45: Σ = 45 × 92 = 4140; B = 92; round-half-up(4140 / 92) = 45; shaped by pl-01, pl-02",
            "",
        ])
        // The removed quota's life ends the day before pl-01: May is 15 of 31 days, 150 / 31 = 4.8 → 5.
        let monthly = try Self.lines(lines, from: "  Quota monthly  Ảnh hằng tháng", count: 16)
        #expect(monthly[1] == "    days: 2025-01-01 – 2025-05-15 (removed by pl-01)")
        #expect(monthly.suffix(3) == [
            "    2025-05  2025-05-01  2025-05-15    15      10  kinds photo       0.90      0.70  original",
            "             target 5: Σ = 10 × 15 = 150; B = 31; round-half-up(150 / 31) = 5; shaped by pl-01",
            "",
        ])
        // The added quota starts under the amendment that added it, its first quarter prorated: 12 · 46 / 91 = 6.
        let english = try Self.lines(lines, from: "  Quota en  Tin tiếng Anh", count: 7)
        #expect(english[1] == "    days: 2025-05-16 (added by pl-01) – 2026-12-31")
        #expect(english[5...6] == [
            "    2025-Q2  2025-05-16  2025-06-30    46      12  languages en       0.90      0.70  pl-01",
            "             target 6: Σ = 12 × 46 = 552; B = 91; round-half-up(552 / 91) = 6; shaped by pl-01",
        ])
    }

    /// Carry-over is named, with what validate cannot know; a `total` quota takes its last day's target.
    @Test func explainNotesCarryOverAndTotals() throws {
        let agreement = Agreement(
            id: "a", title: "A", start: F.day("2025-01-01"), end: F.day("2025-12-31"), timeZone: .gmt,
            quotas: [Quota(id: "video", target: 6, per: .quarter, carry: .deficit), Quota(id: "anh", target: 80)],
            amendments: [Amendment(id: "pl-01", title: "PL 01", effective: F.day("2025-07-01"),
                                   quotas: [QuotaAmendment(id: "anh", change: .amend(QuotaChanges(target: 100)))])])
        let lines = ExplainView(agreement: agreement, pace: PaceThresholds(), terminal: Self.plain).render()
        let video = try Self.lines(lines, from: "  Quota video  video", count: 7)
        #expect(video[3].hasPrefix("    carry-over: deficit: a window's target is max(0, base target + carried), and what is carried into it "
            + "depends on the deliveries before it, which validate does not read"))
        #expect(video[6] == "             base target 6: Σ = 6 × 90 = 540; B = 90; round-half-up(540 / 90) = 6")
        #expect(try Self.lines(lines, from: "  Quota anh  anh", count: 9).suffix(3) == [
            "    total   2025-01-01  2025-06-30   181      80  everything       0.90      0.70  original",
            "            2025-07-01  2025-12-31   184     100  everything       0.90      0.70  pl-01",
            "            target 100: the target in force on the quota's last day, 2025-12-31; shaped by pl-01",
        ])
        #expect(lines.last == "            target 100: the target in force on the quota's last day, 2025-12-31; shaped by pl-01")
    }

    @Test func anUnknownAgreementNamesTheOnesThereAre() {
        #expect(Validate.noSuchAgreement("nope", among: ["a", "b"], path: "/etc/tally/tally.toml")
            == "There is no agreement \"nope\" in /etc/tally/tally.toml; give one of its agreements: a, b.")
        #expect(Validate.noSuchAgreement("nope", among: [], path: "t.toml") == "There is no agreement \"nope\" in t.toml: it has no agreements.")
    }

    @Test func explainIsAnOptionOfValidate() throws {
        let command = try #require(try Tallyctl.parseAsRoot(["validate", "--explain", "ben-tre-2025", "/etc/t.toml"]) as? Validate)
        #expect(command.explain == "ben-tre-2025" && command.path == "/etc/t.toml")
    }
}
