import Foundation
import TallyCore

/// The answer to `record`: the delivery's id, and whether this call created it.
public struct RecordResult: Sendable, Equatable {
    public var id: Int64
    /// False when an identical item was already recorded (nothing was written).
    public var created: Bool

    public init(id: Int64, created: Bool) {
        self.id = id
        self.created = created
    }
}

/// A day of an agreement whose counts changed.
public struct AgreementDay: Sendable, Hashable {
    public var agreement: String
    public var day: CivilDate

    public init(agreement: String, day: CivilDate) {
        self.agreement = agreement
        self.day = day
    }
}

/// The answer to an import.
public struct ImportResult: Sendable, Equatable {
    /// Rows stored as new deliveries.
    public var created: Int
    /// Rows identical to a delivery already stored, or to an earlier row of the same import.
    public var unchanged: Int
    /// Days whose counts changed, by agreement, so the caller can re-evaluate windows that already closed.
    /// Kept per agreement, as the checker takes them: an import of millions of rows touches millions of days.
    public var touchedDays: [String: Set<CivilDate>]
    /// Whether this was a dry run (validated, then rolled back).
    public var dryRun: Bool

    /// `touchedDays` as one set.
    public var touched: Set<AgreementDay> {
        Set(touchedDays.flatMap { agreement, days in days.map { AgreementDay(agreement: agreement, day: $0) } })
    }

    public init(created: Int, unchanged: Int, touchedDays: [String: Set<CivilDate>], dryRun: Bool) {
        self.created = created
        self.unchanged = unchanged
        self.touchedDays = touchedDays
        self.dryRun = dryRun
    }
}

/// The core's alert state of one subject (SPEC §4) as the store keeps it: by subject key, under its agreement.
public struct KeptSubjectState: Sendable, Equatable {
    /// The subject's key, e.g. `quota/ben-tre-2024/news/2024-Q2`.
    public var subject: String
    public var agreement: String
    public var state: SubjectState

    public init(subject: String, agreement: String, state: SubjectState) {
        self.subject = subject
        self.agreement = agreement
        self.state = state
    }
}

/// Everything one evaluation pass changes in alert bookkeeping, applied in one transaction.
public struct AlertUpdate: Sendable, Equatable {
    /// States to insert or replace, by subject.
    public var states: [KeptSubjectState]
    /// Subjects whose state is dropped.
    public var deletedSubjects: [String]
    /// Alerts to append to the history.
    public var alerts: [Alert]
    /// Window outcomes to insert or update (an existing one keeps its `closedAt`).
    public var outcomes: [RecordedOutcome]

    public init(states: [KeptSubjectState] = [], deletedSubjects: [String] = [], alerts: [Alert] = [], outcomes: [RecordedOutcome] = []) {
        self.states = states
        self.deletedSubjects = deletedSubjects
        self.alerts = alerts
        self.outcomes = outcomes
    }

    /// Whether applying it would change nothing.
    public var isEmpty: Bool { states.isEmpty && deletedSubjects.isEmpty && alerts.isEmpty && outcomes.isEmpty }
}
