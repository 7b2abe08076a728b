import Foundation

/// A Chromium (or Chrome) run headless, as the acceptance record's `--format pdf` prints its HTML page (SPEC §12)
/// and as the tests render pages: the one place that knows its names and its flags.
public struct HeadlessChromium: Sendable {
    /// Why a run failed, as one sentence.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The program's names, as Debian (`chromium`), Ubuntu and Google install it, in the order they are looked for.
    public static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The executable.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The first of ``names`` that is an executable in a directory of `searchPath` (PATH's form); nil when none is.
    public static func find(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> HeadlessChromium? {
        let directories = (searchPath ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return HeadlessChromium(path: "\(directory)/\(name)")
            }
        }
        return nil
    }

    /// `html`, one self-contained page, printed to PDF: A4 as its `@page` rule says, without the browser's own
    /// header and footer. Works in a private temporary directory removed afterwards.
    public func pdf(html: String, timeout: Duration = .seconds(120)) throws(Failure) -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tally-print-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Failure(description: "cannot make a temporary directory for Chromium: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("record.html")
        let pdf = directory.appendingPathComponent("record.pdf")
        do {
            try Data(html.utf8).write(to: page)
        } catch {
            throw Failure(description: "cannot write the page for Chromium in \(directory.path): \(error.localizedDescription)")
        }
        try run(page, ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)"], profile: directory.appendingPathComponent("profile").path,
                timeout: timeout)
        guard let bytes = try? Data(contentsOf: pdf), bytes.starts(with: Array("%PDF".utf8)) else {
            throw Failure(description: "\(path) exited without writing the PDF")
        }
        return bytes
    }

    /// Opens the page at `url` headless with `arguments` added (`--print-to-pdf=…`, `--screenshot=…`), a fresh profile
    /// in `profile`, and waits at most `timeout`.
    ///
    /// `--no-sandbox`: the pages are tally's own, script-free and self-contained, and Chromium's sandbox needs user
    /// namespaces or root-less running that containers and root shells do not give.
    public func run(_ url: URL, _ arguments: [String], profile: String, timeout: Duration = .seconds(120)) throws(Failure) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=\(profile)",
        ] + arguments + [url.absoluteString]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        // Chromium is talkative on stderr (D-Bus, GPU): what it said is kept in a file only for a failure's sentence.
        let log = URL(fileURLWithPath: profile + ".log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try? FileHandle(forWritingTo: log)
        process.standardError = logHandle ?? FileHandle.nullDevice
        defer { try? logHandle?.close() }
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw Failure(description: "\(path) could not be started: \(error.localizedDescription)")
        }
        let seconds = Double(timeout.components.seconds)
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            _ = finished.wait(timeout: .now() + 10)
            throw Failure(description: "\(path) did not finish within \(Int(seconds)) s and was stopped")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let said = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(600)) } ?? ""
            let status = process.terminationReason == .exit ? "exited with status \(process.terminationStatus)"
                : "was killed by signal \(process.terminationStatus)"
            throw Failure(description: "\(path) \(status)" + (said.isEmpty ? "" : ": " + said.split(whereSeparator: \.isNewline).joined(separator: " / ")))
        }
    }
}
