import Foundation

/// Checks deliveries against their agreements (SPEC §2): known, writable, dated inside them, not in the future.
///
/// One validator serves a whole batch of rows: it remembers the agreements it looked up and "today" in each
/// zone, which would otherwise be found again for every row.
public struct DeliveryValidator {
    /// An agreement by id, and whether it is archived (read-only); nil when none is configured.
    public typealias Lookup = (String) -> (agreement: Agreement, archived: Bool)?

    private let lookup: Lookup
    private let now: Date
    private let defaultAgreement: String?
    private let allowFuture: Bool
    private var agreements: [String: (agreement: Agreement, archived: Bool)?] = [:]
    private var today: [String: CivilDate] = [:]

    /// A validator at `now` (the caller's clock) over the agreements `lookup` finds.
    public init(now: Date, defaultAgreement: String?, allowFuture: Bool, lookup: @escaping Lookup) {
        self.lookup = lookup
        self.now = now
        self.defaultAgreement = defaultAgreement
        self.allowFuture = allowFuture
    }

    /// The delivery of one row, its fields looked up by column name, and its agreement; or what is wrong.
    public mutating func validate(field: (String) -> String?) -> Result<(Delivery, Agreement), DeliveryCSV.InvalidField> {
        let delivery: Delivery
        do {
            delivery = try DeliveryCSV.delivery(defaultAgreement: defaultAgreement, field: field)
        } catch {
            return .failure(error)
        }
        guard let (agreement, archived) = lookUp(delivery.agreement) else {
            return .failure(.init(field: "agreement", reason: "no agreement \"\(delivery.agreement)\" is configured"))
        }
        if archived {
            return .failure(.init(field: "agreement", reason: "\(agreement.id) is archived (its file was removed): it takes no new deliveries"))
        }
        let day = delivery.published.date(in: agreement.timeZone)
        guard agreement.runs(on: day) else {
            return .failure(.init(field: "published", reason: "\(day) is outside \(agreement.id), which runs from \(agreement.start) to \(agreement.end)"))
        }
        if !allowFuture {
            let today = today(in: agreement.timeZone)
            if day > today {
                return .failure(.init(field: "published", reason: "\(day) is in the future (today is \(today) in \(agreement.timeZone.identifier)); pass --allow-future to record a scheduled item"))
            }
        }
        return .success((delivery, agreement))
    }

    private mutating func lookUp(_ id: String) -> (agreement: Agreement, archived: Bool)? {
        if let known = agreements[id] { return known }
        let found = lookup(id)
        agreements[id] = .some(found)
        return found
    }

    private mutating func today(in zone: TimeZone) -> CivilDate {
        if let known = today[zone.identifier] { return known }
        let date = CivilDate(now, in: zone)
        today[zone.identifier] = date
        return date
    }
}
