import Foundation
import TallyConfig
import TallyCore
import TallyInterface
import TallyProtocol
import TallyStore

extension Control {
    /// Checks one delivery against its agreement (SPEC §2): known, writable, dated inside it, not in the future.
    func validate(_ fields: [String: String], defaultAgreement: String?, allowFuture: Bool,
                  snapshot: ConfigurationSnapshot, now: Date) -> Result<(Delivery, Agreement), DeliveryCSV.InvalidField> {
        var validator = DeliveryValidator(now: now, defaultAgreement: defaultAgreement, allowFuture: allowFuture, lookup: snapshot.agreement)
        return validator.validate { fields[$0] }
    }

    static func fields(_ d: DeliveryInput) -> [String: String] {
        var fields = ["agreement": d.agreement, "published": d.published, "kind": d.kind]
        fields["language"] = d.language
        fields["outlet"] = d.outlet
        fields["title"] = d.title
        fields["url"] = d.url
        fields["tags"] = d.tags?.joined(separator: ";")
        fields["count"] = d.count.map(String.init)
        fields["id"] = d.id
        return fields
    }

    /// A wire row's field by CSV column name.
    static func field(_ name: String, of row: ImportRow) -> String? {
        switch name {
        case "agreement": row.agreement
        case "published": row.published
        case "kind": row.kind
        case "language": row.language
        case "outlet": row.outlet
        case "title": row.title
        case "url": row.url
        case "tags": row.tags
        case "count": row.count
        case "id": row.id
        default: nil
        }
    }

    func record(_ p: RecordParameters, _ context: CallContext) async throws(VarlinkError) -> RecordReply {
        try await requireWriter(context, IOTally.record.name)
        let snapshot = await state.snapshot
        let now = clock.now()
        let (delivery, agreement): (Delivery, Agreement)
        switch validate(Self.fields(p.delivery), defaultAgreement: nil, allowFuture: p.allowFuture ?? false,
                        snapshot: snapshot, now: now) {
        case .failure(let invalid):
            if invalid.field == "agreement", snapshot.agreement(p.delivery.agreement) == nil {
                throw VarlinkError.noSuchAgreement(p.delivery.agreement)
            }
            if invalid.field == "agreement" { throw VarlinkError.agreementArchived(p.delivery.agreement) }
            throw VarlinkError.invalidDelivery(field: invalid.field, reason: invalid.reason)
        case .success(let valid):
            (delivery, agreement) = valid
        }
        let uid = context.peer?.uid ?? 0
        await checker.beforeChange(of: [agreement.id])
        let result = try storing { try store.record(delivery, for: agreement, by: uid, at: now) }
        if result.created {
            await checker.afterChange(agreement: agreement.id, days: [delivery.published.date(in: agreement.timeZone)])
        }
        return RecordReply(id: Int(result.id), created: result.created)
    }

    func beginImport(_ p: BeginImportParameters, _ context: CallContext) async throws(VarlinkError) -> ImportID {
        try await requireWriter(context, IOTally.beginImport.name)
        if let agreement = p.defaultAgreement { _ = try await self.agreement(agreement, writable: true) }
        let rows = try storing { try store.stageImport() }
        let id = try await imports.begin(ImportSessions.Session(
            connectionID: context.connectionID, uid: context.peer?.uid ?? 0, defaultAgreement: p.defaultAgreement,
            allowFuture: p.allowFuture ?? false, dryRun: p.dryRun ?? false, rows: rows))
        let imports = self.imports
        let connectionID = context.connectionID
        context.connection.onClose { Task { await imports.abort(connectionID: connectionID) } }
        return ImportID(importID: id)
    }

    func addImportRows(_ p: AddImportRowsParameters, _ context: CallContext) async throws(VarlinkError) -> AddImportRowsReply {
        try await requireWriter(context, IOTally.addImportRows.name)
        let options = try await imports.options(p.importID, connectionID: context.connectionID)
        guard options.received + p.rows.count <= ImportSessions.maximumRows else {
            await imports.remove(p.importID)
            throw VarlinkError.invalidArgument("rows", reason: "an import holds at most \(ImportSessions.maximumRows) rows; split the file")
        }
        let snapshot = await state.snapshot
        var validator = DeliveryValidator(now: clock.now(), defaultAgreement: options.defaultAgreement,
                                          allowFuture: options.allowFuture, lookup: snapshot.agreement)
        var batch = ImportSessions.Batch(received: p.rows.count)
        batch.rows.reserveCapacity(p.rows.count)
        for row in p.rows {
            switch validator.validate(field: { Self.field($0, of: row) }) {
            case .success((let delivery, _)):
                batch.note(delivery.agreement)
                batch.rows.append(NumberedDelivery(line: row.line, delivery: delivery))
            case .failure(let invalid):
                batch.reject(line: row.line, reason: invalid.description)
            }
        }
        // Rows of an import that already failed are only counted: it will be rejected whole.
        if batch.errorCount == 0, options.errorCount == 0 {
            do throws(VarlinkError) {
                try storing { try options.rows.append(batch.rows) }
            } catch {
                await imports.remove(p.importID)
                throw error
            }
        }
        batch.rows = []
        let received = try await imports.stage(batch, into: p.importID, connectionID: context.connectionID)
        return AddImportRowsReply(received: received)
    }

    func commitImport(_ p: ImportID, _ context: CallContext) async throws(VarlinkError) -> CommitImportReply {
        try await requireWriter(context, IOTally.commitImport.name)
        let session = try await imports.take(p.importID, connectionID: context.connectionID)
        if session.errorCount > 0 {
            throw VarlinkError.importRejected(errors: session.errors, total: session.errorCount)
        }
        let snapshot = await state.snapshot
        let agreements = Dictionary(snapshot.configuration.agreements.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        if !session.dryRun { await checker.beforeChange(of: session.agreements) }
        let result = try storing {
            try store.importDeliveries(session.rows, agreements: agreements, by: session.uid, at: clock.now(),
                                       dryRun: session.dryRun)
        }
        if !session.dryRun {
            await checker.afterChange(result.touchedDays)
        }
        // An import's commit is the daemon's largest transient work after a full pass (the rows read back, the
        // counters, the touched windows): give the freed memory back as after a pass (issue 15: VmRSS stayed at
        // the import's high-water mark, 151 MiB against 63 before the 100,000-row import).
        MemoryHygiene.trim()
        return CommitImportReply(created: result.created, unchanged: result.unchanged, rows: session.received,
                                 dryRun: session.dryRun)
    }

    func abortImport(_ p: ImportID, _ context: CallContext) async throws(VarlinkError) -> VarlinkEmpty {
        try await requireWriter(context, IOTally.abortImport.name)
        _ = try await imports.options(p.importID, connectionID: context.connectionID)
        await imports.remove(p.importID)
        return VarlinkEmpty()
    }

    func listDeliveries(_ p: ListDeliveriesParameters) async throws(VarlinkError) -> ListDeliveriesReply {
        let limit = try Self.limit(p.limit)
        let since = try Self.date(p.since, parameter: "since")
        let until = try Self.date(p.until, parameter: "until")
        for id in p.agreements ?? [] { _ = try await agreement(id) }
        let rows = try storing {
            try store.deliveries(agreements: p.agreements.flatMap { $0.isEmpty ? nil : $0 }, since: since, until: until,
                                 kind: p.kind, includeVoid: p.includeVoid ?? false, limit: limit,
                                 after: p.after.map(Int64.init))
        }
        return ListDeliveriesReply(deliveries: rows,
                                   nextAfter: rows.count == limit ? rows.last.map { Int($0.id) } : nil)
    }

    func void(_ p: VoidParameters, _ context: CallContext) async throws(VarlinkError) -> VoidReply {
        try await requireWriter(context, IOTally.void.name)
        let reason = p.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw VarlinkError.invalidArgument("reason", reason: "say why the delivery is void, e.g. --reason \"duplicate of 42\"")
        }
        let existing = try storing { try store.delivery(id: Int64(p.id)) }
        guard let existing else { throw VarlinkError.noSuchDelivery(p.id) }
        _ = try await agreement(existing.delivery.agreement, writable: true)
        await checker.beforeChange(of: [existing.delivery.agreement])
        let voided = try storing { try store.void(id: Int64(p.id), reason: reason, by: context.peer?.uid ?? 0, at: clock.now()) }
        await checker.afterChange(agreement: voided.delivery.agreement, days: [voided.day])
        return VoidReply(delivery: voided)
    }

    func milestone(_ p: MilestoneParameters, done: Bool, _ context: CallContext) async throws(VarlinkError) -> MilestoneReply {
        try await requireWriter(context, done ? IOTally.milestoneDone.name : IOTally.milestoneUndo.name)
        let agreement = try await self.agreement(p.agreement, writable: true)
        let parts = p.milestone.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let campaign = agreement.campaigns.first(where: { $0.id == parts[0] }),
            let milestone = campaign.milestones.first(where: { $0.id == parts[1] })
        else { throw VarlinkError.noSuchMilestone(agreement: p.agreement, milestone: p.milestone) }
        guard milestone.completion == .manual else {
            throw VarlinkError.invalidArgument("milestone", reason: "\(p.milestone) is counted from deliveries; only manual milestones are marked done")
        }
        let now = clock.now()
        let date = try Self.date(p.date, parameter: "date") ?? CivilDate(now, in: agreement.timeZone)
        let uid = context.peer?.uid ?? 0
        try storing {
            if done {
                _ = try store.markMilestoneDone(agreement: agreement.id, milestone: p.milestone, on: date, by: uid, at: now)
            } else {
                try store.undoMilestone(agreement: agreement.id, milestone: p.milestone, by: uid, at: now)
            }
        }
        await checker.pass(only: [agreement.id])
        let status = try await evaluate(agreements: [agreement.id], at: .instant(now))
        guard let reply = status.agreements.first?.milestones.first(where: { $0.id == p.milestone }) else {
            throw VarlinkError.noSuchMilestone(agreement: p.agreement, milestone: p.milestone)
        }
        return MilestoneReply(milestone: reply)
    }

    func backup(_ p: BackupParameters, _ context: CallContext) async throws(VarlinkError) -> BackupReply {
        try await requireWriter(context, IOTally.backup.name)
        guard p.path.hasPrefix("/") else {
            throw VarlinkError.invalidArgument("path", reason: "\"\(p.path)\" is relative; the daemon needs an absolute path")
        }
        try storing { try store.backup(to: p.path) }
        let size = (try? FileManager.default.attributesOfItem(atPath: p.path)[.size] as? Int) ?? 0
        return BackupReply(path: p.path, bytes: size)
    }
}
