import Foundation

/// A signed acceptance record as kept: the record, and who stored it when (SPEC §12 `accept sign`).
@dynamicMemberLookup
public struct SignedRecord: Sendable, Hashable {
    public var record: AcceptanceRecord
    /// When the signature was recorded, and the peer uid that recorded it.
    public var signedAt: Date
    public var signedBy: UInt32

    public init(record: AcceptanceRecord, signedAt: Date, signedBy: UInt32) {
        self.record = record
        self.signedAt = signedAt
        self.signedBy = signedBy
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<AcceptanceRecord, T>) -> T { record[keyPath: keyPath] }
}

/// A payment as kept (SPEC §12 `payment record`): its number, its agreement, and who recorded it when.
@dynamicMemberLookup
public struct RecordedPayment: Sendable, Hashable {
    /// Numbered in the order payments were recorded, across agreements.
    public var id: Int64
    public var agreement: String
    public var payment: Payment
    public var recordedAt: Date
    /// The peer uid.
    public var recordedBy: UInt32

    public init(id: Int64, agreement: String, payment: Payment, recordedAt: Date, recordedBy: UInt32) {
        self.id = id
        self.agreement = agreement
        self.payment = payment
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<Payment, T>) -> T { payment[keyPath: keyPath] }
}
