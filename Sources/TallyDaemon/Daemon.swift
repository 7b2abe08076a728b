import Foundation
import Logging
import ServiceLifecycle
import SystemdSupport
import TallyConfig
import TallyInterface
import TallyProtocol
import TallyStore
import UnixSignals

/// tallyd: loads the configuration, opens the database, and runs the control socket, the checker and
/// the signal handling as one `ServiceGroup`. Signals are handled here and nowhere else: SIGTERM and
/// SIGINT shut down gracefully, SIGHUP reloads.
public enum Daemon {
    /// Runs until SIGTERM; the process exit code.
    public static func run(configPath: String, environment: [String: String]) async -> Int32 {
        MemoryHygiene.limitArenas()
        // The journal also takes debug entries (each pass's duration); stderr, read by a person, does not.
        JournalLogHandler.bootstrap(identifier: "tallyd", journalLogLevel: .debug)
        let logger = Logger(label: "tallyd")
        // A fatal error is also written to stderr when stderr is not already the journal (JOURNAL_STREAM),
        // so a person starting tallyd by hand sees why it stopped.
        let echo = environment["JOURNAL_STREAM"] == nil
        func fatal(_ message: String, _ metadata: Logger.Metadata? = nil) {
            logger.critical("\(message)", metadata: metadata)
            if echo { FileHandle.standardError.write(Data(("tallyd: " + message + "\n").utf8)) }
        }
        let clock: DaemonClock
        do {
            clock = try DaemonClock.from(environment: environment)
        } catch {
            fatal("\(error)")
            return 1
        }
        if clock.isTestClock {
            logger.warning("TALLY_TEST_NOW is set: the daemon's clock is the test seam, not the system clock (testing aid)")
        }
        let memo = ConfigurationLoader.Memo()
        let store: TallyStore
        let listening: ControlServer.Listening
        let state: DaemonState
        let agreementCount: Int
        do {
            // The configuration of the start lives on in the daemon's snapshot only: a local of this function held
            // the start's agreements beside those of every reload that changed a file (11 MB for 2,000 of them).
            let configuration: Configuration
            do {
                configuration = try ConfigurationLoader.load(mainFile: configPath, memo: memo)
            } catch {
                fatal("cannot start: \(configPath) is not valid:\n\(error)")
                return 1
            }
            do {
                let directory = (configuration.daemon.databasePath as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                store = try TallyStore(path: configuration.daemon.databasePath)
                try store.synchronize(agreements: configuration.agreements, at: clock.now())
            } catch {
                fatal("cannot open the database \(configuration.daemon.databasePath): \(error)", [
                    "MESSAGE_ID": .string(OperationalMessage.databaseError.messageID),
                ])
                return 1
            }
            do {
                let activated = try SocketActivation.listenFDs().filter(SocketActivation.isUnixStreamSocket)
                if let fd = activated.first {
                    listening = .activated(fd: fd)
                } else {
                    let directory = (configuration.daemon.socketPath as NSString).deletingLastPathComponent
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    listening = .path(configuration.daemon.socketPath)
                }
            } catch {
                fatal("cannot prepare the control socket: \(error)")
                return 1
            }
            state = DaemonState(configuration: configuration)
            agreementCount = configuration.agreements.count
        }

        let notifier = SystemdNotifier()
        let publisher = AlertPublisher(logger: logger)
        let metrics = MetricsWriter(store: store, logger: logger)
        let checker = Checker(store: store, state: state, publisher: publisher, clock: clock, notifier: notifier, logger: logger,
                              metrics: metrics)
        let reloader = Reloader(configPath: configPath, memo: memo, store: store, state: state, checker: checker, notifier: notifier,
                                clock: clock, logger: logger)
        let control = Control(store: store, state: state, checker: checker, publisher: publisher, clock: clock,
                              logger: logger, configPath: configPath, startedAt: clock.now(),
                              reload: { () async throws(VarlinkError) -> ReloadReply in try await reloader.reload() })
        let server = ControlServer(configuration: .init(listening: listening), dispatcher: control.dispatcher(), logger: logger)
        logger.notice("tallyd \(TallyVersion.current) starting with \(agreementCount) agreements from \(configPath)",
                      metadata: ["MESSAGE_ID": .string(OperationalMessage.started.messageID)])

        // The first evaluation happens before READY=1; the history of agreements seen for the first time is recorded
        // after it, by the checker's loop.
        await checker.pass(deferringHistory: true)
        let lifecycle = Lifecycle(server: server, notifier: notifier, publisher: publisher, reloader: reloader, state: state,
                                  logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [
                .init(service: checker),
                .init(service: metrics),
                .init(service: server),
                .init(service: lifecycle),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            fatal("tallyd stopped on an error: \(error)")
            return 1
        }
        return 0
    }
}

/// READY=1 once the socket listens (the first evaluation is already done), SIGHUP → reload,
/// and on shutdown STOPPING=1 and a final reply to every alert stream. Last in the group, so the
/// first to hear of a graceful shutdown.
final class Lifecycle: Service {
    let server: ControlServer
    let notifier: SystemdNotifier
    let publisher: AlertPublisher
    let reloader: Reloader
    let state: DaemonState
    let logger: Logger

    init(server: ControlServer, notifier: SystemdNotifier, publisher: AlertPublisher, reloader: Reloader,
         state: DaemonState, logger: Logger) {
        self.server = server
        self.notifier = notifier
        self.publisher = publisher
        self.reloader = reloader
        self.state = state
        self.logger = logger
    }

    func run() async throws {
        try await server.waitUntilListening()
        _ = notifier.send([("READY", "1"), ("STATUS", await state.statusLine)])
        logger.notice("ready", metadata: ["MESSAGE_ID": .string(OperationalMessage.ready.messageID)])
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await withGracefulShutdownHandler {
            for await _ in hangups.cancelOnGracefulShutdown() {
                _ = try? await reloader.reload()
            }
        } onGracefulShutdown: { [notifier, logger] in
            _ = notifier.stopping()
            logger.notice("stopping", metadata: ["MESSAGE_ID": .string(OperationalMessage.stopping.messageID)])
        }
        await publisher.finishAll()
    }
}
