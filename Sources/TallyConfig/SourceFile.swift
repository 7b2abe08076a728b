import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A configuration file's text, read defensively: size-limited, regular files only, valid UTF-8.
struct SourceFile {
    /// Files larger than this are refused without being parsed.
    static let maximumSize = 1 << 20

    /// The path shown to the user.
    let displayPath: String
    /// The absolute path that was read.
    let path: String
    /// The text, without a byte-order mark.
    let text: String

    /// Why a file could not be read, as a sentence.
    struct ReadError: Error {
        var line: Int?
        var message: String
    }

    /// Reads `path`, or explains why it cannot be used.
    static func load(path: String, displayPath: String) -> Result<SourceFile, ReadError> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "does not exist" : "cannot be examined (\(systemError(errno)))"
            return .failure(ReadError(message: "the file \(reason)"))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(ReadError(message: "this is a directory, not a file"))
        default: return .failure(ReadError(message: "this is not a regular file (a device, socket or pipe); configuration files are plain TOML files"))
        }
        guard Int(info.st_size) <= maximumSize else {
            return .failure(ReadError(message: "the file is \(info.st_size) bytes; configuration files are limited to 1 MiB (\(maximumSize) bytes), so it was not parsed"))
        }
        let bytes: [UInt8]
        switch readBytes(path: path) {
        case .success(let read): bytes = read
        case .failure(let error): return .failure(error)
        }
        return decode(bytes).map { SourceFile(displayPath: displayPath, path: path, text: $0) }
    }

    /// UTF-8 text without NUL bytes, the BOM dropped.
    static func decode(_ bytes: [UInt8]) -> Result<String, ReadError> {
        // The common case in one validating pass; the scalar loop below only runs to find the line of a problem.
        if !bytes.contains(0), var text = String(validating: bytes, as: UTF8.self) {
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            return .success(text)
        }
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\0" {
                    return .failure(ReadError(line: line, message: "the file contains a NUL byte: this looks like a binary file, not TOML text"))
                }
                if scalar == "\n" { line += 1 }
                scalars.append(scalar)
            case .emptyInput:
                break decoding
            case .error:
                return .failure(ReadError(line: line, message: "the file is not valid UTF-8 text; save it as UTF-8"))
            }
        }
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        return .success(String(scalars))
    }

    private static func readBytes(path: String) -> Result<[UInt8], ReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(ReadError(message: "the file cannot be read (\(systemError(errno)))"))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(message: "the file cannot be read (\(systemError(errno)))"))
            }
            if count == 0 { return .success(bytes) }
            bytes += buffer[0..<count]
            // The file may have grown since stat().
            if bytes.count > maximumSize {
                return .failure(ReadError(message: "the file is larger than 1 MiB (\(maximumSize) bytes), the limit for configuration files, so it was not parsed"))
            }
        }
    }
}

/// `strerror` as a Swift string, lowercased the way it reads inside a sentence.
func systemError(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}

/// File-system questions the loader asks.
enum FileSystem {
    enum Kind { case missing, directory, other }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .other
    }

    /// The names in a directory, or the reason they cannot be listed.
    static func names(in directory: String) -> Result<[String], SourceFile.ReadError> {
        guard let handle = opendir(directory) else {
            return .failure(SourceFile.ReadError(message: "cannot be listed (\(systemError(errno)))"))
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }

    /// The current directory, for resolving a relative main file.
    static func currentDirectory() -> String {
        FileManager.default.currentDirectoryPath
    }
}

/// Path arithmetic on strings: no symlink resolution, so what the user wrote is what they see.
enum FilePath {
    /// `path` if absolute, else `path` under `directory`; `.` and `..` folded away.
    static func resolve(_ path: String, against directory: String) -> String {
        normalize(path.hasPrefix("/") ? path : directory + "/" + path)
    }

    /// `a/./b/../c` → `a/c`; keeps a leading `/` and leading `..` of relative paths.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() }
                else if !path.hasPrefix("/") { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if path.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// The directory part of `path` (`.` for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }

    /// `directory/name`, without a leading `./`.
    static func join(_ directory: String, _ name: String) -> String {
        if name.hasPrefix("/") { return normalize(name) }
        return directory == "." ? normalize(name) : normalize(directory + "/" + name)
    }
}
