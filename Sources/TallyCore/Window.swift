/// A quota window: the calendar period containing a date, clipped to the agreement's dates.
public struct QuotaWindow: Sendable, Equatable, Hashable {
    /// `total`, `2024`, `2024-Q2`, `2024-05`, `2025-W01`.
    public var label: String
    /// First and last day of the clipped window.
    public var start: CivilDate
    public var end: CivilDate
    /// First and last day of the full calendar period, before clipping.
    public var fullStart: CivilDate
    public var fullEnd: CivilDate
}
