import Foundation
import TallyInterface
import TallyProtocol
import Testing

/// The dispatcher tallyd serves registers exactly what the io.tally description promises.
@Suite struct DispatchTableTests {
    /// The methods the description declares (`method Name(`), and whether the comment above each says it
    /// streams (`call with more`).
    static let declared: [String: Bool] = {
        var methods: [String: Bool] = [:]
        var comment: [String] = []
        for line in IOTally.description.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("#") {
                comment.append(text)
                continue
            }
            if text.hasPrefix("method "), let open = text.firstIndex(of: "(") {
                let name = text.dropFirst("method ".count)[..<open].trimmingCharacters(in: .whitespaces)
                methods[IOTally.name + "." + name] = comment.contains { $0.contains("call with more") }
            }
            comment = []
        }
        return methods
    }()

    @Test func registersExactlyTheDeclaredMethods() async throws {
        let dispatcher = try await ControlFixture().dispatcher
        let served = dispatcher.methods.filter { !$0.hasPrefix(VarlinkInterface.service.name + ".") }
        #expect(Self.declared.count >= 20, "the description parsed into \(Self.declared.count) methods")
        #expect(Set(served) == Set(Self.declared.keys))
    }

    @Test func streamsExactlyTheMethodsDocumentedAsStreaming() async throws {
        let dispatcher = try await ControlFixture().dispatcher
        let streaming = Set(dispatcher.methods.filter(dispatcher.isStreaming))
        #expect(streaming == Set(Self.declared.filter(\.value).keys))
        #expect(streaming == [IOTally.watchAlerts.name])
    }
}
