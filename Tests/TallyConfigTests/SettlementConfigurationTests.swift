import TallyConfig
import TallyCore
import TallyTesting
import Testing

/// An agreement file between TTXVN and UBND tỉnh Bến Tre with `extra` after its parties.
private func agreement(_ extra: String) -> String {
    Fixture.agreement("a", "parties = [\"Thông tấn xã Việt Nam\", \"UBND tỉnh Bến Tre\"]\n" + extra)
}

/// A `[settlement]` that decodes, then `extra`.
private func settled(_ extra: String = "") -> String {
    agreement("[settlement]\nvalue = 1_500_000_000\npayer = \"UBND tỉnh Bến Tre\"\n" + extra)
}

/// `[settlement]` in agreement files, quota and amendment prices and values, and `[access] approvers` (SPEC §12).
@Suite struct SettlementConfigurationTests {
    @Test func everySettlementKeyDecodesToTheCoreValues() throws {
        let fixture = try Fixture(agreements: ["10-a.toml": agreement("""
            [settlement]
            value          = 1_500_000_000
            payer          = "UBND tỉnh Bến Tre"
            vat            = "excluded"
            vat_rate       = 8
            over_delivery  = "paid"
            every          = "year"
            acceptance_due = "30d"

            [[quota]]
            id     = "news"
            target = 120
            per    = "year"
            price  = 2_500_000

            [[quota]]
            id     = "photo"
            target = 40
            price  = 0

            [[quota]]
            id     = "all"
            target = 200

            [[amendment]]
            id        = "pl-01"
            title     = "Phụ lục 01"
            effective = 2025-01-01
            value     = 1_800_000_000

              [[amendment.quota]]
              id    = "news"
              price = 2_700_000

              [[amendment.quota]]
              id     = "en"
              title  = "Tin tiếng Anh"
              target = 24
              per    = "year"
              price  = 3_000_000

            """)])
        let agreement = try #require(try fixture.load().agreements.first)
        #expect(agreement.settlement == SettlementTerms(
            value: 1_500_000_000, payer: "UBND tỉnh Bến Tre", vat: .excluded(rate: 8), overDelivery: .paid, every: .year,
            acceptanceDue: .seconds(30 * 86_400)))
        #expect(agreement.payee == "Thông tấn xã Việt Nam")
        #expect(agreement.quotas.map(\.price) == [2_500_000, 0, nil, 3_000_000])
        #expect(agreement.amendments.first?.quotas.first == QuotaAmendment(id: "news", change: .amend(QuotaChanges(price: 2_700_000))))
        #expect(agreement.contractValue == 1_800_000_000)
        let news = agreement.schedules[0]
        #expect(news.terms(on: try day(2024, 12, 31)).price == 2_500_000)
        #expect(news.terms(on: try day(2025, 1, 1)).price == 2_700_000)
    }

    @Test func settlementDefaultsApplyWhereKeysAreLeftOut() throws {
        let configuration = try Fixture(agreements: ["10-a.toml": settled()]).load()
        let terms = try #require(configuration.agreements.first?.settlement)
        #expect(terms == SettlementTerms(value: 1_500_000_000, payer: "UBND tỉnh Bến Tre"))
        #expect(terms.vat == .included(rate: nil) && terms.overDelivery == .unpaid && terms.every == .quarter)
        #expect(terms.acceptanceDue == .seconds(15 * 86_400))
        #expect(try Fixture(agreements: ["10-a.toml": settled("vat_rate = 10\n")]).load().agreements.first?.settlement?.vat
            == .included(rate: 10))
        #expect(try Fixture(agreements: ["10-a.toml": agreement("")]).load().agreements.first?.settlement == nil)
    }

    @Test func approversDefaultAndCanBeSet() throws {
        #expect(try Fixture().load().approvers == ["tally-approvers"])
        let fixture = try Fixture(main: Fixture.main + "[access]\napprovers = [\"ke-toan\", \"lanh-dao\"]\n")
        let configuration = try fixture.load()
        #expect(configuration.approvers == ["ke-toan", "lanh-dao"] && configuration.writers == ["tally-editors"])
        try fixture.directory.write("tally.toml", Fixture.main + "[access]\napprovers = [\"ke-toan\"]\n")
        #expect(try fixture.load().changes(from: configuration) == ConfigurationChanges(settingsChanged: true))
    }

    /// Problems with a main file's `[access] approvers`.
    @Test(arguments: [
        ("[access]\napprovers = \"ke-toan\"\n", "access.approvers", "expected an array of strings"),
        ("[access]\napprovers = [\"Kế toán\"]\n", "access.approvers[0]", "\"Kế toán\" is not a valid group name"),
        ("[access]\napprover = [\"ke-toan\"]\n", "access.approver", "unknown key (did you mean \"approvers\"?); expected one of: writers, feeders, approvers"),
    ])
    func aBrokenApproversListIsReported(_ extra: String, _ keyPath: String, _ message: String) throws {
        let issues = try Fixture(main: Fixture.main + extra).issues()
        #expect(issues.count == 1, "got \(issues)")
        let issue = try #require(issues.first)
        #expect(issue.keyPath == keyPath && issue.line == 6 && issue.file.hasSuffix("tally.toml"), "\(issue)")
        #expect(issue.message.contains(message), "\(issue.message)")
    }

    /// A broken agreement file, the key path of its one issue, the text on the issue's line, a part of the message.
    @Test(arguments: [
        (agreement("[settlement]\npayer = \"UBND tỉnh Bến Tre\"\n"), "settlement.value", "[settlement]", "is required but missing"),
        (agreement("[settlement]\nvalue = 1_500_000_000\n"), "settlement.payer", "[settlement]", "is required but missing"),
        (agreement("[settlement]\nvalue = 1_500_000_000\npayer = \"UBND tỉnh Bến Tr\"\n"), "settlement.payer", "payer",
         "\"UBND tỉnh Bến Tr\" is not one of the agreement's parties (the agreement's parties are \"Thông tấn xã Việt Nam\", \"UBND tỉnh Bến Tre\")"),
        (Fixture.agreement("a", "parties = [\"UBND tỉnh Bến Tre\"]\n[settlement]\nvalue = 1\npayer = \"UBND tỉnh Bến Tre\"\n"),
         "settlement.payer", "payer", "is the only party listed, so no one would be paid"),
        (Fixture.agreement("a", "[settlement]\nvalue = 1\npayer = \"UBND tỉnh Bến Tre\"\n"), "settlement.payer", "payer",
         "the agreement lists no parties"),
        (agreement("[settlement]\nvalue = 2500000.5\npayer = \"UBND tỉnh Bến Tre\"\n"), "settlement.value", "value",
         "expected a whole number of đồng, got the number 2500000.5"),
        (agreement("[settlement]\nvalue = 0\npayer = \"UBND tỉnh Bến Tre\"\n"), "settlement.value", "value",
         "expected a contract value from 1 to 1_000_000_000_000_000 đồng, got 0"),
        (agreement("[settlement]\nvalue = 2_000_000_000_000_000\npayer = \"UBND tỉnh Bến Tre\"\n"), "settlement.value", "value",
         "expected a contract value from 1 to 1_000_000_000_000_000 đồng, got 2_000_000_000_000_000"),
        (agreement("[settlement]\nvalue = \"1.500.000.000\"\npayer = \"UBND tỉnh Bến Tre\"\n"), "settlement.value", "value",
         "expected a whole number, got the string \"1.500.000.000\""),
        (settled("vat = \"excluded\"\n"), "settlement.vat_rate", "[settlement]", "is required when vat = \"excluded\""),
        (settled("vat = \"excluded\"\nvat_rate = 101\n"), "settlement.vat_rate", "vat_rate", "expected a whole percent from 0 to 100, got 101"),
        (settled("vat = \"excluded\"\nvat_rate = 8.5\n"), "settlement.vat_rate", "vat_rate", "expected a whole percent such as 8, got the number 8.5"),
        (settled("vat = \"exempt\"\n"), "settlement.vat", "vat", "expected one of included, excluded, got \"exempt\""),
        (settled("over_delivery = \"yes\"\n"), "settlement.over_delivery", "over_delivery", "expected one of unpaid, paid, got \"yes\""),
        (settled("every = \"week\"\n"), "settlement.every", "every", "expected one of month, quarter, year, end, got \"week\""),
        (settled("acceptance_due = \"15 days\"\n"), "settlement.acceptance_due", "acceptance_due", "expected a duration like"),
        (settled("payee = \"TTXVN\"\n"), "settlement.payee", "payee", "unknown key (did you mean \"payer\"?)"),
        (agreement("settlement = 5\n"), "settlement", "settlement", "expected a table, written [settlement], got the whole number 5"),
        (settled("[[quota]]\nid = \"news\"\ntarget = 10\nprice = 2500000.5\n"), "quota[0].price", "price",
         "expected a whole number of đồng, got the number 2500000.5"),
        (settled("[[quota]]\nid = \"news\"\ntarget = 10\nprice = -1\n"), "quota[0].price", "price",
         "expected a price per item from 0 to 10_000_000_000 đồng, got -1"),
        (settled("[[quota]]\nid = \"news\"\ntarget = 10\nprice = 10_000_000_001\n"), "quota[0].price", "price",
         "expected a price per item from 0 to 10_000_000_000 đồng, got 10_000_000_001"),
        (agreement("[[quota]]\nid = \"news\"\ntarget = 10\nprice = 2_500_000\n"), "quota[0].price", "price",
         "a price is paid only under the agreement's [settlement], which this file does not have; add [settlement] with value and payer, or leave out price"),
        (settled("[[quota]]\nid = \"news\"\ntarget = 10\n[[amendment]]\nid = \"pl-01\"\ntitle = \"t\"\neffective = 2024-07-01\n[[amendment.quota]]\nid = \"news\"\nprice = 1e7\n"),
         "amendment[0].quota[0].price", "price", "expected a whole number of đồng, got the number 10000000.0"),
        (settled("[[amendment]]\nid = \"pl-01\"\ntitle = \"t\"\neffective = 2024-07-01\n[[amendment.quota]]\nid = \"en\"\ntitle = \"t\"\ntarget = 5\nprice = 20_000_000_000\n"),
         "amendment[0].quota[0].price", "price", "expected a price per item from 0 to 10_000_000_000 đồng, got 20_000_000_000"),
        (settled("[[amendment]]\nid = \"pl-01\"\ntitle = \"t\"\neffective = 2024-07-01\nvalue = 0\n"),
         "amendment[0].value", "value = 0", "expected a contract value from 1 to 1_000_000_000_000_000 đồng, got 0"),
    ])
    func aBrokenSettlementIsReported(_ text: String, _ keyPath: String, _ lineText: String, _ message: String) throws {
        let issues = try Fixture(agreements: ["10-a.toml": text]).issues()
        #expect(issues.count == 1, "got \(issues)")
        let issue = try #require(issues.first { $0.keyPath == keyPath }, "got \(issues)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.lastIndex { $0.contains(lineText) }.map { $0 + 1 }
        #expect(issue.file.hasSuffix("agreements.d/10-a.toml"))
        #expect(issue.line == line, "\(issue)")
        #expect(issue.message.contains(message), "\(issue.message)")
    }
}
