import TallyInterface

/// A round of fetches (SPEC §10): feeds fetched at most `parallel` at once, their outcomes handed on in the order
/// tallyd listed them (the first feed of a file wins an article two feeds share).
public enum FetchRound {
    /// Fetches every feed with `fetch`, at most `parallel` at once, and passes each outcome to `deliver` in the order
    /// of `feeds`, one at a time.
    ///
    /// A feed's fetch starts only while fewer than `parallel` outcomes are fetching or waiting for `deliver`, so at
    /// most `parallel` bodies are held at once: a slow first feed holds up the round, never the memory. An error of
    /// `deliver` ends the round (the fetches under way are cancelled) and is rethrown.
    public static func run(
        _ feeds: [DueFeed], parallel: Int, fetch: @escaping @Sendable (DueFeed) async -> FetchOutcome,
        deliver: (_ index: Int, _ feed: DueFeed, _ outcome: FetchOutcome) async throws -> Void
    ) async throws {
        let window = max(1, parallel)
        try await withThrowingTaskGroup(of: (Int, FetchOutcome).self) { group in
            var started = 0
            var delivered = 0
            var waiting: [Int: FetchOutcome] = [:]
            func startMore(_ group: inout ThrowingTaskGroup<(Int, FetchOutcome), any Error>) {
                while started < feeds.count, started - delivered < window {
                    let index = started
                    let feed = feeds[index]
                    group.addTask { (index, await fetch(feed)) }
                    started += 1
                }
            }
            startMore(&group)
            while delivered < feeds.count, let (index, outcome) = try await group.next() {
                waiting[index] = outcome
                while let next = waiting.removeValue(forKey: delivered) {
                    try await deliver(delivered, feeds[delivered], next)
                    delivered += 1
                }
                startMore(&group)
            }
        }
    }
}
