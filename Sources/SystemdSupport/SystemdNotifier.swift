import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Tells the service manager about the daemon's state through `sd_notify` (`Type=notify-reload`).
///
/// Every call is a no-op returning `false` when `NOTIFY_SOCKET` is not set, so the daemon can call
/// it unconditionally. The environment is read on every call and never unset.
public struct SystemdNotifier: Sendable {
    /// Creates a notifier; it holds no state.
    public init() {}

    /// Start-up is finished, or a reload is complete (`READY=1`).
    @discardableResult
    public func ready() -> Bool { send([("READY", "1")]) }

    /// A one-line human-readable status shown by `systemctl status` (`STATUS=…`).
    @discardableResult
    public func status(_ text: String) -> Bool { send([("STATUS", text)]) }

    /// Keeps the service watchdog from firing (`WATCHDOG=1`).
    @discardableResult
    public func watchdog() -> Bool { send([("WATCHDOG", "1")]) }

    /// A reload begins (`RELOADING=1` with the `MONOTONIC_USEC` that `Type=notify-reload` requires);
    /// call ``ready()`` when it is done.
    @discardableResult
    public func reloading() -> Bool {
        send([("RELOADING", "1"), ("MONOTONIC_USEC", String(Self.monotonicMicroseconds()))])
    }

    /// Shutdown begins (`STOPPING=1`).
    @discardableResult
    public func stopping() -> Bool { send([("STOPPING", "1")]) }

    /// Sends the assignments, sorted by key, in one datagram; returns whether it was delivered.
    @discardableResult
    public func send(_ assignments: [String: String]) -> Bool {
        send(assignments.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Sends `KEY=value` lines in the given order in one datagram; returns whether it was delivered.
    ///
    /// Newlines in a value would start a new assignment, so they are replaced by spaces.
    @discardableResult
    public func send(_ assignments: [(String, String)]) -> Bool {
        let state = assignments
            .map { key, value in "\(key)=\(value.replacingNewlines())" }
            .joined(separator: "\n")
        return sd_notify(0, state) > 0
    }

    /// The watchdog interval the service manager expects `WATCHDOG=1` within, or nil when it is off.
    ///
    /// Read from `WATCHDOG_USEC` (and `WATCHDOG_PID`, which must be this process); ping at half of it.
    public func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec))
    }

    /// `CLOCK_MONOTONIC` in microseconds, the clock `MONOTONIC_USEC` is measured with.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
