import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Structured entries written to the systemd journal with `sd_journal_sendv`.
public enum Journal {
    /// The socket journald listens on; `sd_journal_sendv` always writes here.
    public static let defaultSocketPath = "/run/systemd/journal/socket"

    /// Whether a journal socket exists at `socketPath` (journald is not asked whether it answers).
    public static func isAvailable(socketPath: String = defaultSocketPath) -> Bool {
        var info = stat()
        return stat(socketPath, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
    }

    /// Whether the journal socket exists at its standard path.
    public static var isAvailable: Bool { isAvailable() }

    /// Writes one entry with the fields in order; values may hold newlines and any UTF-8.
    ///
    /// Names must be valid (``JournalField/isValid(_:)``); a `MESSAGE` field is what journalctl
    /// shows. Throws ``SystemdError/invalidFieldName(_:)`` for a bad name, and
    /// ``SystemdError/journalSend(result:)`` with the errno when journald cannot be written to.
    public static func send(_ fields: [(String, String)]) throws {
        if let bad = fields.first(where: { !JournalField.isValid($0.0) }) {
            throw SystemdError.invalidFieldName(bad.0)
        }
        // One contiguous buffer of "NAME=value" items; each iovec points into it.
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for (name, value) in fields {
            let start = buffer.count
            buffer.append(contentsOf: name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: value.utf8)
            ranges.append(start..<buffer.count)
        }
        let result = buffer.withUnsafeMutableBytes { bytes -> Int32 in
            let vectors = ranges.map { range in
                iovec(iov_base: bytes.baseAddress.map { $0 + range.lowerBound }, iov_len: range.count)
            }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
        if result < 0 { throw SystemdError.journalSend(result: result) }
    }
}
