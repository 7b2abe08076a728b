import ArgumentParser
import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl accept draft|sign|list|show` (SPEC §12).
struct Accept: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Draft, sign and show acceptance records (biên bản nghiệm thu).",
        discussion: """
            At the end of each period (the agreement's [settlement] every) the parties sign an acceptance record \
            listing the accepted items and the amount due. `accept draft` shows the record that would be signed, \
            changing nothing; `accept sign` stores it exactly as drafted, immutable, and marks its items settled \
            (approvers only: [access] approvers, root or tallyd's user). Items voided or repriced after signing \
            come into the next record as adjustment lines.

            Example:
              tallyctl accept draft ben-tre-2024 --period 2024-Q1
              tallyctl accept sign ben-tre-2024 --period 2024-Q1 --number 12/BB-NT --date 05/04/2024 \\
                --signer-a "Nguyễn Văn A, Phó Giám đốc Sở" --signer-b "Trần Thị B, Trưởng ban"
              tallyctl accept list ben-tre-2024
              tallyctl accept show ben-tre-2024 12/BB-NT --format csv --output 12-BB-NT.csv
            """,
        subcommands: [Draft.self, Sign.self, List.self, Show.self]
    )

    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draft",
            abstract: "Show the record that would be signed for a period; changes nothing.",
            discussion: """
                Every unsettled item published on or before the period's last day (earlier ones marked late), with \
                its quota, count, unit price and amount; the totals per quota; VAT; the amount due; what was paid; \
                the balance. Default period: the last [settlement] every period that has ended. The formats are \
                those of `accept show`; a draft's documents are marked DỰ THẢO (DRAFT).

                Example:  tallyctl accept draft ben-tre-2024 --period 2024-Q1 --lang en
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The agreement's id.") var agreement: String
        @OptionGroup var period: PeriodOption
        @OptionGroup var output: RecordOutput

        func run() throws {
            let drafted = try Settling.call(global, IOTally.draftRecord,
                                            DraftRecordParameters(agreement: agreement, period: period.period),
                                            agreement: agreement)
            try output.write(drafted.reply.record, signed: nil, json: drafted.json, created: Date(), global: global)
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Sign the record of a period as drafted now: stored immutable, its items settled.",
            discussion: """
                Refused, changing nothing: a number already used in the agreement, a period that ends before the end \
                of one already signed, a record with no line, and a user who is not an approver.

                Example:  tallyctl accept sign ben-tre-2024 --period 2024-Q1 --number 12/BB-NT --date 05/04/2024
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The agreement's id.") var agreement: String

        @Option(help: ArgumentHelp("The period the record accepts (2024-Q1, 2024, FROM..TO…).", valueName: "period"))
        var period: String

        @Option(help: ArgumentHelp("The record's number, unique in the agreement, e.g. 12/BB-NT.", valueName: "number"))
        var number: String

        @Option(help: ArgumentHelp("The day it was signed (\(DateArgument.accepted)).", valueName: "date"))
        var date: String

        @Option(name: .customLong("signer-a"), help: ArgumentHelp("Who signed for the payer: \"Name, position\".", valueName: "text"))
        var signerA: String?

        @Option(name: .customLong("signer-b"), help: ArgumentHelp("Who signed for the payee: \"Name, position\".", valueName: "text"))
        var signerB: String?

        func validate() throws {
            try PeriodOption.check(period)
            _ = try DateArgument.parse(date, option: "--date")
            guard !number.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--number: a record needs a number, such as 12/BB-NT.")
            }
        }

        func run() throws {
            guard let day = try DateArgument.parse(date, option: "--date") else { return }
            let signed = try Settling.call(
                global, IOTally.signRecord,
                SignRecordParameters(agreement: agreement, period: period, number: number, date: day.day, signerA: signerA,
                                     signerB: signerB),
                agreement: agreement)
            if global.json { return try JSONOutput.print(signed.json) }
            let record = signed.reply.record
            print("Signed record \(record.number) of \(agreement) for \(record.period.label): "
                + "\(plural(record.lines.count, "line")), amount due \(record.due.formatted(in: .vi)).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the signed records of an agreement, or of all.",
            discussion: "Example:  tallyctl accept list ben-tre-2024"
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "An agreement id (default: all).") var agreement: String?
        @OptionGroup var language: LanguageOption

        func run() throws {
            let listed = try Settling.call(global, IOTally.listRecords, SettlementListParameters(agreement: agreement),
                                           agreement: agreement)
            if global.json { return try JSONOutput.print(listed.json) }
            printTable(Self.table(listed.reply.records, language: language.language), orWhenEmpty: "No acceptance record is signed yet.")
        }

        /// The table `accept list` prints.
        static func table(_ records: [ListedRecord], language: ReportLanguage) -> TextTable {
            var table = TextTable(columns: [
                .init("AGREEMENT"), .init("NUMBER"), .init("DATE"), .init("PERIOD"), .init("LINES", alignment: .right),
                .init("DUE", alignment: .right), .init("SIGNED BY", alignment: .right),
            ])
            for listed in records {
                let r = listed.summary
                table.append([
                    .init(listed.agreement), .init(r.number), .init(r.date.description), .init(r.period.label),
                    .init(String(listed.lines)), .init(r.due.formatted(in: language)), .init("uid \(listed.signedBy)"),
                ])
            }
            return table
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a signed record exactly as it was signed.",
            discussion: """
                Formats: text (default); html (one self-contained page for A4 paper: the national heading, the \
                bases, the parties, the tables, the amount in words, the signature block); docx (the same for Word \
                and LibreOffice); xlsx (the items, the totals per quota and the record's totals as numbers and \
                dates); pdf (the html printed by a headless Chromium: Debian package chromium); csv (the item list: \
                UTF-8 with BOM, whole đồng); json (every number). --output PATH writes a file instead of standard \
                output; docx, xlsx and pdf are never written to a terminal.

                Example:  tallyctl accept show ben-tre-2024 12/BB-NT --format docx --output 12-BB-NT.docx
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The agreement's id.") var agreement: String
        @Argument(help: "The record's number, as `tallyctl accept list` shows it.") var number: String
        @OptionGroup var output: RecordOutput

        func run() throws {
            let shown = try Settling.call(global, IOTally.showRecord, ShowRecordParameters(agreement: agreement, number: number),
                                          agreement: agreement)
            let signed = shown.reply.record
            // The signature's time, so that showing a record again gives the same bytes.
            try output.write(signed.record.draft, signed: signed.record, json: shown.json, created: signed.signedAt, global: global)
        }
    }
}

/// `--period P` of `accept draft`: §7's forms.
struct PeriodOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The period (2024-Q1, 2024, 2024-05, FROM..TO…; default: the last [settlement] every period that has ended).",
        valueName: "period"))
    var period: String?

    func validate() throws {
        if let period { try Self.check(period) }
    }

    /// A usage error unless `text` is a period of SPEC §7.
    static func check(_ text: String) throws {
        do {
            _ = try ReportPeriod.parse(text, today: DateArgument.today)
        } catch {
            throw ValidationError("--period: \(error.description.sentence)")
        }
    }
}

/// `--lang vi|en`: the language amounts and labels are written in.
struct LanguageOption: ParsableArguments {
    @Option(help: ArgumentHelp("vi or en (default: vi): amounts as 1.234.567 đ or VND 1,234,567.", valueName: "lang"))
    var lang: String = ReportLanguage.vi.rawValue

    func validate() throws {
        guard ReportLanguage(rawValue: lang) != nil else {
            throw ValidationError("--lang: \"\(lang)\" is not a language of the records; use vi or en.")
        }
    }

    var language: ReportLanguage { ReportLanguage(rawValue: lang) ?? .vi }
}

/// The calls of the settlement commands: a daemon's refusal becomes its sentence, naming the agreement.
enum Settling {
    static func call<P, R>(_ global: GlobalOptions, _ method: VarlinkMethod<P, R>, _ parameters: P, agreement: String?)
        throws -> (reply: R, json: JSONValue)
    {
        do {
            return try TallydConnection(global).call(method, parameters)
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: agreement)
        }
    }
}
