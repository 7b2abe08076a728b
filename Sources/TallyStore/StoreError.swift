import TallyCore
import Foundation

/// Why a store operation failed. A struct wrapping a private code, so new cases break no caller.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Code: Sendable, Equatable {
        case cannotOpen(path: String, reason: String)
        case conflict(key: String, deliveryID: Int64, fields: [String])
        case noSuchDelivery(Int64)
        case noSuchCandidate(Int64)
        case alreadyVoid(Int64, voidedAt: Date)
        case importRejected(rows: [RowError], total: Int)
        case invalid(String)
        case milestoneNotDone(agreement: String, milestone: String)
        case backupTargetExists(String)
        case recordExists(agreement: String, number: String)
        case alreadySettled(agreement: String, record: String)
        case database(operation: String, message: String)
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// The same key (external id, else URL) is already held by a delivery with different fields.
    public static func conflict(key: String, deliveryID: Int64, fields: [String]) -> StoreError {
        StoreError(.conflict(key: key, deliveryID: deliveryID, fields: fields))
    }

    /// No delivery has this id.
    public static func noSuchDelivery(_ id: Int64) -> StoreError { StoreError(.noSuchDelivery(id)) }

    /// No inbox candidate with this id is waiting.
    public static func noSuchCandidate(_ id: Int64) -> StoreError { StoreError(.noSuchCandidate(id)) }

    /// The id of the candidate that is not waiting, when this is such an error.
    public var candidateID: Int64? {
        if case .noSuchCandidate(let id) = code { return id }
        return nil
    }

    /// The delivery was voided before.
    public static func alreadyVoid(_ id: Int64, voidedAt: Date) -> StoreError {
        StoreError(.alreadyVoid(id, voidedAt: voidedAt))
    }

    /// An import with bad rows: the first 100 of them, and how many there were.
    public static func importRejected(_ rows: [RowError], total: Int) -> StoreError {
        StoreError(.importRejected(rows: rows, total: total))
    }

    /// A value the store refuses; `reason` is a sentence.
    public static func invalid(_ reason: String) -> StoreError { StoreError(.invalid(reason)) }

    /// The database file could not be opened.
    static func cannotOpen(path: String, reason: String) -> StoreError {
        StoreError(.cannotOpen(path: path, reason: reason))
    }

    static func milestoneNotDone(agreement: String, milestone: String) -> StoreError {
        StoreError(.milestoneNotDone(agreement: agreement, milestone: milestone))
    }

    static func backupTargetExists(_ path: String) -> StoreError { StoreError(.backupTargetExists(path)) }

    /// The agreement already has a signed record with this number.
    static func recordExists(agreement: String, number: String) -> StoreError {
        StoreError(.recordExists(agreement: agreement, number: number))
    }

    /// An item of the record being signed is already settled by another.
    static func alreadySettled(agreement: String, record: String) -> StoreError {
        StoreError(.alreadySettled(agreement: agreement, record: record))
    }

    /// When this refuses a signature the settlement tables' keys forbid: the agreement, and `number` (the number
    /// is taken) or `settled` (an item would be paid twice).
    public var settlementConflict: (agreement: String, code: String)? {
        switch code {
        case .recordExists(let agreement, _): (agreement, "number")
        case .alreadySettled(let agreement, _): (agreement, "settled")
        default: nil
        }
    }

    static func database(operation: String, message: String) -> StoreError {
        StoreError(.database(operation: operation, message: message))
    }

    /// The key (`id:…` or `url:…`) of the existing item when this is a conflict, else nil.
    public var conflictKey: String? {
        if case .conflict(let key, _, _) = code { return key }
        return nil
    }

    /// The existing delivery's id when this is a conflict, else nil.
    public var conflictingDeliveryID: Int64? {
        if case .conflict(_, let id, _) = code { return id }
        return nil
    }

    /// The id when this says no delivery has it, else nil.
    public var deliveryID: Int64? {
        if case .noSuchDelivery(let id) = code { return id }
        return nil
    }

    /// The differing fields when this is a conflict, else nil.
    public var conflictingFields: [String]? {
        if case .conflict(_, _, let fields) = code { return fields }
        return nil
    }

    /// The bad rows when this is a rejected import, else nil.
    public var rejectedRows: (rows: [RowError], total: Int)? {
        if case .importRejected(let rows, let total) = code { return (rows, total) }
        return nil
    }

    /// Whether this is a conflict with a stored delivery of the same key.
    public var isConflict: Bool { conflictingFields != nil }

    /// Whether this says no delivery has the id.
    public var isNoSuchDelivery: Bool {
        if case .noSuchDelivery = code { return true }
        return false
    }

    /// Whether this says the delivery is already void.
    public var isAlreadyVoid: Bool {
        if case .alreadyVoid = code { return true }
        return false
    }

    /// Whether the store refused a value.
    public var isInvalid: Bool {
        switch code {
        case .invalid, .milestoneNotDone, .backupTargetExists: return true
        default: return false
        }
    }

    /// Whether SQLite itself failed (I/O, disk full, corruption, cannot open).
    public var isDatabaseFailure: Bool {
        switch code {
        case .database, .cannotOpen: return true
        default: return false
        }
    }

    public var description: String {
        switch code {
        case .cannotOpen(let path, let reason):
            return "Cannot open the database at \(path): \(reason); check that its directory exists and is writable."
        case .conflict(let key, let id, let fields):
            return "Delivery \(id) already has the \(Self.keyName(key)) with different \(fields.joined(separator: ", ")); "
                + "void it first or record the item unchanged."
        case .noSuchDelivery(let id):
            return "There is no delivery with id \(id)."
        case .noSuchCandidate(let id):
            return "No candidate with id \(id) waits in the inbox."
        case .alreadyVoid(let id, let at):
            return "Delivery \(id) was already voided at \(at.formatted(.iso8601))."
        case .importRejected(let rows, let total):
            let listed = rows.map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
            let more = total > rows.count ? "; and \(total - rows.count) more" : ""
            return "The import was refused and nothing was stored: \(total) bad row\(total == 1 ? "" : "s") (\(listed)\(more))."
        case .invalid(let reason):
            return reason
        case .milestoneNotDone(let agreement, let milestone):
            return "Milestone \(milestone) of agreement \(agreement) is not marked done, so there is nothing to undo."
        case .backupTargetExists(let path):
            return "The backup file \(path) already exists; choose a new path."
        case .recordExists(let agreement, let number):
            return "Agreement \(agreement) already has a signed record \(number); give the new record a number of its own."
        case .alreadySettled(let agreement, let record):
            return "Record \(record) of agreement \(agreement) lists an item an earlier record already settled; "
                + "an item is never paid twice: draft the record again and sign that."
        case .database(let operation, let message):
            return "The database failed while \(operation): \(message)."
        }
    }

    static func keyName(_ key: String) -> String {
        if key.hasPrefix("id:") { return "external id \(key.dropFirst(3))" }
        if key.hasPrefix("url:") { return "URL \(key.dropFirst(4))" }
        return "key \(key)"
    }
}
