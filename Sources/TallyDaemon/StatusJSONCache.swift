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
/// evaluation figure is negative.) It holds the agreements of the last complete reply and those asked for since; a complete reply
/// drops the others (an agreement removed by a reload, say).
final class StatusJSONCache: Sendable {
    private struct Entry: Sendable {
        var evaluation: AgreementEvaluation
        var json: EncodedJSON
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// How many agreements of the last reply took their kept JSON (for tests).
    private let reusedLast = Mutex(0)

    /// `status`, a status of now, as it goes on the wire, with the JSON kept for its agreements where their
    /// evaluations are unchanged; `complete` when it lists every agreement.
    func reply(_ status: Status, complete: Bool) throws -> VarlinkReply {
        let known = entries.withLock { entries in status.agreements.map { entries[$0.agreementID] } }
        var written: [String: Entry] = [:]
        var reused = 0
        let json = try zip(status.agreements, known).map { evaluation, entry in
            if let entry, entry.evaluation == evaluation {
                reused += 1
                return entry.json
            }
            let json = try EncodedJSON(evaluation)
            written[evaluation.agreementID] = Entry(evaluation: evaluation, json: json)
            return json
        }
        if complete {
            var all: [String: Entry] = [:]
            all.reserveCapacity(json.count)
            for (evaluation, json) in zip(status.agreements, json) {
                all[evaluation.agreementID] = Entry(evaluation: evaluation, json: json)
            }
            entries.withLock { $0 = all }
        } else if !written.isEmpty {
            entries.withLock { $0.merge(written) { _, new in new } }
        }
        reusedLast.withLock { $0 = reused }
        // The agreements' text, and room for the envelope, the time and the duration.
        let capacity = json.reduce(256) { $0 + $1.bytes.count + 1 }
        return try VarlinkReply(encoding: status.written(agreements: json), capacity: capacity)
    }

    /// How many agreements' JSON is kept (for tests).
    var count: Int { entries.withLock(\.count) }

    /// How many agreements of the last reply took their kept JSON (for tests).
    var reusedInLastReply: Int { reusedLast.withLock { $0 } }
}
