import Foundation
import TallyCore
@testable import TallyDaemon
import TallyInterface
import TallyProtocol
import Testing

/// A status reply written from kept JSON is always the JSON of what the status says: an agreement's JSON is kept only
/// for the evaluation it was written from.
@Suite struct StatusJSONCacheTests {
    static func evaluation(_ id: String, delivered: Int = 3) throws -> AgreementEvaluation {
        let date = try #require(CivilDate(iso: "2025-05-15"))
        let window = QuotaWindow(label: "2025", start: date.adding(days: -134), end: date.adding(days: 230),
                                 fullStart: date.adding(days: -134), fullEnd: date.adding(days: 230))
        let quota = QuotaEvaluation(
            quotaID: "news", title: "Tin, bài – số \(id)", window: window, target: 12, delivered: delivered, expected: 4.4,
            status: .onTrack, remaining: 12 - delivered, projected: 8.25, requiredPerWeek: 0.27, currentPerWeek: 0.16,
            windowDays: 365, elapsedDays: 135, leftDays: 230, closed: false)
        return AgreementEvaluation(
            agreementID: id, title: "Thỏa thuận \(id)", date: date, state: .active, stale: false,
            start: date.adding(days: -134), end: date.adding(days: 230), quotas: [quota], milestones: [])
    }

    static func status(_ agreements: [AgreementEvaluation]) -> Status {
        Status(at: "2025-05-15T10:00:00+07:00", agreements: agreements, durationMs: 12.5)
    }

    static func written(_ status: Status) throws -> Data {
        try VarlinkReply(encoding: status).frame
    }

    @Test func repliesWithTheJSONOfWhatTheStatusSays() throws {
        let cache = StatusJSONCache()
        var status = Self.status(try ["a", "b", "c"].map { try Self.evaluation($0) })
        #expect(try cache.reply(status, complete: true).frame == Self.written(status))
        #expect(cache.count == 3 && cache.reusedInLastReply == 0)
        #expect(try cache.reply(status, complete: true).frame == Self.written(status))
        #expect(cache.reusedInLastReply == 3)

        // One agreement's count changes: its JSON is written again, the others' are kept.
        status.agreements[1].quotas[0].delivered = 4
        #expect(try cache.reply(status, complete: true).frame == Self.written(status))
        #expect(cache.reusedInLastReply == 2)
        // What a reply lays over an evaluation is part of it, and so is every other field.
        let changes: [(inout AgreementEvaluation) -> Void] = [
            { $0.inbox = 5 },
            { $0.alertsHeldUntil = Date(timeIntervalSince1970: 1_747_300_000) },
            { $0.state = .ended },
            { $0.stale = true },
            { $0.title += " (sửa)" },
            { $0.quotas[0].status = .behind },
            { $0.quotas[0].window.label = "2025-Q2" },
        ]
        for change in changes {
            change(&status.agreements[2])
            #expect(try cache.reply(status, complete: true).frame == Self.written(status))
            #expect(cache.reusedInLastReply == 2)
        }

        // A status of one agreement is kept beside the others.
        let one = Self.status([try Self.evaluation("c", delivered: 9)])
        #expect(try cache.reply(one, complete: false).frame == Self.written(one))
        #expect(cache.count == 3)
        #expect(try cache.reply(status, complete: true).frame == Self.written(status))

        // A complete status without an agreement (a reload removed it) drops its JSON.
        let fewer = Self.status(Array(status.agreements.dropFirst()))
        #expect(try cache.reply(fewer, complete: true).frame == Self.written(fewer))
        #expect(cache.count == 2)
        let none = Self.status([])
        #expect(try cache.reply(none, complete: true).frame == Self.written(none))
        #expect(cache.count == 0)
    }
}
