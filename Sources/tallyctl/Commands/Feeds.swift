import ArgumentParser
import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport

/// `tallyctl feeds [AGREEMENT…]`: each feed's health (SPEC §10).
struct Feeds: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Show each feed's health: state, last fetches, what it brought.",
        discussion: """
            One line per feed named in an agreement file ([[feed]]): AGREEMENT/FEED, its state, the last \
            attempt and the last success, the HTTP status of the last attempt, when the next fetch is due, \
            consecutive failures, and its items: SEEN (distinct items listed since tally first read it), \
            RECORDED (deliveries made from them) and WAITING (candidates in `tallyctl inbox`). Times are in \
            each agreement's time zone. Under a feed that fails, its last error; under a feed that moved, \
            the URL it moved to.

            States:
              NEW      not fetched yet; the next `tallyctl fetch` reads it
              OK       the last fetch succeeded (304 Not Modified counts)
              FAILING  the last fetch failed; retried later, backing off up to 24 h
              GONE     the server said 410 Gone; paused until the file's url changes
                       or `tallyctl fetch AGREEMENT --feed ID --force`

            A feed that moved permanently (301, 308) is fetched from its new URL; update the url in the \
            agreement's file.

            Example:  tallyctl feeds ben-tre-2024
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Agreement ids (default: all).")
    var agreements: [String] = []

    func run() throws {
        let daemon = try TallydConnection(global)
        let listed: (reply: ListFeedsReply, json: JSONValue)
        let zones: AgreementZones
        do {
            listed = try daemon.call(IOTally.listFeeds, FeedsParameters(agreements: agreements.isEmpty ? nil : agreements))
            if global.json { return try JSONOutput.print(listed.json) }
            zones = try AgreementZones.fetch(daemon)
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: agreements.first)
        }
        for line in Self.render(listed.reply.feeds, zones: zones, terminal: .standardOutput) { print(line) }
    }

    /// The lines `feeds` prints: the table, each feed's notes under its row.
    static func render(_ feeds: [FeedStatus], zones: AgreementZones, terminal: Terminal) -> [String] {
        guard !feeds.isEmpty else { return ["No feeds: no agreement file names a [[feed]]."] }
        let lines = table(feeds, zones: zones).render(colour: terminal.colour, maximumWidth: terminal.width)
        guard let header = lines.first else { return [] }
        var output = [header]
        for (feed, line) in zip(feeds, lines.dropFirst()) {
            output.append(line)
            for note in notes(feed) {
                let text = "    " + note
                output.append(terminal.width.map { truncated(text, toWidth: $0) } ?? text)
            }
        }
        return output
    }

    /// The table, one row per feed.
    static func table(_ feeds: [FeedStatus], zones: AgreementZones) -> TextTable {
        var table = TextTable(columns: [
            .init("FEED"), .init("STATE"), .init("LAST ATTEMPT"), .init("LAST SUCCESS"), .init("HTTP", alignment: .right),
            .init("NEXT ATTEMPT"), .init("FAILURES", alignment: .right), .init("SEEN", alignment: .right),
            .init("RECORDED", alignment: .right), .init("WAITING", alignment: .right), .init("URL"),
        ])
        for feed in feeds {
            let state = feed.state
            let time = { (instant: Date?) in instant.map { zones.minute($0, agreement: feed.agreement) } ?? "-" }
            table.append([
                .init("\(feed.agreement)/\(feed.feed)"), .init(state.health.rawValue, style: style(state.health)),
                .init(time(state.lastAttempt)), .init(time(state.lastSuccess)), .init(state.lastStatus.map(String.init) ?? "-"),
                .init(next(state, zones: zones, agreement: feed.agreement)), .init(String(state.failures)),
                .init(String(feed.seen)), .init(String(feed.recorded)), .init(String(feed.waiting)), .init(state.fileURL),
            ])
        }
        return table
    }

    /// When the next fetch is: a time, `due now` (never fetched) or `paused` (GONE).
    static func next(_ state: FeedState, zones: AgreementZones, agreement: String) -> String {
        if let next = state.nextAttempt { return zones.minute(next, agreement: agreement) }
        return state.health == .gone ? "paused" : "due now"
    }

    /// The lines under a feed's row: where it moved, and its last error while it is not OK.
    static func notes(_ feed: FeedStatus) -> [String] {
        var notes: [String] = []
        if let moved = feed.state.movedTo {
            notes.append("moved to \(moved) — update the url of \(feed.feed) in \(feed.agreement)'s file")
        }
        if feed.state.health != .ok, let error = feed.state.lastError, !error.isEmpty {
            notes.append("error: \(error.sentence)")
        }
        if feed.state.health == .gone {
            notes.append("paused: change its url, or run `tallyctl fetch \(feed.agreement) --feed \(feed.feed) --force`")
        }
        return notes
    }

    private static func style(_ health: FeedHealth) -> TextTable.Style? {
        switch health {
        case .ok: .green
        case .failing, .gone: .red
        case .new: nil
        }
    }
}
