import ArgumentParser

/// `--since` and `--until`, shared by `export` and `deliveries`.
struct DateRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only items published on or after this date (\(DateArgument.accepted)).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only items published on or before this date.", valueName: "date"))
    var until: String?

    func validate() throws {
        let from = try DateArgument.parse(since, option: "--since")
        let to = try DateArgument.parse(until, option: "--until")
        if let from, let to, to.date < from.date {
            throw ValidationError("--until \(to.day) is before --since \(from.day); give the earlier date to --since.")
        }
    }

    /// The dates as the daemon takes them (`YYYY-MM-DD`).
    func wire() throws -> (since: String?, until: String?) {
        (try DateArgument.parse(since, option: "--since")?.day, try DateArgument.parse(until, option: "--until")?.day)
    }
}
