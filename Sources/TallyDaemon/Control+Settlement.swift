import Foundation
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

extension Control {
    /// `DraftRecord`: the record that would be signed, changing nothing. Anyone who may read may draft.
    func draftRecord(_ p: DraftRecordParameters) async throws(VarlinkError) -> DraftRecordReply {
        let agreement = try await self.agreement(p.agreement)
        let policy = await state.snapshot.configuration.policy
        let today = CivilDate(clock.now(), in: agreement.timeZone)
        let period = try Self.recordPeriod(p.period, of: agreement, today: today)
        let draft = try settling(agreement.id) {
            try store.settlement(for: agreement).draft(period: period, today: today, policy: policy)
        }
        return DraftRecordReply(record: draft)
    }

    /// `SignRecord`: the record of the period as drafted now, signed, stored and its items settled in one
    /// transaction, which also holds the core's checks (number, period, lines). Approvers only.
    func signRecord(_ p: SignRecordParameters, _ context: CallContext) async throws(VarlinkError) -> SignedRecordReply {
        try await requireApprover(context, IOTally.signRecord.name)
        let agreement = try await self.agreement(p.agreement, writable: true)
        let policy = await state.snapshot.configuration.policy
        let now = clock.now()
        let today = CivilDate(now, in: agreement.timeZone)
        let period = try Self.recordPeriod(p.period, of: agreement, today: today)
        guard let date = try Self.date(p.date, parameter: "date") else {
            throw VarlinkError.invalidArgument("date", reason: "a record needs the date it was signed")
        }
        let signed = try settling(agreement.id) {
            try store.sign(for: agreement, by: context.peer?.uid ?? 0, at: now) { settlement in
                try settlement.sign(
                    settlement.draft(period: period, today: today, policy: policy), number: p.number, date: date,
                    signerA: Self.signer(p.signerA), signerB: Self.signer(p.signerB))
            }
        }
        // Its items are settled now: an acceptance-due of its period is over.
        await checker.pass(only: [agreement.id])
        return SignedRecordReply(record: signed)
    }

    /// `ListRecords`: the signed records of one agreement or all.
    func listRecords(_ p: SettlementListParameters) async throws(VarlinkError) -> ListRecordsReply {
        if let id = p.agreement { _ = try await agreement(id) }
        let records = try storing { try store.signedRecords(agreement: p.agreement) }
        return ListRecordsReply(records: records.map(ListedRecord.init))
    }

    /// `ShowRecord`: one signed record, as signed.
    func showRecord(_ p: ShowRecordParameters) async throws(VarlinkError) -> SignedRecordReply {
        // A record outlives its agreement's file: it is found whether or not the agreement is still configured.
        if let record = try storing({ try store.signedRecord(agreement: p.agreement, number: p.number) }) {
            return SignedRecordReply(record: record)
        }
        _ = try await agreement(p.agreement)
        throw VarlinkError.noSuchRecord(agreement: p.agreement, number: p.number)
    }

    /// `RecordPayment`: a positive amount, dated no later than today, checked and stored with its audit entry in
    /// one transaction. Approvers only.
    func recordPayment(_ p: RecordPaymentParameters, _ context: CallContext) async throws(VarlinkError)
        -> RecordPaymentReply
    {
        try await requireApprover(context, IOTally.recordPayment.name)
        let agreement = try await self.agreement(p.agreement, writable: true)
        let now = clock.now()
        let today = CivilDate(now, in: agreement.timeZone)
        guard let date = try Self.date(p.date, parameter: "date") else {
            throw VarlinkError.invalidArgument("date", reason: "a payment needs the date it was made")
        }
        let record = p.record.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).nfc }
        let payment = Payment(amount: Money(dong: p.amount), date: date,
                              reference: p.reference.trimmingCharacters(in: .whitespacesAndNewlines).nfc,
                              record: record?.isEmpty == true ? nil : record)
        let recorded = try settling(agreement.id) {
            try store.recordPayment(payment, for: agreement, by: context.peer?.uid ?? 0, at: now) { settlement in
                try settlement.check(payment, today: today)
            }
        }
        return RecordPaymentReply(payment: recorded)
    }

    /// `ListPayments`: the payments of one agreement or all.
    func listPayments(_ p: SettlementListParameters) async throws(VarlinkError) -> ListPaymentsReply {
        if let id = p.agreement { _ = try await agreement(id) }
        return ListPaymentsReply(payments: try storing { try store.payments(agreement: p.agreement) })
    }

    /// `GetStatement`: the liquidation statement today.
    func statement(_ p: AgreementParameter) async throws(VarlinkError) -> GetStatementReply {
        let agreement = try await self.agreement(p.agreement)
        let policy = await state.snapshot.configuration.policy
        let today = CivilDate(clock.now(), in: agreement.timeZone)
        return GetStatementReply(statement: try settling(agreement.id) {
            try store.settlement(for: agreement).statement(today: today, policy: policy)
        })
    }

    /// The accounts `status` shows (SPEC §12) of the chosen agreements that have `[settlement]`, on their `today`.
    func standings(_ agreements: [Agreement], at now: Date, policy: EvaluationPolicy) throws(VarlinkError)
        -> [String: SettlementStanding]
    {
        var standings: [String: SettlementStanding] = [:]
        for agreement in agreements where agreement.settlement != nil {
            standings[agreement.id] = try settling(agreement.id) {
                try store.settlement(for: agreement).standing(today: CivilDate(now, in: agreement.timeZone), policy: policy)
            }
        }
        return standings
    }

    // MARK: Access and checks

    /// Signing a record and recording a payment (SPEC §12): `[access] approvers` members, root, or tallyd's user.
    func requireApprover(_ context: CallContext, _ method: String) async throws(VarlinkError) {
        let approvers = await state.snapshot.configuration.approvers
        guard access.mayApprove(context.peer, approvers: approvers) else {
            throw VarlinkError.permissionDenied(method: method, uid: context.peer?.uid ?? UInt32.max, access: "approvers")
        }
    }

    /// A settlement call whose refusals become `SettlementRefused` naming the agreement, and whose store failures
    /// become what ``storing(_:)`` makes of them.
    func settling<T>(_ agreement: String, _ body: () throws -> T) throws(VarlinkError) -> T {
        try storing {
            do {
                return try body()
            } catch let error as SettlementError {
                throw VarlinkError.settlementRefused(agreement: agreement, code: error.code.description, reason: error.description)
            }
        }
    }

    /// The period of a record: §7's forms (`2024-Q2`, `2024`, `FROM..TO`, …); absent, the last `every` period of
    /// the agreement that has ended by `today`.
    static func recordPeriod(_ text: String?, of agreement: Agreement, today: CivilDate) throws(VarlinkError) -> ReportPeriod {
        guard let text else {
            guard let period = agreement.lastEndedSettlementPeriod(today: today) else {
                let first = agreement.settlementPeriods.first.map { ": the first, \($0.label), ends on \($0.end)" } ?? ""
                throw VarlinkError.settlementRefused(
                    agreement: agreement.id, code: "no-period",
                    reason: "no acceptance period of \(agreement.id) has ended by \(today)\(first); name the period to draft, such as \(today.year)-Q\((today.month - 1) / 3 + 1)")
            }
            return period
        }
        do {
            return try ReportPeriod.parse(text, today: today)
        } catch {
            throw VarlinkError.invalidArgument("period", reason: error.description)
        }
    }

    /// A signer as given, trimmed; nil when empty.
    static func signer(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines).nfc, !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
