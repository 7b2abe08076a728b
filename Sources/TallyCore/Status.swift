/// A quota window's status (SPEC §3), decided by the first rule that applies.
public enum QuotaStatus: String, Sendable, Codable, CaseIterable {
    case onTrack = "ON_TRACK"
    case atRisk = "AT_RISK"
    case behind = "BEHIND"
    case met = "MET"
    case missed = "MISSED"
}

extension QuotaStatus {
    /// Whether this is the outcome of a closed window: MET or MISSED.
    public var isOutcome: Bool { self == .met || self == .missed }
}

/// A milestone's status (SPEC §3).
public enum MilestoneStatus: String, Sendable, Codable, CaseIterable {
    case done = "DONE"
    case late = "LATE"
    case missed = "MISSED"
    case dueSoon = "DUE_SOON"
    case pending = "PENDING"
}

/// An agreement's state (SPEC §3).
public enum AgreementState: String, Sendable, Codable, CaseIterable {
    case notStarted = "NOT_STARTED"
    case active = "ACTIVE"
    case expiring = "EXPIRING"
    case ended = "ENDED"
    case archived = "ARCHIVED"
}
