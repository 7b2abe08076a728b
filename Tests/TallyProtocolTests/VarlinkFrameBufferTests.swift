import NIOCore
import TallyTesting
import Testing

@testable import TallyProtocol

@Suite struct VarlinkFrameBufferTests {
    /// Three frames, empty frames around and between them, and a partial frame at the end.
    private let stream: [UInt8] = [0, 0] + Array(#"{"method":"a"}"#.utf8) + [0, 0]
        + Array(#"{"method":"b"}"#.utf8) + [0, 0, 0] + Array("{}".utf8) + [0] + Array("partial".utf8)
    private let streamFrames = [#"{"method":"a"}"#, #"{"method":"b"}"#, "{}"]

    /// Feeds `input` in the chunk sizes `sizes` yields and collects the frames as strings.
    private func frames(
        _ input: [UInt8], limit: Int = 1 << 20, sizes: () -> Int
    ) throws(VarlinkFrameTooLargeError) -> [String] {
        var buffer = VarlinkFrameBuffer(maximumFrameLength: limit)
        var out: [String] = []
        var offset = 0
        while offset < input.count {
            let end = min(offset + sizes(), input.count)
            buffer.append(contentsOf: input[offset..<end])
            offset = end
            while let frame = try buffer.nextFrame() {
                out.append(String(decoding: frame, as: UTF8.self))
            }
        }
        return out
    }

    @Test func splitsFedByteByByte() throws {
        #expect(try frames(stream) { 1 } == streamFrames)
    }

    @Test(arguments: [1, 2, 3, 42])
    func splitsFedInRandomChunks(seed: UInt64) throws {
        var random = SeededGenerator(state: seed)
        #expect(try frames(stream) { Int.random(in: 1...9, using: &random) } == streamFrames)
    }

    @Test func manyFramesInOneAppend() throws {
        let input: [UInt8] = (0..<1000).flatMap { (index: Int) -> [UInt8] in Array("\(index)".utf8) + [0] }
        #expect(try frames(input) { input.count } == (0..<1000).map { "\($0)" })
    }

    @Test func frameExactlyAtTheLimitPasses() throws {
        let input = [UInt8](repeating: 0x61, count: 10) + [0]
        #expect(try frames(input, limit: 10) { 1 } == [String(repeating: "a", count: 10)])
        #expect(try frames(input, limit: 10) { input.count } == [String(repeating: "a", count: 10)])
    }

    @Test(arguments: [1, 5, 100])
    func frameOverTheLimitIsAnError(chunk: Int) {
        let input = [UInt8](repeating: 0x61, count: 11) + [0]
        #expect(throws: VarlinkFrameTooLargeError(maximumFrameLength: 10)) { try frames(input, limit: 10) { chunk } }
    }

    @Test func noNulIsAnErrorOnceOverTheLimit() throws {
        var buffer = VarlinkFrameBuffer(maximumFrameLength: 10)
        buffer.append(contentsOf: [UInt8](repeating: 0x61, count: 10))
        #expect(try buffer.nextFrame() == nil)
        buffer.append(contentsOf: [0x61])
        #expect(throws: VarlinkFrameTooLargeError(maximumFrameLength: 10)) { try buffer.nextFrame() }
    }

    @Test func emptyFramesAreSkippedAndNotKept() throws {
        var buffer = VarlinkFrameBuffer(maximumFrameLength: 10)
        for _ in 0..<1000 {
            buffer.append(contentsOf: [0])
            #expect(try buffer.nextFrame() == nil)
        }
        #expect(buffer.count == 0)
        buffer.append(contentsOf: Array("{}".utf8) + [0, 0])
        #expect(try buffer.nextFrame() == Array("{}".utf8))
        #expect(try buffer.nextFrame() == nil)
        #expect(buffer.count == 0)
    }

    @Test func longFrameFedByteByByteStaysLinear() throws {
        // Rescanning on every byte would take some 10^10 steps here, and the test would not finish.
        let length = 200_000
        var buffer = VarlinkFrameBuffer(maximumFrameLength: length)
        for _ in 0..<length {
            buffer.append(contentsOf: [0x61])
            #expect(try buffer.nextFrame() == nil)
        }
        buffer.append(contentsOf: [0])
        #expect(try buffer.nextFrame()?.count == length)
    }

    @Test(arguments: 0..<20)
    func agreesWithTheNIODecoder(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        let input = (0..<2000).map { _ in Int.random(in: 0..<12, using: &random) == 0 ? UInt8(0) : UInt8(0x61) }
        let limit = Int.random(in: 1...40, using: &random)

        var buffer = VarlinkFrameBuffer(maximumFrameLength: limit)
        var decoder = VarlinkFrameDecoder(maximumFrameLength: limit)
        var bytes = ByteBuffer()
        var fromBuffer: [[UInt8]] = []
        var fromDecoder: [[UInt8]] = []
        var bufferFailed = false
        var decoderFailed = false
        var offset = 0
        while offset < input.count, !bufferFailed || !decoderFailed {
            let end = min(offset + Int.random(in: 1...64, using: &random), input.count)
            buffer.append(contentsOf: input[offset..<end])
            bytes.writeBytes(input[offset..<end])
            offset = end
            do {
                while !bufferFailed, let frame = try buffer.nextFrame() { fromBuffer.append(frame) }
            } catch {
                bufferFailed = true
            }
            do {
                while !decoderFailed, let frame = try decoder.decode(buffer: &bytes) {
                    fromDecoder.append(Array(frame.readableBytesView))
                }
            } catch {
                decoderFailed = true
            }
        }
        #expect(fromBuffer == fromDecoder)
        #expect(bufferFailed == decoderFailed)
    }

    @Test func aMessageIsFramedWithANul() throws {
        let message = Array(#"{"method":"a"}"#.utf8)
        let frame = try VarlinkFraming.frame(message)
        #expect(frame == message + [0])
        var buffer = VarlinkFrameBuffer(maximumFrameLength: 100)
        buffer.append(contentsOf: frame)
        #expect(try buffer.nextFrame() == message)
    }

    @Test func aMessageHoldingANulIsRefused() {
        let message = Array(#"{"a":""#.utf8) + [0] + Array(#""}"#.utf8)
        #expect(throws: VarlinkFrameContainsNulError()) { try VarlinkFraming.frame(message) }
    }
}

extension VarlinkFrameBufferTests {
    /// A frame that is all the buffer holds is handed over whole; the buffer then reads the next frames as before.
    @Test func handsOverAFrameThatIsAllItHolds() throws {
        var buffer = VarlinkFrameBuffer(maximumFrameLength: 1 << 20)
        let large = [UInt8](repeating: UInt8(ascii: "x"), count: 300_000)
        buffer.append(contentsOf: large + [0])
        #expect(try buffer.nextFrame() == large)
        #expect(buffer.count == 0)
        #expect(try buffer.nextFrame() == nil)
        buffer.append(contentsOf: Array("{}".utf8) + [0] + Array("[1]".utf8))
        #expect(try buffer.nextFrame() == Array("{}".utf8))
        #expect(try buffer.nextFrame() == nil)
        buffer.append(contentsOf: [0])
        #expect(try buffer.nextFrame() == Array("[1]".utf8))
    }
}
