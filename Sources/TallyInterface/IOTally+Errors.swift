import TallyCore
import TallyProtocol
// The io.tally errors, as VarlinkError values a handler throws and a client matches by name.

/// `io.tally.RowError`: the core's rejected import row on the wire.
extension RowError: Codable {
    private enum CodingKeys: String, CodingKey {
        case line, reason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(line: try c.decode(Int.self, forKey: .line), reason: try c.decode(String.self, forKey: .reason))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(line, forKey: .line)
        try c.encode(reason, forKey: .reason)
    }
}

/// The names of the `io.tally` errors.
public enum TallyErrorName {
    public static let noSuchAgreement = "io.tally.NoSuchAgreement"
    public static let agreementArchived = "io.tally.AgreementArchived"
    public static let noSuchDelivery = "io.tally.NoSuchDelivery"
    public static let noSuchFeed = "io.tally.NoSuchFeed"
    public static let noSuchCandidate = "io.tally.NoSuchCandidate"
    public static let noSuchMilestone = "io.tally.NoSuchMilestone"
    public static let noSuchImport = "io.tally.NoSuchImport"
    public static let invalidDelivery = "io.tally.InvalidDelivery"
    public static let importRejected = "io.tally.ImportRejected"
    public static let conflict = "io.tally.Conflict"
    public static let permissionDenied = "io.tally.PermissionDenied"
    public static let invalidConfiguration = "io.tally.InvalidConfiguration"
    public static let invalidArgument = "io.tally.InvalidArgument"
    public static let noSuchRecord = "io.tally.NoSuchRecord"
    public static let settlementRefused = "io.tally.SettlementRefused"
    public static let databaseError = "io.tally.DatabaseError"
    public static let tooManyConnections = "io.tally.TooManyConnections"
    public static let invalidRequest = "io.tally.InvalidRequest"
    public static let internalError = "io.tally.InternalError"
}

extension VarlinkError {
    /// `io.tally.NoSuchAgreement(agreement)`.
    public static func noSuchAgreement(_ agreement: String) -> VarlinkError {
        VarlinkError(name: TallyErrorName.noSuchAgreement, parameters: .object(["agreement": .string(agreement)]))
    }

    /// `io.tally.AgreementArchived(agreement)`.
    public static func agreementArchived(_ agreement: String) -> VarlinkError {
        VarlinkError(name: TallyErrorName.agreementArchived, parameters: .object(["agreement": .string(agreement)]))
    }

    /// `io.tally.NoSuchDelivery(id)`.
    public static func noSuchDelivery(_ id: Int) -> VarlinkError {
        VarlinkError(name: TallyErrorName.noSuchDelivery, parameters: .object(["id": .integer(Int64(id))]))
    }

    /// `io.tally.NoSuchFeed(agreement, feed)`.
    public static func noSuchFeed(agreement: String, feed: String) -> VarlinkError {
        VarlinkError(name: TallyErrorName.noSuchFeed,
                     parameters: .object(["agreement": .string(agreement), "feed": .string(feed)]))
    }

    /// `io.tally.NoSuchCandidate(id)`.
    public static func noSuchCandidate(_ id: Int) -> VarlinkError {
        VarlinkError(name: TallyErrorName.noSuchCandidate, parameters: .object(["id": .integer(Int64(id))]))
    }

    /// `io.tally.NoSuchMilestone(agreement, milestone)`.
    public static func noSuchMilestone(agreement: String, milestone: String) -> VarlinkError {
        VarlinkError(
            name: TallyErrorName.noSuchMilestone,
            parameters: .object(["agreement": .string(agreement), "milestone": .string(milestone)])
        )
    }

    /// `io.tally.NoSuchImport(import_id)`.
    public static func noSuchImport(_ importID: String) -> VarlinkError {
        VarlinkError(name: TallyErrorName.noSuchImport, parameters: .object(["import_id": .string(importID)]))
    }

    /// `io.tally.InvalidDelivery(field, reason, line)`.
    public static func invalidDelivery(field: String, reason: String, line: Int? = nil) -> VarlinkError {
        var parameters: [String: JSONValue] = ["field": .string(field), "reason": .string(reason)]
        if let line { parameters["line"] = .integer(Int64(line)) }
        return VarlinkError(name: TallyErrorName.invalidDelivery, parameters: .object(parameters))
    }

    /// `io.tally.ImportRejected(errors, total)`: `errors` are the first bad rows, `total` all of them.
    public static func importRejected(errors: [RowError], total: Int) -> VarlinkError {
        VarlinkError(name: TallyErrorName.importRejected, encoding: ImportRejectedParameters(errors: errors, total: total))
    }

    /// `io.tally.Conflict(key, fields, existing_id)`.
    public static func conflict(key: String, fields: [String], existingID: Int) -> VarlinkError {
        VarlinkError(
            name: TallyErrorName.conflict,
            parameters: .object([
                "key": .string(key), "fields": .array(fields.map(JSONValue.string)),
                "existing_id": .integer(Int64(existingID)),
            ])
        )
    }

    /// `io.tally.PermissionDenied(method, uid, access)`: `access` is the class the method needs, when not writers.
    public static func permissionDenied(method: String, uid: UInt32, access: String? = nil) -> VarlinkError {
        var parameters: [String: JSONValue] = ["method": .string(method), "uid": .integer(Int64(uid))]
        if let access { parameters["access"] = .string(access) }
        return VarlinkError(name: TallyErrorName.permissionDenied, parameters: .object(parameters))
    }

    /// `io.tally.NoSuchRecord(agreement, number)`.
    public static func noSuchRecord(agreement: String, number: String) -> VarlinkError {
        VarlinkError(name: TallyErrorName.noSuchRecord,
                     parameters: .object(["agreement": .string(agreement), "number": .string(number)]))
    }

    /// `io.tally.SettlementRefused(agreement, code, reason)`: the core's refusal, its code and its sentence.
    public static func settlementRefused(agreement: String, code: String, reason: String) -> VarlinkError {
        VarlinkError(
            name: TallyErrorName.settlementRefused,
            parameters: .object(["agreement": .string(agreement), "code": .string(code), "reason": .string(reason)]))
    }

    /// `io.tally.InvalidConfiguration(errors)`.
    public static func invalidConfiguration(_ errors: [String]) -> VarlinkError {
        VarlinkError(name: TallyErrorName.invalidConfiguration, parameters: .object(["errors": .array(errors.map(JSONValue.string))]))
    }

    /// `io.tally.InvalidArgument(parameter, reason)`.
    public static func invalidArgument(_ parameter: String, reason: String) -> VarlinkError {
        VarlinkError(
            name: TallyErrorName.invalidArgument,
            parameters: .object(["parameter": .string(parameter), "reason": .string(reason)])
        )
    }

    /// `io.tally.DatabaseError(reason)`.
    public static func databaseError(_ reason: String) -> VarlinkError {
        VarlinkError(name: TallyErrorName.databaseError, parameters: .object(["reason": .string(reason)]))
    }
}

extension VarlinkServiceErrors {
    /// tallyd's own failures, named in `io.tally`.
    public static let tally = VarlinkServiceErrors(interface: IOTally.name)
}

extension VarlinkError {
    /// `io.tally.InternalError(reason)`: a handler failed in an unexpected way.
    public static func internalError(_ reason: String) -> VarlinkError {
        VarlinkServiceErrors.tally.internalError(reason)
    }

    /// `io.tally.InvalidRequest(reason)`: the message was not a Varlink call, or was too large.
    public static func invalidRequest(_ reason: String) -> VarlinkError {
        VarlinkServiceErrors.tally.invalidRequest(reason)
    }

    /// `io.tally.TooManyConnections(limit)`.
    public static func tooManyConnections(limit: Int) -> VarlinkError {
        VarlinkServiceErrors.tally.tooManyConnections(limit: limit)
    }
}

/// The parameters of `io.tally.ImportRejected`.
struct ImportRejectedParameters: Encodable {
    var errors: [RowError]
    var total: Int
}
