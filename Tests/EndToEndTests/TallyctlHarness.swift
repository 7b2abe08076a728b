import Foundation
import TallyTesting

#if canImport(Glibc)
import Glibc
#endif

/// The built binaries: next to the test bundle, in `.build/<triple>/debug`.
enum BuiltProducts {
    static var directory: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for candidate in [runner, runner.deletingLastPathComponent()] where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("tallyctl").path) {
            return candidate.path
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug").path
    }

    static var tallyctl: String { directory + "/tallyctl" }
    static var tallyd: String { directory + "/tallyd" }
}

/// What a run of a binary produced.
struct Execution {
    var stdout: String
    var stderr: String
    var status: Int32
}

/// Runs `executable` with `arguments` and `environment` (added to a minimal one), feeding `input`.
func execute(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Execution {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var base = ["PATH": "/usr/bin:/bin", "LANG": "C", "TZ": "Asia/Ho_Chi_Minh"]
    base.merge(environment) { _, new in new }
    process.environment = base
    let out = Pipe()
    // Standard error goes to a file, so that reading standard output alone cannot deadlock.
    let errorPath = NSTemporaryDirectory() + "/tallyctl-stderr-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errorPath) }
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    process.standardOutput = out
    process.standardError = err
    if let input {
        let pipe = Pipe()
        process.standardInput = pipe
        try process.run()
        pipe.fileHandleForWriting.write(Data(input.utf8))
        try pipe.fileHandleForWriting.close()
    } else {
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try err.close()
    let stderrData = FileManager.default.contents(atPath: errorPath) ?? Data()
    return Execution(
        stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self),
        status: process.terminationStatus)
}

/// A tallyd on a temporary configuration, database and socket, with a fixed clock, driven by
/// the built tallyctl.
final class TallyctlHarness {
    let directory: TemporaryDirectory
    let socket: String
    private let daemon: Process

    /// Starts tallyd with `agreements` (file name → TOML) at `now`.
    init(agreements: [String: String], now: String = "2024-05-15T09:00:00+07:00") throws {
        directory = try TemporaryDirectory(prefix: "tallyctl-e2e")
        socket = directory.path("io.tally")
        _ = try directory.makeDirectory("agreements.d")
        for (name, contents) in agreements { _ = try directory.write("agreements.d/\(name)", contents) }
        let config = try directory.write("tally.toml", """
            [daemon]
            socket = "\(socket)"
            database = "\(directory.path("tally.sqlite"))"
            agreements_dir = "agreements.d"
            timezone = "Asia/Ho_Chi_Minh"
            """)
        daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: BuiltProducts.tallyd)
        daemon.arguments = ["--config", config]
        daemon.environment = ["TALLY_TEST_NOW": now, "PATH": "/usr/bin:/bin", "TZ": "Asia/Ho_Chi_Minh"]
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.write("daemon.log", "")))
        try daemon.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: socket) || (try? tallyctl(["agreements"]).status) != 0 {
            guard daemon.isRunning, Date() < deadline else {
                throw HarnessError(description: "tallyd did not start: \((try? String(contentsOfFile: directory.path("daemon.log"), encoding: .utf8)) ?? "")")
            }
            usleep(50_000)
        }
    }

    deinit {
        if daemon.isRunning {
            daemon.terminate()
            daemon.waitUntilExit()
        }
    }

    /// Runs tallyctl against this daemon.
    func tallyctl(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Execution {
        var variables = ["TALLY_SOCKET": socket]
        variables.merge(environment) { _, new in new }
        return try execute(BuiltProducts.tallyctl, arguments, environment: variables, input: input)
    }

    /// Writes `contents` to a file in the harness's directory and returns its path.
    func file(_ name: String, _ contents: String) throws -> String {
        try directory.write(name, contents)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

/// Agreement files for the scenarios.
enum Agreements {
    /// A yearly quota of 120 articles, a monthly quota of 5 videos, a campaign with a counted and a manual milestone.
    static let benTre = """
        id        = "ben-tre-2024"
        title     = "TTXVN – UBND tỉnh Bến Tre, 2024–2025"
        reference = "15/HĐ-TTXVN"
        parties   = ["Thông tấn xã Việt Nam", "UBND tỉnh Bến Tre"]
        start     = 2024-01-01
        end       = 2025-12-31

        [[quota]]
        id     = "news"
        title  = "Tin, bài"
        target = 120
        per    = "year"
        kinds  = ["article"]

        [[campaign]]
        id    = "dai-hoi"
        title = "Tuyên truyền Đại hội"
        start = 2024-05-01
        end   = 2024-08-31
        tags  = ["dai-hoi"]

          [[campaign.milestone]]
          id     = "mo-dau"
          title  = "Loạt bài mở đầu"
          due    = 2024-07-01
          target = 5

          [[campaign.milestone]]
          id     = "phu-luc"
          title  = "Ký phụ lục hợp đồng"
          due    = 2024-06-15
          manual = true
        """

    /// A monthly quota of 5 videos.
    static let videos = """
        id    = "video-2024"
        title = "Video tiếng Việt – 中文 – 2024"
        start = 2024-01-01
        end   = 2024-12-31

        [[quota]]
        id     = "video"
        title  = "Video"
        target = 5
        per    = "month"
        kinds  = ["video"]
        """
}
