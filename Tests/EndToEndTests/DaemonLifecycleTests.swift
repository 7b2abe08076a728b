import Foundation
import Testing
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting

/// tallyd as systemd runs it: notifications, socket activation, reload, a third-party Varlink client.
@Suite struct DaemonLifecycleTests {
    @Test func readyStatusWatchdogAndStopping() throws {
        let id = Scenario.uniqueID("life")
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(id)], daemonExtra: Scenario.policy,
                                       now: "2025-04-10T12:00:00+07:00")
        try daemon.start(environment: ["WATCHDOG_USEC": "1000000"])
        // READY=1 carries the first STATUS= line (SPEC §8).
        #expect(daemon.readyMessage.contains("STATUS=1 agreement: 1 behind; next check "), "\(daemon.readyMessage)")
        let watchdog = daemon.notify.waitFor({ $0.contains("WATCHDOG=1") }, timeout: .seconds(10))
        #expect(watchdog.contains { $0.contains("WATCHDOG=1") })
        // The socket answers once READY=1 was sent.
        let client = try Scenario.client(daemon)
        let info = try client.call(IOTally.getInfo, VarlinkEmpty())
        #expect(info.info.agreements == 1)
        client.close()
        daemon.signal(SIGTERM)
        let stopping = daemon.notify.waitFor({ $0.contains("STOPPING=1") }, timeout: .seconds(10))
        #expect(stopping.contains { $0.contains("STOPPING=1") })
        #expect(daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    }

    /// SPEC §9's onboarding with a real tallyd: a new agreement's alerts are held, READY=1's STATUS= and the
    /// status say until when; a restart does not restart the hold (the first load is in the database); when the
    /// hold ends, what is still bad is alerted as first seen.
    @Test func onboardingHoldsAlertsAcrossARestart() throws {
        let id = Scenario.uniqueID("onboard")
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly(id)],
                                       daemonExtra: Scenario.policy + "\nonboarding = \"1d\"", now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        #expect(daemon.readyMessage.contains("alerts held for 1 new until 2025-04-11 12:00 +07:00"), "\(daemon.readyMessage)")
        var client = try Scenario.client(daemon)
        let first = try Scenario.check(client)
        let held = try #require(first.agreements[0].alertsHeldUntil)
        #expect(first.agreements[0].quotas[0].status == .behind)
        #expect(try Scenario.alerts(client, id).isEmpty)
        client.close()
        #expect(daemon.stop() == 0)

        try daemon.setNow("2025-04-10T20:00:00+07:00")
        try daemon.start()
        client = try Scenario.client(daemon)
        #expect(try Scenario.check(client).agreements[0].alertsHeldUntil == held)
        #expect(try Scenario.alerts(client, id).isEmpty)

        try daemon.setNow("2025-04-11T12:30:00+07:00")
        let after = try Scenario.check(client)
        #expect(after.agreements[0].alertsHeldUntil == nil)
        #expect(try Scenario.alerts(client, id).map(\.alert.type) == [.quotaBehind])
        client.close()
        #expect(daemon.stop() == 0)
    }

    @Test func refusesToStartOnABrokenConfiguration() throws {
        let daemon = try DaemonHarness(agreements: ["a.toml": "id = \"x\"\ntitel = \"typo\"\n"], now: "2025-04-10T12:00:00+07:00")
        let result = try Executables.run("tallyd", ["--config", daemon.configPath])
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.toml"))
        #expect(result.stderr.contains("titel"))
    }

    @Test func refusesASecondDaemonOnALiveSocket() throws {
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly("second")], now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        let result = try Executables.run("tallyd", ["--config", daemon.configPath],
                                         environment: ["TALLY_TEST_NOW": "2025-04-10T12:00:00+07:00"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("already listening"))
        // The first daemon still answers.
        #expect(try Scenario.client(daemon).call(IOTally.getInfo, VarlinkEmpty()).info.agreements == 1)
    }

    @Test func socketActivationServesThroughThePassedDescriptor() throws {
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly("activated")], now: "2025-04-10T12:00:00+07:00")
        let socket = daemon.directory.path("activated.sock")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-socket-activate")
        process.arguments = ["-l", socket, Executables.path("tallyd"), "--config", daemon.configPath]
        process.environment = ["PATH": "/usr/bin:/bin", "TALLY_TEST_NOW": "@" + daemon.clockPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        var client: VarlinkClient?
        for _ in 0..<100 where client == nil {
            client = try? VarlinkClient(path: socket, timeout: .seconds(20))
            if client == nil { usleep(50_000) }
        }
        let status = try #require(client).call(IOTally.getStatus, GetStatusParameters())
        #expect(status.agreements.map(\.agreementID) == ["activated"])
        // The daemon did not bind its configured path: it used the passed socket.
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    }

    @Test func pypiVarlinkClientParsesTheInterfaceAndCalls() throws {
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly("pyclient")], now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        let script = """
            import sys, varlink
            with varlink.Client(address="unix:" + sys.argv[1]) as client:
                with client.open("org.varlink.service") as service:
                    info = service.GetInfo()
                    assert "io.tally" in info["interfaces"], info
                with client.open("io.tally") as tally:
                    status = tally.GetStatus()
                    print(status["agreements"][0]["id"], status["agreements"][0]["quotas"][0]["status"])
            """
        let result = try Executables.run("/usr/bin/env", ["python3", "-c", script, daemon.socketPath])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "pyclient BEHIND")
    }

    @Test func unknownMethodOverARawSocket() throws {
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly("raw")], now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        let client = try Scenario.client(daemon)
        try client.sendRaw(Array(#"{"method":"io.tally.NoSuchThing","parameters":{}}"#.utf8) + [0])
        let reply = try client.receiveReply(timeout: .seconds(5))
        #expect(reply.error == "org.varlink.service.MethodNotFound")
    }

    @Test func reloadRefusesABrokenFileKeepsServingAndArchivesARemovedOne() throws {
        let daemon = try DaemonHarness(
            agreements: ["10-a.toml": Scenario.quarterly("reload-a"), "20-b.toml": Scenario.quarterly("reload-b")],
            daemonExtra: Scenario.policy, now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        let client = try Scenario.client(daemon)
        // A broken file: the reply names it; the old agreements are still served.
        _ = try daemon.directory.write("agreements.d/20-b.toml", Scenario.quarterly("reload-b") + "\nbogus = 1\n")
        #expect {
            try client.call(IOTally.reload, VarlinkEmpty())
        } throws: { error in
            guard let error = error as? VarlinkError, error.name == "io.tally.InvalidConfiguration" else { return false }
            return "\(error.parameters)".contains("20-b.toml") && "\(error.parameters)".contains("bogus")
        }
        #expect(try client.call(IOTally.listAgreements, VarlinkEmpty()).agreements.map(\.id) == ["reload-a", "reload-b"])
        let result = try daemon.tallyctl(["reload"])
        #expect(result.status == 1, "tallyctl reload must fail when the configuration is refused")
        // A valid change through SIGHUP takes effect.
        _ = try daemon.directory.write("agreements.d/20-b.toml", Scenario.quarterly("reload-b").replacingOccurrences(of: "target = 91", with: "target = 182"))
        _ = daemon.notify.waitFor({ _ in false }, timeout: .milliseconds(300))  // drain earlier datagrams
        daemon.signal(SIGHUP)
        let reloading = daemon.notify.waitFor({ $0.contains("READY=1") }, timeout: .seconds(10))
        #expect(reloading.contains { $0.contains("RELOADING=1") && $0.contains("MONOTONIC_USEC=") })
        var target = 0
        for _ in 0..<50 {
            target = try client.call(IOTally.getStatus, GetStatusParameters(agreements: ["reload-b"])).agreements[0].quotas[0].target
            if target == 182 { break }
            usleep(100_000)
        }
        #expect(target == 182)
        // A removed file: ARCHIVED, and recording is refused.
        try FileManager.default.removeItem(atPath: daemon.directory.path("agreements.d/20-b.toml"))
        let reply = try client.call(IOTally.reload, VarlinkEmpty())
        #expect(reply.archived == ["reload-b"])
        let status = try client.call(IOTally.getStatus, GetStatusParameters(agreements: ["reload-b"]))
        #expect(status.agreements[0].state == .archived)
        #expect {
            try Scenario.record(client, "reload-b", "2025-04-09")
        } throws: { ($0 as? VarlinkError)?.name == "io.tally.AgreementArchived" }
    }
}
