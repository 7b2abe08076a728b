import Foundation
import Synchronization
import GRDB
import TallyCore

/// Count questions to answer ahead of an evaluation (see `Evaluator.countRanges`).
public struct CountQuestions: Sendable {
    public var quotas: [(agreement: String, quota: String, from: CivilDate, through: CivilDate)] = []
    public var campaigns: [(agreement: String, campaign: String, from: CivilDate, through: CivilDate)] = []

    public init() {}
}

extension TallyStore {
    /// Answers every question of an evaluation pass in two set-based queries and remembers the answers (see
    /// `CountsMemo`), so that the evaluation that follows asks SQLite nothing.
    ///
    /// A pass over 2,000 agreements asks 16,000 window sums and 2,000 campaign day lists; one by one they took
    /// a third of a second, in two statements SQLite walks the same index ranges without the round trips.
    /// Each agreement comes with the tag of its questions (its evaluation date); `questions` is asked for those
    /// whose questions were not answered since the last write to their counts, and not at all when there are none.
    /// It may answer nil: the evaluation then asks them one by one.
    ///
    /// Many agreements' questions are split in two halves, asked at once on the pool's two readers: the first pass
    /// of a start reads every window's sum (issue 15, row 5), and the machine has two cores. Each agreement's questions
    /// are answered in one read transaction; `questions` is asked once per half, and a nil for either leaves the
    /// whole prefetch out.
    public func prefetch(_ agreements: [(id: String, tag: String)], _ questions: ([String]) -> CountQuestions?) throws {
        let generation = writes.current(.counts)
        let unanswered = agreements.filter { !memo.hasPrefetched($0.id, $0.tag) }
        guard !unanswered.isEmpty else { return }
        let ids = unanswered.map(\.id)
        let halves = ids.count >= Self.parallelPrefetch ? [Array(ids[..<(ids.count / 2)]), Array(ids[(ids.count / 2)...])] : [ids]
        let asked = halves.compactMap(questions)
        guard asked.count == halves.count else { return }
        let failures = Mutex<[any Error]>([])
        DispatchQueue.concurrentPerform(iterations: asked.count) { index in
            do {
                try guarded("reading delivery counts") {
                    try dbPool.read { db in
                        try prefetchQuotas(db, asked[index].quotas, generation)
                        try prefetchCampaigns(db, asked[index].campaigns, generation)
                    }
                }
            } catch {
                failures.withLock { $0.append(error) }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw failure }
        for agreement in unanswered { memo.markPrefetched(agreement.id, agreement.tag, generation) }
    }

    /// From this many agreements on, a prefetch asks in two halves at once.
    static let parallelPrefetch = 200

    private func prefetchQuotas(
        _ db: Database, _ quotas: [(agreement: String, quota: String, from: CivilDate, through: CivilDate)], _ generation: UInt64
    ) throws {
        guard !quotas.isEmpty else { return }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT CAST(w.key AS INTEGER), (
                SELECT COALESCE(SUM(s.count), 0) FROM subject_day s
                WHERE s.agreement = json_extract(w.value, '$[0]') AND s.subject_kind = 'quota'
                  AND s.subject_id = json_extract(w.value, '$[1]')
                  AND s.day BETWEEN json_extract(w.value, '$[2]') AND json_extract(w.value, '$[3]'))
            FROM json_each(?) AS w
            """, arguments: [Self.jsonRows(quotas.map { [$0.agreement, $0.quota, $0.from.description, $0.through.description] })])
        while let row = try rows.next() {
            let index: Int = row[0]
            guard quotas.indices.contains(index) else { continue }
            let q = quotas[index]
            memo.remember(delivered: row[1], for: CountsMemo.Key(agreement: q.agreement, subject: q.quota, from: q.from.dayNumber,
                                                                 through: q.through.dayNumber), generation: generation)
        }
    }

    private func prefetchCampaigns(
        _ db: Database, _ campaigns: [(agreement: String, campaign: String, from: CivilDate, through: CivilDate)],
        _ generation: UInt64
    ) throws {
        guard !campaigns.isEmpty else { return }
        var days = [[DayCount]](repeating: [], count: campaigns.count)
        // json_each drives the join (CROSS JOIN keeps that order), each entry an index range of subject_day.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT CAST(w.key AS INTEGER), CAST(julianday(s.day) - 2440587.5 AS INTEGER), s.count
            FROM json_each(?) AS w CROSS JOIN subject_day AS s
            WHERE s.agreement = json_extract(w.value, '$[0]') AND s.subject_kind = 'campaign'
              AND s.subject_id = json_extract(w.value, '$[1]')
              AND s.day BETWEEN json_extract(w.value, '$[2]') AND json_extract(w.value, '$[3]') AND s.count > 0
            ORDER BY w.key, s.day
            """, arguments: [Self.jsonRows(campaigns.map { [$0.agreement, $0.campaign, $0.from.description, $0.through.description] })])
        while let row = try rows.next() {
            let index: Int = row[0]
            guard days.indices.contains(index), let number = row[1] as Int? else { continue }
            days[index].append(DayCount(date: CivilDate(dayNumber: number), count: row[2]))
        }
        for (c, list) in zip(campaigns, days) {
            memo.remember(campaignDays: list, for: CountsMemo.Key(agreement: c.agreement, subject: c.campaign,
                                                                  from: c.from.dayNumber, through: c.through.dayNumber),
                          generation: generation)
        }
    }

    /// `[["a","b"],…]`: a JSON array of string arrays, for json_each.
    static func jsonRows(_ rows: [[String]]) -> String {
        StoredJSON.text(rows)
    }
}
