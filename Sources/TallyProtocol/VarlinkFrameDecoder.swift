import NIOCore

/// Splits a Varlink byte stream into messages: each message is JSON terminated by a NUL byte.
///
/// A frame longer than `maximumFrameLength` bytes (not counting its NUL) is an error: the decoder
/// throws ``VarlinkFrameTooLargeError`` as soon as that many bytes are buffered without a NUL, so a
/// client can never make the server buffer more than the limit. Empty frames (two NULs in a row)
/// are skipped. Bytes left without a terminating NUL when the input ends are discarded.
public struct VarlinkFrameDecoder: NIOSingleStepByteToMessageDecoder {
    /// A frame without its terminating NUL.
    public typealias InboundOut = ByteBuffer

    /// The default limit for requests (SPEC §5): 1 MiB.
    public static let defaultMaximumRequestLength = 1 << 20
    /// The limit a client applies to replies (SPEC §5): 64 MiB.
    public static let defaultMaximumReplyLength = 64 << 20

    /// The largest frame accepted, in bytes, without its NUL.
    public let maximumFrameLength: Int
    // Bytes after the reader index already known not to hold a NUL: feeding byte by byte stays linear.
    private var scanned = 0

    /// A decoder that accepts frames of at most `maximumFrameLength` bytes.
    public init(maximumFrameLength: Int = VarlinkFrameDecoder.defaultMaximumRequestLength) {
        precondition(maximumFrameLength > 0, "maximumFrameLength must be positive")
        self.maximumFrameLength = maximumFrameLength
    }

    /// Returns the next non-empty frame, or nil when more bytes are needed.
    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        while true {
            let view = buffer.readableBytesView
            guard let nul = view[(view.startIndex + scanned)...].firstIndex(of: 0) else {
                scanned = view.count
                if scanned > maximumFrameLength {
                    throw VarlinkFrameTooLargeError(maximumFrameLength: maximumFrameLength)
                }
                return nil
            }
            let length = nul - view.startIndex
            scanned = 0
            if length > maximumFrameLength {
                throw VarlinkFrameTooLargeError(maximumFrameLength: maximumFrameLength)
            }
            let frame = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            if length > 0 {
                return frame
            }
        }
    }

    /// Returns what complete frames remain when the input has ended; a partial frame is dropped.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}

/// A peer sent more than ``VarlinkFrameDecoder/maximumFrameLength`` bytes without a NUL.
public struct VarlinkFrameTooLargeError: Error, Hashable, CustomStringConvertible {
    /// The limit that was exceeded, in bytes.
    public var maximumFrameLength: Int

    /// A sentence naming the limit.
    public var description: String {
        "A Varlink message is longer than the limit of \(maximumFrameLength) bytes."
    }
}
