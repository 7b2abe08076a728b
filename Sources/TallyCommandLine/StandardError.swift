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

private func writeAll(_ string: String, to descriptor: Int32) {
    var text = string
    text.withUTF8 { bytes in
        var rest = UnsafeRawBufferPointer(bytes)
        while !rest.isEmpty {
            let written = write(descriptor, rest.baseAddress, rest.count)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            rest = UnsafeRawBufferPointer(rebasing: rest[written...])
        }
    }
}
