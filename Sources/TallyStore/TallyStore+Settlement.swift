import Foundation
import GRDB
import TallyCore

extension TallyStore {
    /// The settlement of `agreement` as the database holds it (SPEC §12): every delivery of it, void ones too, its
    /// signed records in the order they were signed, and its payments. Throws the core's refusal when the agreement
    /// has no `[settlement]`.
    public func settlement(for agreement: Agreement) throws -> Settlement {
        try guarded("reading the settlement of \(agreement.id)") {
            try dbPool.read { db in try SettlementRows.settlement(db, agreement) }
        }
    }

    /// Signs an acceptance record of `agreement` in one transaction: `make` is handed the settlement as it stands
    /// inside the transaction (so no other signature or payment comes between its checks and the write) and
    /// returns the record to keep; the record, the items it settles and the audit entry are written together, or
    /// nothing is. `make`'s own errors (the core's refusals) come through unchanged.
    public func sign(
        for agreement: Agreement, by uid: UInt32, at now: Date, _ make: (Settlement) throws -> AcceptanceRecord
    ) throws -> SignedRecord {
        try writing("signing an acceptance record", counts: .none) { db in
            let record = try make(try SettlementRows.settlement(db, agreement))
            let document = RecordDocument(record)
            for text in [record.number, record.signerA ?? "", record.signerB ?? ""] {
                try DeliveryRows.checkText(text, field: "record")
            }
            try SettlementRows.refusingDuplicates(agreement: agreement.id, record: record.number) {
                try db.execute(
                    sql: """
                        INSERT INTO acceptance_record (agreement, number, period, period_start, period_end, date, signed_at,
                                                       signed_by, document)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        agreement.id, record.number, record.period.label, record.period.start.description,
                        record.period.end.description, record.date.description, now.timeIntervalSince1970, Int64(uid),
                        document.text,
                    ])
                let settle = try db.cachedStatement(sql: """
                    INSERT INTO settled_item (agreement, delivery_id, record_number, paid_count, unit_price, amount)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                for line in record.lines where line.isItem {
                    try settle.execute(arguments: [
                        agreement.id, line.deliveryID, record.number, line.paidCount, line.unitPrice.dong, line.amount.dong,
                    ])
                }
            }
            var detail = [
                "number": record.number, "period": record.period.label, "date": record.date.description,
                "lines": String(record.lines.count), "due": record.due.description,
            ]
            detail["signer_a"] = record.signerA
            detail["signer_b"] = record.signerB
            try audit(db, at: now, uid: uid, agreement: agreement.id, action: .sign, detail: detail)
            return SignedRecord(record: record, signedAt: now, signedBy: uid)
        }
    }

    /// Records a payment of `agreement` with its audit entry, in one transaction, once `check` (handed the
    /// settlement as it stands inside the transaction) accepts it.
    public func recordPayment(
        _ payment: Payment, for agreement: Agreement, by uid: UInt32, at now: Date, check: (Settlement) throws -> Void
    ) throws -> RecordedPayment {
        try DeliveryRows.checkText(payment.reference, field: "reference")
        return try writing("recording a payment", counts: .none) { db in
            try check(try SettlementRows.settlement(db, agreement))
            try db.execute(
                sql: """
                    INSERT INTO payment (agreement, amount, date, reference, record_number, recorded_at, recorded_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    agreement.id, payment.amount.dong, payment.date.description, payment.reference, payment.record,
                    now.timeIntervalSince1970, Int64(uid),
                ])
            let id = db.lastInsertedRowID
            var detail = ["payment": String(id), "amount": payment.amount.description, "date": payment.date.description,
                          "reference": payment.reference]
            detail["record"] = payment.record
            try audit(db, at: now, uid: uid, agreement: agreement.id, action: .payment, detail: detail)
            return RecordedPayment(id: id, agreement: agreement.id, payment: payment, recordedAt: now, recordedBy: uid)
        }
    }

    /// The signed records of one agreement or all, each agreement's in the order they were signed.
    public func signedRecords(agreement: String? = nil) throws -> [SignedRecord] {
        try guarded("reading acceptance records") {
            try dbPool.read { db in
                let filter = agreement == nil ? "" : " WHERE agreement = ?"
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM acceptance_record\(filter) ORDER BY agreement, rowid",
                    arguments: StatementArguments(agreement.map { [$0] } ?? [])
                ).map(SettlementRows.signedRecord)
            }
        }
    }

    /// One signed record of an agreement by its number, or nil.
    public func signedRecord(agreement: String, number: String) throws -> SignedRecord? {
        try guarded("reading an acceptance record") {
            try dbPool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT * FROM acceptance_record WHERE agreement = ? AND number = ?", arguments: [agreement, number]
                ).map(SettlementRows.signedRecord)
            }
        }
    }

    /// The payments of one agreement or all, in the order they were recorded.
    public func payments(agreement: String? = nil) throws -> [RecordedPayment] {
        try guarded("reading payments") {
            try dbPool.read { db in
                let filter = agreement == nil ? "" : " WHERE agreement = ?"
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM payment\(filter) ORDER BY id", arguments: StatementArguments(agreement.map { [$0] } ?? [])
                ).map(SettlementRows.recordedPayment)
            }
        }
    }
}

/// Reading the settlement tables into the core's values.
enum SettlementRows {
    static func settlement(_ db: Database, _ agreement: Agreement) throws -> Settlement {
        var deliveries: [DeliveryRecord] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT * FROM delivery WHERE agreement = ? ORDER BY id"), arguments: [agreement.id])
        while let row = try rows.next() { deliveries.append(try DeliveryRows.decode(row)) }
        let records = try Row.fetchAll(
            db, sql: "SELECT * FROM acceptance_record WHERE agreement = ? ORDER BY rowid", arguments: [agreement.id]
        ).map { try signedRecord($0).record }
        let payments = try Row.fetchAll(db, sql: "SELECT * FROM payment WHERE agreement = ? ORDER BY id", arguments: [agreement.id])
            .map { try recordedPayment($0).payment }
        return try Settlement(agreement: agreement, deliveries: deliveries, records: records, payments: payments)
    }

    static func signedRecord(_ row: Row) throws -> SignedRecord {
        let agreement: String = row["agreement"], number: String = row["number"]
        let record = try RecordDocument.read(row["document"], agreement: agreement, number: number).record()
        return SignedRecord(record: record, signedAt: Date(timeIntervalSince1970: row["signed_at"]),
                            signedBy: UInt32(truncatingIfNeeded: row["signed_by"] as Int64))
    }

    static func recordedPayment(_ row: Row) throws -> RecordedPayment {
        let payment = Payment(
            amount: Money(dong: row["amount"]), date: try DeliveryRows.day(row["date"]), reference: row["reference"],
            record: row["record_number"])
        return RecordedPayment(
            id: row["id"], agreement: row["agreement"], payment: payment,
            recordedAt: Date(timeIntervalSince1970: row["recorded_at"]),
            recordedBy: UInt32(truncatingIfNeeded: row["recorded_by"] as Int64))
    }

    /// Runs the inserts of a signature, turning a broken key into the refusal it stands for: the number is taken,
    /// or an item is already settled by another record.
    static func refusingDuplicates(agreement: String, record: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
            || error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
        {
            let message = error.message ?? ""
            if message.contains("settled_item") {
                throw StoreError.alreadySettled(agreement: agreement, record: record)
            }
            throw StoreError.recordExists(agreement: agreement, number: record)
        }
    }
}
