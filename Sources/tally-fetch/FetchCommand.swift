import ArgumentParser
import Foundation
import Synchronization
import TallyCommandLine
import TallyCore
import TallyFetch
import TallyInterface
import TallyProtocol

/// `tally-fetch`: what `tallyctl fetch [AGREEMENT…] [--feed ID] [--force]` runs (SPEC §10), one round of feed fetches.
/// A program of its own so that only it loads the HTTP client, TLS and the XML parser.
@main
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally-fetch", abstract: FetchOptions.abstract, discussion: FetchOptions.discussion,
        version: CommandLineProgram.version)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: FetchOptions

    static func main() { CommandLineProgram.run(Self.self) }

    func run() throws {
        let daemon = try TallydConnection(global)
        let agreement = options.agreements.first
        let due: DueFeedsReply
        do {
            due = try daemon.callTyped(
                IOTally.dueFeeds,
                DueFeedsParameters(
                    agreements: options.agreements.isEmpty ? nil : options.agreements, feed: options.feed,
                    force: options.force ? true : nil))
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: agreement)
        }
        let configuration = FetchConfiguration(settings: due.settings, version: CommandLineProgram.version)
        let json = global.json
        let results = try waitFor {
            try await Self.round(due.feeds, configuration: configuration, daemon: daemon, json: json, agreement: agreement)
        }
        if json { try JSONOutput.print(FetchDocument(feeds: results)) }
        if !json { print(Self.summary(results, forced: options.force)) }
        let failed = results.filter { !$0.succeeded }.count
        if failed > 0 {
            throw CommandFailure("\(failed) of \(plural(results.count, "feed")) failed; `tallyctl feeds` shows each feed's last error.")
        }
    }

    /// Fetches `feeds` and submits each outcome in order, printing a line for each unless `json`.
    private static func round(
        _ feeds: [DueFeed], configuration: FetchConfiguration, daemon: TallydConnection, json: Bool, agreement: String?
    ) async throws -> [FetchedFeed] {
        let progress = FetchProgress(total: feeds.count)
        let nameWidth = feeds.map { $0.agreement.count + 1 + $0.feed.count }.max() ?? 0
        defer { progress.finish() }
        var results: [FetchedFeed] = []
        do {
            try await FeedFetcher.withFetcher(configuration) { fetcher in
                progress.draw(done: 0)
                try await FetchRound.run(feeds, parallel: configuration.parallel, fetch: { await fetcher.fetch($0) }) { index, feed, outcome in
                    let result = submit(outcome, of: feed, daemon: daemon, agreement: agreement)
                    results.append(result)
                    if !json { progress.printing { for line in result.lines(nameWidth: nameWidth) { print(line) } } }
                    progress.draw(done: index + 1)
                }
            }
        } catch let error as FetchSetupError {
            throw CommandFailure("Nothing was fetched: \(error.description).")
        }
        return results
    }

    /// Sends `outcome` to tallyd; any error (tallyd's refusal, or a lost connection) makes the feed's line say it
    /// was not recorded, and the round goes on: the feed is fetched whole again next time, since its result is
    /// applied only with its last call.
    private static func submit(_ outcome: FetchOutcome, of feed: DueFeed, daemon: TallydConnection, agreement: String?)
        -> FetchedFeed
    {
        var result = FetchedFeed(feed, outcome)
        do {
            for submission in outcome.submissions(for: feed) {
                let reply = try daemon.callTyped(IOTally.submitFetch, submission)
                result.recorded += reply.recorded
                result.waiting += reply.waiting
                result.skipped += reply.skipped
            }
        } catch let error as VarlinkError {
            result.submitError = ErrorSentences.daemonFailure(error, agreement: feed.agreement).message
        } catch {
            result.submitError = "tallyd did not take the result: \(error)"
        }
        return result
    }

    /// The last line: how many feeds, what came of them.
    static func summary(_ results: [FetchedFeed], forced: Bool) -> String {
        guard !results.isEmpty else {
            return forced ? "No feed to fetch: no agreement file names a [[feed]] here." : "No feed is due; --force fetches them anyway."
        }
        var counts: [String: Int] = [:]
        for result in results { counts[result.word, default: 0] += 1 }
        let parts = ["fetched", "not modified", "throttled", "gone", "failed", "not recorded"].compactMap { word in
            counts[word].map { "\($0) \(word)" }
        }
        let recorded = results.reduce(0) { $0 + $1.recorded }
        let waiting = results.reduce(0) { $0 + $1.waiting }
        return "\(plural(results.count, "feed")): \(parts.joined(separator: ", ")); "
            + "\(recorded) recorded, \(waiting) waiting in the inbox."
    }
}

/// Runs `operation` on the concurrency pool while the calling (main) thread waits for its end.
private func waitFor<Value: Sendable>(_ operation: sending @escaping () async throws -> Value) throws -> Value {
    let outcome = Mutex<Result<Value, any Error>?>(nil)
    let finished = DispatchSemaphore(value: 0)
    Task {
        let result: Result<Value, any Error>
        do { result = .success(try await operation()) } catch { result = .failure(error) }
        outcome.withLock { $0 = result }
        finished.signal()
    }
    finished.wait()
    guard let result = outcome.withLock({ $0 }) else { throw CommandFailure("The fetch round ended without a result.") }
    return try result.get()
}
