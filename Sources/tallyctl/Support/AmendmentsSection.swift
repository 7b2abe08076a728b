import TallyCommandLine
import TallyCore
import TallyReport

/// The amendments of an agreement for people, in `show` and `validate --explain`: one row per amendment (id,
/// effective, signed, new end, title), each followed by what it does to each quota.
struct AmendmentsSection {
    /// In `effective` order.
    var amendments: [Amendment]
    /// The agreement's end in force and its own, when an amendment moved it.
    var end: CivilDate
    var originalEnd: CivilDate?
    var terminal: Terminal
    private let indent = 4

    /// The lines, without a heading.
    func render() -> [String] {
        var lines: [String] = []
        if let originalEnd {
            let mover = amendments.last { $0.end == end }.map { ", \($0.id)" } ?? ""
            lines.append(String(repeating: " ", count: indent) + "ends \(end) (was \(originalEnd)\(mover))")
        }
        var table = TextTable(
            columns: [.init("ID"), .init("EFFECTIVE"), .init("SIGNED"), .init("NEW END"), .init("TITLE")], indent: indent)
        for amendment in amendments {
            table.append([
                .init(amendment.id), .init(amendment.effective.description),
                .init(amendment.signed.map { $0.description + (amendment.isRetroactive ? ", retroactive" : "") } ?? ""),
                .init(amendment.end?.description ?? ""), .init(amendment.title),
            ])
        }
        let rows = table.render(colour: terminal.colour, maximumWidth: terminal.width)
        // The changes sit under EFFECTIVE, below their amendment's row.
        let idWidth = amendments.map { displayWidth($0.id) }.reduce(displayWidth("ID"), max)
        lines.append(rows[0])
        for (amendment, row) in zip(amendments, rows.dropFirst()) {
            lines.append(row)
            var changes = TextTable(columns: [.init("QUOTA"), .init("CHANGE")], indent: indent + idWidth + 2)
            changes.showsHeader = false
            for change in amendment.quotas {
                changes.append([.init(change.id), .init(Self.describe(change.change, effective: amendment.effective))])
            }
            lines += changes.render(colour: terminal.colour, maximumWidth: terminal.width)
        }
        return lines
    }

    /// `target 150; kinds article, video`, `added: 24 per year; counts languages en; Tin tiếng Anh`,
    /// `removed from 2025-10-01`.
    static func describe(_ change: QuotaAmendment.Change, effective: CivilDate) -> String {
        switch change {
        case .amend(let changes):
            var parts: [String] = []
            if let target = changes.target { parts.append("target \(target)") }
            let filters = DeliveryFilter(kinds: changes.kinds, languages: changes.languages, outlets: changes.outlets, tags: changes.tags)
            if filters != DeliveryFilter() { parts.append(ShowView.describe(filters)) }
            parts += thresholds(atRiskBelow: changes.atRiskBelow, behindBelow: changes.behindBelow)
            return parts.isEmpty ? "no change" : parts.joined(separator: "; ")
        case .add(let quota):
            let parts = ["added: \(quota.target) per \(ShowView.cadence(quota))", "counts \(ShowView.describe(quota.filter))"]
                + thresholds(atRiskBelow: quota.atRiskBelow, behindBelow: quota.behindBelow) + [quota.title ?? quota.id]
            return parts.joined(separator: "; ")
        case .remove:
            return "removed from \(effective)"
        }
    }

    private static func thresholds(atRiskBelow: Double?, behindBelow: Double?) -> [String] {
        [atRiskBelow.map { "at risk < \(Formatting.fixed($0, decimals: 2))" }, behindBelow.map { "behind < \(Formatting.fixed($0, decimals: 2))" }]
            .compactMap { $0 }
    }
}
