import Foundation
import Synchronization

/// A test server written in Python 3, run as a child process: it prints one line when it listens (its ports), and
/// exits when its standard input closes — with ``stop()``, or with the test process however that ends.
final class PythonServer: Sendable {
    /// The line the server printed once it listened.
    let firstLine: String

    private let process: Mutex<Process?>
    private let lifeline: Pipe

    /// Starts `python3 script arguments…` and waits for its first line; `what` names it in the error when it
    /// prints none. Its standard error goes to `errorPath` (not the test's own: `swift test` waits for every
    /// holder of that pipe to close it).
    init(script: String, arguments: [String], errorPath: String, what: String) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        child.arguments = ["python3", script] + arguments
        let output = Pipe()
        child.standardOutput = output
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        child.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        lifeline = Pipe()
        child.standardInput = lifeline
        try child.run()
        process = Mutex(child)
        guard let line = output.fileHandleForReading.readLine(), !line.isEmpty else {
            kill(child.processIdentifier, SIGKILL)
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw Executables.Failure(description: "\(what) did not start: it printed nothing; \(errors)")
        }
        firstLine = line
    }

    deinit { stop() }

    /// Stops the server (and every request it still holds).
    func stop() {
        process.withLock { child in
            guard let running = child else { return }
            if running.isRunning {
                kill(running.processIdentifier, SIGKILL)
                running.waitUntilExit()
            }
            child = nil
        }
    }
}

extension FileHandle {
    /// Reads up to the next newline (blocking); nil at end of file before any byte.
    func readLine() -> String? {
        var bytes: [UInt8] = []
        while true {
            let chunk = readData(ofLength: 1)
            guard let byte = chunk.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
