import Foundation
import TallyCore
import TallyMail

/// Reads one agreement file and checks it on its own (ids, dates, ranges); cross-file checks are
/// the loader's.
enum AgreementDecoder {
    static let rootKeys = ["id", "title", "reference", "parties", "start", "end", "timezone", "blackout", "quota", "campaign", "amendment", "feed", "report_to", "settlement"]
    static let filterKeys = ["kinds", "languages", "outlets", "tags"]
    static let quotaKeys = ["id", "title", "target", "per"] + filterKeys + ["at_risk_below", "behind_below", "prorate", "carry", "price"]
    static let campaignKeys = ["id", "title", "start", "end"] + filterKeys + ["remind", "milestone"]
    static let milestoneKeys = ["id", "title", "due", "target", "manual"]
    static let blackoutKeys = ["from", "to", "reason"]
    static let targetRange = 1...1_000_000

    /// The agreement's id (when readable, for cross-file checks) and the agreement when the file
    /// has no problem at all.
    static func decode(_ root: TableReader, policy: EvaluationPolicy) -> (id: String?, agreement: Agreement?) {
        let issuesBefore = root.log.issues.count
        let id = identifier(root, "id", required: true)
        let title = root.string("title", required: true)
        let reference = root.string("reference")
        let parties = root.strings("parties") ?? []
        let start = root.date("start", required: true)
        let end = root.date("end", required: true)
        let timeZone = MainFileDecoder.timeZone(root, "timezone") ?? policy.defaultTimeZone
        if let start, let end, end < start {
            root.issue("end", "the agreement ends (\(end)) before it starts (\(start)); end is the last day, on or after start")
        }
        let blackouts = root.tables("blackout", keys: blackoutKeys).compactMap { blackout($0, scope: .agreement) }

        let settlement = SettlementDecoder.decode(root, parties: parties)
        let priced = root.table.contains(key: "settlement")
        let quotaReaders = root.tables("quota", keys: quotaKeys)
        let quotas = quotaReaders.compactMap { quota($0, pace: policy.pace, priced: priced) }
        requireUnique(quotaReaders, what: "quota")

        let campaignReaders = root.tables("campaign", keys: campaignKeys)
        let agreementDates = start.flatMap { start in end.map { (start, $0) } }
        let campaigns = campaignReaders.compactMap { campaign($0, within: agreementDates) }
        requireUnique(campaignReaders, what: "campaign")

        let amendments = AmendmentDecoder.decode(
            root, dates: agreementDates.flatMap { $0.1 < $0.0 ? nil : $0 },
            quotas: (quotaReaders, quotas), campaigns: (campaignReaders, campaigns), pace: policy.pace, priced: priced)
        let feeds = FeedDecoder.decode(root)
        let reportTo = recipients(root)

        guard root.log.issues.count == issuesBefore, let id, let title, let start, let end else { return (id, nil) }
        let agreement = Agreement(
            id: id, title: title, reference: reference, parties: parties, start: start, end: end,
            timeZone: timeZone, blackouts: blackouts, quotas: quotas, campaigns: campaigns, amendments: amendments, feeds: feeds,
            reportTo: reportTo, settlement: settlement)
        return (id, agreement)
    }

    /// `report_to` (SPEC §11): mail addresses, each once.
    private static func recipients(_ root: TableReader) -> [String] {
        guard let written = root.strings("report_to") else { return [] }
        var seen: [String: Int] = [:]
        for (index, text) in written.enumerated() {
            let key = "report_to[\(index)]"
            guard let address = MainFileDecoder.mailAddress(root, key, text) else { continue }
            if let first = seen[address.address.lowercased()] {
                root.issue(key, "\(address.address) is already listed at report_to[\(first)]; list each recipient once")
            } else {
                seen[address.address.lowercased()] = index
            }
        }
        return written
    }

    /// One `[[blackout]]` entry, global or of an agreement.
    static func blackout(_ table: TableReader, scope: Blackout.Scope) -> Blackout? {
        let from = table.date("from", required: true)
        let to = table.date("to", required: true)
        let reason = table.string("reason")
        guard let from, let to else { return nil }
        guard to >= from else {
            table.issue("to", "the blackout ends (\(to)) before it starts (\(from)); both days are inclusive, so `to` is on or after `from`")
            return nil
        }
        return Blackout(from: from, to: to, reason: reason, scope: scope)
    }

    /// A `[[quota]]`, or a quota an amendment adds (which must have a title); `priced` when the file has
    /// `[settlement]`, without which a `price` is refused.
    static func quota(_ table: TableReader, pace: PaceThresholds, titleRequired: Bool = false, priced: Bool) -> Quota? {
        let id = identifier(table, "id", required: true)
        let title = table.string("title", required: titleRequired)
        let target = target(table, "target", required: true)
        let per = choice(table, "per", default: Cadence.total)
        let filter = filter(table)
        let (atRiskBelow, behindBelow) = MainFileDecoder.thresholds(table, over: pace)
        let prorate = table.bool("prorate") ?? true
        let carry = choice(table, "carry", default: Carry.none)
        let price = SettlementDecoder.price(table, priced: priced)
        if let carry, carry != .none, per == .total {
            table.issue("carry", "carry-over moves what one window missed or exceeded into the next, and a total quota has only one window; leave out carry, or set per to year, quarter, month or week")
        }
        guard let id, let target, let per, let carry, price != nil || !table.table.contains(key: "price") else { return nil }
        return Quota(
            id: id, title: title, target: target, per: per, filter: filter, atRiskBelow: atRiskBelow,
            behindBelow: behindBelow, prorate: prorate, carry: carry, price: price)
    }

    /// One of a fixed set of words (`per`, `carry`, `vat`): `fallback` when absent, nil (logged) when not one of them.
    static func choice<Value: RawRepresentable<String> & CaseIterable>(
        _ table: TableReader, _ key: String, default fallback: Value
    ) -> Value? {
        guard let text = table.string(key) else { return table.table.contains(key: key) ? nil : fallback }
        guard let value = Value(rawValue: text) else {
            let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
            table.issue(key, "expected one of \(names), got \"\(text)\"")
            return nil
        }
        return value
    }

    /// A `[[campaign]]` with its milestones, or a campaign an amendment adds, within `agreement`'s dates.
    static func campaign(_ table: TableReader, within agreement: (start: CivilDate, end: CivilDate)?) -> Campaign? {
        let id = identifier(table, "id", required: true)
        let title = table.string("title")
        let start = table.date("start", required: true)
        let end = table.date("end", required: true)
        let filter = filter(table)
        let remind = MainFileDecoder.reminders(table)
        if let start, let end {
            if end < start {
                table.issue("end", "the campaign ends (\(end)) before it starts (\(start)); end is the last day, on or after start")
            } else if let agreement {
                if start < agreement.start || start > agreement.end {
                    table.issue("start", "the campaign starts on \(start), outside its agreement (\(agreement.start) to \(agreement.end)); a campaign runs within its agreement's dates")
                }
                if end > agreement.end || end < agreement.start {
                    table.issue("end", "the campaign ends on \(end), outside its agreement (\(agreement.start) to \(agreement.end)); a campaign runs within its agreement's dates")
                }
            }
        }
        let campaignDates = start.flatMap { start in end.map { (start, $0) } }
        let milestoneReaders = table.tables("milestone", keys: milestoneKeys)
        let milestones = milestoneReaders.compactMap { milestone($0, within: campaignDates) }
        requireUnique(milestoneReaders, what: "milestone", scope: "campaign")
        guard let id, let start, let end else { return nil }
        return Campaign(id: id, title: title, start: start, end: end, filter: filter, milestones: milestones, remind: remind)
    }

    private static func milestone(_ table: TableReader, within campaign: (start: CivilDate, end: CivilDate)?) -> Milestone? {
        let id = identifier(table, "id", required: true)
        let title = table.string("title")
        let due = table.date("due", required: true)
        let target = target(table, "target", required: false)
        let manual = table.bool("manual") ?? false
        if let due, let campaign, due < campaign.start || due > campaign.end {
            table.issue("due", "the milestone is due on \(due), outside its campaign (\(campaign.start) to \(campaign.end)); a milestone falls due while its campaign runs")
        }
        let completion: Milestone.Completion?
        switch (target, manual) {
        case (.some(let target), false): completion = .counted(target: target)
        case (nil, true): completion = .manual
        case (.some, true):
            table.issue("manual", "a milestone is either counted (target = N) or manual (manual = true), not both; remove one")
            completion = nil
        case (nil, false):
            if table.table["target"] == nil {
                table.issue(nil, "a milestone needs either target = N (reached by counting items) or manual = true (completed with `tallyctl milestone done`)")
            }
            completion = nil
        }
        guard let id, let due, let completion else { return nil }
        return Milestone(id: id, title: title, due: due, completion: completion)
    }

    /// Kinds, languages, outlets and tags: each optional, none empty.
    static func filter(_ table: TableReader) -> DeliveryFilter {
        let lists = filterLists(table)
        return DeliveryFilter(kinds: lists.kinds, languages: lists.languages, outlets: lists.outlets, tags: lists.tags)
    }

    /// The filter lists as written (before `DeliveryFilter` normalises them), each checked.
    static func filterLists(_ table: TableReader) -> (kinds: [String]?, languages: [String]?, outlets: [String]?, tags: [String]?) {
        func list(_ key: String, valid: (String) -> Bool, expected: String) -> [String]? {
            guard let values = table.strings(key) else { return nil }
            if values.isEmpty {
                table.issue(key, "an empty list matches nothing; list at least one value, or leave out the key to match every value")
                return nil
            }
            for (index, value) in values.enumerated() where !valid(value) {
                table.log.add(table.keyPath(key) + "[\(index)]", "\"\(value)\" is not \(expected)")
            }
            return values
        }
        return (
            kinds: list("kinds", valid: isIdentifier, expected: "a kind: lowercase letters, digits and \"-\" (article, photo, video, …)"),
            languages: list("languages", valid: isLanguageTag, expected: "a BCP 47 language tag such as \"vi\", \"en\" or \"en-US\""),
            outlets: list("outlets", valid: { _ in true }, expected: "an outlet"),
            tags: list("tags", valid: isIdentifier, expected: "a tag: lowercase letters, digits and \"-\" (e.g. \"kinh-te\")"))
    }

    /// An id: `[a-z0-9-]+`.
    static func identifier(_ table: TableReader, _ key: String, required: Bool) -> String? {
        guard let id = table.string(key, required: required) else { return nil }
        guard isIdentifier(id) else {
            table.issue(key, "\"\(id)\" is not a valid id; use lowercase letters a–z, digits and \"-\" only (e.g. \"ben-tre-2024\")")
            return nil
        }
        return id
    }

    /// A quota or milestone target, 1…1,000,000.
    static func target(_ table: TableReader, _ key: String, required: Bool) -> Int? {
        guard let target = table.integer(key, required: required) else { return nil }
        guard targetRange.contains(target) else {
            table.issue(key, "expected a target from 1 to 1000000, got \(target)")
            return nil
        }
        return target
    }

    /// Logs every entry whose `id` repeats an earlier one's.
    static func requireUnique(_ tables: [TableReader], what: String, scope: String = "agreement") {
        var seen: [String: String] = [:]
        for table in tables {
            guard let id = table.table["id"]?.string?.nfc else { continue }
            if let first = seen[id] {
                table.issue("id", "duplicate \(what) id \"\(id)\", already used by \(first); \(what) ids must be unique within the \(scope)")
            } else {
                seen[id] = table.path
            }
        }
    }

    /// Whether `text` is `[a-z0-9-]+`.
    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Whether `text` looks like a BCP 47 tag: a 2–3-letter language, then subtags of 1–8 letters or digits.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
            language.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }
}
