import Foundation
import Synchronization
import TallyCore

/// Answers to `DeliveryCounts` questions, remembered while no write that may change them is over: per-window
/// sums, campaign day lists, last-recorded times and milestone completions.
///
/// Every evaluation pass asks the same 16,000 window sums and 2,000 campaign day lists of a large
/// installation again; between two writes the answers cannot change. Each is kept under the store's
/// `WriteGeneration` of `.counts`, by its rule, per agreement: a write that changed one agreement's counts leaves the
/// others' answers in place. Reads go on in parallel on the pool's readers, synchronously inside their read
/// transactions: a lock, not an actor.
final class CountsMemo: Sendable {
    struct Key: Hashable {
        var agreement: String
        var subject: String
        var from: Int
        var through: Int
    }

    /// Each answer is kept with the `.counts` generation it was read under (`ReadUnder`).
    fileprivate typealias Kept = ReadUnder

    fileprivate struct Tagged: Hashable {
        var agreement: String
        var tag: String
    }

    fileprivate struct Entries {
        var delivered: [Key: Kept<Int>] = [:]
        /// A carry-over chain's window sums, one answer per quota and span (keyed by its first and last day).
        var windowSums: [Key: Kept<[Int]>] = [:]
        /// Day numbers and counts, 8 bytes a day rather than a `DayCount`'s 32: 2,000 campaigns' lists are kept.
        var campaignDays: [Key: Kept<[(day: Int32, count: Int32)]>] = [:]
        var lastRecorded: [String: Kept<Date?>] = [:]
        var completions: [String: Kept<[String: CivilDate]>] = [:]
        /// The evaluation dates whose questions `TallyStore.prefetch` answered, per agreement.
        var prefetched: [Tagged: Kept<Bool>] = [:]

        var count: Int { delivered.count + windowSums.count + campaignDays.count + lastRecorded.count + completions.count }
    }

    /// More remembered answers than this (new windows every day, what-ifs at other dates) start afresh. A pass
    /// over 2,000 agreements asks ~20,000 window sums, and carry-over (SPEC §9) the sums of every window before
    /// the current one as well: with carry on a quarter of the quotas ~220,000. Below that the memo started
    /// afresh within every pass and the pass took 1.4× as long (benchmarks/amend_pass.py); each answer costs
    /// ~100 bytes, about 7 MiB more resident on that set. Answers a write outdated stay until replaced, until a
    /// full pass lets go of the sums (`forgetSums`) or until this many.
    static let capacity = 400_000

    private let writes: WriteGeneration
    private let entries = Mutex(Entries())

    init(writes: WriteGeneration) {
        self.writes = writes
    }

    /// Remembers an answer about `agreement` read under `generation`, unless a write to its counts ended since.
    fileprivate func store(_ agreement: String, _ generation: UInt64, _ write: (inout Entries, UInt64) -> Void) {
        guard writes.stands(generation, for: agreement) else { return }
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries = Entries() }
            write(&entries, generation)
        }
    }

    /// What `answer` finds about `agreement`, if it was read after the last write to its counts.
    private func lookup<Value: Sendable>(_ agreement: String, _ answer: (borrowing Entries) -> Kept<Value>?) -> Value? {
        guard let kept = entries.withLock({ answer($0) }), writes.stands(kept.generation, for: agreement) else { return nil }
        return kept.value
    }

    /// Lets go of the window sums and campaign days, and of which dates were prefetched (see
    /// `TallyStore.forgetRememberedSums`).
    func forgetSums() {
        entries.withLock { entries in
            entries.delivered = [:]
            entries.windowSums = [:]
            entries.campaignDays = [:]
            entries.prefetched = [:]
        }
    }

    /// `counts` answered from memory where possible.
    func counts(_ counts: SnapshotCounts, generation: UInt64) -> RememberedCounts {
        RememberedCounts(snapshot: counts, memo: self, generation: generation)
    }

    func delivered(_ key: Key) -> Int? { lookup(key.agreement) { $0.delivered[key] } }
    func windowSums(_ key: Key) -> [Int]? { lookup(key.agreement) { $0.windowSums[key] } }
    func remember(windowSums value: [Int], for key: Key, generation: UInt64) {
        store(key.agreement, generation) { $0.windowSums[key] = Kept(generation: $1, value: value) }
    }
    func remember(delivered value: Int, for key: Key, generation: UInt64) {
        store(key.agreement, generation) { $0.delivered[key] = Kept(generation: $1, value: value) }
    }
    func remember(campaignDays value: [DayCount], for key: Key, generation: UInt64) {
        // Days and daily sums beyond Int32 cannot be stored (days are years 1…9999, counts at most 10,000 an item);
        // such a list is simply not remembered.
        var packed: [(day: Int32, count: Int32)] = []
        packed.reserveCapacity(value.count)
        for day in value {
            guard let number = Int32(exactly: day.date.dayNumber), let count = Int32(exactly: day.count) else { return }
            packed.append((number, count))
        }
        store(key.agreement, generation) { $0.campaignDays[key] = Kept(generation: $1, value: packed) }
    }
    func hasPrefetched(_ agreement: String, _ tag: String) -> Bool {
        lookup(agreement) { $0.prefetched[Tagged(agreement: agreement, tag: tag)] } ?? false
    }
    func markPrefetched(_ agreement: String, _ tag: String, _ generation: UInt64) {
        store(agreement, generation) { $0.prefetched[Tagged(agreement: agreement, tag: tag)] = Kept(generation: $1, value: true) }
    }
    func campaignDays(_ key: Key) -> [DayCount]? {
        lookup(key.agreement) { $0.campaignDays[key] }.map { days in
            days.map { DayCount(date: CivilDate(dayNumber: Int($0.day)), count: Int($0.count)) }
        }
    }
    fileprivate func lastRecorded(_ agreement: String) -> Date?? { lookup(agreement) { $0.lastRecorded[agreement] } }
    fileprivate func completions(_ agreement: String) -> [String: CivilDate]? { lookup(agreement) { $0.completions[agreement] } }
}

/// `DeliveryCounts` over one read transaction, answered from `CountsMemo` where it can.
struct RememberedCounts: DailyDeliveryCounts {
    let snapshot: SnapshotCounts
    let memo: CountsMemo
    let generation: UInt64

    func delivered(agreement: String, quota: String, from: CivilDate, through: CivilDate) throws -> Int {
        let key = CountsMemo.Key(agreement: agreement, subject: quota, from: from.dayNumber, through: through.dayNumber)
        if let known = memo.delivered(key) { return known }
        let value = try snapshot.delivered(agreement: agreement, quota: quota, from: from, through: through)
        memo.remember(delivered: value, for: key, generation: generation)
        return value
    }

    /// A carry-over chain's sums, remembered as one answer (a window's own sums come from the memo as well).
    func delivered(agreement: String, quota: String, windows: [QuotaWindow]) throws -> [Int] {
        guard let first = windows.first, let last = windows.last else { return [] }
        let key = CountsMemo.Key(agreement: agreement, subject: quota, from: first.start.dayNumber, through: last.end.dayNumber)
        if let known = memo.windowSums(key), known.count == windows.count { return known }
        // The windows' own sums when remembered (a pass prefetches a carrying quota's), else one walk over its days.
        var remembered: [Int] = []
        for window in windows {
            let key = CountsMemo.Key(agreement: agreement, subject: quota, from: window.start.dayNumber,
                                     through: window.end.dayNumber)
            guard let sum = memo.delivered(key) else { break }
            remembered.append(sum)
        }
        let value = remembered.count == windows.count
            ? remembered : try snapshot.delivered(agreement: agreement, quota: quota, windows: windows)
        memo.remember(windowSums: value, for: key, generation: generation)
        return value
    }

    func campaignDays(agreement: String, campaign: String, from: CivilDate, through: CivilDate) throws -> [DayCount] {
        let key = CountsMemo.Key(agreement: agreement, subject: campaign, from: from.dayNumber, through: through.dayNumber)
        if let known = memo.campaignDays(key) { return known }
        let value = try snapshot.campaignDays(agreement: agreement, campaign: campaign, from: from, through: through)
        memo.remember(campaignDays: value, for: key, generation: generation)
        return value
    }

    func quotaDays(agreement: String, quota: String, from: CivilDate, through: CivilDate) throws -> [DayCount] {
        try snapshot.quotaDays(agreement: agreement, quota: quota, from: from, through: through)
    }

    func lastRecorded(agreement: String) throws -> Date? {
        if let known = memo.lastRecorded(agreement) { return known }
        let value = try snapshot.lastRecorded(agreement: agreement)
        memo.store(agreement, generation) { $0.lastRecorded[agreement] = ReadUnder(generation: $1, value: value) }
        return value
    }

    func manualCompletions(agreement: String) throws -> [String: CivilDate] {
        if let known = memo.completions(agreement) { return known }
        let value = try snapshot.manualCompletions(agreement: agreement)
        memo.store(agreement, generation) { $0.completions[agreement] = ReadUnder(generation: $1, value: value) }
        return value
    }
}
