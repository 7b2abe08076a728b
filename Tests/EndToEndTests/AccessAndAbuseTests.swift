import Foundation
import Testing
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting

/// SPEC §5 access rules with users the test creates, and hostile clients against the real daemon.
@Suite(.serialized) struct AccessAndAbuseTests {
    /// Runs `command` and fails the test when it fails.
    static func sh(_ command: String) throws {
        let result = try Executables.run("/bin/sh", ["-c", command])
        guard result.status == 0 else { throw Executables.Failure(description: "\(command): \(result)") }
    }

    /// A raw Varlink client in the system Python's standard library, run as `user`: prints one line per
    /// call, the error name or "ok".
    /// With `oneConnection`, every call goes over one connection (a staged import lives as long as its
    /// connection), and `$import` in parameters stands for the `import_id` of the last BeginImport reply.
    /// `groups` replaces the user's supplementary groups from the group database with these (as a service's
    /// `SupplementaryGroups=` does).
    static func callsAs(_ user: String, group: String, groups: String? = nil, socket: String, calls: [(String, String)],
                        oneConnection: Bool = false) throws -> [String] {
        let script = """
            import json, socket, sys
            calls = json.loads(sys.argv[2])
            one = sys.argv[3] == "1"
            s = None
            import_id = ""
            for method, params in calls:
                if s is None:
                    s = socket.socket(socket.AF_UNIX)
                    s.connect(sys.argv[1])
                s.sendall(json.dumps({"method": method, "parameters": json.loads(params.replace("$import", import_id))}).encode() + b"\\0")
                buf = b""
                while not buf.endswith(b"\\0"):
                    chunk = s.recv(65536)
                    if not chunk: break
                    buf += chunk
                reply = json.loads(buf[:-1])
                import_id = reply.get("parameters", {}).get("import_id", import_id)
                print(reply.get("error", "ok"))
                if not one:
                    s.close()
                    s = None
            """
        let encoded = String(decoding: try JSONSerialization.data(withJSONObject: calls.map { [$0.0, $0.1] }), as: UTF8.self)
        let result = try Executables.run(
            "/usr/bin/setpriv", ["--reuid=\(user)", "--regid=\(group)", groups.map { "--groups=\($0)" } ?? "--init-groups",
                                 "/usr/bin/python3", "-c", script,
                                 socket, encoded, oneConnection ? "1" : "0"])
        guard result.status == 0 else { throw Executables.Failure(description: "client as \(user): \(result)") }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func socketIsGroupsAt0660ReadersChangeNothingSupplementaryWritersChangeAll() throws {
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        let (connect, writers, reader, editor) = ("tc\(suffix)", "tw\(suffix)", "tr\(suffix)", "te\(suffix)")
        try Self.sh("groupadd \(connect) && groupadd \(writers) && useradd -M -N -g \(connect) \(reader) && useradd -M -U -G \(connect),\(writers) \(editor)")
        defer { _ = try? Self.sh("userdel \(reader); userdel \(editor); groupdel \(writers); groupdel \(connect)") }

        let id = Scenario.uniqueID("access")
        let daemon = try DaemonHarness(
            agreements: ["a.toml": Scenario.quarterly(id) + """

                [[campaign]]
                id = "ky-ket"
                start = 2025-01-01
                end = 2025-12-31

                  [[campaign.milestone]]
                  id = "phu-luc"
                  due = 2025-06-15
                  manual = true
                """],
            mainExtra: "[access]\nwriters = [\"\(writers)\"]\n", now: "2025-04-10T12:00:00+07:00")
        // tallyd binds the socket itself, running with primary group `connect` as the service's group would
        // be: the socket file is that group's, mode 0660 (SPEC §5), whatever the umask.
        try daemon.start(launcher: ["/usr/bin/setpriv", "--regid=\(connect)", "--clear-groups"])
        defer { daemon.stop() }
        var socketStatus = stat()
        #expect(stat(daemon.socketPath, &socketStatus) == 0)
        #expect(socketStatus.st_mode & S_IFMT == S_IFSOCK)
        #expect(String(socketStatus.st_mode & 0o7777, radix: 8) == "660")
        let connectGID = try Executables.run("/usr/bin/getent", ["group", connect]).stdout.split(separator: ":")[2]
        #expect(String(socketStatus.st_gid) == connectGID)
        try Self.sh("chmod 0755 '\(daemon.directory.path)' '\(daemon.directory.path("run"))'")
        let root = try Scenario.client(daemon)
        let existing = try Scenario.record(root, id, "2025-04-01", id: "by-root")

        let mutating: [(String, String)] = [
            ("io.tally.Record", #"{"delivery": {"agreement": "\#(id)", "published": "2025-04-02", "kind": "article", "id": "r1"}}"#),
            ("io.tally.BeginImport", "{}"),
            ("io.tally.AddImportRows", #"{"import_id": "x", "rows": []}"#),
            ("io.tally.CommitImport", #"{"import_id": "x"}"#),
            ("io.tally.AbortImport", #"{"import_id": "x"}"#),
            ("io.tally.Void", #"{"id": \#(existing.id), "reason": "test"}"#),
            ("io.tally.MilestoneDone", #"{"agreement": "\#(id)", "milestone": "ky-ket/phu-luc"}"#),
            ("io.tally.MilestoneUndo", #"{"agreement": "\#(id)", "milestone": "ky-ket/phu-luc"}"#),
            ("io.tally.Check", "{}"),
            ("io.tally.Reload", "{}"),
            ("io.tally.Backup", #"{"path": "\#(daemon.directory.path("backup.sqlite"))"}"#),
        ]
        let refused = try Self.callsAs(reader, group: connect, socket: daemon.socketPath, calls: mutating)
        #expect(refused == Array(repeating: "io.tally.PermissionDenied", count: mutating.count), "\(refused)")
        // Reading is allowed, and nothing changed.
        let reads = try Self.callsAs(reader, group: connect, socket: daemon.socketPath, calls: [
            ("io.tally.GetStatus", "{}"), ("io.tally.ListDeliveries", "{}"), ("io.tally.Check", #"{"at": "2025-04-10"}"#),
        ])
        #expect(reads == ["ok", "ok", "ok"])
        let deliveries = try root.call(IOTally.listDeliveries, ListDeliveriesParameters(includeVoid: true)).deliveries
        #expect(deliveries.map(\.id) == [Int64(existing.id)])
        #expect(deliveries.first?.void == nil)
        #expect(try root.call(IOTally.history, PageParameters()).entries.count == 1)
        #expect(!FileManager.default.fileExists(atPath: daemon.directory.path("backup.sqlite")))

        // A writer only through a supplementary group may call every one of them.
        let backup = daemon.directory.path("backup-by-editor.sqlite")
        let writes: [(String, String)] = [
            mutating[0],
            ("io.tally.BeginImport", #"{"default_agreement": "\#(id)"}"#),
            ("io.tally.AddImportRows", #"{"import_id": "$import", "rows": [{"line": 2, "published": "2025-04-03", "kind": "article", "id": "i1"}]}"#),
            ("io.tally.CommitImport", #"{"import_id": "$import"}"#),
            ("io.tally.BeginImport", "{}"),
            ("io.tally.AbortImport", #"{"import_id": "$import"}"#),
            mutating[5], mutating[6], mutating[7], mutating[8], mutating[9],
            ("io.tally.Backup", #"{"path": "\#(backup)"}"#),
        ]
        #expect(Set(writes.map(\.0)) == Set(mutating.map(\.0)), "the writer must exercise every mutating method")
        let allowed = try Self.callsAs(editor, group: editor, socket: daemon.socketPath, calls: writes, oneConnection: true)
        #expect(allowed == Array(repeating: "ok", count: writes.count), "\(allowed)")
        let after = try root.call(IOTally.listDeliveries, ListDeliveriesParameters(includeVoid: true)).deliveries
        #expect(after.map(\.externalID) == ["by-root", "r1", "i1"])
        #expect(after.first?.void != nil)
        let uid = try Executables.run("/usr/bin/id", ["-u", editor]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(after.dropFirst().allSatisfy { String($0.recordedBy) == uid })
        #expect(FileManager.default.fileExists(atPath: backup))
    }

    /// SPEC §10's feeders, as tally-fetch.service runs: a user in no group of the database, whose process holds
    /// the feeders group only as a supplementary group (`SupplementaryGroups=`, seen through SO_PEERGROUPS).
    /// It may ask for due feeds and submit a fetch, and change nothing else.
    @Test func aFeederThroughItsProcessGroupsMayCallOnlyTheFeedMethods() throws {
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        let (connect, feeders) = ("tc\(suffix)", "tf\(suffix)")
        try Self.sh("groupadd \(connect) && groupadd \(feeders)")
        defer { _ = try? Self.sh("groupdel \(feeders); groupdel \(connect)") }
        let id = Scenario.uniqueID("feeder")
        let daemon = try DaemonHarness(
            agreements: ["a.toml": Scenario.quarterly(id) + """

                [[feed]]
                id = "tin"
                url = "https://baotinh.vn/rss/tin.rss"
                outlet = "Báo Tỉnh"
                """],
            mainExtra: "[access]\nwriters = []\nfeeders = [\"\(feeders)\"]\n", now: "2025-04-10T12:00:00+07:00")
        try daemon.start(launcher: ["/usr/bin/setpriv", "--regid=\(connect)", "--clear-groups"])
        defer { daemon.stop() }
        try Self.sh("chmod 0755 '\(daemon.directory.path)' '\(daemon.directory.path("run"))'")
        let calls: [(String, String)] = [
            ("io.tally.DueFeeds", "{}"),
            ("io.tally.SubmitFetch", #"{"agreement": "\#(id)", "feed": "tin", "url": "https://baotinh.vn/rss/tin.rss", "result": {"outcome": "NOT_MODIFIED", "status": 304}}"#),
            ("io.tally.Record", #"{"delivery": {"agreement": "\#(id)", "published": "2025-04-02", "kind": "article", "id": "r1"}}"#),
            ("io.tally.Reload", "{}"),
            ("io.tally.BeginImport", "{}"),
            ("io.tally.AcceptCandidates", #"{"all": true}"#),
        ]
        let feeder = try Self.callsAs("nobody", group: connect, groups: "\(connect),\(feeders)", socket: daemon.socketPath, calls: calls)
        #expect(feeder == ["ok", "ok"] + Array(repeating: "io.tally.PermissionDenied", count: 4), "\(feeder)")
        // Without the feeders group the same user may not fetch.
        let reader = try Self.callsAs("nobody", group: connect, groups: connect, socket: daemon.socketPath, calls: Array(calls.prefix(2)))
        #expect(reader == ["io.tally.PermissionDenied", "io.tally.PermissionDenied"], "\(reader)")
    }

    @Test func hostileClientsNeitherCrashNorDelayOthers() throws {
        let daemon = try DaemonHarness(agreements: ["a.toml": Scenario.quarterly("abuse")], now: "2025-04-10T12:00:00+07:00")
        try daemon.start()
        defer { daemon.stop() }
        // 200 idle connections stay open throughout.
        var idle: [VarlinkClient] = []
        for _ in 0..<200 { idle.append(try VarlinkClient(path: daemon.socketPath)) }
        let frames: [[UInt8]] = [
            Array("{not json".utf8) + [0],
            Array(repeating: UInt8(ascii: "a"), count: 2 << 20) + [0],
            (0..<4096).map { _ in UInt8.random(in: 1...255) } + [0],
            Array(#"{"method": "io.tally.Record", "parameters": {"delivery": "nope"}}"#.utf8) + [0],
            Array(#"{"method": "io.tally.Record", "parameters": {"delivery": {"agreement": "abuse", "published": "2025-04-01", "kind": "article", "count": 9223372036854775808}}}"#.utf8) + [0],
            Array(#"{"method": "io.tally.Record", "parameters": {"delivery": {"agreement": "abuse", "published": "2025-04-01", "kind": "article", "count": 10001, "id": "big"}}}"#.utf8) + [0],
            Array(#"{"method": "io.tally.GetStatus", "parameters": {"agreements": [1, 2]}}"#.utf8) + [0],
        ]
        for frame in frames {
            let hostile = try VarlinkClient(path: daemon.socketPath)
            try? hostile.sendRaw(frame)
            if let reply = try? hostile.receiveReply(timeout: .seconds(5)) {
                #expect(reply.error != nil, "a hostile frame got a non-error reply")
            }
            hostile.close()
            // A normal client is answered promptly after each.
            let started = Date()
            let status = try Scenario.client(daemon).call(IOTally.getStatus, GetStatusParameters())
            #expect(status.agreements.count == 1)
            #expect(Date().timeIntervalSince(started) < 2)
        }
        #expect(daemon.pid != nil)
        #expect(try Scenario.client(daemon).call(IOTally.listDeliveries, ListDeliveriesParameters()).deliveries.isEmpty)
        for client in idle { client.close() }
    }
}
