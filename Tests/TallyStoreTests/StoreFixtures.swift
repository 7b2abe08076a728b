import Foundation
import TallyCore
import TallyStore
import TallyTesting

/// A directory under the system temp dir, removed when the value is released.
final class StoreDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tally-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A store on `tally.sqlite` in this directory.
    func store() throws -> TallyStore { try TallyStore(path: path("tally.sqlite")) }
}

func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
let t0 = TestClock.at("2024-05-15T08:00:00Z").now

/// The agreement most tests use: articles per year, videos per quarter, everything in total, and a campaign.
func benTre(newsKinds: [String] = ["article"]) -> Agreement {
    Agreement(
        id: "ben-tre-2024", title: "TTXVN – UBND tỉnh Bến Tre, 2024–2025", start: day("2024-01-01"), end: day("2025-12-31"),
        timeZone: vietnam,
        quotas: [
            Quota(id: "news", target: 120, per: .year, filter: DeliveryFilter(kinds: newsKinds)),
            Quota(id: "video", target: 12, per: .quarter, filter: DeliveryFilter(kinds: ["video"])),
            Quota(id: "english", target: 20, per: .year, filter: DeliveryFilter(languages: ["en"])),
            Quota(id: "all", target: 300),
        ],
        campaigns: [
            Campaign(
                id: "dai-hoi", start: day("2024-03-01"), end: day("2024-10-31"), filter: DeliveryFilter(tags: ["dai-hoi"]),
                milestones: [Milestone(id: "phu-luc", due: day("2024-06-15"), completion: .manual)])
        ])
}

func article(
    _ published: String, id: String? = nil, url: String? = nil, kind: String = "article", title: String? = "Tin",
    tags: [String] = [], count: Int = 1, language: String = "vi", agreement: String = "ben-tre-2024"
) -> Delivery {
    Delivery(
        agreement: agreement, published: PublicationTime(parsing: published)!, kind: kind, language: language,
        outlet: "Báo Tin tức", title: title, url: url, tags: tags, count: count, externalID: id)
}


/// A recorded outcome of the window `label` from `start` through `end`.
func recorded(
    agreement: String, quota: String, window label: String, start: CivilDate, end: CivilDate, target: Int, delivered: Int,
    outcome: QuotaStatus, closedAt: Date, updatedAt: Date
) -> RecordedOutcome {
    RecordedOutcome(
        WindowOutcome(
            agreement: agreement, quota: quota,
            window: QuotaWindow(label: label, start: start, end: end, fullStart: start, fullEnd: end),
            target: target, delivered: delivered, outcome: outcome),
        closedAt: closedAt, updatedAt: updatedAt)
}
