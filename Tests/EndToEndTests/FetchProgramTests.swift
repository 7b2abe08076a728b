import Foundation
import TallyTesting
import Testing

/// `tallyctl fetch` runs tally-fetch from beside tallyctl or from `../libexec/tally/`; without it, one sentence.
@Suite struct FetchProgramTests {
    @Test func aTallyctlWithoutTallyFetchSaysWhereItLooked() throws {
        let directory = try TemporaryDirectory(prefix: "tally-lone")
        let bin = try directory.makeDirectory("bin")
        try FileManager.default.copyItem(atPath: Executables.path("tallyctl"), toPath: bin + "/tallyctl")
        let alone = try Executables.run(bin + "/tallyctl", ["fetch", "--socket", directory.path("none")])
        #expect(alone.status == 1, "\(alone)")
        #expect(alone.stderr.contains("tallyctl fetch runs tally-fetch, which is not installed"), "\(alone)")
        #expect(alone.stderr.contains(bin + "/tally-fetch") && alone.stderr.contains(directory.path("libexec/tally/tally-fetch")))

        // As make install and the package lay it out: tally-fetch in ../libexec/tally, run in tallyctl's place.
        let libexec = try directory.makeDirectory("libexec/tally")
        try FileManager.default.copyItem(atPath: Executables.path("tally-fetch"), toPath: libexec + "/tally-fetch")
        let installed = try Executables.run(bin + "/tallyctl", ["fetch", "--socket", directory.path("none")])
        #expect(installed.status == 4, "\(installed)")
        #expect(installed.stderr.contains("tallyd is not reachable at \(directory.path("none"))"), "\(installed)")
    }
}
