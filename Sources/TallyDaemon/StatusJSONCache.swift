import Synchronization
import TallyCore
import TallyInterface
import TallyProtocol

/// Each agreement's status as it last went out, with its JSON, so that a status or check of thousands of agreements
/// encodes only those whose evaluation changed since (between two passes of a day, almost none): encoding was most of
/// tallyd's time for `tallyctl check --json`.
///
/// An entry is used only for an evaluation equal to the one it was written from (`==` over every stored field), so a
/// reply is always the JSON of what it reports. (`==` holds 0 and -0 equal where the writer spells them apart; no
/// evaluation figure is negative.) It holds the agreements of the last complete reply and those asked for since; a
/// complete reply drops the others (an agreement removed by a reload, say).
final class StatusJSONCache: Sendable {
    private struct Entry: Sendable {
        var evaluation: AgreementEvaluation
        var json: EncodedJSON
    }

    private struct State: Sendable {
        var entries: [String: Entry] = [:]
        /// How many agreements of the last reply took their kept JSON (for tests).
        var reusedInLastReply = 0
    }

    private let state = Mutex(State())

    /// `status`, a status of now, as it goes on the wire, with the JSON kept for its agreements where their
    /// evaluations are unchanged; `complete` when it lists every agreement.
    func reply(_ status: Status, complete: Bool) throws -> VarlinkReply {
        let known = state.withLock { state in status.agreements.map { state.entries[$0.agreementID] } }
        var reused = 0
        // Each kept with the evaluation just made, not the equal one it was written from: the older one's storage is
        // then freed with the memo's.
        let written = try zip(status.agreements, known).map { evaluation, entry in
            guard let entry, entry.evaluation == evaluation else {
                return Entry(evaluation: evaluation, json: try EncodedJSON(evaluation))
            }
            reused += 1
            return Entry(evaluation: evaluation, json: entry.json)
        }
        state.withLock { state in
            if complete { state.entries.removeAll(keepingCapacity: true) }
            for entry in written { state.entries[entry.evaluation.agreementID] = entry }
            state.reusedInLastReply = reused
        }
        // The agreements' text, and room for the envelope, the time and the duration.
        let capacity = written.reduce(256) { $0 + $1.json.bytes.count + 1 }
        return try VarlinkReply(encoding: status.written(agreements: written.map(\.json)), capacity: capacity)
    }

    /// How many agreements' JSON is kept (for tests).
    var count: Int { state.withLock(\.entries.count) }

    /// How many agreements of the last reply took their kept JSON (for tests).
    var reusedInLastReply: Int { state.withLock(\.reusedInLastReply) }
}
