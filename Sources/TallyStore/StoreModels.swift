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
    /// Days whose counts changed, so the caller can re-evaluate windows that already closed.
    public var touched: Set<AgreementDay>
    /// Whether this was a dry run (validated, then rolled back).
    public var dryRun: Bool

    public init(created: Int, unchanged: Int, touched: Set<AgreementDay>, dryRun: Bool) {
        self.created = created
        self.unchanged = unchanged
        self.touched = touched
        self.dryRun = dryRun
    }
}

/// Persisted alert state of one subject (SPEC §4).
public struct AlertState: Sendable, Equatable {
    /// The caller's key, e.g. `quota/ben-tre-2024/news/2024-Q2`.
    public var subject: String
    public var agreement: String
    /// The status last seen (`AT_RISK`, `DUE_SOON`, `STALE`, …).
    public var status: String
    public var lastAlertAt: Date?
    public var lastAlertType: String?
    /// How many times the last alert was repeated (0 for the first).
    public var repeatCount: Int
    /// Small JSON the caller keeps with the state.
    public var detail: String?

    public init(
        subject: String, agreement: String, status: String, lastAlertAt: Date? = nil, lastAlertType: String? = nil,
        repeatCount: Int = 0, detail: String? = nil
    ) {
        self.subject = subject
        self.agreement = agreement
        self.status = status
        self.lastAlertAt = lastAlertAt
        self.lastAlertType = lastAlertType
        self.repeatCount = repeatCount
        self.detail = detail
    }
}

/// Everything one evaluation pass changes in alert bookkeeping, applied in one transaction.
public struct AlertUpdate: Sendable, Equatable {
    /// States to insert or replace, by subject.
    public var states: [AlertState]
    /// Subjects whose state is dropped.
    public var deletedSubjects: [String]
    /// Alerts to append to the history.
    public var alerts: [Alert]
    /// Window outcomes to insert or update (an existing one keeps its `closedAt`).
    public var outcomes: [RecordedOutcome]

    public init(states: [AlertState] = [], deletedSubjects: [String] = [], alerts: [Alert] = [], outcomes: [RecordedOutcome] = []) {
        self.states = states
        self.deletedSubjects = deletedSubjects
        self.alerts = alerts
        self.outcomes = outcomes
    }

    /// Whether applying it would change nothing.
    public var isEmpty: Bool { states.isEmpty && deletedSubjects.isEmpty && alerts.isEmpty && outcomes.isEmpty }
}
