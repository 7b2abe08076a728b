#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `print(…, to: &standardError)` target: file descriptor 2, unbuffered.
public struct StandardError: TextOutputStream {
    public init() {}

    public mutating func write(_ string: String) {
        writeAll(string, to: 2)
    }
}

/// Bytes written to file descriptor 1 as they come, unbuffered; the first failure stops the writing and is kept.
public struct StandardOutput {
    /// Why a write failed (`strerror`), if one did.
    public private(set) var failure: String?

    public init() {}

    public mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        failure = writeAll(bytes, to: 1)
    }
}

private func writeAll(_ string: String, to descriptor: Int32) {
    var text = string
    text.withUTF8 { bytes in _ = writeAll(UnsafeRawBufferPointer(bytes), to: descriptor) }
}

/// Writes all of `bytes`, or returns why it could not.
private func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
    var rest = bytes
    while !rest.isEmpty {
        let written = write(descriptor, rest.baseAddress, rest.count)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return written < 0 ? String(cString: strerror(errno)) : "nothing was written" }
        rest = UnsafeRawBufferPointer(rebasing: rest[written...])
    }
    return nil
}
