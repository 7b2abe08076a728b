import Logging
import Synchronization
import SystemdSupport
import Testing

@Suite struct StderrLogHandlerTests {
    @Test func lineFormat() {
        let line = StderrLogHandler.line(level: .warning, message: "Quota behind\nsee below", metadata: [
            "quota": "news",
            "agreement": "ben-tre-2024",
            "title": "Tin, bài \"đặc biệt\"",
            "window": .array(["2024", "Q2"]),
            "empty": "",
        ])
        #expect(line == #"warning Quota behind\nsee below agreement=ben-tre-2024 empty="" quota=news "#
            + #"title="Tin, bài \"đặc biệt\"" window="[2024, Q2]""#)
    }

    @Test func writesOneLinePerRecord() {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "test") { _ in
            StderrLogHandler(logLevel: .info) { line in lines.withLock { $0.append(line) } }
        }
        logger[metadataKey: "agreement"] = "ben-tre-2024"
        logger.debug("not written")
        logger.info("Started", metadata: ["MESSAGE_ID": "0123456789abcdef0123456789abcdef"])
        #expect(lines.withLock { $0 } == ["info Started MESSAGE_ID=0123456789abcdef0123456789abcdef agreement=ben-tre-2024\n"])
    }

    @Test func bootstrapFallsBackToStderrWithoutJournal() throws {
        let withoutJournal = JournalLogHandler.factory(journalSocketPath: "/nonexistent/tally/journal.socket")
        #expect(withoutJournal("tallyd", nil) is StderrLogHandler)

        let socket = try UnixSocket.listening()
        defer { socket.close() }
        let withJournal = JournalLogHandler.factory(identifier: "tallyd", journalSocketPath: socket.path)
        let handler = try #require(withJournal("tallyd", nil) as? JournalLogHandler)
        #expect(handler.identifier == "tallyd")
    }
}
