import TallyCore
import TallyInterface
import TallyProtocol

/// Status values for tests.
enum Fixture {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text) ?? CivilDate(dayNumber: 0) }

    static func quota(_ id: String = "news", status: QuotaStatus = .onTrack, delivered: Int = 41, target: Int = 120) -> QuotaEvaluation {
        QuotaEvaluation(
            quotaID: id, title: "Tin, bài",
            window: QuotaWindow(label: "2024", start: day("2024-01-01"), end: day("2024-12-31"), fullStart: day("2024-01-01"), fullEnd: day("2024-12-31")),
            target: target, delivered: delivered, expected: 44.59, status: status, remaining: max(0, target - delivered),
            projected: 110.33, requiredPerWeek: 2.39, currentPerWeek: 2.14, windowDays: 366, elapsedDays: 136, leftDays: 230,
            closed: false)
    }

    static func agreement(
        _ id: String = "ben-tre-2024", state: AgreementState = .active, stale: Bool = false, quotas: [QuotaEvaluation] = [quota()],
        title: String = "TTXVN – UBND tỉnh Bến Tre, 2024–2025"
    ) -> AgreementEvaluation {
        AgreementEvaluation(
            agreementID: id, title: title, date: day("2024-05-15"), state: state, stale: stale, start: day("2024-01-01"),
            end: day("2025-12-31"), quotas: quotas, milestones: [])
    }

    static func status(_ agreements: AgreementEvaluation...) -> Status {
        Status(at: "2024-05-15T09:00:00+07:00", agreements: agreements)
    }
}
