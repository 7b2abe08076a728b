import Foundation
import Logging
import SystemdSupport
import TallyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct JournalLogHandlerTests {
    @Test func recordBecomesStructuredEntry() async throws {
        try JournalHarness.ensureRunning()
        let testID = UUID().uuidString.lowercased()
        var logger = Logger(label: "test") { _ in JournalLogHandler(identifier: "tally-test") }
        logger[metadataKey: "agreement"] = "ben-tre-2024"

        let line = #line + 1
        logger.warning("ben-tre-2024/news: BEHIND in 2024-Q2 (41 of 120, expected 60.2)", metadata: [
            "TALLY_TEST_ID": "\(testID)",
            "MESSAGE_ID": "6f3c1a0e9b2d4c5e8f7a6b5c4d3e2f10",
            "TALLY_ALERT": "quota-behind",
            "quota": "news",
            "window-label": .array(["2024", "Q2"]),
            "counts": .dictionary(["target": "120", "delivered": "41"]),
            "3rd": "x",
        ])

        let entries = try await JournalHarness.entries(matching: ["TALLY_TEST_ID": testID])
        try #require(entries.count == 1)
        let entry = entries[0]
        #expect(entry["MESSAGE"] == "ben-tre-2024/news: BEHIND in 2024-Q2 (41 of 120, expected 60.2)")
        #expect(entry["PRIORITY"] == "4")
        #expect(entry["SYSLOG_IDENTIFIER"] == "tally-test")
        #expect(entry["CODE_FILE"] == #fileID)
        #expect(entry["CODE_LINE"] == "\(line)")
        #expect(entry["CODE_FUNC"] == #function)
        #expect(entry["MESSAGE_ID"] == "6f3c1a0e9b2d4c5e8f7a6b5c4d3e2f10")
        #expect(entry["TALLY_ALERT"] == "quota-behind")
        #expect(entry["TALLY_AGREEMENT"] == "ben-tre-2024")
        #expect(entry["TALLY_QUOTA"] == "news")
        #expect(entry["TALLY_WINDOW_LABEL"] == "[2024, Q2]")
        #expect(entry["TALLY_COUNTS"] == "{delivered: 41, target: 120}")
        #expect(entry["TALLY_3RD"] == "x")
        #expect(entry["TALLY_TALLY_TEST_ID"] == nil)
    }

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priority(level: Logger.Level, expected: Int) {
        #expect(JournalLogHandler.priority(of: level) == expected)
    }

    @Test(arguments: [
        ("MESSAGE_ID", "MESSAGE_ID"),
        ("TALLY_REPEAT", "TALLY_REPEAT"),
        ("message_id", "TALLY_MESSAGE_ID"),
        ("TALLY_bad-key", "TALLY_TALLY_BAD_KEY"),
        ("PRIORITY", "TALLY_PRIORITY"),
        ("previous status", "TALLY_PREVIOUS_STATUS"),
    ])
    func metadataKeyMapping(key: String, field: String) {
        #expect(JournalLogHandler.fieldName(forMetadataKey: key) == field)
    }

    @Test func fieldsMergeMetadataWithCallWinning() {
        var handler = JournalLogHandler(identifier: "tallyd")
        handler[metadataKey: "agreement"] = "old"
        handler[metadataKey: "kept"] = "yes"
        let event = LogEvent(
            level: .error, message: "m", metadata: ["agreement": "new"],
            source: "test", file: "F.swift", function: "f()", line: 7)
        let fields = handler.fields(for: event)
        #expect(fields.map(\.0) == [
            "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
            "TALLY_AGREEMENT", "TALLY_KEPT",
        ])
        #expect(fields.map(\.1) == ["m", "3", "tallyd", "F.swift", "7", "f()", "new", "yes"])
    }
}
