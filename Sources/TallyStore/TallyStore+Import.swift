import Foundation
import GRDB
import TallyCore

extension TallyStore {
    /// Most bad rows an import error lists; the rest are only counted.
    public static let maxListedRowErrors = 100

    /// Imports rows in one write transaction: all of them or none.
    ///
    /// Every row needs an external id or a URL. Rows identical to a stored delivery, or to an earlier row of
    /// the same import, count as unchanged. Bad rows (unknown agreement, invalid values, no key, a conflict
    /// with a stored delivery or with another row) are collected and thrown together as `importRejected`,
    /// with nothing written. A dry run validates everything, then rolls back. The audit log gets one entry
    /// per agreement that gained deliveries.
    public func importDeliveries(
        _ rows: [ImportRow], agreements: [String: Agreement], by uid: UInt32, at now: Date, dryRun: Bool
    ) throws -> ImportResult {
        try writing("importing deliveries", rollback: dryRun) { db in
            var importer = Importer(db: db, agreements: agreements, uid: uid, now: now)
            for row in rows { try importer.add(row) }
            if importer.errorCount > 0 {
                throw StoreError.importRejected(importer.errors, total: importer.errorCount)
            }
            for (agreement, counts) in importer.counts {
                try Counters.add(db, agreement: agreement, counts)
            }
            for (agreement, tally) in importer.perAgreement.sorted(by: { $0.key < $1.key }) where tally.created > 0 {
                try noteRecorded(db, agreement: agreement, at: now)
                try audit(
                    db, at: now, uid: uid, agreement: agreement, action: .import,
                    detail: ["created": String(tally.created), "unchanged": String(tally.unchanged)])
            }
            return ImportResult(
                created: importer.created, unchanged: importer.unchanged, touched: importer.touched, dryRun: dryRun)
        }
    }
}

/// One import in progress, inside its transaction.
private struct Importer {
    let db: Database
    let agreements: [String: Agreement]
    let uid: UInt32
    let now: Date

    var matchers: [String: CounterMatcher] = [:]
    /// Agreement and key of each row created by this import → its line, to name it in a conflict.
    var createdLines: [String: Int] = [:]
    var counts: [String: [CounterKey: Int]] = [:]
    var perAgreement: [String: (created: Int, unchanged: Int)] = [:]
    var created = 0
    var unchanged = 0
    var touched: Set<AgreementDay> = []
    var errors: [RowError] = []
    var errorCount = 0

    init(db: Database, agreements: [String: Agreement], uid: UInt32, now: Date) {
        self.db = db
        self.agreements = agreements
        self.uid = uid
        self.now = now
    }

    mutating func add(_ row: ImportRow) throws {
        let delivery = row.delivery
        guard let agreement = agreements[delivery.agreement] else {
            return reject(row, "there is no agreement \(delivery.agreement)")
        }
        do {
            try DeliveryRows.validate(delivery)
        } catch let error as StoreError {
            return reject(row, sentenceFragment(error.description))
        }
        guard let key = delivery.key.map(DeliveryRows.normalizedKey) else {
            return reject(row, "the row has neither an id nor a URL; every imported row needs one so that importing it again adds nothing")
        }
        let matcher: CounterMatcher
        if let known = matchers[agreement.id] {
            matcher = known
        } else {
            matcher = try Counters.ensure(db, agreement, at: now)
            matchers[agreement.id] = matcher
        }
        let where_ = agreement.id + "\u{1}" + key
        switch try DeliveryRows.insert(db, delivery, matcher: matcher, by: uid, at: now) {
        case .unchanged:
            unchanged += 1
            perAgreement[agreement.id, default: (0, 0)].unchanged += 1
        case .conflict(let existing, _, let fields):
            let differing = fields.joined(separator: ", ")
            if let line = createdLines[where_] {
                reject(row, "it has the same \(StoreError.keyName(key)) as line \(line) but a different \(differing)")
            } else {
                reject(row, "delivery \(existing) already has the \(StoreError.keyName(key)) with a different \(differing)")
            }
        case .created(_, let day, let rowCounts):
            created += 1
            perAgreement[agreement.id, default: (0, 0)].created += 1
            createdLines[where_] = row.line
            touched.insert(AgreementDay(agreement: agreement.id, day: day))
            counts[agreement.id, default: [:]].merge(rowCounts, uniquingKeysWith: +)
        }
    }

    mutating func reject(_ row: ImportRow, _ message: String) {
        errorCount += 1
        if errors.count < TallyStore.maxListedRowErrors { errors.append(RowError(line: row.line, message: message)) }
    }

    /// A store error sentence, lower-cased and without its full stop, to follow "line N:".
    private func sentenceFragment(_ sentence: String) -> String {
        var text = sentence
        if text.hasSuffix(".") { text.removeLast() }
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
