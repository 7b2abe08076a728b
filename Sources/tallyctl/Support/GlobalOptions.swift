import ArgumentParser
import Foundation
import TallyInterface
import TallyProtocol

/// `--socket` and `--json`, accepted before or after the command name.
struct GlobalOptions: ParsableArguments {
    /// Where tallyd listens when neither `--socket` nor `$TALLY_SOCKET` says otherwise.
    static let defaultSocket = "/run/tally/io.tally"

    @Option(
        name: .long,
        help: ArgumentHelp("tallyd's socket (default: $TALLY_SOCKET, else \(defaultSocket)).", valueName: "path"),
        completion: .file()
    )
    var socket: String?

    @Flag(name: .long, help: "Print one JSON document instead of text (docs/json.md describes each).")
    var json = false

    /// The socket to connect to.
    var socketPath: String {
        Self.socketPath(option: socket, environment: ProcessInfo.processInfo.environment)
    }

    /// `--socket`, else a non-empty `$TALLY_SOCKET`, else the default.
    static func socketPath(option: String?, environment: [String: String]) -> String {
        if let option { return option }
        if let variable = environment["TALLY_SOCKET"], !variable.isEmpty { return variable }
        return defaultSocket
    }

    /// A connection to tallyd.
    func connect() throws -> VarlinkClient {
        try VarlinkClient(path: socketPath)
    }
}
