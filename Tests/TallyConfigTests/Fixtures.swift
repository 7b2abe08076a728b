import TallyConfig
import TallyTesting
import Testing

/// A main file and agreement files written into a fresh temporary directory.
struct Fixture {
    static let main = """
        [daemon]
        socket = "run/io.tally"
        database = "state/tally.sqlite"
        agreements_dir = "agreements.d"

        """

    /// A valid agreement file with `extra` appended.
    static func agreement(_ id: String = "ben-tre-2024", _ extra: String = "") -> String {
        """
        id = "\(id)"
        title = "TTXVN – UBND tỉnh Bến Tre"
        start = 2024-01-01
        end = 2025-12-31

        """ + extra
    }

    let directory: TemporaryDirectory

    init(main: String = Fixture.main, agreements: [String: String] = [:]) throws {
        directory = try TemporaryDirectory(prefix: "tally-config")
        try directory.write("tally.toml", main)
        try directory.makeDirectory("agreements.d")
        for (name, text) in agreements {
            try directory.write("agreements.d/" + name, text)
        }
    }

    var mainFile: String { directory.path("tally.toml") }

    func load() throws -> Configuration {
        try ConfigurationLoader.load(mainFile: mainFile)
    }

    /// The issues of a load that must fail.
    func issues(sourceLocation: SourceLocation = #_sourceLocation) -> [ConfigurationIssue] {
        do {
            let configuration = try ConfigurationLoader.load(mainFile: mainFile)
            Issue.record("expected the configuration to be refused, got \(configuration.summary)", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.issues
        }
    }
}
