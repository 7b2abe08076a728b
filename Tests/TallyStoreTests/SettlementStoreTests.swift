import Foundation
import TallyCore
import TallyStore
import TallyTesting
import Testing

/// SPEC §12 in the database: signing is one transaction, an item is never settled twice (a key of the file), a
/// signed record reads back as it was signed whatever the agreement's file says since, payments are checked and
/// audited, and none of them is ever changed or deleted.
@Suite struct SettlementStoreTests {
    let dir: StoreDirectory
    let store: TallyStore

    init() throws {
        dir = try StoreDirectory()
        store = try dir.store()
    }

    static let policy = EvaluationPolicy()
    /// A day after the first quarter's record is signed.
    static let today = day("2024-04-10")
    static let now = TestClock.at("2024-04-10T10:00:00+07:00").now

    /// 10 articles a quarter at 2,500,000 đ (or `price`), VAT excluded at 8 %, worth `value`.
    static func priced(price: Money = 2_500_000, value: Money = 1_500_000_000, payer: String = "UBND tỉnh Bến Tre")
        -> Agreement
    {
        Agreement(
            id: "ben-tre-2024", title: "TTXVN – UBND tỉnh Bến Tre", reference: "15/HĐ-TTXVN",
            parties: ["Thông tấn xã Việt Nam", "UBND tỉnh Bến Tre", "Sở Tài chính"], start: day("2024-01-01"),
            end: day("2024-12-31"), timeZone: vietnam,
            quotas: [Quota(id: "news", title: "Tin, bài", target: 10, per: .quarter, filter: DeliveryFilter(kinds: ["article"]),
                           price: price)],
            settlement: SettlementTerms(value: value, payer: payer, vat: .excluded(rate: 8)))
    }

    /// Records `count` articles published on consecutive days from `from`; their ids.
    @discardableResult
    func deliver(_ count: Int, from: String, agreement: Agreement = priced(), prefix: String = "a") throws -> [Int64] {
        try (0..<count).map { index in
            let published = day(from).adding(days: index).description
            return try store.record(article(published, id: "\(prefix)\(index)", title: "Bài \(prefix)\(index)"),
                                    for: agreement, by: 1000, at: Self.now).id
        }
    }

    /// Signs the draft of `period` as `number`, as the daemon does.
    @discardableResult
    func sign(_ period: ReportPeriod, _ number: String, agreement: Agreement = priced()) throws -> SignedRecord {
        try store.sign(for: agreement, by: 1001, at: Self.now) { settlement in
            try settlement.sign(settlement.draft(period: period, today: Self.today, policy: Self.policy), number: number,
                                date: Self.today, signerA: "Nguyễn Văn A, Phó Giám đốc", signerB: "Trần Thị B, Trưởng ban")
        }
    }

    @Test func signingStoresTheRecordItsItemsAndTheAuditEntryTogether() throws {
        let ids = try deliver(12, from: "2024-02-01")
        let signed = try sign(.quarter(year: 2024, quarter: 1), "01/BB-NT")
        // 10 paid within the cap, 2 listed over it: 10 × 2,500,000 = 25,000,000; VAT 8 % = 2,000,000.
        #expect(signed.lines.map(\.deliveryID) == ids)
        #expect(signed.lines.map(\.paidCount) == Array(repeating: 1, count: 10) + [0, 0])
        #expect(signed.subtotal == 25_000_000)
        #expect(signed.vat == 2_000_000)
        #expect(signed.due == 27_000_000)
        #expect(signed.signedBy == 1001)

        #expect(try store.signedRecords(agreement: "ben-tre-2024") == [signed])
        #expect(try store.signedRecord(agreement: "ben-tre-2024", number: "01/BB-NT") == signed)
        let raw = try GRDBQueue(path: dir.path("tally.sqlite"))
        #expect(try raw.int("SELECT COUNT(*) FROM settled_item WHERE record_number = '01/BB-NT'") == 12)
        #expect(try raw.int("SELECT SUM(amount) FROM settled_item") == 25_000_000)
        let audit = try store.auditLog(agreement: "ben-tre-2024").filter { $0.action == .sign }
        #expect(audit.count == 1)
        #expect(audit.first?.uid == 1001)
        #expect(audit.first?.detail.contains("01/BB-NT") == true)

        // Nothing changed since: the next draft is empty.
        let next = try store.settlement(for: Self.priced()).draft(period: .quarter(year: 2024, quarter: 2), today: Self.today,
                                                                 policy: Self.policy)
        #expect(next.lines.isEmpty)
    }

    @Test func aRefusedSignatureWritesNothing() throws {
        try deliver(3, from: "2024-02-01")
        try sign(.quarter(year: 2024, quarter: 1), "01/BB-NT")
        let audit = try store.auditLog().count

        // The core's refusals: the same number again, an empty record, a period before the signed one.
        for (period, number, code) in [
            (ReportPeriod.quarter(year: 2024, quarter: 2), "01/BB-NT", SettlementError.Code.number),
            (.quarter(year: 2024, quarter: 2), "02/BB-NT", .emptyRecord),
        ] {
            #expect(throws: SettlementError(code, "")) { try sign(period, number) }
        }
        try deliver(1, from: "2024-04-02", prefix: "b")
        #expect(throws: SettlementError(.periodBeforeSigned, "")) {
            try sign(ReportPeriod(kind: .month, label: "2024-01", start: day("2024-01-01"), end: day("2024-01-31")), "02/BB-NT")
        }

        // A record made without regard to what is signed (a bug, a race): the file's keys refuse it whole.
        #expect {
            try store.sign(for: Self.priced(), by: 1001, at: Self.now) { _ in
                let blind = try Settlement(agreement: Self.priced(), deliveries: try store.deliveries(includeVoid: true))
                return try blind.sign(blind.draft(period: .quarter(year: 2024, quarter: 2), today: Self.today, policy: Self.policy),
                                      number: "02/BB-NT", date: Self.today)
            }
        } throws: { error in
            (error as? StoreError)?.settlementConflict?.code == "settled"
        }
        #expect {
            try store.sign(for: Self.priced(), by: 1001, at: Self.now) { _ in
                let blind = try Settlement(agreement: Self.priced(), deliveries: try store.deliveries(includeVoid: true))
                return try blind.sign(blind.draft(period: .quarter(year: 2024, quarter: 2), today: Self.today, policy: Self.policy),
                                      number: "01/BB-NT", date: Self.today)
            }
        } throws: { error in
            (error as? StoreError)?.settlementConflict?.code == "number"
        }

        #expect(try store.signedRecords().map(\.number) == ["01/BB-NT"])
        #expect(try store.auditLog().count == audit + 1)  // the one delivery recorded since, no signature
        let raw = try GRDBQueue(path: dir.path("tally.sqlite"))
        #expect(try raw.int("SELECT COUNT(*) FROM settled_item") == 3)
        #expect(try raw.int("SELECT COUNT(*) FROM acceptance_record") == 1)
    }

    @Test func theFileItselfRefusesToPayAnItemTwiceOrChangeWhatIsSigned() throws {
        let ids = try deliver(2, from: "2024-02-01")
        try sign(.quarter(year: 2024, quarter: 1), "01/BB-NT")
        let raw = try GRDBQueue(path: dir.path("tally.sqlite"))
        #expect(throws: (any Error).self) {
            try raw.execute("""
                INSERT INTO settled_item (agreement, delivery_id, record_number, paid_count, unit_price, amount)
                VALUES ('ben-tre-2024', \(ids[0]), '01/BB-NT', 1, 2500000, 2500000)
                """)
        }
        for statement in [
            "UPDATE acceptance_record SET document = '{}'", "DELETE FROM acceptance_record",
            "UPDATE settled_item SET amount = 0", "DELETE FROM settled_item",
        ] {
            #expect(throws: (any Error).self, "\(statement)") { try raw.execute(statement) }
        }
        #expect(throws: (any Error).self) {
            try raw.execute("""
                INSERT INTO payment (agreement, amount, date, reference, recorded_at, recorded_by)
                VALUES ('ben-tre-2024', -5, '2024-04-01', 'x', 0, 0)
                """)
        }
        #expect(try raw.int("SELECT COUNT(*) FROM settled_item") == 2)
        #expect(try store.signedRecords().count == 1)
    }

    @Test func aSignedRecordReadsBackAsSignedAfterTheAgreementFileChanges() throws {
        let ids = try deliver(4, from: "2024-03-01")
        let signed = try sign(.quarter(year: 2024, quarter: 1), "01/BB-NT")

        // The file is edited: a new price, value and payer; the database is opened again.
        let edited = Self.priced(price: 3_000_000, value: 2_000_000_000, payer: "Sở Tài chính")
        let reopened = try TallyStore(path: dir.path("tally.sqlite"))
        let read = try #require(try reopened.signedRecord(agreement: "ben-tre-2024", number: "01/BB-NT"))
        #expect(read == signed)
        #expect(read.terms.payer == "UBND tỉnh Bến Tre")
        #expect(read.lines.map(\.unitPrice) == Array(repeating: 2_500_000, count: 4))
        #expect(read.contractValue == 1_500_000_000)
        #expect(read.quotas == signed.quotas)

        // The change shows only as adjustments in the next draft: 4 × (3,000,000 − 2,500,000).
        let next = try reopened.settlement(for: edited).draft(period: .quarter(year: 2024, quarter: 2), today: Self.today,
                                                               policy: Self.policy)
        #expect(next.lines.map(\.deliveryID) == ids)
        #expect(next.lines.allSatisfy { $0.corrects == "01/BB-NT" })
        #expect(next.subtotal == 2_000_000)
    }

    @Test func paymentsAreCheckedRecordedAuditedAndListed() throws {
        try deliver(2, from: "2024-02-01")
        try sign(.quarter(year: 2024, quarter: 1), "01/BB-NT")
        let agreement = Self.priced()
        func pay(_ payment: Payment) throws -> RecordedPayment {
            try store.recordPayment(payment, for: agreement, by: 1001, at: Self.now) { try $0.check(payment, today: Self.today) }
        }
        let first = try pay(Payment(amount: 5_400_000, date: day("2024-04-08"), reference: "UNC 12", record: "01/BB-NT"))
        #expect(first.recordedBy == 1001)
        for refused in [
            Payment(amount: -1, date: day("2024-04-08"), reference: "UNC 13"),
            Payment(amount: 1, date: day("2024-04-11"), reference: "UNC 13"),
            Payment(amount: 1, date: day("2024-04-08"), reference: "UNC 13", record: "09/BB-NT"),
        ] {
            #expect(throws: SettlementError(.payment, "")) { try pay(refused) }
        }
        #expect(try store.payments(agreement: "ben-tre-2024") == [first])
        #expect(try store.payments(agreement: "other").isEmpty)
        #expect(try store.auditLog().filter { $0.action == .payment }.count == 1)
        let settlement = try store.settlement(for: agreement)
        #expect(try settlement.paid(through: Self.today) == 5_400_000)
        // Everything signed (2 × 2,500,000 + 8 %) was paid.
        #expect(try settlement.statement(today: Self.today, policy: Self.policy).balance == 0)
    }

    @Test func anAgreementWithoutSettlementIsRefusedWithTheCoresSentence() throws {
        #expect(throws: SettlementError(.notSettled, "")) { try store.settlement(for: benTre()) }
    }

    @Test func alertsKeepTheirPeriod() throws {
        let alert = Alert(type: .acceptanceDue, at: Self.now, agreement: "ben-tre-2024", status: "DUE", previousStatus: nil,
                          message: "due", period: "2024-Q1")
        try store.apply(AlertUpdate(alerts: [alert]))
        #expect(try store.alerts().map(\.alert) == [alert])
    }
}
