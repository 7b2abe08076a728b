#if canImport(Glibc)
import Glibc
#endif

/// A failure of a systemd or socket call, with the errno it reported.
public struct SystemdError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case journalSend
        case invalidFieldName(String)
        case listenFDs
    }

    private let code: Code

    /// The positive errno value (`EINVAL`, `ENOENT`, …), or 0 when the failure has none.
    public let errno: Int32

    private init(_ code: Code, errno: Int32) {
        self.code = code
        self.errno = errno
    }

    /// `sd_journal_sendv` failed; `result` is its negative return value.
    public static func journalSend(result: Int32) -> Self { Self(.journalSend, errno: -result) }

    /// A journal field name is not 1 to 64 characters `A-Z0-9_` starting with a letter.
    public static func invalidFieldName(_ name: String) -> Self { Self(.invalidFieldName(name), errno: EINVAL) }

    /// `sd_listen_fds` failed; `result` is its negative return value.
    public static func listenFDs(result: Int32) -> Self { Self(.listenFDs, errno: -result) }

    /// `getsockopt(SO_PEERCRED)` failed with `errno`.

    /// What failed and why, as a sentence.
    public var description: String {
        let reason = String(cString: strerror(errno))
        switch code {
        case .journalSend:
            return "Writing to the systemd journal failed: \(reason) (errno \(errno))."
        case .invalidFieldName(let name):
            return "\"\(name)\" is not a valid journal field name: use 1 to 64 characters A-Z, 0-9 and _, "
                + "starting with a letter (see JournalField.sanitize)."
        case .listenFDs:
            return "The socket-activation variables LISTEN_FDS/LISTEN_PID could not be used: \(reason) (errno \(errno))."
        }
    }
}
