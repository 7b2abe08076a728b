/// Bytes received from a Varlink peer, taken out one frame at a time by ``VarlinkFraming``'s rules.
public struct VarlinkFrameBuffer: Sendable {
    private var framing: VarlinkFraming
    private var bytes: [UInt8] = []
    // Bytes before this index are taken; they are dropped on a later append.
    private var start = 0

    /// A buffer that accepts frames of at most `maximumFrameLength` bytes.
    public init(maximumFrameLength: Int) {
        framing = VarlinkFraming(maximumFrameLength: maximumFrameLength)
    }

    /// The largest frame accepted, in bytes, without its NUL; a change applies from the next frame taken.
    public var maximumFrameLength: Int {
        get { framing.maximumFrameLength }
        set { framing.maximumFrameLength = newValue }
    }

    /// How many bytes are buffered and not yet taken.
    public var count: Int { bytes.count - start }

    /// Adds bytes received from the peer.
    public mutating func append(contentsOf received: some Sequence<UInt8>) {
        // Compacting only once the taken bytes are at least half the array moves each byte at most once
        // on average, so many small frames in one read stay linear.
        if start > 0, start >= bytes.count - start {
            bytes.removeSubrange(..<start)
            start = 0
        }
        bytes.append(contentsOf: received)
    }

    /// Takes the next non-empty frame, without its NUL; nil when more bytes are needed.
    public mutating func nextFrame() throws(VarlinkFrameTooLargeError) -> [UInt8]? {
        let next = try framing.nextFrame(in: bytes[start...])
        if start == 0, let frame = next.frame, frame.lowerBound == 0, next.consumed == bytes.count {
            // The frame is all that is buffered (a large reply): handed over, not copied.
            var taken: [UInt8] = []
            swap(&taken, &bytes)
            taken.removeSubrange(frame.upperBound...)
            return taken
        }
        let frame = next.frame.map { Array(bytes[(start + $0.lowerBound)..<(start + $0.upperBound)]) }
        start += next.consumed
        return frame
    }
}
