import Foundation

/// A cooperation agreement: who, when, what must be delivered, and the campaigns it runs, with its
/// amendments (SPEC §9) applied.
public struct Agreement: Sendable, Equatable, Identifiable {
    /// `[a-z0-9-]+`, unique across the configuration.
    public var id: String
    public var title: String
    public var reference: String?
    public var parties: [String]
    /// Where `tallyctl report --mail` sends the agreement's reports (SPEC §11): mail addresses, as written.
    public var reportTo: [String]
    /// First day, inclusive.
    public var start: CivilDate {
        didSet { schedules = quotas.map(makeSchedule(of:)) }
    }
    /// Last day, inclusive, as amended: the `end` of the last amendment (in `effective` order) that sets one,
    /// else the agreement's own.
    public var end: CivilDate {
        didSet { schedules = quotas.map(makeSchedule(of:)) }
    }
    /// The agreement's own last day when an amendment moved it, else nil.
    public private(set) var originalEnd: CivilDate?
    /// The zone windows and publication dates are computed in.
    public var timeZone: TimeZone
    /// The agreement's own blackout days, in addition to the global ones.
    public var blackouts: [Blackout]
    /// Every quota the agreement ever has: its own, then those amendments add, each with the terms it starts
    /// with; ``schedule(of:)`` has the terms in force on each day.
    public var quotas: [Quota] {
        didSet { schedules = quotas.map(makeSchedule(of:)) }
    }
    /// The schedules of ``quotas``, in order: made once (evaluation asks for them for every quota of every pass).
    public private(set) var schedules: [QuotaSchedule] = []
    /// The campaigns with the amendments' new campaigns, ends, dues and targets.
    public var campaigns: [Campaign]
    /// In `effective` order (file order on the same day).
    public private(set) var amendments: [Amendment]
    /// The feeds whose items become the agreement's deliveries (SPEC §10), in file order.
    public var feeds: [Feed]
    /// `[settlement]` (SPEC §12); nil when nothing is priced.
    public var settlement: SettlementTerms?

    /// Whether `day` is one of the agreement's days (as amended): what a delivery may be dated (SPEC §2).
    public func runs(on day: CivilDate) -> Bool { day >= start && day <= end }

    /// An agreement with the terms of its file: `end`, `quotas` and `campaigns` as first written, changed by
    /// `amendments`.
    public init(
        id: String, title: String, reference: String? = nil, parties: [String] = [],
        start: CivilDate, end: CivilDate, timeZone: TimeZone, blackouts: [Blackout] = [],
        quotas: [Quota] = [], campaigns: [Campaign] = [], amendments: [Amendment] = [], feeds: [Feed] = [],
        reportTo: [String] = [], settlement: SettlementTerms? = nil
    ) {
        self.id = id
        self.title = title
        self.reference = reference
        self.parties = parties
        self.reportTo = reportTo
        self.start = start
        self.timeZone = timeZone
        self.blackouts = blackouts
        self.feeds = feeds
        self.settlement = settlement
        let ordered = amendments.enumerated().sorted { ($0.element.effective, $0.offset) < ($1.element.effective, $1.offset) }
            .map(\.element)
        self.amendments = ordered
        let amendedEnd = ordered.last { $0.end != nil }?.end
        self.end = amendedEnd ?? end
        self.originalEnd = amendedEnd.map { $0 == end ? nil : end } ?? nil
        var quotas = quotas
        var campaigns = campaigns
        var quotaIDs = Set(quotas.map(\.id))
        var campaignIDs = Set(campaigns.map(\.id))
        for amendment in ordered {
            for change in amendment.quotas {
                if case .add(let quota) = change.change, quotaIDs.insert(quota.id).inserted { quotas.append(quota) }
            }
            for change in amendment.campaigns {
                switch change {
                case .add(let campaign):
                    if campaignIDs.insert(campaign.id).inserted { campaigns.append(campaign) }
                case .end(let id, let newEnd):
                    if let index = campaigns.firstIndex(where: { $0.id == id }) { campaigns[index].end = newEnd }
                }
            }
            for change in amendment.milestones {
                guard let c = campaigns.firstIndex(where: { $0.id == change.campaign }),
                      let m = campaigns[c].milestones.firstIndex(where: { $0.id == change.milestone })
                else { continue }
                if let due = change.due { campaigns[c].milestones[m].due = due }
                if let target = change.target, case .counted = campaigns[c].milestones[m].completion {
                    campaigns[c].milestones[m].completion = .counted(target: target)
                }
            }
        }
        self.quotas = quotas
        self.campaigns = campaigns
        self.schedules = quotas.map(makeSchedule(of:))
    }
}

/// How often a quota's target renews.
public enum Cadence: String, Sendable, Codable, CaseIterable {
    case total, year, quarter, month, week
}

/// A quota: so many matching items per window.
public struct Quota: Sendable, Hashable, Identifiable {
    /// `[a-z0-9-]+`, unique within the agreement.
    public var id: String
    public var title: String?
    /// Items per window, 1…1,000,000 (before prorating).
    public var target: Int
    public var per: Cadence
    public var filter: DeliveryFilter
    /// Per-quota threshold overrides; nil takes the global `[pace]` value.
    public var atRiskBelow: Double?
    public var behindBelow: Double?
    /// Whether a window cut short by the agreement's dates gets a prorated target.
    public var prorate: Bool
    /// What moves from one window into the next (SPEC §9); `none` for a `total` quota.
    public var carry: Carry
    /// What the payer pays for each counted item (SPEC §12); nil for a quota that is tracked but not paid.
    public var price: Money?

    public init(
        id: String, title: String? = nil, target: Int, per: Cadence = .total, filter: DeliveryFilter = .init(),
        atRiskBelow: Double? = nil, behindBelow: Double? = nil, prorate: Bool = true, carry: Carry = .none,
        price: Money? = nil
    ) {
        self.id = id
        self.title = title
        self.target = target
        self.per = per
        self.filter = filter
        self.atRiskBelow = atRiskBelow
        self.behindBelow = behindBelow
        self.prorate = prorate
        self.carry = carry
        self.price = price
    }

    /// The quota with the thresholds in force: its own, or the global `pace` where it sets none.
    public func resolved(_ pace: PaceThresholds) -> Quota {
        var quota = self
        quota.atRiskBelow = atRiskBelow ?? pace.atRiskBelow
        quota.behindBelow = behindBelow ?? pace.behindBelow
        return quota
    }
}

/// A themed campaign with dated milestones.
public struct Campaign: Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String?
    public var start: CivilDate
    public var end: CivilDate
    /// What counts for the campaign's counted milestones.
    public var filter: DeliveryFilter
    public var milestones: [Milestone]
    /// The reminder ladder of its milestones (leads before `due`); nil takes the daemon's.
    public var remind: [Duration]?

    public init(
        id: String, title: String? = nil, start: CivilDate, end: CivilDate, filter: DeliveryFilter = .init(),
        milestones: [Milestone] = [], remind: [Duration]? = nil
    ) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.filter = filter
        self.milestones = milestones
        self.remind = remind
    }

    /// Whether the campaign still runs on `date` (in the agreement's zone): through its last day. A MISSED
    /// milestone is news, and counts for monitoring, only while its campaign runs.
    public func isRunning(on date: CivilDate) -> Bool {
        date <= end
    }
}

/// A campaign milestone: counted (a number of matching items by a date) or manual.
public struct Milestone: Sendable, Hashable, Identifiable {
    /// How a milestone is reached.
    public enum Completion: Sendable, Hashable {
        /// Reached when the campaign's matching items since its start add up to `target`.
        case counted(target: Int)
        /// Reached on the date given to `tallyctl milestone done`.
        case manual
    }

    public var id: String
    public var title: String?
    public var due: CivilDate
    public var completion: Completion

    public init(id: String, title: String? = nil, due: CivilDate, completion: Completion) {
        self.id = id
        self.title = title
        self.due = due
        self.completion = completion
    }
}

/// Days that count for no quota (public holidays), inclusive at both ends.
public struct Blackout: Sendable, Hashable {
    /// Where a blackout is configured: for every agreement (tally.toml) or for one.
    public enum Scope: String, Sendable, CaseIterable {
        case global
        case agreement
    }

    public var from: CivilDate
    public var to: CivilDate
    public var reason: String?
    public var scope: Scope

    public init(from: CivilDate, to: CivilDate, reason: String? = nil, scope: Scope = .agreement) {
        self.from = from
        self.to = to
        self.reason = reason
        self.scope = scope
    }
}

/// Delivered/expected ratios below which a quota is AT_RISK or BEHIND.
public struct PaceThresholds: Sendable, Equatable {
    public var atRiskBelow: Double
    public var behindBelow: Double

    public init(atRiskBelow: Double = 0.9, behindBelow: Double = 0.7) {
        self.atRiskBelow = atRiskBelow
        self.behindBelow = behindBelow
    }
}

/// The global settings that evaluation and alerting depend on (`[daemon]`, `[pace]`, `[[blackout]]`).
public struct EvaluationPolicy: Sendable, Equatable {
    /// Zone of agreements that name none.
    public var defaultTimeZone: TimeZone
    public var checkInterval: Duration
    public var renotify: Duration
    public var dueSoon: Duration
    public var expiryWarning: Duration
    public var staleAfter: Duration
    public var pace: PaceThresholds
    /// Blackout days of every agreement.
    public var blackouts: [Blackout]
    /// Leads before a milestone's due date at which `milestone-due-soon` is raised, once each (SPEC §9);
    /// nil is one rung at `dueSoon`.
    public var remind: [Duration]?
    /// How long after the daemon first loads an agreement its alerts are held (SPEC §9).
    public var onboarding: Duration
    /// How long a feed may go without a successful fetch before `feed-failing` (SPEC §10).
    public var feedFailingAfter: Duration

    public init(
        defaultTimeZone: TimeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? .gmt,
        checkInterval: Duration = .seconds(15 * 60),
        renotify: Duration = .seconds(7 * 86_400),
        dueSoon: Duration = .seconds(7 * 86_400),
        expiryWarning: Duration = .seconds(30 * 86_400),
        staleAfter: Duration = .seconds(14 * 86_400),
        pace: PaceThresholds = .init(),
        blackouts: [Blackout] = [],
        remind: [Duration]? = nil,
        onboarding: Duration = .seconds(86_400),
        feedFailingAfter: Duration = .seconds(6 * 3600)
    ) {
        self.defaultTimeZone = defaultTimeZone
        self.checkInterval = checkInterval
        self.renotify = renotify
        self.dueSoon = dueSoon
        self.expiryWarning = expiryWarning
        self.staleAfter = staleAfter
        self.pace = pace
        self.blackouts = blackouts
        self.remind = remind
        self.onboarding = onboarding
        self.feedFailingAfter = feedFailingAfter
    }

    /// SPEC §9's onboarding: until when the alerts of an agreement the daemon first loaded at `firstLoaded` are
    /// held at `now`; nil when they are not (the hold is over, `onboarding` is 0, or something was recorded or
    /// imported for it since it was loaded).
    public func alertsHeldUntil(firstLoaded: Date, lastRecorded: Date?, now: Date) -> Date? {
        let end = firstLoaded.addingTimeInterval(Double(onboarding.components.seconds))
        guard now < end else { return nil }
        if let lastRecorded, lastRecorded >= firstLoaded { return nil }
        return end
    }

    /// The reminder ladder of `campaign`'s milestones, longest lead first.
    public func reminders(for campaign: Campaign) -> [Duration] {
        (campaign.remind ?? remind ?? [dueSoon]).sorted(by: >)
    }
}

extension Duration {
    /// The duration in (possibly fractional) days, for comparisons with day counts.
    public var days: Double {
        let (seconds, attoseconds) = components
        return (Double(seconds) + Double(attoseconds) / 1e18) / 86_400
    }
}
