import Foundation
import TallyTesting

/// What a run of a binary produced.
typealias Execution = Executables.Result

/// The built binaries.
enum BuiltProducts {
    static var tallyctl: String { Executables.path("tallyctl") }
    static var tallyd: String { Executables.path("tallyd") }
}

/// Runs `executable` with TZ fixed to the agreements' zone (tallyctl reads `today` in the local zone).
func execute(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws
    -> Execution
{
    var variables = ["TZ": "Asia/Ho_Chi_Minh"]
    variables.merge(environment) { _, new in new }
    return try Executables.run(executable, arguments, environment: variables, stdin: input)
}

/// A tallyd on a temporary configuration, database and socket, with a fixed clock, driven by
/// the built tallyctl.
final class TallyctlHarness {
    let daemon: DaemonHarness
    var directory: TemporaryDirectory { daemon.directory }
    var socket: String { daemon.socketPath }

    /// Starts tallyd with `agreements` (file name → TOML) at `now`.
    init(agreements: [String: String], now: String = "2024-05-15T09:00:00+07:00") throws {
        daemon = try DaemonHarness(agreements: agreements, daemonExtra: #"timezone = "Asia/Ho_Chi_Minh""#, now: now)
        try daemon.start()
    }

    deinit {
        daemon.stop()
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

    /// 30 articles a quarter and 10 photos a month in 2025; pl-01 (signed late) raises the articles to 45 from
    /// 16 May, removes the photos and adds an English line; pl-02 extends the agreement to the end of 2026.
    static let amended = """
        id    = "ben-tre-2025"
        title = "TTXVN – UBND tỉnh Bến Tre, 2025"
        start = 2025-01-01
        end   = 2025-12-31

        [[quota]]
        id     = "news"
        title  = "Tin, bài"
        target = 30
        per    = "quarter"
        kinds  = ["article"]

        [[quota]]
        id     = "monthly"
        title  = "Ảnh hằng tháng"
        target = 10
        per    = "month"
        kinds  = ["photo"]

        [[amendment]]
        id        = "pl-01"
        title     = "Phụ lục 01: tăng tin, bài từ 16/5"
        signed    = 2025-05-20
        effective = 2025-05-16

          [[amendment.quota]]
          id            = "news"
          target        = 45
          kinds         = ["article", "interview"]
          at_risk_below = 0.8

          [[amendment.quota]]
          id      = "monthly"
          removed = true

          [[amendment.quota]]
          id        = "en"
          title     = "Tin tiếng Anh"
          target    = 12
          per       = "quarter"
          languages = ["en"]

        [[amendment]]
        id        = "pl-02"
        title     = "Phụ lục 02: gia hạn đến hết 2026"
        signed    = 2025-09-01
        effective = 2025-10-01
        end       = 2026-12-31
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
