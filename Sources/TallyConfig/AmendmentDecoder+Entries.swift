import TallyCore

extension AmendmentDecoder {
    /// One `[[amendment.quota]]`: a change of an existing quota, its removal, or a new quota.
    mutating func quota(_ table: TableReader, in entry: Entry) -> QuotaAmendment? {
        guard let id = AgreementDecoder.identifier(table, "id", required: true) else { return nil }
        guard let state = quotas[id] else { return newQuota(id, table, in: entry) }
        if let removedBy = state.removedBy {
            table.issue("id", "quota \(Self.named(id)) was removed by \(removedBy), so it cannot be amended or removed again; to count such items again, add a new quota with an id of its own")
            return nil
        }
        if table.table.contains(key: "removed") { return removal(of: id, state, table, in: entry) }

        var refused = false
        for key in Self.fixedQuotaKeys where table.table.contains(key: key) {
            table.issue(key, "per, prorate and carry of a quota cannot be amended; to change the period, remove the quota (removed = true) and add a new one with an id of its own")
            refused = true
        }
        if table.table.contains(key: "title") {
            table.issue("title", "the title of quota \(Self.named(id)) cannot be amended; an amendment changes a quota's target, filters (kinds, languages, outlets, tags), thresholds (at_risk_below, behind_below) and price")
            refused = true
        }
        guard Self.amendableQuotaKeys.contains(where: { table.table.contains(key: $0) }) else {
            if table.table.count == 1 {
                table.issue(nil, "quota \(Self.named(id)) is named but nothing of it changes; give at least one of " + Self.amendableQuotaKeys.joined(separator: ", ") + ", or removed = true")
            }
            return nil
        }
        let target = AgreementDecoder.target(table, "target", required: false)
        let filter = AgreementDecoder.filterLists(table)
        let inForce = PaceThresholds(
            atRiskBelow: state.terms?.atRiskBelow ?? pace.atRiskBelow, behindBelow: state.terms?.behindBelow ?? pace.behindBelow)
        let (atRiskBelow, behindBelow) = MainFileDecoder.thresholds(table, over: inForce, inherited: " (in force before this amendment)")
        let changes = QuotaChanges(
            target: target, kinds: filter.kinds, languages: filter.languages, outlets: filter.outlets, tags: filter.tags,
            atRiskBelow: atRiskBelow, behindBelow: behindBelow, price: SettlementDecoder.price(table, priced: priced))
        if let terms = state.terms { quotas[id]?.terms = changes.applied(to: terms) }
        return refused ? nil : QuotaAmendment(id: id, change: .amend(changes))
    }

    /// `removed = true`, alone: the quota's last day is the day before the amendment takes effect.
    private mutating func removal(of id: String, _ state: QuotaState, _ table: TableReader, in entry: Entry) -> QuotaAmendment? {
        guard let removed = table.bool("removed") else { return nil }
        guard removed else {
            table.issue("removed", "removed = false changes nothing; write removed = true to end the quota, or leave the key out")
            return nil
        }
        let others = Self.quotaKeys.filter { $0 != "id" && $0 != "removed" && table.table.contains(key: $0) }
        for key in others {
            table.issue(key, "a removed quota takes no other terms; write the removal alone (id and removed = true), and a new quota in an entry with an id of its own")
        }
        guard others.isEmpty else { return nil }
        if let effective = entry.effective, let first = state.first, effective <= first {
            table.issue("removed", "quota \(Self.named(id)) starts on \(first), so removing it from \(effective) on would leave it not a single day; make the removal effective after \(first)")
            return nil
        }
        let amendment = entry.id.map { "amendment \(Self.named($0))" } ?? "an amendment"
        let effective = entry.effective.map { "effective \($0), " } ?? ""
        quotas[id]?.removedBy = "\(amendment) (\(effective)at \(table.path))"
        return QuotaAmendment(id: id, change: .remove)
    }

    /// A quota id the agreement does not have yet: a new quota when it has a target, else a mistake.
    private mutating func newQuota(_ id: String, _ table: TableReader, in entry: Entry) -> QuotaAmendment? {
        guard table.table.contains(key: "target") else {
            let live = quotas.filter { $0.value.removedBy == nil }.keys
            table.issue("id", "no quota \(Self.named(id)) in this agreement to amend\(Self.suggestion(for: id, in: live)); name one of its quotas or one an amendment effective no later than this one adds, or give a new quota title = \"…\" and target = N (with per, filters, thresholds, prorate and carry as in [[quota]])")
            return nil
        }
        if table.table.contains(key: "removed") {
            table.issue("removed", "quota \(Self.named(id)) is new in this amendment, so there is nothing to remove; leave out removed, or name an existing quota")
        }
        guard let quota = AgreementDecoder.quota(table, pace: pace, titleRequired: true, priced: priced),
              !table.table.contains(key: "removed")
        else { return nil }
        quotas[id] = QuotaState(terms: quota, first: entry.effective)
        return QuotaAmendment(id: id, change: .add(quota))
    }

    /// One `[[amendment.campaign]]`: a new campaign, or an existing one's new end.
    mutating func campaign(_ table: TableReader) -> CampaignAmendment? {
        guard let id = AgreementDecoder.identifier(table, "id", required: true) else { return nil }
        guard var state = campaigns[id] else {
            guard let campaign = AgreementDecoder.campaign(table, within: dates) else { return nil }
            campaigns[id] = CampaignState(campaign, isOriginal: false)
            campaignOrder.append(id)
            return .add(campaign)
        }
        let others = AgreementDecoder.campaignKeys.filter { $0 != "id" && $0 != "end" && table.table.contains(key: $0) }
        for key in others {
            table.issue(key, "campaign \(Self.named(id)) is already in this agreement, and an amendment may only give it a new end; a new campaign needs an id of its own")
        }
        guard table.table.contains(key: "end") else {
            if table.table.count == 1 {
                table.issue(nil, "campaign \(Self.named(id)) is named but nothing of it changes; give it a new end = YYYY-MM-DD")
            }
            return nil
        }
        guard let end = table.date("end"), others.isEmpty else { return nil }
        if let start = state.start, end < start {
            table.issue("end", "campaign \(Self.named(id)) would end (\(end)) before it starts (\(start)); end is the last day, on or after start")
            return nil
        }
        if let dates, end < dates.start || end > dates.end {
            table.issue("end", "campaign \(Self.named(id)) would end on \(end), outside its agreement \(datesText); a campaign runs within its agreement's dates")
            return nil
        }
        state.end = end
        state.endSetAt = table.keyPath("end")
        campaigns[id] = state
        return .end(campaign: id, end)
    }

    /// One `[[amendment.milestone]]`: an existing milestone's new due and/or target.
    mutating func milestone(_ table: TableReader) -> MilestoneAmendment? {
        let campaignID = AgreementDecoder.identifier(table, "campaign", required: true)
        let id = AgreementDecoder.identifier(table, "id", required: true)
        let due = table.date("due")
        let target = AgreementDecoder.target(table, "target", required: false)
        guard let campaignID, let id else { return nil }
        guard var campaign = campaigns[campaignID] else {
            table.issue("campaign", "no campaign \(Self.named(campaignID)) in this agreement\(Self.suggestion(for: campaignID, in: campaignOrder)); name one of its campaigns, or one an amendment effective no later than this one adds")
            return nil
        }
        guard var milestones = campaign.milestones else { return nil }
        guard var milestone = milestones[id] else {
            table.issue("id", "campaign \(Self.named(campaignID)) has no milestone \(Self.named(id))\(Self.suggestion(for: id, in: campaign.milestoneOrder)); an amendment changes the due or target of one of the campaign's milestones")
            return nil
        }
        let (hasDue, hasTarget) = (table.table.contains(key: "due"), table.table.contains(key: "target"))
        guard hasDue || hasTarget else {
            if table.table.count == 2 {
                table.issue(nil, "milestone \(Self.named(id)) of campaign \(Self.named(campaignID)) is named but nothing of it changes; give a new due = YYYY-MM-DD and/or target = N")
            }
            return nil
        }
        if hasTarget, !milestone.isCounted {
            table.issue("target", "milestone \(Self.named(id)) is manual (completed with `tallyctl milestone done`), so it has no target to change; an amendment may give it a new due")
            return nil
        }
        guard due != nil || !hasDue, target != nil || !hasTarget else { return nil }
        if let due {
            milestone.due = due
            milestone.dueSetAt = table.keyPath("due")
            milestones[id] = milestone
            campaign.milestones = milestones
            campaigns[campaignID] = campaign
        }
        return MilestoneAmendment(campaign: campaignID, milestone: id, due: due, target: target)
    }

    /// After every amendment: each campaign within the agreement's dates, each milestone due within its
    /// campaign's, where an amendment moved one of them (the file's own dates are checked as written).
    func checkCampaignDates(log: IssueLog, agreementEndSetAt: String?) {
        guard let dates else { return }
        for id in campaignOrder {
            guard let campaign = campaigns[id], let start = campaign.start, let end = campaign.end else { continue }
            if campaign.isOriginal, campaign.endSetAt == nil, let agreementEndSetAt, end > dates.end {
                log.add(agreementEndSetAt, "the agreement would end on \(dates.end), but campaign \(Self.named(id)) runs until \(end); a campaign runs within its agreement's dates, so give it an earlier end with [[amendment.campaign]] (id = \(Self.named(id)), end = …)")
            }
            for milestoneID in campaign.milestoneOrder {
                guard let milestone = campaign.milestones?[milestoneID], milestone.due < start || milestone.due > end else { continue }
                if let at = milestone.dueSetAt {
                    log.add(at, "milestone \(Self.named(milestoneID)) would be due on \(milestone.due), outside its campaign \(Self.named(id)) (\(start) to \(end), as amended); a milestone falls due while its campaign runs")
                } else if let at = campaign.endSetAt {
                    log.add(at, "campaign \(Self.named(id)) would end on \(end), before its milestone \(Self.named(milestoneID)) falls due (\(milestone.due)); end the campaign later, or move the milestone's due with [[amendment.milestone]]")
                }
            }
        }
    }
}
