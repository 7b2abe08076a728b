import Synchronization

/// How many write transactions have ended: every answer the store keeps between writes is kept under it.
///
/// The one rule of the store's caches (`CountsMemo`, and the values kept in a `KeptUntilWrite`), by which no
/// answer read before a write is ever served after it:
/// - `TallyStore.writing` advances the generation once a write transaction is over, committed or not;
/// - a reader takes the generation *before* it opens the snapshot it reads from, and keeps its answer under it;
/// - a kept answer is served only under the generation it was kept under, and an answer of an older generation
///   never replaces one of a newer generation.
///
/// Alert bookkeeping (`TallyStore.apply`) changes no delivery count, so it advances `.everyWrite` but not
/// `.counts`: the counts remembered for the next pass outlive a pass that raised an alert.
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

    /// The generation to read under: take it before opening the read transaction.
    func current(_ scope: Scope) -> UInt64 {
        switch scope {
        case .everyWrite: everyWrite.load(ordering: .acquiring)
        case .counts: counts.load(ordering: .acquiring)
        }
    }

    /// A write transaction is over, committed or not; `countsChanged` unless it was alert bookkeeping only.
    func advance(countsChanged: Bool) {
        if countsChanged { counts.add(1, ordering: .releasing) }
        everyWrite.add(1, ordering: .releasing)
    }
}

/// A value built from database reads, kept under the write generation they were read under (see
/// `WriteGeneration`). The daemon keeps its evaluations in one, under `TallyStore.countsGeneration`.
public final class KeptUntilWrite<Value: Sendable>: Sendable {
    private let kept: Mutex<(generation: UInt64, value: Value)>
    private let empty: Value

    /// `empty` is what is kept before anything was read, and what a newer generation starts from.
    public init(_ empty: Value) {
        self.empty = empty
        kept = Mutex((0, empty))
    }

    /// What `answer` finds in the kept value, if it was kept under `generation`.
    public func lookup<Answer>(_ generation: UInt64, _ answer: (borrowing Value) -> Answer?) -> Answer? {
        kept.withLock { kept in kept.generation == generation ? answer(kept.value) : nil }
    }

    /// Changes the kept value with what was read under `generation`: from `empty` when an older generation's
    /// value is kept, not at all when a newer one's is.
    public func keep(_ generation: UInt64, _ change: (inout Value) -> Void) {
        kept.withLock { kept in
            if generation < kept.generation { return }
            if generation > kept.generation { kept = (generation, empty) }
            change(&kept.value)
        }
    }

    /// Changes what is kept, under whichever generation it is kept: only to let go of part of it.
    public func shrink(_ change: (inout Value) -> Void) {
        kept.withLock { kept in change(&kept.value) }
    }

    /// The value kept under `generation`, or else `read`'s, which is kept.
    func value<Answer>(_ generation: UInt64, _ read: () throws -> Answer) rethrows -> Answer where Value == Answer? {
        if let known = lookup(generation, { $0 }) { return known }
        let value = try read()
        keep(generation) { $0 = value }
        return value
    }
}
