import ArgumentParser
import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl payment record|list` (SPEC §12).
struct PaymentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payment",
        abstract: "Record the payer's payments, and list them.",
        discussion: """
            A payment is a positive whole number of đồng paid on a day not after today, with the payer's \
            reference (a payment order, a bank transfer); it may name the signed record it pays. Recording one \
            needs an approver ([access] approvers, root or tallyd's user) and is in the audit log.

            Example:
              tallyctl payment record ben-tre-2024 --amount 81000000 --date 20/04/2024 --reference "UNC 0412" --record 12/BB-NT
              tallyctl payment list ben-tre-2024
            """,
        subcommands: [Record.self, List.self]
    )

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record a payment against an agreement.",
            discussion: "Example:  tallyctl payment record ben-tre-2024 --amount 81000000 --date 20/04/2024 --reference \"UNC 0412\""
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The agreement's id.") var agreement: String

        // Unconditional, so that `--amount -5` reaches the check below rather than reading as an option.
        @Option(parsing: .unconditional, help: ArgumentHelp("The amount in whole đồng, digits only, e.g. 81000000.", valueName: "n"))
        var amount: String

        @Option(help: ArgumentHelp("The day it was paid, not after today (\(DateArgument.accepted)).", valueName: "date"))
        var date: String

        @Option(help: ArgumentHelp("The payer's reference, e.g. the payment order's number.", valueName: "text"))
        var reference: String

        @Option(help: ArgumentHelp("The number of the signed record it pays.", valueName: "number"))
        var record: String?

        func validate() throws {
            _ = try Self.dong(amount)
            _ = try DateArgument.parse(date, option: "--date")
            guard !reference.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--reference: a payment needs the payer's reference, such as the payment order's number.")
            }
        }

        /// `--amount` as a positive whole number of đồng, or a usage error that says what is accepted.
        static func dong(_ text: String) throws -> Money {
            guard let money = Money(wholeDong: text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--amount: \"\(text)\" is not a whole number of đồng; write digits only, such as 81000000 (the đồng has no smaller unit and no separators are read).")
            }
            guard money > .zero else {
                throw ValidationError("--amount: \(text) is not a payment; a payment is a positive whole number of đồng.")
            }
            return money
        }

        func run() throws {
            guard let day = try DateArgument.parse(date, option: "--date") else { return }
            let recorded = try Settling.call(
                global, IOTally.recordPayment,
                RecordPaymentParameters(agreement: agreement, amount: try Self.dong(amount).dong, date: day.day,
                                        reference: reference, record: record),
                agreement: agreement)
            if global.json { return try JSONOutput.print(recorded.json) }
            let payment = recorded.reply.payment
            let against = payment.record.map { ", against record \($0)" } ?? ""
            print("Recorded payment \(payment.id) of \(agreement): \(payment.amount.formatted(in: .vi)) on \(payment.date) "
                + "(\(payment.reference))\(against).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the payments of an agreement, or of all.",
            discussion: "Example:  tallyctl payment list ben-tre-2024 --lang en"
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "An agreement id (default: all).") var agreement: String?
        @OptionGroup var language: LanguageOption

        func run() throws {
            let listed = try Settling.call(global, IOTally.listPayments, SettlementListParameters(agreement: agreement),
                                           agreement: agreement)
            if global.json { return try JSONOutput.print(listed.json) }
            printTable(Self.table(listed.reply.payments, language: language.language), orWhenEmpty: "No payment is recorded.")
        }

        /// The table `payment list` prints.
        static func table(_ payments: [RecordedPayment], language: ReportLanguage) -> TextTable {
            var table = TextTable(columns: [
                .init("ID", alignment: .right), .init("AGREEMENT"), .init("DATE"), .init("AMOUNT", alignment: .right),
                .init("RECORD"), .init("REFERENCE"),
            ])
            for p in payments {
                table.append([
                    .init(String(p.id)), .init(p.agreement), .init(p.date.description), .init(p.amount.formatted(in: language)),
                    .init(p.record ?? "—"), .init(p.reference),
                ])
            }
            return table
        }
    }
}
