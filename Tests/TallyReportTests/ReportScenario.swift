import Foundation
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import Testing
import TallyTesting

/// The fixed report scenario: the golden configuration and deliveries (Tests/TallyCoreTests/Golden), period
/// 2022-Q3 seen on 2022-09-23, with a few store items (a voided item, a late recording, alerts) added by hand.
enum ReportScenario {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TallyCoreTests/Golden")
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let today = CivilDate(year: 2022, month: 9, day: 23)!
    static let generatedAt = "2022-09-23T17:00:00+07:00"

    static func load() throws -> (Configuration, DeliveryLedger) {
        let completions = ["ttxvn-binh-duong-2021": ["horasis-2022/duyet-ke-hoach": CivilDate(year: 2022, month: 9, day: 7)!]]
        return try load(golden, completions: completions)
    }

    /// The configuration `tally.toml` in `directory` and the deliveries of its `deliveries.csv`, all recorded at
    /// one early moment, with manual milestone `completions` per agreement.
    static func load(_ directory: URL, completions: [String: [String: CivilDate]] = [:]) throws
        -> (Configuration, DeliveryLedger)
    {
        let configuration = try ConfigurationLoader.load(mainFile: directory.appendingPathComponent("tally.toml").path)
        let csv = try String(contentsOf: directory.appendingPathComponent("deliveries.csv"), encoding: .utf8)
        let recordedAt = TestClock.at("2020-09-13T12:26:40Z").now
        let entries = try DeliveryCSV.parse(csv).map { row in
            DeliveryLedger.Entry(delivery: try DeliveryCSV.delivery(from: row.fields), recordedAt: recordedAt)
        }
        return (configuration, DeliveryLedger(agreements: configuration.agreements, entries: entries, completions: completions))
    }

    /// The report set of `period` seen on `today` as tallyctl receives it: built by the core, through the wire.
    static func data(period text: String = "2022-Q3", today: CivilDate = today, titleOverride: String? = nil) throws
        -> ComplianceReportSet
    {
        var (configuration, ledger) = try load()
        if let titleOverride {
            configuration.agreements[0].title = titleOverride
            ledger.agreements[configuration.agreements[0].id]?.title = titleOverride
        }
        return try set(configuration, ledger, period: text, today: today, generatedAt: generatedAt,
                       items: ["ttxvn-binh-duong-2021": items])
    }

    /// The report set of `period` seen on `today` built by the core from `configuration` and `ledger`, with the
    /// store's `items` per agreement, as it comes out of the wire.
    static func set(
        _ configuration: Configuration, _ ledger: DeliveryLedger, period text: String, today: CivilDate,
        generatedAt: String, items: [String: ReportItems]
    ) throws -> ComplianceReportSet {
        let period = try ReportPeriod.parse(text, today: today)
        let reports = try configuration.agreements.filter { PeriodReport.agreement($0, meets: period) }.map {
            let figures = try PeriodReport.build($0, period: period, today: today, policy: configuration.policy,
                                                 counts: ledger)
            return ComplianceReport(figures, agreement: $0, items: items[$0.id] ?? ReportItems())
        }
        let generated = try #require(PublicationTime(parsing: generatedAt))
        let set = ComplianceReportSet(period: period, generatedAt: generated, agreements: reports)
        return try JSONDecoder().decode(ComplianceReportSet.self, from: JSONEncoder().encode(set))
    }

    /// A delivery record as io.tally writes it.
    static func record(_ json: String) -> DeliveryRecord {
        do {
            return try JSONDecoder().decode(DeliveryRecord.self, from: Data(json.utf8))
        } catch {
            fatalError("a test delivery does not decode: \(error)")
        }
    }

    /// Store items of the Bình Dương agreement: one voided item, one recorded after its month had closed, alerts.
    static var items: ReportItems {
        let voided = Self.record(#"""
            {"id": 901, "agreement": "ttxvn-binh-duong-2021", "published": "2022-08-02", "day": "2022-08-02",
             "kind": "article", "language": "vi", "outlet": "Báo Tin tức", "title": "Bài trùng lặp: Bình Dương thu hút FDI",
             "tags": [], "count": 1, "external_id": "TTXVN-BD-DUP-1", "recorded_at": "2022-08-03T08:15:00+07:00",
             "recorded_by": 1001,
             "void": {"at": "2022-08-04T10:00:00+07:00", "by": 1001, "reason": "Nhập trùng với bài TTXVN-BD-2022-040"}}
            """#)
        let late = Self.record(#"""
            {"id": 902, "agreement": "ttxvn-binh-duong-2021", "published": "2022-07-29", "day": "2022-07-29",
             "kind": "article", "language": "en", "outlet": "Vietnam Law & Legal Forum",
             "title": "Binh Duong smart city forum opens", "tags": ["dau-tu"], "count": 1,
             "external_id": "TTXVN-BD-LATE-1", "recorded_at": "2022-08-05T09:00:00+07:00", "recorded_by": 1001}
            """#)
        // Raised at 00:15 in Bình Dương (+07:00), which the report shows in the agreement's zone.
        let alerts = [
            AlertRecord(id: 31, alert: Alert(
                type: .milestoneDueSoon, at: Date(timeIntervalSince1970: 1_663_262_100),  // 2022-09-16T00:15:00+07:00
                agreement: "ttxvn-binh-duong-2021", milestone: "horasis-2022/loat-bai-truoc-dien-dan", status: "DUE_SOON",
                previousStatus: "PENDING", delivered: 5, target: 6, repeatCount: 0,
                message: "ttxvn-binh-duong-2021/horasis-2022/loat-bai-truoc-dien-dan: DUE_SOON")),
            AlertRecord(id: 35, alert: Alert(
                type: .milestoneMissed, at: Date(timeIntervalSince1970: 1_663_694_100),  // 2022-09-21T00:15:00+07:00
                agreement: "ttxvn-binh-duong-2021", milestone: "horasis-2022/loat-bai-truoc-dien-dan", status: "MISSED",
                previousStatus: "DUE_SOON", delivered: 5, target: 6, repeatCount: 0,
                message: "ttxvn-binh-duong-2021/horasis-2022/loat-bai-truoc-dien-dan: MISSED")),
        ]
        return ReportItems(voided: [voided], published: [late], alerts: alerts)
    }
}
