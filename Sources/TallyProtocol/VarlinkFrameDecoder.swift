import NIOCore

/// ``VarlinkFraming`` as a NIO decoder: the frames of a server's connection, each without its NUL.
///
/// Bytes left without a terminating NUL when the input ends are discarded.
public struct VarlinkFrameDecoder: NIOSingleStepByteToMessageDecoder {
    /// A frame without its terminating NUL.
    public typealias InboundOut = ByteBuffer

    private var framing: VarlinkFraming

    /// A decoder that accepts frames of at most `maximumFrameLength` bytes.
    public init(maximumFrameLength: Int = VarlinkFraming.defaultMaximumRequestLength) {
        framing = VarlinkFraming(maximumFrameLength: maximumFrameLength)
    }

    /// The largest frame accepted, in bytes, without its NUL.
    public var maximumFrameLength: Int { framing.maximumFrameLength }

    /// Returns the next non-empty frame, or nil when more bytes are needed.
    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let next = try framing.nextFrame(in: buffer.readableBytesView)
        let frame = next.frame.flatMap { buffer.getSlice(at: buffer.readerIndex + $0.lowerBound, length: $0.count) }
        buffer.moveReaderIndex(forwardBy: next.consumed)
        return frame
    }

    /// Returns what complete frames remain when the input has ended; a partial frame is dropped.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}

extension VarlinkFraming {
    /// `message` as one frame in a NIO buffer, written once: the message, then its NUL. A JSON message never
    /// holds a raw NUL (JSON escapes every control character), which the encoders the server uses guarantee.
    public static func frame(_ message: some Collection<UInt8>, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: message.count + 1)
        buffer.writeBytes(message)
        buffer.writeInteger(UInt8(0))
        return buffer
    }
}
