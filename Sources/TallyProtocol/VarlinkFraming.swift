/// Varlink's framing, for client and server alike: each message is JSON terminated by a NUL byte.
///
/// A frame longer than ``maximumFrameLength`` bytes (not counting its NUL) is an error:
/// ``nextFrame(in:)`` throws ``VarlinkFrameTooLargeError`` as soon as more than that many bytes are
/// buffered without a NUL, so a peer can never make the reader buffer more than the limit. Empty frames
/// (two NULs in a row) are skipped. Bytes already scanned are not scanned again, so a stream fed one
/// byte at a time costs linear time. It holds no bytes: ``VarlinkFrameBuffer`` keeps them in an array,
/// ``VarlinkFrameDecoder`` in NIO's buffer.
public struct VarlinkFraming: Sendable {
    /// The default limit for requests (SPEC §5): 1 MiB.
    public static let defaultMaximumRequestLength = 1 << 20
    /// The limit a client applies to replies (SPEC §5): 64 MiB.
    public static let defaultMaximumReplyLength = 64 << 20

    /// The largest frame accepted, in bytes, without its NUL; a change applies from the next call.
    public var maximumFrameLength: Int
    // Bytes at the front of the buffered bytes already known not to hold a NUL.
    private var scanned = 0

    /// Framing that accepts frames of at most `maximumFrameLength` bytes.
    public init(maximumFrameLength: Int) {
        precondition(maximumFrameLength > 0, "maximumFrameLength must be positive")
        self.maximumFrameLength = maximumFrameLength
    }

    /// The next non-empty frame in `buffered` (the bytes received and not yet consumed) as offsets from
    /// its start, nil when more bytes are needed; the caller drops the first `consumed` bytes either way.
    ///
    /// Between calls, `buffered` may only lose those `consumed` bytes at its front and grow at its end.
    public mutating func nextFrame<Bytes: RandomAccessCollection<UInt8>>(
        in buffered: Bytes
    ) throws(VarlinkFrameTooLargeError) -> (frame: Range<Int>?, consumed: Int) {
        var frameStart = 0
        while true {
            let from = buffered.index(buffered.startIndex, offsetBy: frameStart + scanned)
            guard let nul = buffered[from...].firstIndex(of: 0) else {
                scanned = buffered.count - frameStart
                if scanned > maximumFrameLength {
                    throw VarlinkFrameTooLargeError(maximumFrameLength: maximumFrameLength)
                }
                return (nil, frameStart)
            }
            let frameEnd = buffered.distance(from: buffered.startIndex, to: nul)
            scanned = 0
            if frameEnd - frameStart > maximumFrameLength {
                throw VarlinkFrameTooLargeError(maximumFrameLength: maximumFrameLength)
            }
            if frameEnd > frameStart {
                return (frameStart..<frameEnd, frameEnd + 1)
            }
            frameStart = frameEnd + 1
        }
    }

    /// `message` as it goes on the wire: followed by a NUL, refused when it holds one itself.
    public static func frame(_ message: [UInt8]) throws(VarlinkFrameContainsNulError) -> [UInt8] {
        guard !message.contains(0) else { throw VarlinkFrameContainsNulError() }
        return message + [0]
    }
}

/// A peer sent more than ``VarlinkFraming/maximumFrameLength`` bytes without a NUL.
public struct VarlinkFrameTooLargeError: Error, Hashable, CustomStringConvertible {
    /// The limit that was exceeded, in bytes.
    public var maximumFrameLength: Int

    /// A sentence naming the limit.
    public var description: String {
        "A Varlink message is longer than the limit of \(maximumFrameLength) bytes."
    }
}

/// A message to send holds a NUL byte, which would end its frame early.
public struct VarlinkFrameContainsNulError: Error, Hashable, CustomStringConvertible {
    /// A sentence saying what is wrong and what would be right.
    public var description: String {
        "A Varlink message holds a NUL byte, which would end its frame early; JSON writes it as \\u0000."
    }
}
