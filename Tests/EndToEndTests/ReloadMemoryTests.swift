import Foundation
import Testing
import TallyInterface
import TallyProtocol
import TallyTesting

/// Issue 15: a daemon that reloads does not grow, and a pass says how long it took.
@Suite struct ReloadMemoryTests {
    /// 100 reloads of 100 agreement files, every file changed before each, leave tallyd's resident memory within
    /// 2 MiB of what it was after the first. TOMLKit 0.6.0's Swift layer leaked every string and number it handed
    /// out and every parsed tree, ~3.5 KB a file and reload here, 35 MB over the run; CTOML's root table object,
    /// which `TOMLDocument` also frees now, was ~100 bytes a parse, 1 MB over the run.
    @Test func a100ReloadsDoNotGrowTheDaemon() throws {
        var agreements: [String: String] = [:]
        for n in 0..<100 {
            agreements[String(format: "a-%03d.toml", n)] = Scenario.quarterly(String(format: "reload-%03d", n))
        }
        let daemon = try DaemonHarness(agreements: agreements, daemonExtra: Scenario.policy, now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { _ = daemon.stop() }
        let pid = try #require(daemon.pid)
        let client = try Scenario.client(daemon)
        defer { client.close() }
        var resident: [Int] = []
        for reload in 0..<100 {
            // A changed comment: the text differs, so every file is parsed again (unchanged ones would not be).
            for (name, text) in agreements { _ = try daemon.directory.write("agreements.d/" + name, "# \(reload)\n" + text) }
            #expect(try client.call(IOTally.reload, VarlinkEmpty()).agreements == 100)
            // Read RELOADING=1, STATUS= and READY=1 as systemd would: a full notify socket blocks the daemon.
            while daemon.notify.next(timeout: .zero) != nil {}
            resident.append(try Self.residentKiB(pid))
        }
        let growth = try #require(resident.last) - resident[0]
        #expect(growth <= 2048, "VmRSS after reload 1, 10, 50, 100: \(resident[0]), \(resident[9]), \(resident[49]), \(resident[99]) KiB")
    }

    /// `Check` (and so `tallyctl check --json`) carries the pass's own duration, the one GetInfo reports.
    @Test func checkReportsHowLongItsPassTook() throws {
        let id = Scenario.uniqueID("duration")
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(id)], daemonExtra: Scenario.policy,
                                       now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { _ = daemon.stop() }
        let client = try Scenario.client(daemon)
        defer { client.close() }
        let status = try client.call(IOTally.check, CheckParameters())
        let duration = try #require(status.durationMs)
        #expect(duration > 0)
        #expect(try client.call(IOTally.getInfo, VarlinkEmpty()).info.lastCheckDurationMs == duration)
        // A what-if runs no pass.
        #expect(try client.call(IOTally.check, CheckParameters(at: "2025-05-01")).durationMs == nil)
        let printed = try daemon.tallyctl(["check", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        #expect((json["duration_ms"] as? Double).map { $0 > 0 } == true, "\(printed.stdout)")
    }

    /// VmRSS of `pid`, in KiB.
    static func residentKiB(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }
}
