import TallyCore

/// Reads an agreement's `[settlement]` and the amounts of SPEC §12: a quota's `price`, an amendment's `value`.
/// Amounts are whole đồng, written as TOML integers (`2_500_000`).
enum SettlementDecoder {
    static let keys = ["value", "payer", "vat", "vat_rate", "over_delivery", "every", "acceptance_due"]

    /// The words of `vat`.
    private enum VATWord: String, CaseIterable {
        case included, excluded
    }

    /// `[settlement]` of the file whose root is `root`, checked against the agreement's `parties`; nil when the
    /// file has none or it has a problem (logged).
    static func decode(_ root: TableReader, parties: [String]) -> SettlementTerms? {
        guard let table = root.table("settlement", keys: keys) else { return nil }
        let value = amount(table, "value", range: SettlementTerms.valueRange, what: "a contract value", required: true)
        let payer = payer(table, parties: parties)
        let vatWord = AgreementDecoder.choice(table, "vat", default: VATWord.included)
        let rate = vatRate(table)
        let overDelivery = AgreementDecoder.choice(table, "over_delivery", default: SettlementTerms.OverDelivery.unpaid)
        let every = AgreementDecoder.choice(table, "every", default: SettlementTerms.Every.quarter)
        // A bad duration is logged, and the file refused whatever stands in for it here.
        let acceptanceDue = table.duration("acceptance_due", allowingZero: true) ?? SettlementTerms.defaultAcceptanceDue
        var vat: SettlementTerms.VAT?
        switch vatWord {
        case .included: vat = .included(rate: rate)
        case .excluded:
            if let rate {
                vat = .excluded(rate: rate)
            } else if !table.table.contains(key: "vat_rate") {
                table.issue("vat_rate", "is required when vat = \"excluded\": the record adds VAT at this whole percent to the amounts before VAT; write e.g. vat_rate = 8, or vat = \"included\" when the prices include VAT")
            }
        case nil: break
        }
        guard let value, let payer, let vat, let overDelivery, let every else { return nil }
        return SettlementTerms(
            value: value, payer: payer, vat: vat, overDelivery: overDelivery, every: every, acceptanceDue: acceptanceDue)
    }

    /// `payer`: one of `parties` (Bên A), with another party left to be paid (Bên B).
    private static func payer(_ table: TableReader, parties: [String]) -> String? {
        guard let payer = table.string("payer", required: true) else { return nil }
        guard parties.contains(payer) else {
            let listed = parties.isEmpty
                ? "the agreement lists no parties"
                : "the agreement's parties are " + parties.map { "\"\($0)\"" }.joined(separator: ", ")
            table.issue("payer", "\"\(payer)\" is not one of the agreement's parties (\(listed)); the payer (Bên A) is written as in parties = […], and the other party is the payee (Bên B)")
            return nil
        }
        guard parties.contains(where: { $0 != payer }) else {
            table.issue("payer", "\"\(payer)\" is the only party listed, so no one would be paid; list the payee (Bên B) in parties as well")
            return nil
        }
        return payer
    }

    /// `vat_rate`: a whole percent, 0 to 100.
    private static func vatRate(_ table: TableReader) -> Int? {
        if let number = table.table["vat_rate"]?.double {
            table.issue("vat_rate", "expected a whole percent such as 8, got the number \(number)")
            return nil
        }
        guard let rate = table.integer("vat_rate") else { return nil }
        guard SettlementTerms.vatRateRange.contains(rate) else {
            table.issue("vat_rate", "expected a whole percent from \(SettlementTerms.vatRateRange.lowerBound) to \(SettlementTerms.vatRateRange.upperBound), got \(rate)")
            return nil
        }
        return rate
    }

    /// A quota's `price` (of `[[quota]]` or `[[amendment.quota]]`), which only an agreement with `[settlement]`
    /// pays: `priced` says whether the file has one.
    static func price(_ table: TableReader, priced: Bool) -> Money? {
        guard table.table.contains(key: "price") else { return nil }
        guard priced else {
            table.issue("price", "a price is paid only under the agreement's [settlement], which this file does not have; add [settlement] with value and payer, or leave out price")
            return nil
        }
        return amount(table, "price", range: SettlementTerms.priceRange, what: "a price per item")
    }

    /// An amount of whole đồng within `range`: a TOML integer, never a fraction.
    static func amount(
        _ table: TableReader, _ key: String, range: ClosedRange<Money>, what: String, required: Bool = false
    ) -> Money? {
        if let number = table.table[key]?.double {
            table.issue(key, "expected a whole number of đồng, got the number \(number); amounts are whole đồng, without decimals (e.g. 2_500_000)")
            return nil
        }
        guard let dong = table.integer(key, required: required) else { return nil }
        let amount = Money(dong: Int64(dong))
        guard range.contains(amount) else {
            table.issue(key, "expected \(what) from \(written(range.lowerBound)) to \(written(range.upperBound)) đồng, got \(written(amount))")
            return nil
        }
        return amount
    }

    /// `1_500_000_000`: an amount as a TOML file writes it.
    private static func written(_ amount: Money) -> String {
        let digits = ReportLanguage.en.grouped(amount.dong.magnitude).map { $0 == "," ? "_" : $0 }
        return (amount.dong < 0 ? "-" : "") + String(digits)
    }
}
