import ArgumentParser
import TallyCommandLine
import TallyCore
import TallyInterface
import Testing

@testable import TallyProtocol

@testable import tallyctl

/// The settlement commands' own checks and sentences (SPEC §12): amounts in whole đồng, the refusals of tallyd.
@Suite struct SettlementCommandTests {
    @Test(arguments: [("81000000", Money(dong: 81_000_000)), (" 5 ", 5)])
    func anAmountIsDigitsOfWholeDong(text: String, money: Money) throws {
        #expect(try PaymentCommand.Record.dong(text) == money)
    }

    @Test(arguments: [
        ("-5", "--amount: -5 is not a payment; a payment is a positive whole number of đồng."),
        ("0", "--amount: 0 is not a payment; a payment is a positive whole number of đồng."),
        ("1500000.5", "--amount: \"1500000.5\" is not a whole number of đồng; write digits only, such as 81000000 (the đồng has no smaller unit and no separators are read)."),
        ("1.500.000", "--amount: \"1.500.000\" is not a whole number of đồng; write digits only, such as 81000000 (the đồng has no smaller unit and no separators are read)."),
        ("99999999999999999999", "--amount: \"99999999999999999999\" is not a whole number of đồng; write digits only, such as 81000000 (the đồng has no smaller unit and no separators are read)."),
    ])
    func aBadAmountIsOneSentence(text: String, sentence: String) throws {
        let error = try #require(throws: ValidationError.self) { try PaymentCommand.Record.dong(text) }
        #expect(error.message == sentence)
    }

    @Test func aNegativeAmountReachesTheCheckRatherThanReadingAsAnOption() throws {
        #expect(throws: (any Error).self) {
            _ = try PaymentCommand.Record.parse(["a", "--amount", "-5", "--date", "2024-04-08", "--reference", "x"])
        }
        let parsed = try PaymentCommand.Record.parse(["a", "--amount", "5", "--date", "2024-04-08", "--reference", "x"])
        #expect(parsed.amount == "5")
    }

    @Test(arguments: [
        (VarlinkError.settlementRefused(agreement: "ben-tre-2024", code: "number",
                                        reason: "agreement ben-tre-2024 already has record 01 (signed 2024-04-05 for 2024-Q1); give the new record a number of its own"),
         "Agreement ben-tre-2024 already has record 01 (signed 2024-04-05 for 2024-Q1); give the new record a number of its own; nothing was changed."),
        (VarlinkError.settlementRefused(agreement: "ben-tre-2024", code: "empty-record", reason: "the record of 2024-Q2 has no line"),
         "ben-tre-2024: the record of 2024-Q2 has no line; nothing was changed."),
        (VarlinkError.noSuchRecord(agreement: "ben-tre-2024", number: "9/BB"),
         "ben-tre-2024: there is no signed record \"9/BB\"; `tallyctl accept list ben-tre-2024` lists them."),
        (VarlinkError.permissionDenied(method: "io.tally.SignRecord", uid: 1000, access: "approvers"),
         "uid 1000 may not sign acceptance records or record payments (SignRecord); run it as root, as tallyd's user, or as a member of a group listed in [access] approvers of tally.toml (such as tally-approvers). Nothing was changed."),
    ])
    func refusalsAreOneSentence(error: VarlinkError, expected: String) {
        let failure = ErrorSentences.daemonFailure(error, agreement: "ben-tre-2024")
        #expect(failure.message == expected)
        #expect(failure.exitCode == 1)
    }
}
