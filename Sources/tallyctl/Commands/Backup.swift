import ArgumentParser
import Foundation
import TallyCommandLine
import TallyInterface
import TallyProtocol

/// `tallyctl backup PATH`.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of tallyd's database, taken while it runs.",
        discussion: """
            tallyd itself writes the file, so its user (tally) must be able to write to the directory; a \
            relative PATH is taken from the current directory. Restore by stopping tallyd and putting the \
            copy in place of its database (`tallyctl` has no restore: it is a file copy).

            Example:  tallyctl backup /var/backups/tally/tally-$(date +%F).sqlite
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Where to write the copy.", completion: .file())
    var path: String

    func validate() throws {
        guard !path.isEmpty else { throw ValidationError("PATH: give the file to write, e.g. /var/backups/tally.sqlite.") }
    }

    func run() throws {
        let target = Self.absolute(path, in: FileManager.default.currentDirectoryPath)
        let (reply, json) = try TallydConnection(global).callLong(IOTally.backup, BackupParameters(path: target))
        if global.json { return try JSONOutput.print(json) }
        print("Backed up the database to \(reply.path) (\(Formatting.bytes(reply.bytes))).")
    }

    /// `path`, made absolute against `directory`: the daemon does not share our working directory.
    static func absolute(_ path: String, in directory: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
    }
}
