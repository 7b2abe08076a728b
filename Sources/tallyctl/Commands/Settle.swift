import ArgumentParser
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl settle AGREEMENT` (SPEC §12): the liquidation statement.
struct Settle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Print the liquidation statement (biên bản thanh lý) of an agreement.",
        discussion: """
            The contract value as amended, every signed record with its amount, the payments, the balance due \
            (negative when overpaid), corrections of signed records not yet accepted, and the items delivered but \
            never accepted.

            Example:  tallyctl settle ben-tre-2024
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The agreement's id.") var agreement: String
    @OptionGroup var language: LanguageOption

    func run() throws {
        let stated = try Settling.call(global, IOTally.getStatement, AgreementParameter(agreement: agreement), agreement: agreement)
        if global.json { return try JSONOutput.print(stated.json) }
        let terminal = Terminal.standardOutput
        for line in RecordText.lines(stated.reply.statement, language: language.language, maximumWidth: terminal.width) {
            print(line)
        }
    }
}
