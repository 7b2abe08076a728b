import Foundation

/// The time T an evaluation is made at.
public enum EvaluationMoment: Sendable, Equatable {
    /// A moment: each agreement takes its date in its own zone.
    case instant(Date)
    /// The end of a calendar date in each agreement's own zone (`check --at 2024-02-29`).
    case endOfDay(CivilDate)

    /// T's date in `zone`.
    public func date(in zone: TimeZone) -> CivilDate {
        switch self {
        case .instant(let instant): CivilDate(instant, in: zone)
        case .endOfDay(let date): date
        }
    }

    /// T as an instant in `zone`.
    public func instant(in zone: TimeZone) -> Date {
        switch self {
        case .instant(let instant): instant
        case .endOfDay(let date): date.endInstant(in: zone)
        }
    }
}
