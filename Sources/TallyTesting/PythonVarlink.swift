import Foundation

/// Runs Python with the PyPI `varlink` package, installing it with pip when it is missing.
public enum PythonVarlink {
    /// Whether `python3 -c 'import varlink'` works (after a `pip install varlink` if needed).
    public static let isAvailable: Bool = {
        if (try? run("import varlink").status) == 0 { return true }
        _ = try? execute(["python3", "-m", "pip", "install", "--quiet", "varlink"])
        return (try? run("import varlink").status) == 0
    }()

    /// Runs `script` with python3; returns its exit status and output.
    public static func run(_ script: String, arguments: [String] = []) throws -> (status: Int32, output: String) {
        try execute(["python3", "-c", script] + arguments)
    }

    private static func execute(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
