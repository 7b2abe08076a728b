import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting
import Testing

@testable import TallyDaemon

/// SPEC §12 through tallyd's dispatcher over a real store: who may draft, sign and pay; the refusals as
/// `SettlementRefused` with their code; the audit; the alerts; and the account `status` shows.
@Suite struct SettlementControlTests {
    /// A uid with no passwd entry: its primary group decides which classes it is in.
    static let unknownUID: UInt32 = 4_000_000_000
    /// A member of the group `root` (as its primary group) and nothing else, not root itself.
    static let rootGroupMember = PeerCredentials(pid: 3, uid: unknownUID, gid: 0)

    /// The fixture's agreement priced: articles are paid 1,000,000 đ under `gia` (10 a quarter), VAT excluded at 8 %.
    static func fixture(approvers: [String]? = nil) async throws -> ControlFixture {
        var main = ""
        if let approvers { main = "approvers = [\(approvers.map { "\"\($0)\"" }.joined(separator: ", "))]" }
        return try await ControlFixture(
            moreQuotas: """
                [[quota]]
                id = "gia"
                title = "Tin, bài có đơn giá"
                target = 10
                per = "quarter"
                kinds = ["article"]
                price = 1_000_000

                [settlement]
                value = 100_000_000
                payer = "Sở Thông tin và Truyền thông"
                vat = "excluded"
                vat_rate = 8
                """,
            mainFile: main, topLevel: #"parties = ["Thông tấn xã Việt Nam", "Sở Thông tin và Truyền thông"]"#)
    }

    /// `PermissionDenied`'s parameters.
    private struct Denied: Decodable, Equatable {
        var method: String
        var uid: Int
        var access: String?
    }

    /// `SettlementRefused`'s parameters.
    private struct Refused: Decodable, Equatable {
        var agreement: String
        var code: String
        var reason: String
    }

    private static let q1 = "2025-Q1"

    private func sign(_ fixture: ControlFixture, period: String = q1, number: String, as peer: PeerCredentials? = Peer.root)
        async throws -> SignedRecord
    {
        try await fixture.call(IOTally.signRecord, SignRecordParameters(
            agreement: ControlFixture.agreement, period: period, number: number, date: "2025-04-05",
            signerA: " Nguyễn Văn A, Giám đốc Sở ", signerB: ""), as: peer).record
    }

    private func refusal(_ body: () async throws -> Void) async throws -> Refused? {
        let error = await #expect(throws: VarlinkError.self) { try await body() }
        #expect(error?.name == TallyErrorName.settlementRefused)
        return try error?.decodeParameters(as: Refused.self)
    }

    @Test func readersDraftOnlyApproversSignAndPayAndEveryRefusalChangesNothing() async throws {
        let fixture = try await Self.fixture(approvers: ["root"])
        for (index, day) in ["2025-02-03", "2025-02-04", "2025-03-05"].enumerated() {
            _ = try await fixture.call(IOTally.record, ControlFixture.article(day, id: "q1-\(index)"))
        }
        // Anyone who may read drafts; the default period is the last quarter that ended, 2025-Q1.
        let draft = try await fixture.call(IOTally.draftRecord, DraftRecordParameters(agreement: ControlFixture.agreement),
                                           as: Peer.reader).record
        #expect(draft.period.label == Self.q1)
        #expect(draft.lines.count == 3)
        // 3 × 1,000,000 = 3,000,000; VAT 8 % = 240,000.
        #expect(draft.subtotal == 3_000_000)
        #expect(draft.due == 3_240_000)

        // A reader, and a user in no group at all, are refused, and nothing is signed.
        let parameters = SignRecordParameters(agreement: ControlFixture.agreement, period: Self.q1, number: "01/BB-NT",
                                              date: "2025-04-05")
        for peer in [Peer.reader, PeerCredentials(pid: 4, uid: Self.unknownUID, gid: Self.unknownUID)] {
            let denied = await #expect(throws: VarlinkError.self) { try await fixture.call(IOTally.signRecord, parameters, as: peer) }
            #expect(denied?.name == TallyErrorName.permissionDenied)
            #expect(try denied?.decodeParameters(as: Denied.self)
                == Denied(method: IOTally.signRecord.name, uid: Int(peer.uid), access: "approvers"))
            let payment = RecordPaymentParameters(agreement: ControlFixture.agreement, amount: 1, date: "2025-04-20", reference: "x")
            let unpaid = await #expect(throws: VarlinkError.self) { try await fixture.call(IOTally.recordPayment, payment, as: peer) }
            #expect(try unpaid?.decodeParameters(as: Denied.self).access == "approvers")
        }
        #expect(try await fixture.call(IOTally.listRecords, SettlementListParameters()).records.isEmpty)

        // A member of an approvers group signs: the record is the draft, signed.
        let signed = try await sign(fixture, number: "01/BB-NT", as: Self.rootGroupMember)
        #expect(signed.record.draft == draft)
        #expect(signed.signerA == "Nguyễn Văn A, Giám đốc Sở")
        #expect(signed.signerB == nil)
        #expect(signed.signedBy == Self.unknownUID)
        let shown = try await fixture.call(IOTally.showRecord, ShowRecordParameters(agreement: ControlFixture.agreement,
                                                                                   number: "01/BB-NT"), as: Peer.reader)
        #expect(shown.record == signed)
        let listed = try await fixture.call(IOTally.listRecords, SettlementListParameters(agreement: ControlFixture.agreement))
        #expect(listed.records.map(\.summary.number) == ["01/BB-NT"])
        #expect(listed.records.map(\.lines) == [3])

        // The refusals, each a sentence with its code.
        #expect(try await refusal { _ = try await sign(fixture, number: "01/BB-NT") }?.code == "number")
        #expect(try await refusal { _ = try await sign(fixture, period: "2025-Q2", number: "02/BB-NT") }?.code == "empty-record")
        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-04-10", id: "q2-0"))
        let before = try await refusal { _ = try await sign(fixture, period: "2025-01", number: "02/BB-NT") }
        #expect(before?.code == "period-before-signed")
        #expect(before?.reason.contains("2025-Q1") == true)
        for amount: Int64 in [0, -5] {
            let payment = RecordPaymentParameters(agreement: ControlFixture.agreement, amount: amount, date: "2025-04-20",
                                                  reference: "UNC 1")
            #expect(try await refusal { _ = try await fixture.call(IOTally.recordPayment, payment) }?.code == "payment")
        }
        let future = RecordPaymentParameters(agreement: ControlFixture.agreement, amount: 5, date: "2025-05-16", reference: "UNC 1")
        #expect(try await refusal { _ = try await fixture.call(IOTally.recordPayment, future) }?.code == "payment")
        #expect(try await fixture.call(IOTally.listPayments, SettlementListParameters()).payments.isEmpty)
        #expect(try await fixture.call(IOTally.listRecords, SettlementListParameters()).records.count == 1)

        let paid = try await fixture.call(IOTally.recordPayment, RecordPaymentParameters(
            agreement: ControlFixture.agreement, amount: 3_240_000, date: "2025-04-20", reference: " UNC 0412 ", record: "01/BB-NT"),
            as: Self.rootGroupMember).payment
        #expect(paid.reference == "UNC 0412")
        #expect(paid.recordedBy == Self.unknownUID)

        // Every signature and payment is audited, by uid.
        let audit = try await fixture.call(IOTally.history, PageParameters(agreement: ControlFixture.agreement)).entries
        #expect(audit.filter { $0.action == .sign || $0.action == .payment }.map(\.uid) == [Self.unknownUID, Self.unknownUID])

        // status: accepted, paid, and the April item not yet accepted (1,000,000 + 8 %).
        let status = try await fixture.call(IOTally.getStatus, GetStatusParameters(), as: Peer.reader)
        #expect(status.agreements.first?.settlement
            == SettlementStanding(accepted: 3_240_000, paid: 3_240_000, unsettled: 1_080_000))
        let statement = try await fixture.call(IOTally.getStatement, AgreementParameter(agreement: ControlFixture.agreement),
                                               as: Peer.reader).statement
        #expect(statement.balance == 0)
        #expect(statement.neverAccepted.count == 1)
    }

    @Test func unknownRecordsAndAgreementsAreNamed() async throws {
        let fixture = try await Self.fixture()
        let record = await #expect(throws: VarlinkError.self) {
            try await fixture.call(IOTally.showRecord, ShowRecordParameters(agreement: ControlFixture.agreement, number: "9/BB"))
        }
        #expect(record?.name == TallyErrorName.noSuchRecord)
        let agreement = await #expect(throws: VarlinkError.self) {
            try await fixture.call(IOTally.draftRecord, DraftRecordParameters(agreement: "khong-co"))
        }
        #expect(agreement?.name == TallyErrorName.noSuchAgreement)
        let period = await #expect(throws: VarlinkError.self) {
            try await fixture.call(IOTally.draftRecord, DraftRecordParameters(agreement: ControlFixture.agreement, period: "Q5"))
        }
        #expect(period?.name == TallyErrorName.invalidArgument)
    }

    @Test func anAgreementWithoutSettlementIsRefused() async throws {
        let fixture = try await ControlFixture()
        let refused = try await refusal {
            _ = try await fixture.call(IOTally.draftRecord, DraftRecordParameters(agreement: ControlFixture.agreement, period: "2025-Q1"))
        }
        #expect(refused?.code == "not-settled")
        let status = try await fixture.call(IOTally.getStatus, GetStatusParameters())
        #expect(status.agreements.first?.settlement == nil)
    }

    /// On 15 May the first quarter's record is a month overdue: a pass raises `acceptance-due` for 2025-Q1 with its
    /// period; signing forgets it, and the next pass raises nothing.
    @Test func acceptanceDueIsRaisedByThePassAndEndsWithTheSignature() async throws {
        let fixture = try await Self.fixture()
        _ = try await fixture.call(IOTally.record, ControlFixture.article("2025-02-03", id: "q1-0"))
        let alerts = try await fixture.call(IOTally.listAlerts, PageParameters(agreement: ControlFixture.agreement)).alerts
        let due = alerts.filter { $0.type == .acceptanceDue }
        #expect(due.map(\.alert.period) == [Self.q1])
        #expect(due.first?.message.contains("due since 2025-04-16") == true)

        _ = try await sign(fixture, number: "01/BB-NT")
        _ = try await fixture.call(IOTally.check, CheckParameters())
        let after = try await fixture.call(IOTally.listAlerts, PageParameters(after: alerts.last.map { Int($0.id) })).alerts
        #expect(after.filter { $0.type == .acceptanceDue }.isEmpty)
    }
}
