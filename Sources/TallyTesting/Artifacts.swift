import Foundation

/// Files a test made, kept for a person to look at when they ask for them with an environment variable.
public enum Artifacts {
    /// Copies `paths` into the directory named by the environment variable `variable`, when it is set.
    public static func keep(_ paths: [String], in variable: String) throws {
        guard let directory = ProcessInfo.processInfo.environment[variable] else { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for path in paths {
            let target = directory + "/" + (path as NSString).lastPathComponent
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: path, toPath: target)
        }
    }
}
