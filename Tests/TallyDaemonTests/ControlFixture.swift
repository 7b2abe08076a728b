import Foundation
import Logging
import SystemdSupport
import TallyConfig
import TallyDaemon
import TallyInterface
@testable import TallyProtocol
import TallyStore
import TallyTesting

/// The daemon's control handlers in-process, as tallyd wires them: a configuration read from a temporary
/// directory, a real SQLite store, the checker and the dispatcher, at a fixed time; calls go through the
/// dispatcher as frames, with the peer credentials the test names.
struct ControlFixture {
    /// The one agreement: 91 articles a quarter, so that on 15 May 45 are expected to date. Nothing goes
    /// stale within the test (`stale_after` is 400 days).
    static let agreement = "so-tt-2025"
    static let now = "2025-05-15T10:00:00+07:00"

    let directory: TemporaryDirectory
    let dispatcher: VarlinkDispatcher
    let checker: Checker
    let store: TallyStore

    /// `moreQuotas` (TOML `[[quota]]` tables) is appended to the agreement; no group may write: only root (and
    /// the test's own user, as tallyd's). New agreements' alerts are held for `onboarding` (none by default).
    ///
    /// `feeders` are the `[access] feeders` groups; `mainFile` is appended to tally.toml (`[fetch]`, more
    /// `[daemon]` keys are not allowed there). The clock is a file the test may rewrite with ``move(to:)``.
    /// `topLevel` (TOML keys such as `parties`) goes before the agreement's first table. `others` are more agreements
    /// of the same terms, loaded at the start.
    init(moreQuotas: String = "", onboarding: String = "0s", feeders: [String] = [], daemonExtra: String = "",
         mainFile: String = "", topLevel: String = "", others: [String] = []) async throws {
        directory = try TemporaryDirectory(prefix: "tally-control")
        try Self.writeAgreement(in: directory, moreQuotas, topLevel: topLevel)
        for id in others { try Self.writeAgreement(in: directory, "", id: id) }
        let configPath = try directory.write("tally.toml", """
            [daemon]
            socket = "run/io.tally"
            database = "state/tally.sqlite"
            agreements_dir = "agreements.d"
            timezone = "Asia/Ho_Chi_Minh"
            stale_after = "400d"
            onboarding = "\(onboarding)"
            \(daemonExtra)

            [access]
            writers = []
            feeders = [\(feeders.map { "\"\($0)\"" }.joined(separator: ", "))]
            \(mainFile)
            """)
        try directory.makeDirectory("state")
        let configuration = try ConfigurationLoader.load(mainFile: configPath)
        let clockFile = try directory.write("now", Self.now)
        let clock = try DaemonClock.from(environment: ["TALLY_TEST_NOW": "@" + clockFile])
        let logger = Logger(label: "tallyd-test") { _ in SwiftLogNoOpLogHandler() }
        store = try TallyStore(path: configuration.daemon.databasePath)
        try store.synchronize(agreements: configuration.agreements, at: clock.now())
        let state = DaemonState(configuration: configuration)
        let publisher = AlertPublisher(logger: logger)
        checker = Checker(store: store, state: state, publisher: publisher, clock: clock, notifier: SystemdNotifier(),
                              logger: logger)
        let reloader = Reloader(configPath: configPath, memo: ConfigurationLoader.Memo(), store: store, state: state, checker: checker,
                                notifier: SystemdNotifier(), clock: clock, logger: logger)
        let control = Control(store: store, state: state, checker: checker, publisher: publisher, clock: clock, logger: logger,
                          configPath: configPath, startedAt: clock.now(),
                          reload: { () async throws(VarlinkError) -> ReloadReply in try await reloader.reload() })
        dispatcher = control.dispatcher()
    }

    /// Calls `method` as `peer` (root unless said otherwise) and decodes its one reply; an error reply is thrown
    /// as the `VarlinkError` it names. The parameters and the reply must be written in one pass (no Foundation
    /// type JSONEncoder treats specially, no key twice), or the wire would fall back to JSONEncoder's slower path.
    func call<P, R>(_ method: VarlinkMethod<P, R>, _ parameters: P, as peer: PeerCredentials? = Peer.root) async throws -> R {
        let replies = Replies()
        let outcome = await dispatcher.handle(
            frame: try VarlinkCall.encode(method: method.name, parameters: parameters),
            context: CallContext(connectionID: 1, peer: peer)) { await replies.append($0) }
        let all = await replies.all
        guard outcome == .keepOpen, all.count == 1, let reply = all.first else {
            throw FixtureError(description: "\(method.name) answered \(all.count) replies and \(outcome)")
        }
        let decoded = try VarlinkReply.decodeReply(frame: reply.frame, as: R.self).reply
        _ = try JSONStreamWriter.write(parameters, pretty: false)
        _ = try JSONStreamWriter.write(decoded, pretty: false)
        return decoded
    }

    /// Moves the daemon's clock to `instant` (RFC 3339).
    func move(to instant: String) throws {
        _ = try directory.write("now", instant)
    }

    /// The agreement's file, with `more` (quotas, amendments) appended; with another `id`, a file of its own for
    /// another agreement of the same terms.
    static func writeAgreement(in directory: TemporaryDirectory, _ more: String, topLevel: String = "",
                               id: String = agreement) throws {
        try directory.write(id == agreement ? "agreements.d/10-so-tt.toml" : "agreements.d/\(id).toml", """
            id = "\(id)"
            title = "Thỏa thuận thử nghiệm – Sở Thông tin"
            start = 2025-01-01
            end = 2025-12-31
            \(topLevel)

            [[quota]]
            id = "tin-bai"
            target = 91
            per = "quarter"
            kinds = ["article"]

            """ + more)
    }

    /// Rewrites the agreement's file with `more` appended and reloads, as `tallyctl reload` does.
    func reload(withAgreement more: String) async throws -> ReloadReply {
        try Self.writeAgreement(in: directory, more)
        return try await call(IOTally.reload, VarlinkEmpty())
    }

    /// One import, as `tallyctl import` makes it, of 91 articles of 10 February for each of `ids` (all of Q1's target).
    func importFebruary(of ids: [String]) async throws -> CommitImportReply {
        let session = try await call(IOTally.beginImport, BeginImportParameters())
        let rows = ids.enumerated().map { n, id in
            ImportRow(line: n + 2, agreement: id, published: "2025-02-10", kind: "article", count: "91", id: "feb-\(id)")
        }
        _ = try await call(IOTally.addImportRows, AddImportRowsParameters(importID: session.importID, rows: rows))
        return try await call(IOTally.commitImport, session)
    }

    /// A phụ lục raising the quarter's target to 120 from 1 January. Signed in May (the default) it is retroactive:
    /// Q1, closed, is judged again; signed before January it is not.
    static func raisingTheQuarterFromJanuary(signed: String = "2025-05-02") -> String {
        """
        [[amendment]]
        id = "pl-01"
        title = "Phụ lục 01"
        signed = \(signed)
        effective = 2025-01-01

          [[amendment.quota]]
          id = "tin-bai"
          target = 120
        """
    }

    /// A delivery of `count` articles published on `day`.
    static func article(_ day: String, count: Int = 1, id: String) -> RecordParameters {
        RecordParameters(delivery: DeliveryInput(agreement: agreement, published: day, kind: "article", count: count, id: id))
    }
}

/// Callers as the kernel would report them.
enum Peer {
    static let root = PeerCredentials(pid: 1, uid: 0, gid: 0)
    /// `nobody`: in no writer group.
    static let reader = PeerCredentials(pid: 2, uid: 65_534, gid: 65_534)
}

/// The replies a call sent, in order.
private actor Replies {
    private(set) var all: [VarlinkReply] = []
    func append(_ reply: VarlinkReply) { all.append(reply) }
}

/// The dispatcher did not answer as a call must be answered.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
}
