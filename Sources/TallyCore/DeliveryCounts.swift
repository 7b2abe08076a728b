import Foundation

/// Items counted on one day.
public struct DayCount: Sendable, Equatable {
    public var date: CivilDate
    public var count: Int

    public init(date: CivilDate, count: Int) {
        self.date = date
        self.count = count
    }
}

/// The facts about an agreement's deliveries that evaluation needs.
///
/// The store answers these from indexed queries; `DeliveryLedger` answers them from values in memory.
/// Only non-void deliveries count, each on its publication date in the agreement's zone.
public protocol DeliveryCounts {
    /// Sum of `count` of the deliveries matching the quota, published from `from` through `through`.
    func delivered(agreement: String, quota: String, from: CivilDate, through: CivilDate) throws -> Int
    /// Per-day sums of the deliveries matching the campaign, from `from` through `through`, in date order,
    /// days with nothing left out.
    func campaignDays(agreement: String, campaign: String, from: CivilDate, through: CivilDate) throws -> [DayCount]
    /// When anything was last recorded for the agreement (record or import, not publication), if ever.
    func lastRecorded(agreement: String) throws -> Date?
    /// Manual milestone completions: `campaign/milestone` → the date given to `milestone done`.
    func manualCompletions(agreement: String) throws -> [String: CivilDate]
    /// The quota's sums in each of `windows`, in order, as `delivered` gives them one by one: what a carry-over
    /// chain (SPEC §9) reads, asked as one question so that a store can remember it as one answer.
    func delivered(agreement: String, quota: String, windows: [QuotaWindow]) throws -> [Int]
}

extension DeliveryCounts {
    /// One `delivered` per window.
    public func delivered(agreement: String, quota: String, windows: [QuotaWindow]) throws -> [Int] {
        try windows.map { try delivered(agreement: agreement, quota: quota, from: $0.start, through: $0.end) }
    }
}

/// `base`, except one quota's sums in some whole windows, known already (asked of `base` as one question).
struct KnownWindowSums<Base: DeliveryCounts>: DeliveryCounts {
    private struct Span: Hashable {
        var from: CivilDate
        var through: CivilDate
    }

    let base: Base
    let agreement: String
    let quota: String
    private let sums: [Span: Int]

    /// `sums` are the quota's in `windows`, in order.
    init(_ base: Base, agreement: String, quota: String, windows: [QuotaWindow], sums: [Int]) {
        self.base = base
        self.agreement = agreement
        self.quota = quota
        var known: [Span: Int] = [:]
        for (window, sum) in zip(windows, sums) { known[Span(from: window.start, through: window.end)] = sum }
        self.sums = known
    }

    func delivered(agreement: String, quota: String, from: CivilDate, through: CivilDate) throws -> Int {
        if agreement == self.agreement, quota == self.quota, let sum = sums[Span(from: from, through: through)] { return sum }
        return try base.delivered(agreement: agreement, quota: quota, from: from, through: through)
    }

    func delivered(agreement: String, quota: String, windows: [QuotaWindow]) throws -> [Int] {
        if agreement == self.agreement, quota == self.quota {
            let known = windows.compactMap { sums[Span(from: $0.start, through: $0.end)] }
            if known.count == windows.count { return known }
        }
        return try base.delivered(agreement: agreement, quota: quota, windows: windows)
    }

    func campaignDays(agreement: String, campaign: String, from: CivilDate, through: CivilDate) throws -> [DayCount] {
        try base.campaignDays(agreement: agreement, campaign: campaign, from: from, through: through)
    }

    func lastRecorded(agreement: String) throws -> Date? { try base.lastRecorded(agreement: agreement) }

    func manualCompletions(agreement: String) throws -> [String: CivilDate] { try base.manualCompletions(agreement: agreement) }
}

/// Deliveries held in memory: the reference `DeliveryCounts`, used by tests, what-ifs over small data and the golden set.
public struct DeliveryLedger: DeliveryCounts, Sendable {
    /// A delivery as the ledger holds it.
    public struct Entry: Sendable {
        public var delivery: Delivery
        public var recordedAt: Date
        public var voided: Bool

        public init(delivery: Delivery, recordedAt: Date, voided: Bool = false) {
            self.delivery = delivery
            self.recordedAt = recordedAt
            self.voided = voided
        }
    }

    public var agreements: [String: Agreement]
    public var entries: [Entry]
    /// `agreement` → `campaign/milestone` → completion date.
    public var completions: [String: [String: CivilDate]]

    public init(agreements: [Agreement], entries: [Entry] = [], completions: [String: [String: CivilDate]] = [:]) {
        self.agreements = Dictionary(agreements.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.entries = entries
        self.completions = completions
    }

    private func matching(_ agreementID: String, _ filter: (Agreement) -> DeliveryFilter?) -> [(CivilDate, Int)] {
        guard let agreement = agreements[agreementID], let filter = filter(agreement) else { return [] }
        return entries.compactMap { entry in
            guard !entry.voided, entry.delivery.agreement == agreementID, filter.matches(entry.delivery.attributes)
            else { return nil }
            return (entry.delivery.published.date(in: agreement.timeZone), entry.delivery.count)
        }
    }

    /// Each delivery counts when it matches the quota's filters in force on its publication date (SPEC §9).
    public func delivered(agreement agreementID: String, quota: String, from: CivilDate, through: CivilDate) -> Int {
        guard let agreement = agreements[agreementID], let found = agreement.quotas.first(where: { $0.id == quota }) else {
            return 0
        }
        let schedule = agreement.schedule(of: found)
        return entries.reduce(0) { sum, entry in
            guard !entry.voided, entry.delivery.agreement == agreementID else { return sum }
            let day = entry.delivery.published.date(in: agreement.timeZone)
            guard day >= from, day <= through, schedule.terms(on: day).filter.matches(entry.delivery.attributes) else {
                return sum
            }
            return sum + entry.delivery.count
        }
    }

    public func campaignDays(agreement: String, campaign: String, from: CivilDate, through: CivilDate) -> [DayCount] {
        let days = matching(agreement) { $0.campaigns.first { $0.id == campaign }?.filter }
            .filter { $0.0 >= from && $0.0 <= through }
        return Dictionary(days.map { ($0.0, $0.1) }, uniquingKeysWith: +)
            .map { DayCount(date: $0.key, count: $0.value) }
            .sorted { $0.date < $1.date }
    }

    public func lastRecorded(agreement: String) -> Date? {
        entries.filter { $0.delivery.agreement == agreement }.map(\.recordedAt).max()
    }

    public func manualCompletions(agreement: String) -> [String: CivilDate] {
        completions[agreement] ?? [:]
    }
}
