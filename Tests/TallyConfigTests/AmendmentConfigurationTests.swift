import TallyConfig
import TallyCore
import Testing

/// Every SPEC §9 key, written as an operator would: `pl-02` comes first in the file but takes effect after
/// `pl-01`, and amends the quota `pl-01` adds.
let amendedAgreement = Fixture.agreement("ben-tre-2024", """
    [[quota]]
    id     = "news"
    title  = "Tin, bài"
    target = 120
    per    = "year"
    kinds  = ["article"]
    carry  = "deficit"

    [[quota]]
    id     = "video"
    target = 4
    per    = "quarter"

    [[campaign]]
    id     = "dai-hoi"
    start  = 2025-06-01
    end    = 2025-10-31
    tags   = ["dai-hoi"]
    remind = ["7d", "1d"]

      [[campaign.milestone]]
      id     = "mo-dau"
      due    = 2025-07-01
      target = 5

      [[campaign.milestone]]
      id     = "phu-luc"
      due    = 2025-06-15
      manual = true

    [[amendment]]
    id        = "pl-02"
    title     = "Phụ lục 02: gia hạn đến hết năm 2026"
    signed    = 2025-11-20
    effective = 2026-01-01
    end       = 2026-12-31
    value     = 2_400_000_000

      [[amendment.quota]]
      id     = "en"
      target = 36

      [[amendment.campaign]]
      id  = "dai-hoi"
      end = 2025-11-30

    [[amendment]]
    id        = "pl-01"
    title     = "Phụ lục 01: tăng tin bài từ quý II/2025"
    signed    = 2025-03-20
    effective = 2025-04-01
    value     = 1_800_000_000

      [[amendment.quota]]
      id            = "news"
      target        = 150
      languages     = ["vi"]
      at_risk_below = 0.8

      [[amendment.quota]]
      id      = "video"
      removed = true

      [[amendment.quota]]
      id        = "en"
      title     = "Tin tiếng Anh"
      target    = 24
      per       = "year"
      languages = ["en"]
      prorate   = false
      carry     = "both"

      [[amendment.campaign]]
      id    = "hoi-nghi"
      title = "Hội nghị xúc tiến đầu tư"
      start = 2025-05-01
      end   = 2025-05-31
      tags  = ["xuc-tien"]

        [[amendment.campaign.milestone]]
        id     = "bai-mo"
        due    = 2025-05-10
        target = 3

      [[amendment.milestone]]
      campaign = "dai-hoi"
      id       = "mo-dau"
      due      = 2025-07-15
      target   = 8

      [[amendment.milestone]]
      campaign = "dai-hoi"
      id       = "phu-luc"
      due      = 2025-06-20

    """)

/// `2025-04-01`.
func day(_ year: Int, _ month: Int, _ day: Int) throws -> CivilDate {
    try #require(CivilDate(year: year, month: month, day: day))
}

@Suite struct AmendmentConfigurationTests {
    @Test func everyAmendmentKeyDecodesToTheCoreValues() throws {
        let fixture = try Fixture(agreements: ["10-a.toml": amendedAgreement])
        let agreement = try #require(try fixture.load().agreements.first)

        #expect(agreement.start == (try day(2024, 1, 1)))
        #expect(agreement.end == (try day(2026, 12, 31)))
        #expect(agreement.originalEnd == (try day(2025, 12, 31)))
        #expect(agreement.endMoved?.amendment == "pl-02")
        #expect(agreement.amendments.map(\.id) == ["pl-01", "pl-02"])

        let english = Quota(
            id: "en", title: "Tin tiếng Anh", target: 24, per: .year, filter: DeliveryFilter(languages: ["en"]),
            prorate: false, carry: .both)
        let first = try #require(agreement.amendments.first)
        #expect(first.title == "Phụ lục 01: tăng tin bài từ quý II/2025")
        #expect(try first.signed == day(2025, 3, 20) && first.effective == day(2025, 4, 1) && first.end == nil)
        #expect(first.value == 1_800_000_000 && !first.isRetroactive)
        #expect(first.quotas == [
            QuotaAmendment(id: "news", change: .amend(QuotaChanges(target: 150, languages: ["vi"], atRiskBelow: 0.8))),
            QuotaAmendment(id: "video", change: .remove),
            QuotaAmendment(id: "en", change: .add(english)),
        ])
        let hoiNghi = Campaign(
            id: "hoi-nghi", title: "Hội nghị xúc tiến đầu tư", start: try day(2025, 5, 1), end: try day(2025, 5, 31),
            filter: DeliveryFilter(tags: ["xuc-tien"]),
            milestones: [Milestone(id: "bai-mo", due: try day(2025, 5, 10), completion: .counted(target: 3))])
        #expect(first.campaigns == [.add(hoiNghi)])
        #expect(first.milestones == [
            MilestoneAmendment(campaign: "dai-hoi", milestone: "mo-dau", due: try day(2025, 7, 15), target: 8),
            MilestoneAmendment(campaign: "dai-hoi", milestone: "phu-luc", due: try day(2025, 6, 20)),
        ])
        let second = try #require(agreement.amendments.last)
        #expect(try second.end == day(2026, 12, 31) && second.value == 2_400_000_000)
        #expect(second.quotas == [QuotaAmendment(id: "en", change: .amend(QuotaChanges(target: 36)))])
        #expect(second.campaigns == [.end(campaign: "dai-hoi", try day(2025, 11, 30))])

        // The agreement's own terms stay as written; the added quota and campaign follow them.
        #expect(agreement.quotas.map(\.id) == ["news", "video", "en"])
        #expect(agreement.quotas.first == Quota(
            id: "news", title: "Tin, bài", target: 120, per: .year, filter: DeliveryFilter(kinds: ["article"]), carry: .deficit))
        #expect(agreement.campaigns.map(\.id) == ["dai-hoi", "hoi-nghi"])
        let daiHoi = try #require(agreement.campaigns.first)
        #expect(daiHoi.end == (try day(2025, 11, 30)))
        #expect(daiHoi.remind == [.seconds(7 * 86_400), .seconds(86_400)])
        #expect(daiHoi.milestones.map(\.due) == [try day(2025, 7, 15), try day(2025, 6, 20)])
        #expect(daiHoi.milestones.map(\.completion) == [.counted(target: 8), .manual])
        #expect(agreement.campaigns.last == hoiNghi)
    }

    @Test func schedulesFollowTheAmendmentsInEffectiveOrder() throws {
        let fixture = try Fixture(agreements: ["10-a.toml": amendedAgreement])
        let agreement = try #require(try fixture.load().agreements.first)
        let schedules = Dictionary(uniqueKeysWithValues: agreement.schedules.map { ($0.id, $0) })

        let news = try #require(schedules["news"])
        #expect(try news.first == day(2024, 1, 1) && news.last == day(2026, 12, 31))
        #expect(news.terms(on: try day(2025, 3, 31)).target == 120)
        #expect(news.terms(on: try day(2025, 4, 1)) == Quota(
            id: "news", title: "Tin, bài", target: 150, per: .year, filter: DeliveryFilter(kinds: ["article"], languages: ["vi"]),
            atRiskBelow: 0.8, carry: .deficit))
        // 2025: 90 days at 120 and 275 at 150 over 365 days, 142.6 → 143.
        #expect(news.baseTarget(of: news.window(containing: try day(2025, 6, 1))) == 143)
        #expect(news.baseTarget(of: news.window(containing: try day(2026, 6, 1))) == 150)

        let video = try #require(schedules["video"])
        #expect(try video.last == day(2025, 3, 31) && video.removedBy == "pl-01")
        #expect(video.windows.last?.label == "2025-Q1")

        let english = try #require(schedules["en"])
        #expect(try english.first == day(2025, 4, 1) && english.addedBy == "pl-01")
        #expect(english.windows.map(\.label) == ["2025", "2026"])
        // Not prorated: the clipped 2025 window keeps the whole 24.
        #expect(english.windows.map(english.baseTarget(of:)) == [24, 36])
        #expect(english.quota.carry == .both && !english.quota.prorate)
    }

    @Test func remindersAndOnboardingDecode() throws {
        let fixture = try Fixture(main: Fixture.main + "remind = [\"14d\", \"3d\", \"1d\"]\nonboarding = \"0s\"\n")
        let policy = try fixture.load().policy
        #expect(policy.remind == [.seconds(14 * 86_400), .seconds(3 * 86_400), .seconds(86_400)])
        #expect(policy.onboarding == .zero)
        #expect(try Fixture(main: Fixture.main + "onboarding = \"36h\"\n").load().policy.onboarding == .seconds(36 * 3_600))
        let defaults = try Fixture().load().policy
        #expect(defaults.remind == nil && defaults.onboarding == .seconds(86_400))
    }

    @Test(arguments: Carry.allCases)
    func everyCarryDecodesOnAPeriodicQuota(_ carry: Carry) throws {
        let text = Fixture.agreement("a", "[[quota]]\nid = \"q\"\ntarget = 5\nper = \"month\"\ncarry = \"\(carry.rawValue)\"\n")
        let agreement = try #require(try Fixture(agreements: ["10-a.toml": text]).load().agreements.first)
        #expect(agreement.quotas.map(\.carry) == [carry])
    }

    @Test func anExtensionLetsALaterAmendmentTakeEffectAfterTheOriginalEnd() throws {
        let text = Fixture.agreement("a", """
            [[quota]]
            id = "q"
            target = 5
            per = "month"
            [[amendment]]
            id = "pl-02"
            title = "t"
            effective = 2026-03-01
            [[amendment.quota]]
            id = "q"
            target = 7
            [[amendment]]
            id = "pl-01"
            title = "t"
            effective = 2025-12-01
            end = 2026-06-30

            """)
        let agreement = try #require(try Fixture(agreements: ["10-a.toml": text]).load().agreements.first)
        #expect(agreement.end == (try day(2026, 6, 30)))
        #expect(agreement.schedule(of: try #require(agreement.quotas.first)).terms(on: try day(2026, 3, 1)).target == 7)
    }
}
