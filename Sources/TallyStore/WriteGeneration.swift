import Synchronization

/// How many write transactions have ended: every answer the store keeps between writes is kept under it.
///
/// The one rule of the store's caches (`CountsMemo`, the values kept in a `KeptUntilWrite` or a
/// `KeptPerAgreement`), by which no answer read before a write is ever served after it:
/// - `TallyStore.writing` advances the generation once a write transaction is over, committed or not;
/// - a reader takes the generation *before* it opens the snapshot it reads from, and keeps its answer under it;
/// - a kept answer is served only while no write it must not outlive has ended since it was read.
///
/// Alert bookkeeping (`TallyStore.apply`) changes no delivery count, so it advances `.everyWrite` but not
/// `.counts`: the counts remembered for the next pass outlive a pass that raised an alert. A write that names the
/// agreements whose counts it changed (a record, a void, an import) leaves the answers of the others in place.
final class WriteGeneration: Sendable {
    /// Which writes a kept answer must not outlive.
    enum Scope {
        /// Every write transaction.
        case everyWrite
        /// The writes that may change delivery counts: all but alert bookkeeping.
        case counts
    }

    private let everyWrite = Atomic<UInt64>(0)
    private let counts = Atomic<UInt64>(0)
    /// The `.counts` generation the last write of every agreement's counts ended at, and each agreement's own.
    private let changed = Mutex<(all: UInt64, agreements: [String: UInt64])>((0, [:]))

    /// The generation to read under: take it before opening the read transaction.
    func current(_ scope: Scope) -> UInt64 {
        switch scope {
        case .everyWrite: everyWrite.load(ordering: .acquiring)
        case .counts: counts.load(ordering: .acquiring)
        }
    }

    /// Whether what was read about `agreement` under `generation` (taken before the read) still stands: no write
    /// that may have changed its counts has ended since. The one test of every per-agreement cache, before it keeps
    /// an answer and before it serves one.
    func stands(_ generation: UInt64, for agreement: String) -> Bool {
        generation >= changed.withLock { max($0.all, $0.agreements[agreement] ?? 0) }
    }

    /// A write transaction is over, committed or not, having changed `counts`.
    ///
    /// The agreements' last change is noted before the new generation can be taken, under the lock `stands`
    /// takes: a reader that holds the new generation is never served an answer from before the write, so it cannot
    /// keep a stale one under it.
    func advance(_ counts: CountsChange) {
        if counts != .none {
            changed.withLock { changed in
                let generation = self.counts.load(ordering: .acquiring) + 1
                switch counts {
                case .none:
                    break
                case .all:
                    changed = (generation, [:])
                case .agreements(let ids):
                    for id in ids { changed.agreements[id] = generation }
                }
                self.counts.store(generation, ordering: .releasing)
            }
        }
        everyWrite.add(1, ordering: .releasing)
    }
}

/// Which delivery counts (window sums, campaign days, last-recorded times, milestone completions) a write may
/// have changed.
enum CountsChange: Sendable, Equatable {
    /// None: alert bookkeeping, feed state, settlement, or a transaction rolled back.
    case none
    /// Any agreement's.
    case all
    /// Only these agreements'.
    case agreements(Set<String>)
}

/// A value read about one agreement under a `.counts` generation: it stands while `WriteGeneration.stands` says so.
struct ReadUnder<Value: Sendable>: Sendable {
    var generation: UInt64
    var value: Value
}

/// Values per agreement, each kept under the `.counts` generation it was read under and served while no write
/// that may change that agreement's counts has ended since (`WriteGeneration`'s rule, per agreement): a record
/// for one agreement leaves what is kept for the others in place. The daemon keeps its evaluations in one.
public final class KeptPerAgreement<Value: Sendable>: Sendable {
    /// Boxed, so that the table holds a pointer per agreement: 2,000 agreements take 4,096 buckets, and a bucket as
    /// large as an agreement's evaluation left half of them empty at that size.
    private final class Entry: Sendable {
        let read: ReadUnder<Value>
        init(_ read: ReadUnder<Value>) { self.read = read }
    }

    private let kept = Mutex<[String: Entry]>([:])

    public init() {}

    /// `agreement`'s value, if one is kept that no write to its counts has outdated.
    public func lookup(_ agreement: String, in store: TallyStore) -> Value? {
        guard let entry = kept.withLock({ $0[agreement]?.read }), store.writes.stands(entry.generation, for: agreement)
        else { return nil }
        return entry.value
    }

    /// Keeps `value`, read under `generation` (taken before the read), for `agreement`; not at all when a write to its
    /// counts ended since.
    public func keep(_ agreement: String, _ value: Value, generation: UInt64, in store: TallyStore) {
        guard store.writes.stands(generation, for: agreement) else { return }
        let entry = Entry(ReadUnder(generation: generation, value: value))
        kept.withLock { $0[agreement] = entry }
    }
}

/// A value built from database reads, kept under the write generation they were read under (see
/// `WriteGeneration`), and served only under that generation.
final class KeptUntilWrite<Value: Sendable>: Sendable {
    private let kept: Mutex<(generation: UInt64, value: Value)>
    private let empty: Value

    /// `empty` is what is kept before anything was read, and what a newer generation starts from.
    init(_ empty: Value) {
        self.empty = empty
        kept = Mutex((0, empty))
    }

    /// What `answer` finds in the kept value, if it was kept under `generation`.
    func lookup<Answer>(_ generation: UInt64, _ answer: (borrowing Value) -> Answer?) -> Answer? {
        kept.withLock { kept in kept.generation == generation ? answer(kept.value) : nil }
    }

    /// Changes the kept value with what was read under `generation`: from `empty` when an older generation's
    /// value is kept, not at all when a newer one's is.
    func keep(_ generation: UInt64, _ change: (inout Value) -> Void) {
        kept.withLock { kept in
            if generation < kept.generation { return }
            if generation > kept.generation { kept = (generation, empty) }
            change(&kept.value)
        }
    }

    /// The value kept under `generation`, or else `read`'s, which is kept.
    func value<Answer>(_ generation: UInt64, _ read: () throws -> Answer) rethrows -> Answer where Value == Answer? {
        if let known = lookup(generation, { $0 }) { return known }
        let value = try read()
        keep(generation) { $0 = value }
        return value
    }
}
