import Foundation
import Testing
import TallyInterface
import TallyProtocol
import TallyTesting

/// Many concurrent clients in several processes (`benchmarks/stress/varlink_load.py`, raw Varlink),
/// mixing reads and writes against one daemon: no call fails and every acknowledged record is stored.
enum Load {
    /// The load script's summary.
    struct Summary: Decodable, CustomStringConvertible {
        struct Latency: Decodable { var p50: Double?, p90: Double?, p99: Double?, max: Double? }
        var clients: Int
        var processes: Int
        var seconds: Double
        var calls: [String: Int]
        var totalCalls: Int
        var callsPerSecond: Double
        var errors: Int
        var errorSamples: [String]
        var acknowledgedRecords: Int
        var latencyMs: Latency
        var stored = 0

        enum CodingKeys: String, CodingKey {
            case clients, processes, seconds, calls, errors
            case totalCalls = "total_calls", callsPerSecond = "calls_per_second", errorSamples = "error_samples"
            case acknowledgedRecords = "acknowledged_records", latencyMs = "latency_ms"
        }

        var description: String {
            let l = latencyMs
            return "\(clients) clients in \(processes) processes for \(seconds) s: \(totalCalls) calls "
                + "(\(calls.sorted { $0.key < $1.key }.map { "\($0.key.replacingOccurrences(of: "io.tally.", with: "")) \($0.value)" }.joined(separator: ", "))), "
                + "\(callsPerSecond) calls/s, \(errors) errors; \(acknowledgedRecords) records acknowledged, \(stored) stored; "
                + "latency ms p50 \(l.p50 ?? 0), p90 \(l.p90 ?? 0), p99 \(l.p99 ?? 0), max \(l.max ?? 0)"
        }
    }

    static func run(clients: Int, processes: Int, seconds: Double) throws -> Summary {
        let agreement = "load"
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(agreement)], daemonExtra: Scenario.policy,
                                       now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        let result = try Executables.run(
            "/usr/bin/python3",
            [Executables.repositoryRoot + "/benchmarks/stress/varlink_load.py", "--socket", daemon.socketPath,
             "--agreement", agreement, "--clients", String(clients), "--processes", String(processes),
             "--seconds", String(seconds)],
            timeout: .seconds(Int64(seconds) + 120))
        guard result.status == 0 else { throw Executables.Failure(description: "load script: \(result)") }
        var summary = try JSONDecoder().decode(Summary.self, from: Data(result.stdout.utf8))
        #expect(daemon.stop() == 0, "tallyd did not stop cleanly after the load")
        summary.stored = Int(try Reliability.sqlite(daemon.databasePath, "SELECT count(*) FROM delivery WHERE agreement = 'load'")) ?? -1
        #expect(try Reliability.integrity(daemon.databasePath) == "ok")
        #expect(summary.errors == 0, "\(summary.errorSamples)")
        #expect(summary.stored == summary.acknowledgedRecords)
        #expect(summary.calls["io.tally.Record", default: 0] > 0 && summary.calls["io.tally.GetStatus", default: 0] > 0
                && summary.calls["io.tally.ListDeliveries", default: 0] > 0)
        return summary
    }
}

@Suite(.serialized) struct LoadTests {
    @Test func fiftyClientsMixedReadsAndWritesWithoutErrorsOrLoss() throws {
        let summary = try Load.run(clients: 50, processes: 2, seconds: 3)
        print("load (short): \(summary)")
    }
}
