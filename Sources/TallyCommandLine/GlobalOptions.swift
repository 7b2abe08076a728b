import ArgumentParser
import Foundation
import TallyInterface
import TallyProtocol

/// `--socket` and `--json`, accepted before or after the command name.
public struct GlobalOptions: ParsableArguments, Sendable {
    /// Where tallyd listens when neither `--socket` nor `$TALLY_SOCKET` says otherwise.
    public static let defaultSocket = "/run/tally/io.tally"

    public init() {}

    @Option(
        name: .long,
        help: ArgumentHelp("tallyd's socket (default: $TALLY_SOCKET, else \(defaultSocket)).", valueName: "path"),
        completion: .file()
    )
    public var socket: String?

    @Flag(name: .long, help: "Print one JSON document instead of text (docs/json.md describes each).")
    public var json = false

    /// The socket to connect to.
    public var socketPath: String {
        Self.socketPath(option: socket, environment: ProcessInfo.processInfo.environment)
    }

    /// `--socket`, else a non-empty `$TALLY_SOCKET`, else the default.
    public static func socketPath(option: String?, environment: [String: String]) -> String {
        if let option { return option }
        if let variable = environment["TALLY_SOCKET"], !variable.isEmpty { return variable }
        return defaultSocket
    }

    /// The options as a command line that parses back to them.
    public var arguments: [String] {
        (socket.map { ["--socket", $0] } ?? []) + (json ? ["--json"] : [])
    }

    /// A connection to tallyd.
    public func connect() throws -> VarlinkClient {
        try VarlinkClient(path: socketPath)
    }
}
