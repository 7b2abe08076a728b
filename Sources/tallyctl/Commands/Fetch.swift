import ArgumentParser
import Foundation
import TallyCommandLine

#if canImport(Glibc)
import Glibc
#endif

/// `tallyctl fetch [AGREEMENT…] [--feed ID] [--force]` (SPEC §10): runs `tally-fetch` in this process's place with
/// the options as given, so that the HTTP client, TLS and the XML parser load only for a fetch.
struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: FetchOptions.abstract, discussion: FetchOptions.discussion)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: FetchOptions

    func run() throws {
        try FetchProgram.exec(global.arguments + options.arguments)
    }
}

/// Where `tally-fetch` is, and running it.
enum FetchProgram {
    static let name = "tally-fetch"

    /// Beside tallyctl (a build directory), then in `../libexec/tally/` (`make install`, the Debian package).
    static func candidates(besides executable: String) -> [String] {
        let directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        return [
            directory.appendingPathComponent(name).path,
            directory.deletingLastPathComponent().appendingPathComponent("libexec/tally/\(name)").path,
        ]
    }

    /// Replaces this process with `tally-fetch arguments…`; returns only by throwing.
    static func exec(_ arguments: [String]) throws -> Never {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let places = candidates(besides: executable)
        guard let program = places.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CommandFailure(
                "tallyctl fetch runs \(name), which is not installed: there is none at \(ErrorSentences.listed(places)).")
        }
        fflush(nil)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        execv(program, argv)
        let reason = String(cString: strerror(errno))
        throw CommandFailure("tallyctl fetch could not run \(program): \(reason).")
    }
}
