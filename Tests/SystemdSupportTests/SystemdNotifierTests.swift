import SystemdSupport
import TallyTesting
import Testing

@Suite struct SystemdNotifierTests {
    @Test func sendsEachStateToNotifySocket() throws {
        let listener = try NotifyListener()
        let report = try ChildProbe.run("notify", environment: ["NOTIFY_SOCKET": listener.path])
        for call in ["ready", "status", "watchdog", "reloading", "ready-again", "stopping"] {
            #expect(report[call] == "true", "\(call) was not delivered")
        }
        let messages = listener.waitFor({ $0 == "STOPPING=1" }, timeout: .seconds(5))
        try #require(messages.count == 6, "got \(messages)")
        #expect(messages[0] == "READY=1")
        #expect(messages[1] == "STATUS=Checking 3 agreements now")
        #expect(messages[2] == "WATCHDOG=1")
        #expect(messages[4] == "READY=1\nSTATUS=Reloaded")
        #expect(messages[5] == "STOPPING=1")

        let reload = messages[3].split(separator: "\n")
        try #require(reload.count == 2)
        #expect(reload[0] == "RELOADING=1")
        #expect(reload[1].hasPrefix("MONOTONIC_USEC="))
        let stamp = try #require(UInt64(reload[1].dropFirst("MONOTONIC_USEC=".count)))
        let before = try #require(report["before"].flatMap { UInt64($0) })
        let after = try #require(report["after"].flatMap { UInt64($0) })
        #expect(before <= stamp && stamp <= after)
        // The child's CLOCK_MONOTONIC is the parent's: the stamp is from the last few seconds.
        let now = SystemdNotifier.monotonicMicroseconds()
        #expect(stamp <= now && now - stamp < 60_000_000)
    }

    @Test func doesNothingWithoutNotifySocket() throws {
        let report = try ChildProbe.run("notify")
        #expect(report["ready"] == "false")
        #expect(report["reloading"] == "false")
        #expect(report["stopping"] == "false")
    }

    @Test func watchdogIntervalForThisProcess() throws {
        let report = try ChildProbe.run(
            "watchdog", environment: ["WATCHDOG_USEC": "2500000"], ownPIDVariables: ["WATCHDOG_PID"])
        #expect(report["interval"] == "\(Duration.microseconds(2_500_000))")
    }

    @Test func watchdogIntervalForAnotherProcessIsOff() throws {
        let report = try ChildProbe.run("watchdog", environment: ["WATCHDOG_USEC": "2500000", "WATCHDOG_PID": "1"])
        #expect(report["interval"] == "none")
    }

    @Test func noWatchdogWithoutVariables() throws {
        #expect(try ChildProbe.run("watchdog")["interval"] == "none")
    }
}
