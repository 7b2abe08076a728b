import ArgumentParser
import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl inbox [list] [AGREEMENT…]`, `inbox accept ID…|--all [AGREEMENT]`, `inbox reject ID… [--reason T]`.
struct Inbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Review feed items that wait to be recorded: list, accept or reject them.",
        discussion: """
            A feed with review = true (the default) does not record its matching items at once: they wait \
            here as candidates until a person accepts them (they become deliveries, audited with who \
            accepted) or rejects them (never offered again). `tallyctl status` shows how many wait.

            Examples:
              tallyctl inbox ben-tre-2024                 list what waits
              tallyctl inbox accept 12 13                 record candidates 12 and 13
              tallyctl inbox accept --all ben-tre-2024    record all that waits for one
              tallyctl inbox reject 14 --reason "not about Bến Tre"
            """,
        subcommands: [List.self, Accept.self, Reject.self],
        defaultSubcommand: List.self
    )

    /// `tallyctl inbox [list] [AGREEMENT…]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the candidates waiting, oldest first.",
            discussion: """
                Shows each candidate's id (what accept and reject take), agreement, publication time in the \
                agreement's zone, outlet, the match words it contained and its title; its URL (or its \
                feed:<guid> id when it has none) on the line below.

                Example:  tallyctl inbox ben-tre-2024
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Agreement ids (default: all).")
        var agreements: [String] = []

        func run() throws {
            let daemon = try TallydConnection(global)
            let listed: (reply: ListInboxReply, json: JSONValue)
            let zones: AgreementZones
            do {
                listed = try daemon.call(IOTally.listInbox, FeedsParameters(agreements: agreements.isEmpty ? nil : agreements))
                if global.json { return try JSONOutput.print(listed.json) }
                zones = listed.reply.candidates.isEmpty ? AgreementZones([]) : try AgreementZones.fetch(daemon)
            } catch let error as VarlinkError {
                throw ErrorSentences.daemonFailure(error, agreement: agreements.first)
            }
            for line in Inbox.render(listed.reply.candidates, zones: zones, terminal: .standardOutput) { print(line) }
        }
    }

    /// `tallyctl inbox accept ID…` or `inbox accept --all [AGREEMENT]`.
    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept",
            abstract: "Record candidates as deliveries.",
            discussion: """
                Each accepted candidate becomes a delivery (kind, language, outlet and tags from its feed), \
                audited with the person who accepted it. A candidate whose URL was meanwhile recorded by \
                hand or by an import is linked to that delivery instead of being recorded twice.

                Examples:
                  tallyctl inbox accept 12 13
                  tallyctl inbox accept --all ben-tre-2024
                """
        )

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Accept every waiting candidate (of AGREEMENT when one is given).")
        var all = false

        @Argument(help: ArgumentHelp("Candidate ids, as `tallyctl inbox` shows them; with --all, an agreement id.",
                                     valueName: "id"))
        var arguments: [String] = []

        func validate() throws {
            _ = try selection()
        }

        /// The ids to accept, or nil for `--all` (of `agreement`).
        func selection() throws -> (ids: [Int]?, agreement: String?) {
            guard all else { return (try Inbox.candidateIDs(arguments, verb: "accept"), nil) }
            if arguments.contains(where: { Int($0) != nil }) {
                throw ValidationError("--all accepts every waiting candidate; give either candidate ids or --all [AGREEMENT], not both.")
            }
            guard arguments.count <= 1 else {
                throw ValidationError("--all takes at most one agreement id; run it once per agreement, or without one for all.")
            }
            return (nil, arguments.first)
        }

        func run() throws {
            let (ids, agreement) = try selection()
            let parameters = AcceptCandidatesParameters(ids: ids, all: ids == nil ? true : nil, agreement: agreement)
            let accepted: (reply: AcceptCandidatesReply, json: JSONValue)
            do {
                accepted = try TallydConnection(global).call(IOTally.acceptCandidates, parameters)
            } catch let error as VarlinkError {
                throw ErrorSentences.daemonFailure(error, agreement: agreement)
            }
            if global.json { return try JSONOutput.print(accepted.json) }
            for line in Inbox.acceptedLines(accepted.reply.accepted) { print(line) }
        }
    }

    /// `tallyctl inbox reject ID… [--reason TEXT]`.
    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject",
            abstract: "Reject candidates: they are never offered again.",
            discussion: """
                A rejected item stays known to tally (a later fetch does not bring it back) and the rejection \
                is audited with the person and the reason (`tallyctl history`).

                Example:  tallyctl inbox reject 14 15 --reason "not about Bến Tre"
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Candidate ids, as `tallyctl inbox` shows them.", valueName: "id"))
        var arguments: [String] = []

        @Option(help: ArgumentHelp("Why they are rejected; kept in the history.", valueName: "text"))
        var reason: String?

        func validate() throws {
            _ = try Inbox.candidateIDs(arguments, verb: "reject")
            if let reason, reason.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--reason: say why they are rejected, e.g. --reason \"not about Bến Tre\", or leave it out.")
            }
        }

        func run() throws {
            let ids = try Inbox.candidateIDs(arguments, verb: "reject")
            let rejected: (reply: RejectCandidatesReply, json: JSONValue)
            do {
                rejected = try TallydConnection(global).call(IOTally.rejectCandidates, RejectCandidatesParameters(ids: ids, reason: reason))
            } catch let error as VarlinkError {
                throw ErrorSentences.daemonFailure(error)
            }
            if global.json { return try JSONOutput.print(rejected.json) }
            print("Rejected \(plural(rejected.reply.rejected, "candidate")); \(rejected.reply.rejected == 1 ? "it is" : "they are") not offered again.")
        }
    }

    /// Candidate ids from the command line: at least one, each a positive integer.
    static func candidateIDs(_ arguments: [String], verb: String) throws -> [Int] {
        guard !arguments.isEmpty else {
            let all = verb == "accept" ? ", or --all [AGREEMENT]" : ""
            throw ValidationError("Name the candidates to \(verb) by their ids, as `tallyctl inbox` shows them\(all).")
        }
        return try arguments.map { argument in
            guard let id = Int(argument), id > 0 else {
                throw ValidationError("\"\(argument)\" is not a candidate id; ids are whole numbers from 1, as `tallyctl inbox` shows them.")
            }
            return id
        }
    }

    /// The lines `inbox` prints: the table (its URL under each title) and what to do next.
    static func render(_ candidates: [InboxCandidate], zones: AgreementZones, terminal: Terminal) -> [String] {
        guard !candidates.isEmpty else { return ["The inbox is empty: no feed item waits for review."] }
        var lines = table(candidates, zones: zones).render(colour: terminal.colour, maximumWidth: terminal.width)
        lines.append("\(plural(candidates.count, "candidate")) waiting; record with `tallyctl inbox accept ID…`, "
            + "dismiss with `tallyctl inbox reject ID…`.")
        return lines
    }

    /// The table: one row per candidate, then its URL (or `feed:<guid>` id) in the title column.
    static func table(_ candidates: [InboxCandidate], zones: AgreementZones) -> TextTable {
        var table = TextTable(columns: [
            .init("ID", alignment: .right), .init("AGREEMENT"), .init("PUBLISHED"), .init("OUTLET"), .init("MATCHED"),
            .init("TITLE"),
        ])
        for candidate in candidates {
            table.append([
                .init(String(candidate.id)), .init(candidate.agreement),
                .init(zones.minute(candidate.published, agreement: candidate.agreement)), .init(candidate.outlet),
                .init(candidate.matched.joined(separator: ", ")), .init(candidate.title),
            ])
            if let link = candidate.url ?? candidate.externalID {
                table.append(["", "", "", "", "", .init(link, style: .grey)])
            }
        }
        return table
    }

    /// `Recorded 2 deliveries: 41, 42.` and a line per candidate that was already recorded.
    static func acceptedLines(_ accepted: [AcceptedCandidate]) -> [String] {
        guard !accepted.isEmpty else { return ["Nothing was waiting; nothing was recorded."] }
        let created = accepted.filter(\.created)
        var lines: [String] = []
        if !created.isEmpty {
            let ids = created.map { String($0.deliveryID) }.joined(separator: ", ")
            lines.append("Recorded \(plural(created.count, "delivery", "deliveries")): \(ids).")
        }
        for candidate in accepted where !candidate.created {
            lines.append("Candidate \(candidate.id) was already recorded, as delivery \(candidate.deliveryID); it is linked to it.")
        }
        return lines
    }
}
