import Foundation
import SystemdSupport
import TallyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Entries written through the real journald and read back with journalctl.
@Suite struct JournalTests {
    @Test func roundTripKeepsEveryField() async throws {
        try JournalHarness.ensureRunning()
        let testID = UUID().uuidString.lowercased()
        let long = String(repeating: "Bản tin dài. ", count: 5_000)
        let fields: [(String, String)] = [
            ("MESSAGE", "tally journal round-trip"),
            ("TALLY_TEST_ID", testID),
            ("TALLY_MULTILINE", "first line\nsecond line\n\tindented third"),
            ("TALLY_VIETNAMESE", "Thông tấn xã Việt Nam – UBND tỉnh Bến Tre, Tết Ất Tỵ 2025"),
            ("TALLY_EQUALS", "a=b=c"),
            ("TALLY_EMPTY", ""),
            // A control character makes journalctl render the value as an array of byte values.
            ("TALLY_CONTROL", "bell\u{7} and escape\u{1B}[0m"),
            ("TALLY_LONG", long),
        ]
        try Journal.send(fields)

        let entries = try await JournalHarness.entries(matching: ["TALLY_TEST_ID": testID])
        try #require(entries.count == 1)
        let entry = entries[0]
        for (name, value) in fields {
            #expect(entry[name] == value, "field \(name)")
        }
        #expect(entry["_PID"] == "\(getpid())")
        #expect(entry["_TRANSPORT"] == "journal")
    }

    @Test func invalidNameIsRefusedBeforeSending() {
        #expect(throws: SystemdError.invalidFieldName("tally_lower")) {
            try Journal.send([("MESSAGE", "x"), ("tally_lower", "y")])
        }
        #expect(throws: SystemdError.invalidFieldName("_PID")) {
            try Journal.send([("_PID", "1")])
        }
    }

    @Test func sdErrorIsThrown() {
        // sd_journal_sendv refuses an entry without fields with -EINVAL.
        #expect(throws: SystemdError.journalSend(result: -EINVAL)) { try Journal.send([]) }
        #expect(SystemdError.journalSend(result: -EINVAL).errno == EINVAL)
    }

    @Test func availabilityFollowsTheSocketFile() throws {
        #expect(!Journal.isAvailable(socketPath: "/nonexistent/tally/journal.socket"))
        #expect(!Journal.isAvailable(socketPath: "/etc/hostname"))
        let socket = try UnixSocket.listening()
        defer { socket.close() }
        #expect(Journal.isAvailable(socketPath: socket.path))
    }
}
