import Foundation
import Testing

@testable import TallyCore

/// The NFC fast path skips Foundation only for scalars NFC provably leaves alone.
@Suite struct NFCTests {
    private static let stable: [Unicode.Scalar] = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter(\.isStableInNFC)

    @Test func everyStableScalarIsItsOwnNFCAndNoCombiningMark() {
        #expect(Self.stable.count > 1000)
        for scalar in Self.stable {
            let text = String(Character(scalar))
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual([scalar]), "U+\(String(scalar.value, radix: 16))")
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func pairsOfStableScalarsDoNotCompose() {
        // Composition needs a combining second scalar; check a spread of pairs anyway.
        let sample = stride(from: 0, to: Self.stable.count, by: 7).map { Self.stable[$0] }
        for (first, second) in zip(sample, sample.reversed()) {
            var text = String.UnicodeScalarView()
            text.append(first)
            text.append(second)
            let string = String(text)
            #expect(string.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(string.unicodeScalars))
        }
    }

    @Test func decomposedAndSingletonTextIsStillNormalised() {
        #expect("Vie\u{0323}\u{0302}t Nam".nfc == "Việt Nam")
        #expect("\u{212B}".nfc == "\u{00C5}")  // ANGSTROM SIGN is a singleton
        #expect("Báo Ảnh Việt Nam – số 1".nfc == "Báo Ảnh Việt Nam – số 1")
        #expect("Báo Ảnh Việt Nam – số 1".unicodeScalars.allSatisfy { $0.isStableInNFC })
    }
}
