import Foundation

/// A fresh directory under the system's temporary directory, removed when the value goes away.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates a new, empty, uniquely named directory.
    public init(prefix: String = "tally") throws {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        guard created != nil else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: base])
        }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The absolute path of `relativePath` inside the directory.
    public func path(_ relativePath: String) -> String {
        path + "/" + relativePath
    }

    /// Writes `contents` (UTF-8) to `relativePath`, creating intermediate directories; returns the
    /// absolute path.
    @discardableResult
    public func write(_ relativePath: String, _ contents: String) throws -> String {
        try write(relativePath, bytes: Array(contents.utf8))
    }

    /// Writes raw bytes to `relativePath`, creating intermediate directories; returns the absolute path.
    @discardableResult
    public func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
        let target = path(relativePath)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Creates the directory `relativePath` (and its parents); returns the absolute path.
    @discardableResult
    public func makeDirectory(_ relativePath: String) throws -> String {
        let target = path(relativePath)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        return target
    }

    /// Removes `relativePath` (a file or a directory tree).
    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(atPath: path(relativePath))
    }
}
