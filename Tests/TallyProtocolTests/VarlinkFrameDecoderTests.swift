import NIOCore
import Testing

@testable import TallyProtocol

@Suite struct VarlinkFrameDecoderTests {
    /// Feeds `input` in chunks of `size` bytes and collects the frames as strings.
    private func frames(_ input: [UInt8], chunk size: Int, limit: Int = 1 << 20) throws -> [String] {
        var decoder = VarlinkFrameDecoder(maximumFrameLength: limit)
        var buffer = ByteBuffer()
        var out: [String] = []
        var offset = 0
        while offset < input.count {
            buffer.writeBytes(input[offset..<min(offset + size, input.count)])
            offset += size
            while let frame = try decoder.decode(buffer: &buffer) {
                out.append(String(buffer: frame))
            }
        }
        return out
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func splitsOnNulInAnyChunking(chunk: Int) throws {
        let input = Array(#"{"method":"a"}"#.utf8) + [0] + [0] + Array(#"{"method":"b"}"#.utf8) + [0, 0, 0]
            + Array("{}".utf8) + [0] + Array("partial".utf8)
        #expect(try frames(input, chunk: chunk) == [#"{"method":"a"}"#, #"{"method":"b"}"#, "{}"])
    }

    @Test func multipleFramesInOneRead() throws {
        let input: [UInt8] = (0..<100).flatMap { (index: Int) -> [UInt8] in Array("\(index)".utf8) + [0] }
        #expect(try frames(input, chunk: input.count) == (0..<100).map { "\($0)" })
    }

    @Test func frameAtTheLimitPasses() throws {
        let input = [UInt8](repeating: 0x61, count: 10) + [0]
        #expect(try frames(input, chunk: 1, limit: 10) == [String(repeating: "a", count: 10)])
    }

    @Test(arguments: [1, 5, 100])
    func oversizeFrameIsAnError(chunk: Int) throws {
        let input = [UInt8](repeating: 0x61, count: 11) + [0]
        #expect(throws: VarlinkFrameTooLargeError.self) { try frames(input, chunk: chunk, limit: 10) }
    }

    @Test func oversizeWithoutNulIsAnErrorBeforeItEnds() throws {
        // 2 MiB of junk with no NUL: refused once past the limit, not buffered to the end.
        var decoder = VarlinkFrameDecoder(maximumFrameLength: 1 << 20)
        var buffer = ByteBuffer(repeating: 0xFF, count: (1 << 20) + 1)
        #expect(throws: VarlinkFrameTooLargeError.self) { try decoder.decode(buffer: &buffer) }
    }
}
