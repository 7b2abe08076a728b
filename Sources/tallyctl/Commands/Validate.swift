import ArgumentParser
import Foundation
import TallyCommandLine
import TallyConfig
import TallyCore

/// `tallyctl validate [PATH]`: the daemon's configuration check, offline.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a configuration without a daemon.",
        discussion: """
            Reads the main file and every agreement file it points to, and reports every problem \
            with file, line and key path. Exits 0 when the configuration is valid, 1 otherwise. \
            Run it before `tallyctl reload` or `systemctl reload tallyd`.

            With --explain AGREEMENT it also works out, for each quota of that agreement, every window \
            of its life: the terms in force on its days (target, filters, thresholds, and the amendment \
            that set them) and how its target comes out of them, round-half-up(Σ target(d) / B) with \
            the numbers — what to check a phụ lục against. Carried amounts (carry = "deficit", \
            "surplus" or "both") depend on deliveries, which validate does not read.

            Examples:  tallyctl validate /etc/tally/tally.toml
                       tallyctl validate --explain ben-tre-2024 /etc/tally/tally.toml
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Work out every window of this agreement's quotas under its amendments.", valueName: "agreement"))
    var explain: String?

    @Argument(help: "The main configuration file.", completion: .file(extensions: ["toml"]))
    var path: String = "/etc/tally/tally.toml"

    func run() throws {
        let configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(mainFile: path)
        } catch {
            if global.json {
                try JSONOutput.print(ValidationDocument(valid: false, path: path, agreements: [], errors: error.issues.map(\.description)))
            }
            var standardError = StandardError()
            print(error.description, to: &standardError)
            if error.issues.count > 1 {
                print("\(path): \(error.issues.count) problems; the configuration is not valid", to: &standardError)
            }
            throw ExitCode.failure
        }
        let ids = configuration.agreements.map(\.id)
        var explained: Agreement?
        if let explain {
            guard let agreement = configuration.agreements.first(where: { $0.id == explain }) else {
                throw CommandFailure(Self.noSuchAgreement(explain, among: ids, path: path))
            }
            explained = agreement
        }
        let pace = configuration.policy.pace
        if global.json {
            return try JSONOutput.print(ValidationDocument(
                valid: true, path: path, agreements: ids, errors: [],
                explanation: explained.map { ExplanationDocument($0, pace: pace) }))
        }
        print("\(path): valid — \(configuration.summary)")
        if let explained {
            print("")
            for line in ExplainView(agreement: explained, pace: pace, terminal: .standardOutput).render() { print(line) }
            return
        }
        for agreement in configuration.agreements {
            print("  \(agreement.id)  \(agreement.start) to \(agreement.end)  \(agreement.timeZone.identifier): \(Self.counts(of: agreement))")
        }
    }

    /// `--explain` named an agreement the configuration does not have.
    static func noSuchAgreement(_ id: String, among ids: [String], path: String) -> String {
        guard !ids.isEmpty else { return "There is no agreement \"\(id)\" in \(path): it has no agreements." }
        return "There is no agreement \"\(id)\" in \(path); give one of its agreements: \(ids.joined(separator: ", "))."
    }

    private static func counts(of agreement: Agreement) -> String {
        let milestones = agreement.campaigns.reduce(0) { $0 + $1.milestones.count }
        return [
            plural(agreement.quotas.count, "quota"), plural(agreement.campaigns.count, "campaign"),
            plural(milestones, "milestone"), plural(agreement.blackouts.count, "blackout"),
        ].joined(separator: ", ")
    }

    private static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

/// What `validate --json` prints.
struct ValidationDocument: Encodable {
    var valid: Bool
    var path: String
    /// The agreement ids, when valid.
    var agreements: [String]
    /// One sentence per problem, when invalid.
    var errors: [String]
    /// With `--explain`: the agreement's windows and their targets.
    var explanation: ExplanationDocument?
}
