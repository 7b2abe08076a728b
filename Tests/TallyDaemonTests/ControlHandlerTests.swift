import TallyCore
import TallyInterface
import TallyProtocol
import Testing

/// io.tally handlers end to end through tallyd's dispatcher, over a real store: what a client sees.
@Suite struct ControlHandlerTests {
    let fixture: ControlFixture

    init() async throws {
        fixture = try await ControlFixture()
    }

    /// `PermissionDenied`'s parameters.
    private struct Denied: Decodable, Equatable {
        var method: String
        var uid: Int
    }

    /// On 15 May 45 of the quarter's 91 articles are expected: under 90 % is AT_RISK, under 70 % BEHIND.
    @Test(arguments: [(0, "BEHIND", "CRITICAL"), (36, "AT_RISK", "WARNING"), (45, "ON_TRACK", "OK")])
    func statusCarriesTheSeverity(delivered: Int, status: String, severity: String) async throws {
        if delivered > 0 {
            _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-05-02", count: delivered, id: "loat-bai"))
        }
        let reply = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        let agreement = try #require(reply.agreements.first)
        #expect(reply.agreements.map(\.agreementID) == [ControlFixture.agreement])
        #expect(agreement.quotas.map(\.delivered) == [delivered])
        #expect(agreement.quotas.map(\.status.rawValue) == [status])
        #expect(agreement.severity.rawValue == severity)
    }

    @Test func recordedDeliveriesAreListedOnce() async throws {
        let first = try await fixture.call(IOTally.record, ControlFixture.article("2025-05-14", id: "bai-1"))
        #expect(first.created)
        let again = try await fixture.call(IOTally.record, ControlFixture.article("2025-05-14", id: "bai-1"))
        #expect(again == RecordReply(id: first.id, created: false))

        let page = try await fixture.call(IOTally.listDeliveries, ListDeliveriesParameters(agreements: [ControlFixture.agreement]))
        #expect(page.deliveries.map(\.id) == [Int64(first.id)])
        #expect(page.deliveries.first?.delivery.externalID == "bai-1")
        #expect(page.deliveries.first?.recordedBy == 0)
        #expect(page.nextAfter == nil)
    }

    @Test func aReaderMayReadButNotRecord() async throws {
        let record = ControlFixture.article("2025-05-14", id: "bai-1")
        let denied = await #expect(throws: VarlinkError.self) {
            try await fixture.call(IOTally.record, record, as: Peer.reader)
        }
        #expect(denied?.name == "io.tally.PermissionDenied")
        #expect(try denied?.decodeParameters(as: Denied.self) == Denied(method: IOTally.record.name, uid: 65_534))
        let anonymous = await #expect(throws: VarlinkError.self) {
            try await fixture.call(IOTally.record, record, as: nil)
        }
        #expect(anonymous?.name == "io.tally.PermissionDenied")

        let status = try await fixture.call(IOTally.getStatus, GetStatusParameters(), as: Peer.reader)
        #expect(status.agreements.first?.quotas.first?.delivered == 0)
        let page = try await fixture.call(IOTally.listDeliveries, ListDeliveriesParameters(), as: Peer.reader)
        #expect(page.deliveries.isEmpty)
    }

    @Test func anUnknownAgreementIsNamed() async throws {
        let status = await #expect(throws: VarlinkError.self) {
            try await fixture.call(IOTally.getStatus, GetStatusParameters(agreements: ["khong-co"]))
        }
        #expect(status?.name == "io.tally.NoSuchAgreement")
        var record = ControlFixture.article("2025-05-14", id: "bai-1")
        record.delivery.agreement = "khong-co"
        let recorded = await #expect(throws: VarlinkError.self) { try await fixture.call(IOTally.record, record) }
        #expect(recorded?.name == "io.tally.NoSuchAgreement")
    }

    /// Check answers with the pass's own evaluations, made at the pass's instant: what GetStatus says at that
    /// instant (the fixture's clock stands still), for all agreements or the ones asked for. The status before the
    /// pass is evaluated afresh; the one after it answers from the pass's evaluations (`EvaluationMemo`).
    @Test func checkAnswersWithThePassesEvaluations() async throws {
        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-05-02", count: 36, id: "pass-eval"))
        let fresh = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        let checked = try await fixture.call(IOTally.check, CheckParameters())
        let status = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(checked.durationMs != nil)
        #expect(checked.at == status.at)
        #expect(checked.agreements == fresh.agreements)
        #expect(checked.agreements == status.agreements)
        #expect(checked.agreements.first?.quotas.map(\.delivered) == [36])
        let one = try await fixture.call(IOTally.check, CheckParameters(agreements: [ControlFixture.agreement]))
        #expect(one.agreements == status.agreements)
        let unknown = await #expect(throws: VarlinkError.self) {
            try await fixture.call(IOTally.check, CheckParameters(agreements: ["no-such"]))
        }
        #expect(unknown?.name == "io.tally.NoSuchAgreement")
    }

    /// A status or a pass between two writes answers from the evaluations kept since the last pass or status; each
    /// change that can alter one shows at once: a delivery recorded, the next day, a reload that adds a quota.
    @Test func aStatusFollowsEveryChangeBetweenPasses() async throws {
        _ = try await fixture.call(IOTally.check, CheckParameters())
        let before = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(before.agreements.first?.quotas.map(\.delivered) == [0])
        #expect(try await fixture.call(IOTally.getStatus, GetStatusParameters()).agreements == before.agreements)

        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-05-02", count: 5, id: "memo-1"))
        let recorded = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(recorded.agreements.first?.quotas.map(\.delivered) == [5])
        #expect(try await fixture.call(IOTally.check, CheckParameters()).agreements == recorded.agreements)

        try fixture.move(to: "2025-05-16T10:00:00+07:00")
        let nextDay = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(nextDay.agreements.first?.date == CivilDate(iso: "2025-05-16"))
        #expect(nextDay.agreements.first?.quotas.first?.expected != recorded.agreements.first?.quotas.first?.expected)
        #expect(try await fixture.call(IOTally.check, CheckParameters()).agreements == nextDay.agreements)

        _ = try await fixture.reload(withAgreement: """
            [[quota]]
            id = "video"
            target = 3
            per = "month"
            kinds = ["video"]
            """)
        let reloaded = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(reloaded.agreements.first?.quotas.map(\.quotaID) == ["tin-bai", "video"])
        #expect(reloaded.agreements.first?.quotas.first?.delivered == 5)
    }

    /// A writer's Check is a pass: the BEHIND quota raises one alert, stored and listed; the same state a
    /// moment later raises none (renotify is a week).
    @Test func checkStoresTheAlertsItRaises() async throws {
        _ = try await fixture.call(IOTally.check, CheckParameters())
        let alerts = try await fixture.call(IOTally.listAlerts, PageParameters(agreement: ControlFixture.agreement))
        #expect(alerts.alerts.map(\.alert.status) == ["BEHIND"])
        #expect(alerts.alerts.map(\.alert.quota) == ["tin-bai"])
        _ = try await fixture.call(IOTally.check, CheckParameters())
        let again = try await fixture.call(IOTally.listAlerts, PageParameters(after: alerts.alerts.last.map { Int($0.id) }))
        #expect(again.alerts.isEmpty)

        let denied = await #expect(throws: VarlinkError.self) {
            try await fixture.call(IOTally.check, CheckParameters(), as: Peer.reader)
        }
        #expect(denied?.name == "io.tally.PermissionDenied")
    }
}
