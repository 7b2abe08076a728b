import Foundation
import TallyCore
import TallyProtocol
// Types of Record, the staged import, ListDeliveries and Void.

/// `io.tally.DeliveryInput`: a delivery to record.
public struct DeliveryInput: Codable, Sendable, Hashable {
    public var agreement: String
    /// A date or a date-time; without an offset it is in the agreement's zone.
    public var published: String
    public var kind: String
    public var language: String?
    public var outlet: String?
    public var title: String?
    public var url: String?
    public var tags: [String]?
    public var count: Int?
    /// The external id.
    public var id: String?

    /// A delivery to record.
    public init(
        agreement: String, published: String, kind: String, language: String? = nil, outlet: String? = nil,
        title: String? = nil, url: String? = nil, tags: [String]? = nil, count: Int? = nil, id: String? = nil
    ) {
        self.agreement = agreement
        self.published = published
        self.kind = kind
        self.language = language
        self.outlet = outlet
        self.title = title
        self.url = url
        self.tags = tags
        self.count = count
        self.id = id
    }
}

/// `io.tally.ImportRow`: one CSV row, fields raw as read, validated by the daemon.
public struct ImportRow: Codable, Sendable, Hashable {
    /// The row's line in the file (1 is the header).
    public var line: Int
    public var agreement: String?
    public var published: String?
    public var kind: String?
    public var language: String?
    public var outlet: String?
    public var title: String?
    public var url: String?
    /// Tags joined by `;` or `|`.
    public var tags: String?
    public var count: String?
    public var id: String?

    /// A row read from `line`.
    public init(
        line: Int, agreement: String? = nil, published: String? = nil, kind: String? = nil, language: String? = nil,
        outlet: String? = nil, title: String? = nil, url: String? = nil, tags: String? = nil, count: String? = nil,
        id: String? = nil
    ) {
        self.line = line
        self.agreement = agreement
        self.published = published
        self.kind = kind
        self.language = language
        self.outlet = outlet
        self.title = title
        self.url = url
        self.tags = tags
        self.count = count
        self.id = id
    }

    /// In key order: the synthesized encoding follows it, and in any other order every row of an import (100,000 in
    /// a large file) had its members moved into order after it was written, a third of tallyctl's time.
    private enum CodingKeys: String, CodingKey {
        case agreement, count, id, kind, language, line, outlet, published, tags, title, url
    }
}

/// `io.tally.VoidInfo`: the core's void on the wire, its time in UTC.
extension VoidInfo: Codable {
    private enum CodingKeys: String, CodingKey {
        case at, by, reason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(at: try c.decodeInstant(forKey: .at), by: try c.decode(UInt32.self, forKey: .by),
                  reason: try c.decode(String.self, forKey: .reason))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(WireFormat.timestamp(at), forKey: .at)
        try c.encode(by, forKey: .by)
        try c.encode(reason, forKey: .reason)
    }
}

/// `io.tally.RecordItem`, and the item's own fields of `io.tally.Delivery`: the core's delivery as recorded, flat,
/// `published` as recorded (a date or a date-time); optional fields absent when unset.
extension Delivery: Codable {
    private enum CodingKeys: String, CodingKey {
        case agreement, published, kind, language, outlet, title, url, tags, count
        case externalID = "external_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let publishedText = try c.decode(String.self, forKey: .published)
        guard let published = PublicationTime(parsing: publishedText) else {
            throw DecodingError.dataCorruptedError(forKey: .published, in: c, debugDescription: "\(publishedText) is no date")
        }
        self.init(
            agreement: try c.decode(String.self, forKey: .agreement), published: published,
            kind: try c.decode(String.self, forKey: .kind), language: try c.decode(String.self, forKey: .language),
            outlet: try c.decodeIfPresent(String.self, forKey: .outlet), title: try c.decodeIfPresent(String.self, forKey: .title),
            url: try c.decodeIfPresent(String.self, forKey: .url), tags: try c.decode([String].self, forKey: .tags),
            count: try c.decode(Int.self, forKey: .count), externalID: try c.decodeIfPresent(String.self, forKey: .externalID))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(agreement, forKey: .agreement)
        try c.encode(published.description, forKey: .published)
        try c.encode(kind, forKey: .kind)
        try c.encode(language, forKey: .language)
        try c.encodeIfPresent(outlet, forKey: .outlet)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encode(tags, forKey: .tags)
        try c.encode(count, forKey: .count)
        try c.encodeIfPresent(externalID, forKey: .externalID)
    }
}

/// `io.tally.Delivery`: the core's delivery record on the wire, flat: the item's fields (``Delivery``), `day` in the
/// agreement's zone, `recorded_at` in UTC.
extension DeliveryRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, day, void
        case recordedAt = "recorded_at", recordedBy = "recorded_by"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let dayText = try c.decode(String.self, forKey: .day)
        guard let day = CivilDate(iso: dayText) else {
            throw DecodingError.dataCorruptedError(forKey: .day, in: c, debugDescription: "\(dayText) is no date")
        }
        self.init(
            id: try c.decode(Int64.self, forKey: .id), delivery: try Delivery(from: decoder), day: day,
            recordedAt: try c.decodeInstant(forKey: .recordedAt), recordedBy: try c.decode(UInt32.self, forKey: .recordedBy),
            void: try c.decodeIfPresent(VoidInfo.self, forKey: .void))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try delivery.encode(to: encoder)
        try c.encode(day.description, forKey: .day)
        try c.encode(WireFormat.timestamp(recordedAt), forKey: .recordedAt)
        try c.encode(recordedBy, forKey: .recordedBy)
        try c.encodeIfPresent(void, forKey: .void)
    }
}

/// Parameters of `io.tally.Record`.
public struct RecordParameters: Codable, Sendable, Hashable {
    public var delivery: DeliveryInput
    public var allowFuture: Bool?

    /// Parameters recording `delivery`.
    public init(delivery: DeliveryInput, allowFuture: Bool? = nil) {
        self.delivery = delivery
        self.allowFuture = allowFuture
    }

    private enum CodingKeys: String, CodingKey {
        case delivery
        case allowFuture = "allow_future"
    }
}

/// Reply of `io.tally.Record`.
public struct RecordReply: Codable, Sendable, Hashable {
    /// The delivery's id (the existing one when not created).
    public var id: Int
    /// False when an identical delivery was already recorded.
    public var created: Bool

    /// A reply for delivery `id`.
    public init(id: Int, created: Bool) {
        self.id = id
        self.created = created
    }
}

/// Parameters of `io.tally.BeginImport`.
public struct BeginImportParameters: Codable, Sendable, Hashable {
    public var defaultAgreement: String?
    public var allowFuture: Bool?
    public var dryRun: Bool?

    /// Parameters for a new staged import.
    public init(defaultAgreement: String? = nil, allowFuture: Bool? = nil, dryRun: Bool? = nil) {
        self.defaultAgreement = defaultAgreement
        self.allowFuture = allowFuture
        self.dryRun = dryRun
    }

    private enum CodingKeys: String, CodingKey {
        case defaultAgreement = "default_agreement", allowFuture = "allow_future", dryRun = "dry_run"
    }
}

/// Parameters naming a staged import: `io.tally.CommitImport`, `io.tally.AbortImport`; reply of `BeginImport`.
public struct ImportID: Codable, Sendable, Hashable {
    public var importID: String

    /// The import `importID`.
    public init(importID: String) { self.importID = importID }

    private enum CodingKeys: String, CodingKey {
        case importID = "import_id"
    }
}

/// Parameters of `io.tally.AddImportRows`.
public struct AddImportRowsParameters: Codable, Sendable, Hashable {
    public var importID: String
    public var rows: [ImportRow]

    /// A batch of `rows` for import `importID`.
    public init(importID: String, rows: [ImportRow]) {
        self.importID = importID
        self.rows = rows
    }

    /// In key order: the synthesized encoding follows it.
    private enum CodingKeys: String, CodingKey {
        case importID = "import_id"
        case rows
    }
}

/// Reply of `io.tally.AddImportRows`.
public struct AddImportRowsReply: Codable, Sendable, Hashable {
    /// Rows staged so far in this import.
    public var received: Int
    /// A reply counting `received` rows.
    public init(received: Int) { self.received = received }
}

/// Reply of `io.tally.CommitImport`.
public struct CommitImportReply: Codable, Sendable, Hashable {
    public var created: Int
    public var unchanged: Int
    public var rows: Int
    public var dryRun: Bool

    /// A commit's outcome.
    public init(created: Int, unchanged: Int, rows: Int, dryRun: Bool) {
        self.created = created
        self.unchanged = unchanged
        self.rows = rows
        self.dryRun = dryRun
    }

    private enum CodingKeys: String, CodingKey {
        case created, unchanged, rows
        case dryRun = "dry_run"
    }
}

/// Parameters of `io.tally.ListDeliveries`.
public struct ListDeliveriesParameters: Codable, Sendable, Hashable {
    public var agreements: [String]?
    public var since: String?
    public var until: String?
    public var kind: String?
    public var includeVoid: Bool?
    public var limit: Int?
    /// The `next_after` of the previous page.
    public var after: Int?

    /// A delivery query.
    public init(
        agreements: [String]? = nil, since: String? = nil, until: String? = nil, kind: String? = nil,
        includeVoid: Bool? = nil, limit: Int? = nil, after: Int? = nil
    ) {
        self.agreements = agreements
        self.since = since
        self.until = until
        self.kind = kind
        self.includeVoid = includeVoid
        self.limit = limit
        self.after = after
    }

    private enum CodingKeys: String, CodingKey {
        case agreements, since, until, kind, limit, after
        case includeVoid = "include_void"
    }
}

/// Reply of `io.tally.ListDeliveries`.
public struct ListDeliveriesReply: Codable, Sendable, Hashable {
    public var deliveries: [DeliveryRecord]
    /// Pass as `after` for the next page; nil on the last page.
    public var nextAfter: Int?

    /// A page of deliveries.
    public init(deliveries: [DeliveryRecord], nextAfter: Int? = nil) {
        self.deliveries = deliveries
        self.nextAfter = nextAfter
    }

    private enum CodingKeys: String, CodingKey {
        case deliveries
        case nextAfter = "next_after"
    }
}

/// Parameters of `io.tally.Void`.
public struct VoidParameters: Codable, Sendable, Hashable {
    public var id: Int
    public var reason: String

    /// Void delivery `id` for `reason`.
    public init(id: Int, reason: String) {
        self.id = id
        self.reason = reason
    }
}

/// Reply of `io.tally.Void`.
public struct VoidReply: Codable, Sendable, Hashable {
    /// The delivery, now void.
    public var delivery: DeliveryRecord
    /// A reply carrying `delivery`.
    public init(delivery: DeliveryRecord) { self.delivery = delivery }
}
