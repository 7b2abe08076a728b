import Foundation
import Testing
import TallyTesting

/// The long reliability runs of issue 6, for `make stress` (TALLY_STRESS=1): each prints one summary
/// line (`stress: …`) that benchmarks/STRESS.md records.
@Suite(.serialized, .enabled(if: Reliability.stress, "long runs: set TALLY_STRESS=1 or run make stress"))
struct StressTests {
    @Test func crashSafetyTwentyImportsAndTwentyBursts() throws {
        let outcome = try CrashSafety.run(imports: 20, bursts: 20, rowsPerImport: 20_000)
        print("stress: crash safety, 20 imports of 20000 rows and 20 bursts of 4 writers: \(outcome)")
    }

    @Test func twoHundredClientsForThirtySeconds() throws {
        let summary = try Load.run(clients: 200, processes: 4, seconds: 30)
        print("stress: load, \(summary)")
    }
}
