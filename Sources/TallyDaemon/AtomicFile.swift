#if canImport(Glibc)
import Glibc
#endif

/// A file that readers only ever see whole: it is replaced by writing a temporary file beside it, flushing that to
/// disk and renaming it over the file, so that a crash at any moment leaves the previous complete file (or none)
/// under the name, never a part of the new one.
struct AtomicFile {
    /// Absolute.
    let path: String

    /// Hidden, beside the file (a rename does not cross file systems), and not ending in `.prom`: node_exporter
    /// reads only `*.prom`, so it never reads one being written. A crash leaves it behind; the next write replaces it.
    var temporaryPath: String {
        guard let slash = path.lastIndex(of: "/") else { return "." + path + ".tmp" }
        return String(path[...slash]) + "." + path[path.index(after: slash)...] + ".tmp"
    }

    /// Writes `chunks` in order to the temporary file, gives it `mode` (whatever the umask), flushes it to disk
    /// and renames it over the file. On a failure the temporary file is removed and the file left as it was.
    func replace(with chunks: some Sequence<[UInt8]>, mode: mode_t = 0o644) throws(FileWriteError) {
        let temporary = temporaryPath
        // Removed first and created exclusively, without following a symbolic link: a link or a hard link
        // someone left under the temporary name is never written through. Whatever keeps it from being removed
        // fails the creation, which says why.
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw FileWriteError(step: "creating", path: temporary) }
        var failure: FileWriteError?
        for chunk in chunks where failure == nil {
            failure = Self.write(chunk, to: descriptor, path: temporary)
        }
        if failure == nil, fchmod(descriptor, mode) != 0 { failure = FileWriteError(step: "setting the mode of", path: temporary) }
        if failure == nil, fsync(descriptor) != 0 { failure = FileWriteError(step: "flushing", path: temporary) }
        if close(descriptor) != 0, failure == nil { failure = FileWriteError(step: "closing", path: temporary) }
        if failure == nil, rename(temporary, path) != 0 { failure = FileWriteError(step: "renaming to \(path)", path: temporary) }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// Writes all of `bytes`, through short writes and interruptions; the error, if any.
    private static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) -> FileWriteError? {
        bytes.withUnsafeBytes { buffer -> FileWriteError? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return FileWriteError(step: "writing", path: path)
                }
                offset += written
            }
            return nil
        }
    }
}

/// A step of a file write that failed, with the system's reason (`errno`).
struct FileWriteError: Error, Equatable, CustomStringConvertible {
    /// What was being done, e.g. `creating`.
    var step: String
    var path: String
    var code: Int32

    init(step: String, path: String, code: Int32 = errno) {
        self.step = step
        self.path = path
        self.code = code
    }

    /// `creating /var/lib/prometheus/node-exporter/.tally.prom.tmp failed: No such file or directory (errno 2)`.
    var description: String {
        "\(step) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
