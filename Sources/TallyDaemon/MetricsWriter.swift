import Foundation
import Logging
import ServiceLifecycle
import TallyCore
import TallyStore

/// Writes node_exporter's textfile (SPEC §11, `[metrics] textfile`) after evaluation passes.
///
/// A pass hands over its evaluations and goes on; the writer reads what else the metrics need (feeds, inbox, alert
/// counts) from the store, renders them and replaces the file atomically. Passes that come faster than `spacing`
/// (a burst of records, each with its pass) are written as the last of them: the file follows the passes within
/// `spacing`, and the store and the disk see one write per `spacing` at most. A file that cannot be written never
/// fails a pass: the reason is logged once, until it changes or the file is written again.
public final class MetricsWriter: Service, Sendable {
    /// What a pass hands over.
    public struct Pass: Sendable {
        /// Nil when `[metrics]` is off.
        public var textfile: String?
        /// In the order `status` lists them.
        public var agreements: [(agreement: Agreement, evaluation: AgreementEvaluation)]
        /// The last full pass, as GetInfo reports it.
        public var lastPassAt: Date?
        public var lastPassDuration: Duration?

        public init(textfile: String?, agreements: [(agreement: Agreement, evaluation: AgreementEvaluation)] = [],
                    lastPassAt: Date? = nil, lastPassDuration: Duration? = nil) {
            self.textfile = textfile
            self.agreements = agreements
            self.lastPassAt = lastPassAt
            self.lastPassDuration = lastPassDuration
        }
    }

    let store: TallyStore
    let logger: Logger
    let spacing: Duration
    private let passes: AsyncStream<Pass>
    private let continuation: AsyncStream<Pass>.Continuation

    public init(store: TallyStore, logger: Logger, spacing: Duration = .seconds(1)) {
        self.store = store
        self.logger = logger
        self.spacing = spacing
        (passes, continuation) = AsyncStream.makeStream(of: Pass.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Hands over a pass; one not yet written is dropped for it.
    public func submit(_ pass: Pass) {
        continuation.yield(pass)
    }

    public func run() async throws {
        var file = FileState()
        for await pass in passes.cancelOnGracefulShutdown() {
            write(pass, &file)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.spacing) }
        }
    }

    /// What the writer remembers between passes.
    struct FileState {
        /// The file last written, removed when `[metrics]` stops naming it.
        var written: String?
        /// The sentence of the last failure, logged once.
        var failure: String?
    }

    func write(_ pass: Pass, _ file: inout FileState) {
        if let old = file.written, old != pass.textfile {
            // Left in place, node_exporter would export its values, frozen, for as long as it runs.
            if unlink(old) == 0 || errno == ENOENT {
                logger.notice("removed the metrics textfile \(old): [metrics] textfile no longer names it")
            }
            file.written = nil
        }
        guard let path = pass.textfile else {
            file.failure = nil
            return
        }
        do {
            let text = PrometheusText.render(try metrics(of: pass).families)
            try AtomicFile(path: path).replace(with: [Array(text.utf8)])
            if file.failure != nil { logger.notice("the metrics textfile \(path) is written again") }
            file.failure = nil
            file.written = path
        } catch {
            let sentence = "cannot write the metrics textfile \(path): \(error); evaluation goes on, and every pass tries again"
            guard sentence != file.failure else { return }
            file.failure = sentence
            logger.warning("\(sentence)", metadata: [
                "MESSAGE_ID": .string(OperationalMessage.metricsFailed.messageID), "textfile": .string(path),
            ])
        }
    }

    /// The pass's evaluations with the inbox as `status` shows it, the feeds' state and the alert counts, read now.
    func metrics(of pass: Pass) throws -> StatusMetrics {
        let withFeeds = pass.agreements.map(\.agreement).filter { !$0.feeds.isEmpty }
        let inbox = withFeeds.isEmpty ? [:] : try store.inboxCounts()
        let feeds = withFeeds.isEmpty
            ? [] : try store.feedStatuses(withFeeds.flatMap { agreement in agreement.feeds.map { (agreement.id, $0) } })
        return StatusMetrics(
            agreements: pass.agreements.map { $0.evaluation.showingInbox(inbox, of: $0.agreement) }, feeds: feeds,
            alerts: try store.alertCounts(), lastPassAt: pass.lastPassAt, lastPassDuration: pass.lastPassDuration)
    }
}
