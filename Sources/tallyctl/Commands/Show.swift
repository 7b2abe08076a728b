import TallyCommandLine
import TallyCore
import ArgumentParser
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl show AGREEMENT`.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show everything about one agreement, including past windows and their outcome.",
        discussion: """
            The agreement's status as `tallyctl status` shows it, then its reference, parties, time zone \
            and file; each quota's target, period, filters and thresholds; its amendments (phụ lục) with \
            what each changes in every quota, and the end it replaced; its campaigns and milestones; its \
            blackout days; and every closed window with its recorded outcome (MET or MISSED). \
            `tallyctl validate --explain AGREEMENT` works out every window's target under the amendments.

            To find out why a quota is behind, compare DELIVERED with EXPECTED here, check the quota's \
            filters (a delivery counts only when its kind, language, outlet and tags match), then list \
            what was counted: tallyctl deliveries AGREEMENT --since <window start>.

            Example:  tallyctl show ben-tre-2024
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The agreement's id.")
    var agreement: String

    func run() throws {
        let daemon = try TallydConnection(global)
        let shown: (reply: ShowAgreementReply, json: JSONValue)
        do {
            shown = try daemon.call(IOTally.showAgreement, ShowAgreementParameters(agreement: agreement))
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: agreement)
        }
        if global.json { return try JSONOutput.print(shown.json) }
        for line in ShowView(detail: shown.reply.agreement, terminal: .standardOutput).render() { print(line) }
    }
}

/// `show` for people.
struct ShowView {
    var detail: AgreementDetail
    var terminal: Terminal

    func render() -> [String] {
        // Days left to a milestone count from the evaluation date tallyd reports in the agreement's zone.
        var lines = StatusView(agreements: [detail.status], terminal: terminal).render()
        lines.append("")
        var facts = TextTable(columns: [.init(""), .init("")], indent: 4)
        facts.showsHeader = false
        if let reference = detail.reference { facts.append(["Reference:", .init(reference)]) }
        if !detail.parties.isEmpty { facts.append(["Parties:", .init(detail.parties.joined(separator: "; "))]) }
        facts.append(["Time zone:", .init(detail.timezone)])
        facts.append(["File:", .init(detail.file ?? "(none: archived)")])
        lines += fit(facts)
        if !detail.quotas.isEmpty {
            lines += ["", "  Quotas"]
            var table = TextTable(
                columns: [.init("ID"), .init("TARGET", alignment: .right), .init("PER"), .init("AT RISK <"), .init("BEHIND <"),
                          .init("FILTERS"), .init("TITLE")], indent: 4)
            for quota in detail.quotas {
                table.append([
                    .init(quota.id), .init(String(quota.target)), .init(Self.cadence(quota)),
                    .init(quota.atRiskBelow.map { Formatting.fixed($0, decimals: 2) } ?? ""),
                    .init(quota.behindBelow.map { Formatting.fixed($0, decimals: 2) } ?? ""),
                    .init(Self.describe(quota.filter)), .init(quota.title ?? quota.id),
                ])
            }
            lines += fit(table)
        }
        // A tallyd that sends no detail still names its amendments in the status.
        let amendments = detail.amendments?.map(\.amendment) ?? detail.status.amendments
        if !amendments.isEmpty {
            lines += ["", "  Amendments"]
            lines += AmendmentsSection(
                amendments: amendments, end: detail.status.end, originalEnd: detail.status.originalEnd, terminal: terminal
            ).render()
        }
        for campaign in detail.campaigns {
            lines += ["", "  Campaign \(campaign.id)  \(campaign.start) – \(campaign.end)  \(campaign.title)"]
            lines.append("    counts: \(Self.describe(campaign.filters))")
            var table = TextTable(columns: [.init("MILESTONE"), .init("DUE"), .init("TARGET", alignment: .right), .init("DONE ON"), .init("TITLE")], indent: 4)
            for milestone in campaign.milestones {
                table.append([
                    .init("\(campaign.id)/\(milestone.id)"), .init(milestone.due),
                    .init(milestone.target.map(String.init) ?? "manual"), .init(milestone.doneOn ?? ""), .init(milestone.title),
                ])
            }
            if !campaign.milestones.isEmpty { lines += fit(table) }
        }
        if !detail.blackouts.isEmpty {
            lines += ["", "  Blackout days (count for nothing)"]
            var table = TextTable(columns: [.init("FROM"), .init("TO"), .init("SCOPE"), .init("REASON")], indent: 4)
            for blackout in detail.blackouts {
                table.append([
                    .init(blackout.from.description), .init(blackout.to.description), .init(blackout.scope.rawValue),
                    .init(blackout.reason ?? ""),
                ])
            }
            lines += fit(table)
        }
        lines += ["", "  Past windows"]
        if detail.pastWindows.isEmpty {
            lines.append("    none closed yet")
        } else {
            var table = TextTable(
                columns: [.init("QUOTA"), .init("WINDOW"), .init("START"), .init("END"), .init("DELIVERED", alignment: .right),
                          .init("OUTCOME"), .init("RECORDED")], indent: 4)
            for recorded in detail.pastWindows {
                let window = recorded.outcome
                table.append([
                    .init(window.quota), .init(window.window.label), .init(window.window.start.description),
                    .init(window.window.end.description), .init("\(window.delivered)/\(window.target)"),
                    .init(window.outcome.rawValue, style: StatusColour.of(window.outcome.rawValue)),
                    .init(WireFormat.timestamp(recorded.closedAt)),
                ])
            }
            lines += fit(table)
        }
        return lines
    }

    private func fit(_ table: TextTable) -> [String] {
        table.render(colour: terminal.colour, maximumWidth: terminal.width)
    }

    /// `quarter`, `year, no prorating, carry deficit`.
    static func cadence(_ quota: Quota) -> String {
        quota.per.rawValue + (quota.prorate ? "" : ", no prorating") + (quota.carry == .none ? "" : ", carry \(quota.carry.rawValue)")
    }

    /// `kinds article, video; languages vi`, or `everything`.
    static func describe(_ filters: DeliveryFilter) -> String {
        let parts: [(String, [String]?)] = [
            ("kinds", filters.kinds), ("languages", filters.languages), ("outlets", filters.outlets), ("tags", filters.tags),
        ]
        let given = parts.compactMap { name, values in values.map { "\(name) \($0.joined(separator: ", "))" } }
        return given.isEmpty ? "everything" : given.joined(separator: "; ")
    }
}
