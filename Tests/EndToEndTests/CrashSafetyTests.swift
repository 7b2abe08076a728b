import Foundation
import Testing
import TallyInterface
import TallyProtocol
import TallyTesting

/// kill -9 at random moments during large staged imports and bursts of single records: after every crash
/// the file passes `PRAGMA integrity_check`, each import is there whole or not at all, and every record
/// the daemon answered is there (SPEC §2: all rows or none; synchronous=FULL on the writer).
enum CrashSafety {
    /// What one run saw, for the stress report.
    struct Outcome: CustomStringConvertible {
        var importsWhole = 0, importsAbsent = 0, recordsAcknowledged = 0, recordsInFlightKept = 0
        var importSeconds = 0.0
        var description: String {
            "imports: \(importsWhole) whole, \(importsAbsent) absent (calibration import \(String(format: "%.2f", importSeconds)) s); "
                + "records: \(recordsAcknowledged) acknowledged, all present; \(recordsInFlightKept) unanswered but committed"
        }
    }

    static let agreement = "crash"

    static func run(imports: Int, bursts: Int, rowsPerImport: Int, writers: Int = 4) throws -> Outcome {
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(agreement)], daemonExtra: Scenario.policy,
                                       now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        var outcome = Outcome()

        // An import without a kill, to know how long one takes: kills then fall anywhere in it.
        let started = Date()
        let calibration = try Reliability.importRows(daemon.socketPath, agreement, prefix: "cal", rows: rowsPerImport)
        #expect(calibration.created == rowsPerImport)
        outcome.importSeconds = Date().timeIntervalSince(started)

        for i in 0..<imports {
            let prefix = "imp\(i)"
            let committed = Shared(false)
            let done = DispatchSemaphore(value: 0)
            let socket = daemon.socketPath
            Thread.detachNewThread {
                if (try? Reliability.importRows(socket, agreement, prefix: prefix, rows: rowsPerImport)) != nil {
                    committed.update { $0 = true }
                }
                done.signal()
            }
            usleep(useconds_t(Double.random(in: 0.02...(outcome.importSeconds * 1.1)) * 1_000_000))
            daemon.crash()
            #expect(done.wait(timeout: .now() + 60) == .success, "the importing client did not notice the crash")
            #expect(try Reliability.integrity(daemon.databasePath) == "ok", "after killing import \(i)")
            let kept = try Reliability.externalIDs(daemon.databasePath, prefix: prefix + "-").count
            #expect(kept == 0 || kept == rowsPerImport, "import \(i) left \(kept) of \(rowsPerImport) rows")
            if committed.current { #expect(kept == rowsPerImport, "import \(i) was committed but lost") }
            if kept == 0 { outcome.importsAbsent += 1 } else { outcome.importsWhole += 1 }
            try daemon.start()
        }

        for i in 0..<bursts {
            let acknowledged = Shared<Set<String>>([])
            let group = DispatchGroup()
            let socket = daemon.socketPath
            for w in 0..<writers {
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    guard let client = try? VarlinkClient(path: socket, timeout: .seconds(30)) else { return }
                    for n in 0..<100_000 {
                        let id = "b\(i)-\(w)-\(n)"
                        guard (try? Reliability.record(client, agreement, id: id, n: n)) != nil else { return }
                        acknowledged.update { $0.insert(id) }
                    }
                }
            }
            usleep(useconds_t.random(in: 50_000...800_000))
            daemon.crash()
            #expect(group.wait(timeout: .now() + 60) == .success, "a recording client did not notice the crash")
            #expect(try Reliability.integrity(daemon.databasePath) == "ok", "after killing burst \(i)")
            let present = try Reliability.externalIDs(daemon.databasePath, prefix: "b\(i)-")
            let acked = acknowledged.current
            let lost = acked.subtracting(present)
            #expect(lost.isEmpty, "burst \(i): \(lost.count) answered records are missing, e.g. \(lost.sorted().prefix(3))")
            // At most the one call in flight per writer may have committed without its answer arriving.
            #expect(present.count - acked.count <= writers)
            outcome.recordsAcknowledged += acked.count
            outcome.recordsInFlightKept += present.count - acked.count
            try daemon.start()
        }

        // The restarted daemon agrees with the file.
        let client = try Scenario.client(daemon)
        let total = try Reliability.sqlite(daemon.databasePath, "SELECT count(*) FROM delivery WHERE agreement = '\(agreement)'")
        var listed = 0
        var after: Int?
        repeat {
            let page = try client.call(IOTally.listDeliveries, ListDeliveriesParameters(limit: 10_000, after: after))
            listed += page.deliveries.count
            after = page.nextAfter
        } while after != nil
        #expect(String(listed) == total)
        return outcome
    }
}

@Suite(.serialized) struct CrashSafetyTests {
    @Test func killNineDuringImportsAndRecordsLosesNothingAnswered() throws {
        let outcome = try CrashSafety.run(imports: 3, bursts: 3, rowsPerImport: 1_000)
        print("crash safety (short): \(outcome)")
    }
}
