import ArgumentParser
import Foundation
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

            Example:  tallyctl validate /etc/tally/tally.toml
            """
    )

    @OptionGroup var global: GlobalOptions

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
        if global.json {
            return try JSONOutput.print(ValidationDocument(valid: true, path: path, agreements: configuration.agreements.map(\.id), errors: []))
        }
        print("\(path): valid — \(configuration.summary)")
        for agreement in configuration.agreements {
            print("  \(agreement.id)  \(agreement.start) to \(agreement.end)  \(agreement.timeZone.identifier): \(Self.counts(of: agreement))")
        }
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
}
