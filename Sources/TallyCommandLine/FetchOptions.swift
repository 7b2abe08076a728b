import ArgumentParser

/// `tallyctl fetch [AGREEMENT…] [--feed ID] [--force]` (SPEC §10): the options `tallyctl` reads, shows in its help,
/// manual and completions, and hands to `tally-fetch`, the program that fetches. The HTTP client, TLS and the
/// XML parser live in that program only, so that every other `tallyctl` command starts without loading them.
public struct FetchOptions: ParsableArguments, Sendable {
    public static let abstract = "Fetch the feeds that are due and send tallyd what they list."

    public static let discussion = """
        Asks tallyd which feeds are due (with its [fetch] settings: parallel, ca_file), fetches them, \
        parallel at once, and sends tallyd each result and the items, in the order the agreement files \
        name the feeds. tallyd decides what the items become (deliveries, or candidates in `tallyctl \
        inbox`) and when each feed is due again. tally-fetch.timer runs this every 5 minutes.

        One line per feed: its outcome, then what its items became or the error. A feed that moved \
        permanently says where to; update its url in the agreement's file.

        Exit status: 0 when every feed was read (304 Not Modified counts); 1 when any failed (an error, \
        410 Gone, 429 or 503), or on an error of tallyd's; 4 when tallyd is not reachable.

        Examples:
          tallyctl fetch                              every feed that is due
          tallyctl fetch ben-tre-2024 --feed vnp-kinh-te --force
        """

    @Argument(help: "Agreement ids (default: all).")
    public var agreements: [String] = []

    @Option(help: ArgumentHelp("Only the feed with this id.", valueName: "id"))
    public var feed: String?

    @Flag(help: "Fetch even feeds that are not due, and a feed paused by 410 Gone.")
    public var force = false

    public init() {}

    /// The options as a command line that parses back to them (the agreement ids last, after `--`).
    public var arguments: [String] {
        (feed.map { ["--feed", $0] } ?? []) + (force ? ["--force"] : []) + ["--"] + agreements
    }
}
