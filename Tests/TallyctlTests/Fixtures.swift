import TallyInterface
import TallyProtocol

/// Status values for tests.
enum Fixture {
    static func quota(_ id: String = "news", status: String = "ON_TRACK", delivered: Int = 41, target: Int = 120) -> QuotaStatus {
        QuotaStatus(
            id: id, title: "Tin, bài", window: "2024", windowStart: "2024-01-01", windowEnd: "2024-12-31", target: target,
            delivered: delivered, expected: 44.59, status: status, remaining: max(0, target - delivered), projected: 110.33,
            requiredPerWeek: 2.39, currentPerWeek: 2.14, windowDays: 366, elapsedDays: 136, leftDays: 230)
    }

    static func milestone(_ id: String = "dai-hoi/mo-dau", status: String = "PENDING", due: String = "2024-07-01") -> MilestoneStatus {
        MilestoneStatus(id: id, title: "Loạt bài mở đầu", due: due, target: 5, delivered: 2, status: status)
    }

    static func agreement(
        _ id: String = "ben-tre-2024", state: String = "ACTIVE", stale: Bool = false, quotas: [QuotaStatus] = [quota()],
        milestones: [MilestoneStatus] = [], title: String = "TTXVN – UBND tỉnh Bến Tre, 2024–2025"
    ) -> AgreementStatus {
        AgreementStatus(id: id, title: title, state: state, stale: stale, start: "2024-01-01", end: "2025-12-31", quotas: quotas, milestones: milestones)
    }

    static func status(_ agreements: AgreementStatus...) -> Status {
        Status(at: "2024-05-15T09:00:00+07:00", agreements: agreements)
    }
}
