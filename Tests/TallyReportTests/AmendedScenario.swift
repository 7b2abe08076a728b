import Foundation
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import Testing
import TallyTesting

/// The amended report scenario (SPEC §9): the configuration and deliveries in `Amended/`, period 2024 seen on
/// 2025-01-10, built as `ReportScenario` builds its own. `ttxvn-ben-tre-2024` runs 2024-01-01..2024-12-31 and has
/// two amendments: `pl-01`, signed 2024-04-15, raises `tin-bai` from 30 to 36 a quarter from 2024-03-01
/// (retroactive: Q1 had closed), and `pl-02` extends the agreement to 2025-06-30 and raises the whole-agreement
/// photo quota `anh` from 40 to 60. `tin-bai` carries both ways (`carry = "both"`):
///
/// | window  | base                                | carried        | target | delivered |
/// |---------|-------------------------------------|----------------|--------|-----------|
/// | 2024-Q1 | (60 days × 30 + 31 × 36) / 91 = 32  | 0              | 32     | 31 MISSED |
/// | 2024-Q2 | 36                                  | +1 (shortfall) | 37     | 41 MET    |
/// | 2024-Q3 | 36                                  | −4 (excess)    | 32     | 30 MISSED |
/// | 2024-Q4 | 36                                  | +2             | 38     | 35 MISSED |
enum AmendedScenario {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Amended")
    static let agreement = "ttxvn-ben-tre-2024"
    static let today = CivilDate(year: 2025, month: 1, day: 10)!
    static let generatedAt = "2025-01-10T08:00:00+07:00"

    static func load() throws -> (Configuration, DeliveryLedger) {
        try ReportScenario.load(directory)
    }

    /// The report set of 2024 seen on `today` as tallyctl receives it: built by the core, through the wire.
    static func data() throws -> ComplianceReportSet {
        let (configuration, ledger) = try load()
        return try ReportScenario.set(configuration, ledger, period: "2024", today: today, generatedAt: generatedAt,
                                      items: [agreement: items])
    }

    /// The alert the daemon raised when `pl-01` was loaded: Q1, closed MET with 31 of 30, is MISSED at 31 of 32.
    static var items: ReportItems {
        ReportItems(alerts: [
            AlertRecord(id: 7, alert: Alert(
                type: .quotaOutcomeChanged, at: Date(timeIntervalSince1970: 1_713_150_000),  // 2024-04-15T10:00:00+07:00
                agreement: agreement, quota: "tin-bai", window: "2024-Q1", status: "MISSED", previousStatus: "MET",
                delivered: 31, target: 32, message: "\(agreement)/tin-bai 2024-Q1: MET → MISSED")),
        ])
    }
}
