import Foundation
import Logging
@testable import TallyDaemon
import TallyStore
import TallyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The exposition format's escaping, the atomic replacement of the textfile, and how the writer reports failures.
@Suite struct MetricsTextfileTests {
    // MARK: The text

    @Test(arguments: [
        ("Tin, bài", "Tin, bài"),
        (#"say "xin chào""#, #"say \"xin chào\""#),
        (#"C:\tally\"#, #"C:\\tally\\"#),
        ("dòng 1\ndòng 2", #"dòng 1\ndòng 2"#),
        (#"\""#, #"\\\""#),
        (#"\n"#, #"\\n"#),
        ("Đắk Lắk – Tây Nguyên 🌾", "Đắk Lắk – Tây Nguyên 🌾"),
        ("tab\tand\rcarriage return", "tab\tand\rcarriage return"),
    ])
    func labelValuesEscapeBackslashQuoteAndLineFeedOnly(_ value: String, _ escaped: String) {
        #expect(PrometheusText.escapeLabelValue(value) == escaped)
    }

    @Test func helpEscapesBackslashAndLineFeed() {
        #expect(PrometheusText.escapeHelp("a \\ b\nc \"d\"") == #"a \\ b\nc "d""#)
    }

    @Test(arguments: [
        (120.0, "120"), (0, "0"), (44.59, "44.59"), (0.25, "0.25"), (-3, "-3"), (1_747_278_000.5, "1747278000.5"),
        (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (1e20, "1e+20"),
    ])
    func valuesAreWrittenAsGoReadsThem(_ value: Double, _ text: String) {
        #expect(PrometheusText.format(value) == text)
    }

    /// Quota, milestone and feed ids are slugs, but label values may be any text: quotes, backslashes, line feeds and
    /// Vietnamese all come back as they went in, and promtool reads the file.
    @Test(.requires(.promtool)) func hostileLabelValuesSurviveTheRoundTrip() throws {
        let values = [#"Bình Dương "mới""#, #"C:\Báo\"#, "Thủ Dầu Một\nDĩ An", #"\"\\n"#, "Ngày hội – Tết Ất Tỵ 🎉", ""]
        let family = MetricFamily("tally_test_labels", .gauge, help: "Labels \\ and\nlines.", labels: ["quota", "n"],
                                  samples: values.enumerated().map { MetricSample([$0.element, String($0.offset)], Double($0.offset)) })
        let text = PrometheusText.render([family])
        #expect(text.split(separator: "\n").count == 2 + values.count)
        let check = try Promtool.checkMetrics(text)
        #expect(check.status == 0 && check.stdout.isEmpty && check.stderr.isEmpty, "\(check)\n\(text)")
        let samples = try Promtool.samples(text)
        #expect(samples.map { $0.labels["quota"] ?? "?" } == values)
        #expect(samples.map(\.value) == values.indices.map(Double.init))
    }

    // MARK: The file

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func aReplacedFileIsWholeWithMode0644AndNoTemporaryFileIsLeft() throws {
        let directory = try TemporaryDirectory(prefix: "tally-metrics")
        let path = try directory.write("tally.prom", "old\n")
        chmod(path, 0o600)
        let file = AtomicFile(path: path)
        #expect(file.temporaryPath == directory.path(".tally.prom.tmp"))
        try file.replace(with: [Array("new\n".utf8), Array("lines\n".utf8)])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\nlines\n")
        #expect(try Self.mode(path) == 0o644)
        #expect(!FileManager.default.fileExists(atPath: file.temporaryPath))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["tally.prom"])
    }

    /// While the new text is being written, the file's name still holds the previous text, whole: a crash at that
    /// moment leaves it so. The temporary file that would be left behind is one node_exporter does not read.
    @Test func aCrashMidWriteLeavesThePreviousFileWhole() throws {
        let directory = try TemporaryDirectory(prefix: "tally-metrics")
        let previous = String(repeating: "tally_quota_target{agreement=\"a\"} 1\n", count: 1_000)
        let path = try directory.write("tally.prom", previous)
        let file = AtomicFile(path: path)
        let chunks = (0..<4).map { Array(String(repeating: "x", count: 10_000).utf8) + Array("\($0)\n".utf8) }
        var observed: [(final: String, temporary: Int)] = []
        try file.replace(with: chunks.indices.lazy.map { index in
            // Before chunk `index` is written: what a crash now would leave.
            observed.append((
                (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(missing)",
                ((try? FileManager.default.attributesOfItem(atPath: file.temporaryPath)[.size]) as? Int) ?? -1))
            return chunks[index]
        })
        #expect(observed.map(\.final).allSatisfy { $0 == previous })
        #expect(observed.map(\.temporary) == [0, 10_002, 20_004, 30_006])
        #expect(!file.temporaryPath.hasSuffix(".prom"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == chunks.map { String(decoding: $0, as: UTF8.self) }.joined())
    }

    @Test func aMissingOrFileParentFailsWithTheSystemsReasonAndChangesNothing() throws {
        let directory = try TemporaryDirectory(prefix: "tally-metrics")
        let missing = AtomicFile(path: directory.path("node-exporter/tally.prom"))
        #expect(throws: FileWriteError(step: "creating", path: directory.path("node-exporter/.tally.prom.tmp"), code: ENOENT)) {
            try missing.replace(with: [Array("x\n".utf8)])
        }
        let error = FileWriteError(step: "creating", path: "/x/.tally.prom.tmp", code: ENOENT)
        #expect(error.description == "creating /x/.tally.prom.tmp failed: No such file or directory (errno 2)")
        _ = try directory.write("node-exporter", "a file where a directory should be")
        #expect(throws: FileWriteError(step: "creating", path: directory.path("node-exporter/.tally.prom.tmp"), code: ENOTDIR)) {
            try missing.replace(with: [Array("x\n".utf8)])
        }
    }

    @Test func aLinkAtTheTemporaryNameIsReplacedNotWrittenThrough() throws {
        let directory = try TemporaryDirectory(prefix: "tally-metrics")
        let victim = try directory.write("victim", "untouched\n")
        let file = AtomicFile(path: directory.path("tally.prom"))
        try FileManager.default.createSymbolicLink(atPath: file.temporaryPath, withDestinationPath: victim)
        try file.replace(with: [Array("metrics\n".utf8)])
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "untouched\n")
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == "metrics\n")
    }

    // MARK: The writer

    @Test func aFailureIsLoggedOnceUntilItChangesOrTheFileIsWrittenAgain() throws {
        let directory = try TemporaryDirectory(prefix: "tally-metrics")
        let log = CapturedLog()
        let store = try TallyStore(path: directory.path("tally.sqlite"))
        let writer = MetricsWriter(store: store, logger: Logger(label: "tallyd-test") { _ in log })
        let path = directory.path("node-exporter/tally.prom")
        var file = MetricsWriter.FileState()
        for _ in 0..<3 { writer.write(MetricsWriter.Pass(textfile: path), &file) }
        #expect(log.lines == [
            "warning: cannot write the metrics textfile \(path): creating \(directory.path("node-exporter/.tally.prom.tmp")) failed: No such file or directory (errno 2); evaluation goes on, and every pass tries again",
        ])
        #expect(log.messageIDs == [OperationalMessage.metricsFailed.messageID])
        _ = try directory.write("node-exporter", "not a directory")
        writer.write(MetricsWriter.Pass(textfile: path), &file)
        #expect(log.lines.count == 2 && log.lines[1].contains("Not a directory (errno 20)"))
        try FileManager.default.removeItem(atPath: directory.path("node-exporter"))
        _ = try directory.makeDirectory("node-exporter")
        writer.write(MetricsWriter.Pass(textfile: path), &file)
        writer.write(MetricsWriter.Pass(textfile: path), &file)
        #expect(log.lines.count == 3 && log.lines[2] == "notice: the metrics textfile \(path) is written again")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("# TYPE tally_alerts_total counter\n"))
    }

    /// A file the writer wrote is removed when `[metrics]` moves it or is turned off: left, it would be exported,
    /// frozen, for as long as node_exporter runs.
    @Test func aTextfileNoLongerConfiguredIsRemoved() throws {
        let directory = try TemporaryDirectory(prefix: "tally-metrics")
        let log = CapturedLog()
        let writer = MetricsWriter(store: try TallyStore(path: directory.path("tally.sqlite")),
                                   logger: Logger(label: "tallyd-test") { _ in log })
        var file = MetricsWriter.FileState()
        writer.write(MetricsWriter.Pass(textfile: directory.path("a.prom")), &file)
        #expect(FileManager.default.fileExists(atPath: directory.path("a.prom")))
        writer.write(MetricsWriter.Pass(textfile: directory.path("b.prom")), &file)
        #expect(!FileManager.default.fileExists(atPath: directory.path("a.prom")))
        #expect(FileManager.default.fileExists(atPath: directory.path("b.prom")))
        writer.write(MetricsWriter.Pass(textfile: nil), &file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".prom") } == [])
        #expect(log.lines.filter { $0.hasPrefix("notice: removed the metrics textfile") }.count == 2)
    }
}

/// Log records as `level: message` lines, with their MESSAGE_IDs.
final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var records: [(line: String, messageID: String?)] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock {
            records.append(("\(event.level): \(event.message)", event.metadata?["MESSAGE_ID"].map { "\($0)" }))
        }
    }

    var lines: [String] { lock.withLock { records.map(\.line) } }
    var messageIDs: [String] { lock.withLock { records.compactMap(\.messageID) } }
}
