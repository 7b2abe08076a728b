import Foundation
import Testing

import TallyMail

/// Rendered messages read back by Python's `email` package, which shares nothing with the renderer.
@Suite struct PythonEmailTests {
    private static let endings: [MailMessage.LineEnding] = [.lf, .crlf]

    /// What a text body decodes to: its line breaks canonical (CR LF) inside base64, and in quoted-printable the
    /// message's own line ends, which Python keeps as it finds them.
    private static func expectedBody(_ text: String, encoding: String?, ending: MailMessage.LineEnding) -> [UInt8] {
        let canonical = Fixture.canonical(text)
        return encoding == "base64" || ending == .crlf ? canonical : canonical.filter { $0 != 0x0D }
    }

    @Test func pythonReadsTheReportMailHeaderByHeader() throws {
        let fileName = "báo-cáo ben-tre-2024.vi.csv"
        let message = try Fixture.message(html: Fixture.longHTML, attachments: [MailAttachment(fileName: fileName, mediaType: "text/csv; charset=utf-8", content: Fixture.csv)])
        let renderings = Self.endings.map { message.rendered(lineEnding: $0) }
        let reports = try PythonEmail.read(renderings)
        #expect(reports.count == 2)
        for (ending, (report, rendered)) in zip(Self.endings, zip(reports, renderings)) {
            #expect(report.error == nil)
            #expect(report.defects == [], "\(ending)")
            #expect(report.subject == Fixture.subject)
            #expect(report.from == [.init(name: "Sở TT&TT Bến Tre", address: "tally@sotttt.example.gov.vn")])
            #expect(report.to == [
                .init(name: "Phòng Kế hoạch", address: "kehoach@ttxvn.example.vn"),
                .init(name: "Sở TT&TT, Bến Tre", address: "so@bentre.gov.vn"),
                .init(name: "", address: "first.last+tag@sub.example.org"),
            ])
            #expect(report.date == Fixture.date.timeIntervalSince1970)
            #expect(report.dateOffset == 7 * 3600)
            #expect(report.messageID == "<20251205060211.abc@sotttt.example.gov.vn>")
            #expect(report.header("MIME-Version") == "1.0")
            #expect(report.header("Auto-Submitted") == "auto-generated")
            #expect(report.longestLine.map { $0 <= 998 } == true)
            #expect(report.longestLine == rendered.longestLine)

            let tree = try #require(report.tree)
            #expect(tree.type == "multipart/mixed")
            let parts = try #require(tree.parts)
            #expect(parts.map(\.type) == ["multipart/alternative", "text/csv"])
            let alternative = try #require(parts.first?.parts)
            #expect(alternative.map(\.type) == ["text/plain", "text/html"])
            #expect(alternative[0].decodedBody == Self.expectedBody(Fixture.text, encoding: alternative[0].encoding, ending: ending))
            #expect(alternative[1].decodedBody == Self.expectedBody(Fixture.longHTML, encoding: alternative[1].encoding, ending: ending))
            #expect(parts[1].decodedBody == Fixture.csv)
            #expect(parts[1].decodedBody?.starts(with: [0xEF, 0xBB, 0xBF]) == true)
            #expect(parts[1].filename == fileName)
        }
        #expect(!renderings[0].contains(0x0D))
        #expect(renderings[1].hasOnlyCRLF)
    }

    /// A header value as the renderer promises it: NFC, each control character (a CR LF pair as one) a space.
    private static func oneLine(_ text: String) -> String {
        var result = ""
        var afterCR = false
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }
            result.unicodeScalars.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        return result
    }

    @Test func displayNamesTooLongForOneWordSplitAfterASpace() throws {
        var message = try Fixture.message()
        let name = "Sở Thông tin và Truyền thông tỉnh Bến Tre, Phòng Kế hoạch"
        message.from = try MailAddress(address: "tally@sotttt.example.gov.vn", displayName: name)
        let value = try #require(MessageReader(message.rendered()).root.field("From"))
        let words = value.split(separator: " ").dropLast().map { MessageReader.decodeEncodedWord(String($0)) }
        #expect(words.count == 2)
        #expect(words.allSatisfy { $0?.hasSuffix(" ") == true || $0?.hasSuffix("Phòng Kế hoạch") == true }, "\(words)")
        #expect(MessageReader.mailboxes(value).first?.name == name)
        let report = try #require(try PythonEmail.read([message.rendered()]).first)
        // Python 3.11 (gh-128110) reads the cut as one more space, no worse.
        #expect(report.from?.first?.name.replacingOccurrences(of: "  ", with: " ") == name)
    }

    @Test func randomMessagesRoundTripThroughPython() throws {
        var generator = SeededGenerator(state: 2822)
        var messages: [MailMessage] = []
        var names: [[String?]] = []
        for index in 0..<40 {
            var message = try Fixture.message(
                subject: RandomText.string(maxPieces: 30, using: &generator),
                text: RandomText.string(maxPieces: 80, using: &generator),
                html: RandomText.string(maxPieces: 80, using: &generator),
                attachments: [MailAttachment(
                    fileName: RandomText.string(maxPieces: 12, using: &generator), mediaType: "text/csv; charset=utf-8",
                    content: Array(RandomText.string(maxPieces: 40, using: &generator).utf8))],
                headers: [("X-Random", RandomText.string(maxPieces: 12, using: &generator))])
            let fromName = RandomText.name(using: &generator)
            message.from = try MailAddress(address: "tally\(index)@sotttt.example.gov.vn", displayName: fromName)
            message.to = try (0..<Int.random(in: 1...4, using: &generator)).map {
                try MailAddress(address: "r\($0).x-\(index)@bentre.gov.vn", displayName: RandomText.name(using: &generator))
            }
            names.append([message.from.displayName] + message.to.map(\.displayName))
            messages.append(message)
        }
        let renderings = messages.flatMap { message in Self.endings.map { message.rendered(lineEnding: $0) } }
        let reports = try PythonEmail.read(renderings)
        try #require(reports.count == renderings.count)
        for (index, report) in reports.enumerated() {
            let message = messages[index / 2]
            let ending = Self.endings[index % 2]
            let rendered = renderings[index]
            let context = Comment(rawValue: "message \(index / 2) \(ending): subject \(message.subject.debugDescription)")
            #expect(ending == .lf ? !rendered.contains(0x0D) : rendered.hasOnlyCRLF, context)
            #expect(rendered.longestLine <= 998, context)
            #expect(report.error == nil, context)
            #expect(report.defects == [], context)
            #expect(report.subject == Self.oneLine(message.subject), context)
            #expect(report.header("X-Random") == Self.oneLine(message.headers[0].value), context)
            // Python 3.11 keeps the whitespace between adjacent encoded-words in a display name and folds runs of
            // spaces (CPython gh-128110), so names are compared with it without whitespace, and exactly with the
            // tests' own reader of RFC 2047.
            let expectedNames = names[index / 2].map { $0 ?? "" }
            #expect(report.from.map { $0.map(\.name.withoutWhitespace) } == [expectedNames[0].withoutWhitespace], context)
            #expect(report.to.map { $0.map(\.name.withoutWhitespace) } == expectedNames.dropFirst().map(\.withoutWhitespace), context)
            #expect(report.to?.map(\.address) == message.to.map(\.address), context)
            let own = MessageReader(rendered, lineEnding: ending).root
            let from = MessageReader.mailboxes(own.field("From") ?? "")
            let to = MessageReader.mailboxes(own.field("To") ?? "")
            #expect(from.map(\.name) == [expectedNames[0]] && from.map(\.address) == [message.from.address], context)
            #expect(to.map(\.name) == Array(expectedNames.dropFirst()) && to.map(\.address) == message.to.map(\.address), context)
            let tree = report.tree?.parts
            let alternative = tree?.first?.parts
            #expect(alternative?.first?.decodedBody == Self.expectedBody(message.text, encoding: alternative?.first?.encoding, ending: ending), context)
            #expect(alternative?.last?.decodedBody == Self.expectedBody(message.html, encoding: alternative?.last?.encoding, ending: ending), context)
            #expect(tree?.last?.decodedBody == message.attachments[0].content, context)
            // Control characters are sent as "_"; Python's get_filename() strips surrounding whitespace.
            let fileName = String(String.UnicodeScalarView(message.attachments[0].fileName.precomposedStringWithCanonicalMapping
                .unicodeScalars.map { $0.properties.generalCategory == .control ? "_" : $0 }))
            #expect(tree?.last?.filename == (fileName.isEmpty ? "attachment" : fileName.trimmingCharacters(in: .whitespaces)), context)
        }
    }
}

extension String {
    var withoutWhitespace: String { String(unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }
}
