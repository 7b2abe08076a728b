import ArgumentParser
import Foundation

/// What tally's command-line programs (`tallyctl`, and `tally-fetch`, which `tallyctl fetch` runs) share at
/// their top: the version they print and how a failure ends them.
public enum CommandLineProgram {
    /// The version `--version` prints; the same as tallyd's `TallyVersion.current` (debian/build-deb.sh checks).
    public static let version = "0.1.0"

    /// Parses the command line as `Root` says and runs the command; known failures become one sentence on
    /// stderr and their exit status.
    public static func run<Root: ParsableCommand>(_ root: Root.Type) -> Never {
        var command: any ParsableCommand
        do {
            command = try Root.parseAsRoot()
        } catch {
            Root.exit(withError: error)
        }
        do {
            try command.run()
        } catch {
            guard let failure = ErrorSentences.failure(for: error) else { Root.exit(withError: error) }
            var standardError = StandardError()
            for line in failure.details { print(line, to: &standardError) }
            print(failure.message, to: &standardError)
            fflush(nil)
            Foundation.exit(failure.exitCode)
        }
        Foundation.exit(0)
    }
}
