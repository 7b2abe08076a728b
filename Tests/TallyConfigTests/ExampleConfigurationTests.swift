import Foundation
import TallyConfig
import TallyCore
import TallyTesting
import Testing

/// The repository root, found from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

@Suite struct ExampleConfigurationTests {
    @Test func theShippedExampleIsValidAndUsesEveryFeature() throws {
        let configuration = try ConfigurationLoader.load(mainFile: repositoryRoot + "/config/tally.toml")
        #expect(configuration.agreements.map(\.id) == ["ttxvn-vinh-long-2025", "nhan-dan-da-nang-2026", "phu-quoc-ttdn-2026"])
        #expect(configuration.daemon.socketPath == "/run/tally/io.tally")
        #expect(configuration.daemon.databasePath == "/var/lib/tally/tally.sqlite")
        #expect(configuration.daemon.agreementsDirectory == repositoryRoot + "/config/agreements.d")

        let quotas = configuration.agreements.flatMap(\.quotas)
        #expect(Set(quotas.map(\.per)) == Set(Cadence.allCases))
        #expect(quotas.contains { $0.filter.kinds != nil })
        #expect(quotas.contains { $0.filter.languages?.contains { $0.contains("-") } == true })
        #expect(quotas.contains { $0.filter.outlets != nil })
        #expect(quotas.contains { $0.filter.tags != nil })
        #expect(quotas.contains { $0.atRiskBelow != nil })
        #expect(quotas.contains { $0.behindBelow != nil })
        #expect(quotas.contains { !$0.prorate })
        #expect(quotas.contains { $0.carry != .none })
        #expect(configuration.policy.remind != nil)
        #expect(configuration.agreements.flatMap(\.campaigns).contains { $0.remind != nil })
        let amendments = configuration.agreements.flatMap(\.amendments)
        #expect(amendments.contains { $0.quotas.contains { if case .amend = $0.change { true } else { false } } })
        #expect(amendments.contains { $0.quotas.contains { if case .add = $0.change { true } else { false } } })
        let known: Set = ["article", "photo", "video", "infographic", "emagazine", "podcast", "broadcast", "screen"]
        #expect(Set(quotas.flatMap { $0.filter.kinds ?? [] }) == known)

        #expect(!configuration.policy.blackouts.isEmpty)
        #expect(configuration.agreements.contains { !$0.blackouts.isEmpty })
        let milestones = configuration.agreements.flatMap(\.campaigns).flatMap(\.milestones)
        #expect(milestones.contains { $0.completion == .manual })
        #expect(milestones.contains { if case .counted = $0.completion { true } else { false } })
        #expect(configuration.agreements.allSatisfy { $0.reference != nil && $0.parties.count == 2 })
        // Priced (SPEC §12), as make demo signs a record: every quota has a price, VAT both ways, records at three cadences.
        let terms = configuration.agreements.compactMap(\.settlement)
        #expect(terms.count == 3 && terms.allSatisfy { $0.value > .zero })
        #expect(quotas.allSatisfy { $0.price != nil })
        #expect(terms.contains { if case .excluded = $0.vat { true } else { false } })
        #expect(terms.contains { if case .included = $0.vat { true } else { false } })
        #expect(Set(terms.map(\.every)) == [.quarter, .year, .end])

        let today = try #require(CivilDate(year: 2026, month: 11, day: 21))
        #expect(configuration.agreements.allSatisfy { $0.start <= today && today <= $0.end })
        #expect(configuration.agreements.flatMap(\.campaigns).contains { $0.start <= today && today <= $0.end })
    }

    @Test func theGoldenConfigurationLoads() throws {
        let configuration = try ConfigurationLoader.load(mainFile: repositoryRoot + "/Tests/TallyCoreTests/Golden/tally.toml")
        let golden = repositoryRoot + "/Tests/TallyCoreTests/Golden"
        #expect(configuration.daemon.socketPath == golden + "/run/io.tally")
        #expect(configuration.daemon.databasePath == golden + "/state/tally.sqlite")
        #expect(configuration.policy.checkInterval == .seconds(900))
        #expect(configuration.policy.dueSoon == .seconds(7 * 86_400))
        #expect(configuration.policy.pace == PaceThresholds(atRiskBelow: 0.9, behindBelow: 0.7))
        #expect(configuration.policy.blackouts.count == 2)
        #expect(configuration.writers == ["tally-editors"])
        #expect(configuration.summary == ConfigurationSummary(agreements: 2, quotas: 5, campaigns: 1, milestones: 2, blackouts: 3))

        let binhDuong = try #require(configuration.agreements.first)
        #expect(binhDuong.id == "ttxvn-binh-duong-2021")
        #expect(binhDuong.start == CivilDate(year: 2021, month: 9, day: 15))
        #expect(binhDuong.parties == ["Thông tấn xã Việt Nam", "Ủy ban nhân dân tỉnh Bình Dương"])
        let foreign = try #require(binhDuong.quotas.first { $0.id == "ngoai-ngu" })
        #expect(foreign.per == .month)
        #expect(foreign.prorate == false)
        #expect(foreign.atRiskBelow == 0.8)
        #expect(foreign.behindBelow == nil)
        #expect(foreign.filter == DeliveryFilter(languages: ["en", "fr"]))
        let photos = try #require(binhDuong.quotas.first { $0.id == "anh" })
        #expect(photos.per == .total && photos.prorate && photos.target == 40)
        let campaign = try #require(binhDuong.campaigns.first)
        #expect(campaign.milestones.map(\.completion) == [.counted(target: 6), .manual])

        let dauTieng = try #require(configuration.agreements.last)
        #expect(dauTieng.timeZone == TimeZone(identifier: "Asia/Ho_Chi_Minh"))
        #expect(dauTieng.blackouts == [Blackout(from: CivilDate(year: 2022, month: 9, day: 1)!, to: CivilDate(year: 2022, month: 9, day: 4)!, reason: "Nghỉ lễ Quốc khánh 2/9")])
        #expect(configuration.sources[dauTieng.id] == golden + "/agreements.d/20-dau-tieng.toml")
    }

    @Test func theExampleSetsTheFetchDefaults() throws {
        let configuration = try ConfigurationLoader.load(mainFile: repositoryRoot + "/config/tally.toml")
        #expect(configuration.fetch == FetchSettings(parallel: 8, caFile: nil))
        #expect(configuration.feeders == FetchSettings.defaultFeeders)
        #expect(configuration.policy.feedFailingAfter == .seconds(6 * 3_600))
        #expect(configuration.agreements.allSatisfy { $0.feeds.isEmpty }, "the example's feed stays commented out")
    }

    /// The example `[[feed]]` is commented out (the installed example must not poll a publisher); enabled as
    /// its comment says, it is valid and reads as it is described.
    @Test func theExampleFeedIsValidOnceEnabled() throws {
        let directory = try TemporaryDirectory(prefix: "tally-example")
        try directory.write("tally.toml", try String(contentsOfFile: repositoryRoot + "/config/tally.toml", encoding: .utf8))
        try directory.makeDirectory("agreements.d")
        let names = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/config/agreements.d").filter { $0.hasSuffix(".toml") }
        var enabled = 0
        for name in names {
            var lines = try String(contentsOfFile: repositoryRoot + "/config/agreements.d/" + name, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let start = lines.firstIndex(of: "# [[feed]]") {
                var index = start
                while index < lines.count, lines[index].hasPrefix("# ") {
                    lines[index].removeFirst(2)
                    index += 1
                }
                enabled += 1
            }
            try directory.write("agreements.d/" + name, lines.joined(separator: "\n"))
        }
        #expect(enabled == 1)
        let configuration = try ConfigurationLoader.load(mainFile: directory.path("tally.toml"))
        let feeds = configuration.agreements.flatMap(\.feeds)
        #expect(feeds == [
            Feed(
                id: "vnp-kinh-te", url: "https://www.vietnamplus.vn/rss/kinhte-311.rss", outlet: "VietnamPlus", kind: "article",
                language: "vi", tags: ["kinh-te"], match: ["Vĩnh Long", "Bến Tre", "Trà Vinh"], exclude: ["quảng cáo"],
                review: true, every: 3_600),
        ])
    }

    @Test func theExampleDeliveriesNameConfiguredAgreementsAndCarryAnID() throws {
        let configuration = try ConfigurationLoader.load(mainFile: repositoryRoot + "/config/tally.toml")
        let ids = Set(configuration.agreements.map(\.id))
        let text = try String(contentsOfFile: repositoryRoot + "/config/deliveries-example.csv", encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "agreement,published,kind,language,outlet,title,url,tags,count,id")
        #expect(lines.count > 50)
        // The first and last fields are never quoted in this file, so a plain split finds them.
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields.first.map { ids.contains(String($0)) } == true, "\(line)")
            #expect(fields.last?.isEmpty == false, "\(line)")
        }
    }
}
