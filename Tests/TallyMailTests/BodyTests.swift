import Foundation
import Testing

@testable import TallyMail

@Suite struct BodyTests {
    @Test func treeIsMixedHoldingAlternativeThenAttachments() throws {
        let second = MailAttachment(fileName: "báo-cáo.csv", mediaType: "text/csv; charset=utf-8", content: Fixture.csv)
        var message = try Fixture.message()
        message.attachments.append(second)
        let root = MessageReader(message.rendered()).root
        #expect(root.mediaType == "multipart/mixed")
        #expect(root.parts.map(\.mediaType) == ["multipart/alternative", "text/csv", "text/csv"])
        #expect(root.parts[0].parts.map(\.mediaType) == ["text/plain", "text/html"])
        #expect(root.parts[0].parts.allSatisfy { $0.parameter("charset", of: "Content-Type") == "utf-8" })
        let outer = try #require(root.parameter("boundary", of: "Content-Type"))
        let inner = try #require(root.parts[0].parameter("boundary", of: "Content-Type"))
        #expect(outer != inner && !outer.hasPrefix(inner) && !inner.hasPrefix(outer))
        #expect(outer.contains("=_") && inner.contains("=_"))
        #expect(root.parts[1].decodedBody == Fixture.csv)
        #expect(root.parts[2].decodedBody == Fixture.csv)
    }

    /// The boundaries cannot occur in any body, whatever the text holds: even the boundary lines themselves.
    @Test func bodiesCannotHoldABoundary() throws {
        let hostile = "--=_tally.mixed\n--=_tally.alternative--\n=_\n"
        let message = try Fixture.message(text: hostile, html: hostile, attachments: [
            MailAttachment(fileName: "--=_tally.mixed", mediaType: "text/plain", content: Array(hostile.utf8)),
        ])
        let root = MessageReader(message.rendered()).root
        #expect(root.parts.count == 2)
        #expect(root.parts[0].parts.count == 2)
        #expect(root.parts[0].parts[0].decodedBody == Fixture.canonical(hostile))
        #expect(root.parts[1].decodedBody == Array(hostile.utf8))
    }

    @Test func textPartsAreQuotedPrintableThatDecodesToTheCanonicalText() throws {
        let root = MessageReader(try Fixture.message(html: Fixture.longHTML).rendered()).root
        let plain = root.parts[0].parts[0]
        #expect(plain.field("Content-Transfer-Encoding") == "quoted-printable")
        #expect(plain.decodedBody == Fixture.canonical(Fixture.text))
        #expect(root.parts[0].parts[1].field("Content-Transfer-Encoding") == "quoted-printable")
        #expect(root.parts[0].parts[1].body.allSatisfy { $0.count <= 76 })
        #expect(root.parts[0].parts[1].decodedBody == Fixture.canonical(Fixture.longHTML))
    }

    /// RFC 2045 §6.7, rule by rule, on the encoder itself.
    @Test func quotedPrintableFollowsTheRules() {
        func encode(_ text: String) -> String {
            String(decoding: TransferEncoding.quotedPrintable(TransferEncoding.canonicalText(text)), as: UTF8.self)
        }
        #expect(encode("a=b") == "a=3Db")
        #expect(encode("ệ") == "=E1=BB=87")
        #expect(encode("trailing \t\nspace ") == "trailing =09\r\nspace=20")
        #expect(encode("in between stays") == "in between stays")
        #expect(encode("one\rtwo\r\nthree\nfour") == "one\r\ntwo\r\nthree\r\nfour")
        #expect(encode("\u{0}\u{7F}") == "=00=7F")
        #expect(encode(".\nFrom here\nFrom") == "=2E\r\n=46rom here\r\nFrom")
        let long = encode(String(repeating: "ab=ệ ", count: 400))
        let lines = long.components(separatedBy: "\r\n")
        #expect(lines.count > 20)
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix("=") })
        // A soft break never cuts an =XX triplet.
        for line in lines.dropLast() {
            let body = line.dropLast()
            #expect(!(body.hasSuffix("=") || body.dropLast().hasSuffix("=")), "\(line)")
        }
    }

    @Test func quotedPrintableRoundTripsRandomText() {
        var generator = SeededGenerator(state: 2045)
        for _ in 0..<300 {
            let text = RandomText.string(maxPieces: 60, using: &generator)
            let encoded = TransferEncoding.quotedPrintable(TransferEncoding.canonicalText(text))
            let lines = encoded.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0.last == 0x0D ? $0.dropLast() : $0) }
            #expect(lines.allSatisfy { $0.count <= 76 })
            // Only printable ASCII, tab and the CR LF of line breaks (RFC 2045 §6.7 rules 2, 3).
            #expect(encoded.allSatisfy { $0 == 0x0D || $0 == 0x0A || $0 == 0x09 || (0x20...0x7E).contains($0) })
            #expect(MessageReader.decodeQuotedPrintable(lines) == Fixture.canonical(text), "\(text.debugDescription)")
        }
    }

    @Test func htmlGoesAsBase64OnlyWhenThatIsShorter() throws {
        let vietnamese = String(repeating: "<p>Báo cáo thực hiện hợp đồng, Bến Tre — tháng mười một</p>\n", count: 300)
        let root = MessageReader(try Fixture.message(html: vietnamese).rendered()).root
        let html = root.parts[0].parts[1]
        #expect(html.field("Content-Transfer-Encoding") == "base64")
        #expect(html.decodedBody == Fixture.canonical(vietnamese))
        let ascii = MessageReader(try Fixture.message().rendered()).root.parts[0].parts[1]
        #expect(ascii.field("Content-Transfer-Encoding") == "quoted-printable")
        // The plain text stays quoted-printable however Vietnamese it is.
        #expect(MessageReader(try Fixture.message(text: vietnamese).rendered()).root.parts[0].parts[0]
            .field("Content-Transfer-Encoding") == "quoted-printable")
    }

    @Test func attachmentsAreBase64In76CharacterLines() throws {
        var generator = SeededGenerator(state: 4648)
        let content = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let message = try Fixture.message(attachments: [MailAttachment(fileName: "data.bin", mediaType: "application/octet-stream", content: content)])
        let part = MessageReader(message.rendered()).root.parts[1]
        #expect(part.field("Content-Transfer-Encoding") == "base64")
        #expect(part.body.dropLast().allSatisfy { $0.count == 76 })
        #expect(part.body.last.map { $0.count <= 76 && !$0.isEmpty } == true)
        #expect(part.decodedBody == content)
        #expect(part.field("Content-Disposition") == "attachment; filename=\"data.bin\"")
    }

    @Test func emptyBodiesAndAttachmentsStillParse() throws {
        let message = try Fixture.message(text: "", html: "", attachments: [MailAttachment(fileName: "", mediaType: "text/csv", content: [])])
        let root = MessageReader(message.rendered()).root
        #expect(root.parts.count == 2)
        #expect(root.parts[0].parts.map(\.decodedBody) == [[], []])
        #expect(root.parts[1].decodedBody == [])
        #expect(root.parts[1].field("Content-Disposition") == "attachment; filename=\"attachment\"")
    }

    @Test func vietnameseFileNameGoesPerRFC2231WithAnASCIIFallback() throws {
        let message = try Fixture.message(attachments: [MailAttachment(fileName: "báo-cáo đợt 1.csv", mediaType: "text/csv; charset=utf-8", content: [])])
        let part = MessageReader(message.rendered()).root.parts[1]
        #expect(part.field("Content-Disposition") == "attachment; filename*=UTF-8''b%C3%A1o-c%C3%A1o%20%C4%91%E1%BB%A3t%201.csv")
        #expect(part.field("Content-Type") == "text/csv; charset=utf-8; name=\"bao-cao dot 1.csv\"")
    }

    @Test func longFileNamesGoInContinuationsCutBetweenCharacters() throws {
        let name = String(repeating: "Báo cáo thực hiện hợp đồng ", count: 12) + ".csv"
        let message = try Fixture.message(attachments: [MailAttachment(fileName: name, mediaType: "text/csv", content: [1])])
        let reader = MessageReader(message.rendered())
        let part = reader.root.parts[1]
        let disposition = try #require(part.field("Content-Disposition"))
        var segments: [String] = []
        for index in 0... {
            guard let segment = part.parameter("filename*\(index)*", of: "Content-Disposition") else { break }
            segments.append(segment)
        }
        #expect(segments.count > 5, "\(disposition)")
        #expect(segments[0].hasPrefix("UTF-8''"))
        for segment in segments {
            // Each segment decodes to whole UTF-8 on its own.
            let bytes = Self.percentDecoded(segment.hasPrefix("UTF-8''") ? String(segment.dropFirst(7)) : segment)
            #expect(String(validating: bytes, as: UTF8.self) != nil, "\(segment)")
        }
        let decoded = Self.percentDecoded(segments.joined().dropFirst(7).description)
        #expect(decoded == Array(name.utf8))
        #expect(reader.lines.allSatisfy { $0.count <= 78 })
        let fallback = try #require(part.parameter("name", of: "Content-Type"))
        #expect(fallback.count == 60 && fallback.hasSuffix(".csv"))
    }

    @Test func fileNamesAndMediaTypesCannotStartAHeader() throws {
        let message = try Fixture.message(attachments: [
            MailAttachment(fileName: "x.csv\r\nBcc: evil@example.com\"\\/", mediaType: "text/csv\r\nBcc: evil@example.com", content: [1, 2]),
        ])
        let rendered = message.rendered(lineEnding: .crlf)
        #expect(rendered.hasOnlyCRLF)
        let part = MessageReader(rendered, lineEnding: .crlf).root.parts[1]
        #expect(part.field("Bcc") == nil)
        #expect(part.mediaType == "application/octet-stream")
        #expect(part.parameter("filename*", of: "Content-Disposition") == "UTF-8''x.csv__Bcc%3A%20evil%40example.com%22%5C%2F")
        #expect(part.parameter("name", of: "Content-Type") == "x.csv__Bcc: evil@example.com___")
    }

    @Test func lfIsTheCRLFMessageWithLFLineEndsAndNoCRAnywhere() throws {
        let message = try Fixture.message(text: "a\rb\r\nc\nd\r", html: "x\r\r\ny")
        let lf = message.rendered(lineEnding: .lf)
        let crlf = message.rendered(lineEnding: .crlf)
        #expect(!lf.contains(0x0D))
        #expect(crlf.hasOnlyCRLF)
        #expect(lf == crlf.filter { $0 != 0x0D })
        #expect(message.rendered() == lf)
        let plain = MessageReader(crlf, lineEnding: .crlf).root.parts[0].parts[0]
        #expect(plain.decodedBody == Array("a\r\nb\r\nc\r\nd\r\n".utf8))
        let html = MessageReader(lf).root.parts[0].parts[1]
        #expect(html.decodedBody == Array("x\r\n\r\ny".utf8))
    }

    @Test func noLineIsOver998OctetsWhateverTheInput() throws {
        let message = try Fixture.message(
            subject: String(repeating: "ệ", count: 10_000),
            text: String(repeating: "ệ", count: 300_000),
            attachments: [MailAttachment(fileName: String(repeating: "đ", count: 2000), mediaType: String(repeating: "x", count: 5000), content: Array(repeating: 0, count: 5000))],
            headers: [("X-Long", String(repeating: "word ", count: 3000)), ("X-Longer", String(repeating: "w", count: 5000))])
        #expect(try Fixture.message(html: Fixture.longHTML).rendered().longestLine <= 78)
        #expect(message.rendered().longestLine <= 998)
        #expect(message.rendered(lineEnding: .crlf).longestLine <= 998)
        // Nothing here needs a long word, so every line keeps to 78.
        #expect(message.rendered().longestLine <= 78)
    }

    private static func percentDecoded(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let byte = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return bytes
    }
}
