import TallyCore

/// Reads an agreement's `[[amendment]]` entries (SPEC §9) and checks each against the terms in force before it.
///
/// Amendments are taken in `effective` order (file order on the same day), the order `Agreement` applies them
/// in, so a quota or campaign one amendment adds can be amended by a later one. The agreement's dates are
/// those the amendments leave: its start, and the end of the last one that sets an end.
struct AmendmentDecoder {
    /// The keys of `[[amendment]]`.
    static let keys = ["id", "title", "signed", "effective", "end", "value", "quota", "campaign", "milestone"]
    /// The keys of `[[amendment.quota]]`: those of a new quota, and `removed`.
    static let quotaKeys = AgreementDecoder.quotaKeys + ["removed"]
    /// What an amendment may change of an existing quota.
    static let amendableQuotaKeys = ["target"] + AgreementDecoder.filterKeys + ["at_risk_below", "behind_below", "price"]
    /// Terms fixed for a quota's life: changing them would change its windows.
    static let fixedQuotaKeys = ["per", "prorate", "carry"]
    /// The keys of `[[amendment.milestone]]`.
    static let milestoneKeys = ["campaign", "id", "due", "target"]

    /// One `[[amendment]]` entry as read, its sub-tables not yet checked.
    struct Entry {
        /// The entry's table.
        var reader: TableReader
        /// Each field below is nil when absent or refused (the problem is logged).
        var id: String?
        /// The amendment's title.
        var title: String?
        /// When it was signed.
        var signed: CivilDate?
        /// The first day its terms are in force.
        var effective: CivilDate?
        /// The agreement's new end; nil too when it was refused (before `effective`).
        var end: CivilDate?
        /// The new contract value.
        var value: Money?
        /// `[[amendment.quota]]` entries.
        var quotas: [TableReader]
        /// `[[amendment.campaign]]` entries.
        var campaigns: [TableReader]
        /// `[[amendment.milestone]]` entries.
        var milestones: [TableReader]
    }

    /// A quota as the amendments so far leave it.
    struct QuotaState {
        /// Its terms in force, when they could be read.
        var terms: Quota?
        /// Its first day, when known.
        var first: CivilDate?
        /// Which entry removed it, for the message that refuses a later change.
        var removedBy: String?
    }

    /// A campaign as the amendments so far leave it.
    struct CampaignState {
        /// First day, when known.
        var start: CivilDate?
        /// Last day as amended so far, when known.
        var end: CivilDate?
        /// Whether it is one of the agreement's own `[[campaign]]`s.
        var isOriginal: Bool
        /// Key path of the amendment's `end` that last moved it.
        var endSetAt: String?
        /// Nil when the campaign could not be read.
        var milestones: [String: MilestoneState]?
        /// Milestone ids in file order.
        var milestoneOrder: [String] = []

        /// The state of `campaign` before any amendment; nil when it could not be read.
        init(_ campaign: Campaign?, isOriginal: Bool) {
            start = campaign?.start
            end = campaign?.end
            self.isOriginal = isOriginal
            if let campaign {
                milestoneOrder = campaign.milestones.map(\.id)
                milestones = Dictionary(
                    campaign.milestones.map { ($0.id, MilestoneState(due: $0.due, isCounted: $0.completion != .manual)) },
                    uniquingKeysWith: { first, _ in first })
            }
        }
    }

    /// A milestone as the amendments so far leave it.
    struct MilestoneState {
        /// Due date as amended so far.
        var due: CivilDate
        /// Key path of the amendment's `due` that last moved it.
        var dueSetAt: String?
        /// Whether it has a target (not manual).
        var isCounted: Bool
    }

    /// The agreement's dates as amended, when they could be read.
    let dates: (start: CivilDate, end: CivilDate)?
    /// `(2024-01-01 to 2026-12-31, as amended)` for messages.
    let datesText: String
    /// The global thresholds, for quotas that set none.
    let pace: PaceThresholds
    /// Whether the file has `[settlement]`, without which no quota may have a price.
    let priced: Bool
    /// Every quota so far by id, removed ones too.
    var quotas: [String: QuotaState] = [:]
    /// Every campaign so far by id.
    var campaigns: [String: CampaignState] = [:]
    /// Campaign ids in the order they appear.
    var campaignOrder: [String] = []

    /// The amendments of the agreement whose root is `root`, in file order; problems are logged on its log.
    /// `dates` are the agreement's own (nil when unreadable), `quotas` and `campaigns` its own as read; `priced`
    /// whether the file has `[settlement]`.
    static func decode(
        _ root: TableReader, dates: (start: CivilDate, end: CivilDate)?,
        quotas: (readers: [TableReader], decoded: [Quota]), campaigns: (readers: [TableReader], decoded: [Campaign]),
        pace: PaceThresholds, priced: Bool
    ) -> [Amendment] {
        let readers = root.tables("amendment", keys: keys)
        guard !readers.isEmpty else { return [] }
        AgreementDecoder.requireUnique(readers, what: "amendment")
        let entries = readers.map(entry)
        let dated = entries.indices.compactMap { index in entries[index].effective.map { ($0, index) } }.sorted { $0 < $1 }
        let order = dated.map(\.1) + entries.indices.filter { entries[$0].effective == nil }

        // The agreement's dates: its start, and the end of the last amendment (in effective order) that sets one.
        var amendedDates = dates
        var endSetAt: String?
        if let dates, let last = order.last(where: { entries[$0].end.map { $0 >= dates.start } ?? false }),
           let end = entries[last].end
        {
            amendedDates = (dates.start, end)
            endSetAt = end == dates.end ? nil : entries[last].reader.keyPath("end")
        }
        let datesText = amendedDates.map { "(\($0.start) to \($0.end)\(endSetAt == nil ? "" : ", as amended"))" } ?? ""
        if let amendedDates {
            for entry in entries {
                guard let effective = entry.effective, effective < amendedDates.start || effective > amendedDates.end else { continue }
                entry.reader.issue("effective", "the amendment takes effect on \(effective), outside its agreement \(datesText); effective is a day within the agreement's dates")
            }
        }

        var decoder = AmendmentDecoder(dates: amendedDates, datesText: datesText, pace: pace, priced: priced)
        decoder.start(with: quotas, campaigns, from: dates?.start)
        var changes: [Int: Changes] = [:]
        for index in order {
            changes[index] = decoder.apply(entries[index])
        }
        decoder.checkCampaignDates(log: root.log, agreementEndSetAt: endSetAt)

        return entries.indices.compactMap { index in
            let entry = entries[index]
            guard let id = entry.id, let title = entry.title, let effective = entry.effective else { return nil }
            let change = changes[index] ?? Changes()
            return Amendment(
                id: id, title: title, signed: entry.signed, effective: effective, end: entry.end, value: entry.value,
                quotas: change.quotas, campaigns: change.campaigns, milestones: change.milestones)
        }
    }

    /// What one amendment changes, once checked.
    struct Changes {
        /// Its quota changes, in file order.
        var quotas: [QuotaAmendment] = []
        /// Its campaign changes, in file order.
        var campaigns: [CampaignAmendment] = []
        /// Its milestone changes, in file order.
        var milestones: [MilestoneAmendment] = []
    }

    private static func entry(_ reader: TableReader) -> Entry {
        let id = AgreementDecoder.identifier(reader, "id", required: true)
        let title = reader.string("title", required: true)
        let signed = reader.date("signed")
        let effective = reader.date("effective", required: true)
        var end = reader.date("end")
        if let newEnd = end, let effective, newEnd < effective {
            reader.issue("end", "the amendment would end the agreement on \(newEnd), before the amendment takes effect (\(effective)); end is the agreement's new last day, on or after effective")
            end = nil
        }
        return Entry(
            reader: reader, id: id, title: title, signed: signed, effective: effective, end: end,
            value: SettlementDecoder.amount(reader, "value", range: SettlementTerms.valueRange, what: "a contract value"),
            quotas: reader.tables("quota", keys: quotaKeys),
            campaigns: reader.tables("campaign", keys: AgreementDecoder.campaignKeys),
            milestones: reader.tables("milestone", keys: milestoneKeys))
    }

    /// The agreement's own quotas and campaigns, as the amendments find them. An entry that could not be read
    /// still counts by its id, so that an amendment naming it is not also reported.
    private mutating func start(
        with quotas: (readers: [TableReader], decoded: [Quota]), _ campaigns: (readers: [TableReader], decoded: [Campaign]),
        from start: CivilDate?
    ) {
        let quotaTerms = Dictionary(quotas.decoded.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for reader in quotas.readers {
            guard let id = reader.table["id"]?.string?.nfc, self.quotas[id] == nil else { continue }
            self.quotas[id] = QuotaState(terms: quotaTerms[id], first: start)
        }
        let campaignsByID = Dictionary(campaigns.decoded.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for reader in campaigns.readers {
            guard let id = reader.table["id"]?.string?.nfc, self.campaigns[id] == nil else { continue }
            self.campaigns[id] = CampaignState(campaignsByID[id], isOriginal: true)
            campaignOrder.append(id)
        }
    }

    /// Checks one amendment's entries against the terms before it, and makes them the terms after it.
    private mutating func apply(_ entry: Entry) -> Changes {
        var changes = Changes()
        AgreementDecoder.requireUnique(entry.quotas, what: "quota", scope: "amendment")
        var seen = Set<String>()
        for table in entry.quotas where seen.insert(table.table["id"]?.string?.nfc ?? "").inserted {
            if let change = quota(table, in: entry) { changes.quotas.append(change) }
        }
        AgreementDecoder.requireUnique(entry.campaigns, what: "campaign", scope: "amendment")
        seen = []
        for table in entry.campaigns where seen.insert(table.table["id"]?.string?.nfc ?? "").inserted {
            if let change = campaign(table) { changes.campaigns.append(change) }
        }
        var seenMilestones: [String: String] = [:]
        for table in entry.milestones {
            let key = (table.table["campaign"]?.string?.nfc ?? "") + "\n" + (table.table["id"]?.string?.nfc ?? "")
            if let first = seenMilestones[key] {
                table.issue("id", "this milestone is already changed by \(first) of the same amendment; change it in one entry")
                continue
            }
            seenMilestones[key] = table.path
            if let change = milestone(table) { changes.milestones.append(change) }
        }
        return changes
    }

    /// `"news"`, shortened when an id is absurdly long.
    static func named(_ id: String) -> String {
        "\"" + (id.count > 40 ? String(id.prefix(40)) + "…" : id) + "\""
    }

    /// ` (did you mean "news"?)` when one of `candidates` is close to `id`; skipped for huge inputs.
    static func suggestion(for id: String, in candidates: some Collection<String>) -> String {
        guard id.count <= 64, candidates.count <= 200,
              let closest = TableReader.closest(to: id, in: candidates.sorted())
        else { return "" }
        return " (did you mean \"\(closest)\"?)"
    }
}
