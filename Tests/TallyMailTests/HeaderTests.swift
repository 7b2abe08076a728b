import Foundation
import Testing

@testable import TallyMail

@Suite struct HeaderTests {
    private func fields(_ message: MailMessage) -> [MessageReader.Field] {
        MessageReader(message.rendered()).root.fields
    }

    @Test func fieldsComeInOrderWithMIMEVersionAndTheExtraHeaders() throws {
        let names = fields(try Fixture.message()).map(\.name)
        #expect(names == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type"])
        let reader = MessageReader(try Fixture.message().rendered())
        #expect(reader.root.field("MIME-Version") == "1.0")
        #expect(reader.root.field("Auto-Submitted") == "auto-generated")
        #expect(reader.root.field("Message-ID") == "<20251205060211.abc@sotttt.example.gov.vn>")
    }

    /// Known instants (checked with `date -d @…`), in zones east, west and half-hour off UTC.
    @Test(arguments: [
        (1_764_914_531, "Asia/Ho_Chi_Minh", "Fri, 05 Dec 2025 13:02:11 +0700"),
        (1_764_914_531, "UTC", "Fri, 05 Dec 2025 06:02:11 +0000"),
        (1_764_914_531, "America/St_Johns", "Fri, 05 Dec 2025 02:32:11 -0330"),
        (1_764_914_531, "Pacific/Kiritimati", "Fri, 05 Dec 2025 20:02:11 +1400"),
        (1_735_675_200, "Asia/Ho_Chi_Minh", "Wed, 01 Jan 2025 03:00:00 +0700"),
        (1_709_164_800, "UTC", "Thu, 29 Feb 2024 00:00:00 +0000"),
        (951_782_400, "Asia/Kolkata", "Tue, 29 Feb 2000 05:30:00 +0530"),
        (-1, "UTC", "Wed, 31 Dec 1969 23:59:59 +0000"),
    ])
    func dateIsRFC5322WithEnglishNamesAndANumericZone(_ seconds: Int, _ zone: String, _ expected: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        #expect(MailDate.rfc5322(Date(timeIntervalSince1970: TimeInterval(seconds) + 0.75), in: timeZone) == expected)
        var message = try Fixture.message()
        message.date = Date(timeIntervalSince1970: TimeInterval(seconds))
        message.timeZone = timeZone
        #expect(MessageReader(message.rendered()).root.field("Date") == expected)
    }

    /// Against Foundation's own formatter in the POSIX locale, over random instants and zones.
    @Test func dateAgreesWithFoundationsFormatter() throws {
        var generator = SeededGenerator(state: 5322)
        let zones = ["Asia/Ho_Chi_Minh", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"]
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss xx"
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int.random(in: 0...4_102_444_800, using: &generator)))
            let zone = try #require(TimeZone(identifier: zones.randomElement(using: &generator) ?? "UTC"))
            formatter.timeZone = zone
            #expect(MailDate.rfc5322(date, in: zone) == formatter.string(from: date))
        }
    }

    @Test func vietnameseSubjectGoesAsEncodedWordsThatFitAndDecode() throws {
        let rendered = try Fixture.message().rendered()
        let reader = MessageReader(rendered)
        let subject = try #require(reader.root.field("Subject"))
        let words = subject.split(separator: " ")
        #expect(words.count > 1)
        for word in words {
            #expect(word.count <= 75)
            #expect(MessageReader.decodeEncodedWord(String(word)) != nil, "\(word) is not an encoded-word of whole UTF-8")
        }
        #expect(MessageReader.decodeUnstructured(subject) == Fixture.subject)
        let subjectLines = reader.lines.drop { !$0.starts(with: Array("Subject:".utf8)) }.prefix { $0.first != UInt8(ascii: "D") }
        #expect(subjectLines.allSatisfy { $0.count <= 78 })
    }

    /// Each encoded-word holds whole grapheme clusters: cutting one in two would change how the text splits.
    @Test func encodedWordsDoNotSplitGraphemeClusters() throws {
        let clusters = ["x\u{0301}\u{0323}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "🇻🇳", "ệ", "a"]
        var generator = SeededGenerator(state: 2047)
        for _ in 0..<50 {
            let subject = (0..<Int.random(in: 1...120, using: &generator)).map { _ in clusters.randomElement(using: &generator) ?? "a" }.joined()
            let value = try #require(MessageReader(try Fixture.message(subject: subject).rendered()).root.field("Subject"))
            let decodedWords = value.split(separator: " ").compactMap { MessageReader.decodeEncodedWord(String($0)) }
            #expect(decodedWords.joined() == subject.precomposedStringWithCanonicalMapping)
            #expect(decodedWords.flatMap(Array.init) == Array(subject.precomposedStringWithCanonicalMapping))
        }
    }

    @Test func plainASCIISubjectStaysReadable() throws {
        let message = try Fixture.message(subject: "Monthly report ben-tre-2024 2025-11")
        #expect(MessageReader(message.rendered()).root.field("Subject") == "Monthly report ben-tre-2024 2025-11")
    }

    @Test(arguments: [
        "=?UTF-8?B?SGk=?= is literal",
        " leading and trailing ",
        "two  spaces",
        String(repeating: "x", count: 200),
    ])
    func asciiThatCannotGoAsItIsIsEncoded(_ subject: String) throws {
        let value = try #require(MessageReader(try Fixture.message(subject: subject).rendered()).root.field("Subject"))
        #expect(value.hasPrefix("=?UTF-8?B?"))
        #expect(MessageReader.decodeUnstructured(value) == subject)
    }

    @Test func subjectIsNFC() throws {
        let decomposed = Fixture.subject.decomposedStringWithCanonicalMapping
        #expect(decomposed.unicodeScalars.count > Fixture.subject.unicodeScalars.count)
        let value = try #require(MessageReader(try Fixture.message(subject: decomposed).rendered()).root.field("Subject"))
        let decoded = MessageReader.decodeUnstructured(value)
        #expect(decoded.unicodeScalars.elementsEqual(Fixture.subject.unicodeScalars))
    }

    @Test func controlsInTheSubjectBecomeSpacesAndStartNoHeader() throws {
        let message = try Fixture.message(subject: "Báo cáo\r\nBcc: evil@example.com\nX: 1\r\0\u{85}end")
        let reader = MessageReader(message.rendered())
        #expect(reader.root.fields.allSatisfy { !["bcc", "x"].contains($0.name.lowercased()) })
        let value = try #require(reader.root.field("Subject"))
        #expect(MessageReader.decodeUnstructured(value) == "Báo cáo Bcc: evil@example.com X: 1   end")
        #expect(message.rendered(lineEnding: .crlf).hasOnlyCRLF)
    }

    @Test func aTenThousandCharacterSubjectFoldsWithinTheLimits() throws {
        let subject = String(repeating: "Báo cáo thực hiện ", count: 560)
        #expect(subject.count > 10_000)
        let rendered = try Fixture.message(subject: subject).rendered()
        let reader = MessageReader(rendered)
        let headerLines = reader.lines.prefix { !$0.isEmpty }
        #expect(headerLines.allSatisfy { $0.count <= 78 })
        #expect(MessageReader.decodeUnstructured(try #require(reader.root.field("Subject"))) == subject)
    }

    @Test func manyRecipientsFoldAfterCommas() throws {
        var message = try Fixture.message()
        message.to = try (0..<15).map { try MailAddress(address: "nguoi.nhan\($0)@bentre.gov.vn", displayName: "Người nhận số \($0)") }
        let reader = MessageReader(message.rendered())
        let toLines = reader.lines.drop { !$0.starts(with: Array("To:".utf8)) }.dropFirst().prefix { $0.first == 0x20 }
        #expect(toLines.count > 10)
        #expect(reader.lines.prefix { !$0.isEmpty }.allSatisfy { $0.count <= 78 })
        let value = try #require(reader.root.field("To"))
        let mailboxes = value.split(separator: ",")
        #expect(mailboxes.count == 15)
        for (index, mailbox) in mailboxes.enumerated() {
            let parts = mailbox.split(separator: " ")
            #expect(parts.last == "<nguoi.nhan\(index)@bentre.gov.vn>")
            #expect(MessageReader.decodeUnstructured(parts.dropLast().joined(separator: " ")) == "Người nhận số \(index)")
        }
    }

    @Test func displayNamesAreAtomsQuotedOrEncoded() throws {
        var message = try Fixture.message()
        message.to = [
            try MailAddress(address: "a@b.vn", displayName: "Ke hoach"),
            try MailAddress(address: "c@d.vn", displayName: "Doe, \"J\" \\ Jr."),
            try MailAddress(address: "e@f.vn", displayName: "Sở TT&TT, Bến Tre"),
        ]
        let value = try #require(MessageReader(message.rendered()).root.field("To"))
        #expect(value.hasPrefix(#"Ke hoach <a@b.vn>, "Doe, \"J\" \\ Jr." <c@d.vn>, =?UTF-8?B?"#))
        #expect(value.hasSuffix(" <e@f.vn>"))
        let encoded = value.split(separator: ",").dropFirst(3).joined(separator: ",").split(separator: " ").dropLast()
        #expect(MessageReader.decodeUnstructured(encoded.joined(separator: " ")) == "Sở TT&TT, Bến Tre")
    }

    @Test func noRecipientsSaysSo() throws {
        var message = try Fixture.message()
        message.to = []
        #expect(MessageReader(message.rendered()).root.field("To") == "undisclosed-recipients:;")
    }

    @Test func messageIDsAreUniqueAndTakeTheSendersDomain() throws {
        var generator = SeededGenerator(state: 1)
        let from = try MailAddress(parsing: "Tally <tally@sotttt.example.gov.vn>")
        let ids = (0..<1000).map { _ in MailMessage.makeMessageID(at: Fixture.date, from: from, using: &generator) }
        #expect(Set(ids).count == 1000)
        for id in ids {
            #expect(id.hasPrefix("20251205060211."))
            #expect(id.hasSuffix("@sotttt.example.gov.vn"))
            let local = id.split(separator: "@")[0]
            #expect(local.count == 14 + 1 + 32)
            #expect(local.allSatisfy { $0.isHexDigit || $0 == "." })
        }
        var message = try Fixture.message()
        message.messageID = ids[0]
        #expect(MessageReader(message.rendered()).root.field("Message-ID") == "<\(ids[0])>")
    }

    @Test func aMessageIDCannotBreakItsLine() throws {
        var message = try Fixture.message()
        message.messageID = "<a b\r\nBcc: x@y.vn@é.vn>"
        let reader = MessageReader(message.rendered())
        #expect(reader.root.field("Message-ID") == "<a%20b%0D%0ABcc%3A%20x@y.vn@%C3%A9.vn>")
        #expect(reader.root.field("Bcc") == nil)
        message.messageID = String(repeating: "é", count: 2000)
        #expect(message.rendered().longestLine <= 998)
    }

    @Test(arguments: [
        ("Auto-Submitted", true), ("X-Tally-Agreement", true), ("Reply-To", true), ("List-Unsubscribe", true),
        ("", false), ("Bad Name", false), ("X:Y", false), ("X-Ngày", false), ("X\r\nBcc", false),
        (String(repeating: "X", count: 77), false), ("from", false), ("Content-Type", false),
        ("content-transfer-encoding", false), ("MIME-Version", false), ("Subject", false), ("Message-Id", false),
    ])
    func extraHeaderNames(_ name: String, _ accepted: Bool) throws {
        #expect(MailMessage.acceptsExtraHeader(named: name) == accepted)
        let message = try Fixture.message(headers: [(name, "value")])
        let written = MessageReader(message.rendered()).root.fields.contains { $0.name == name && $0.value == "value" }
        #expect(written == accepted)
    }

    @Test func extraHeaderValuesAreOneLineAndMayBeVietnamese() throws {
        let url = "<https://sotttt.example.gov.vn/" + String(repeating: "bao-cao/", count: 20) + ">"
        let message = try Fixture.message(headers: [
            ("X-Tally-Agreement", "Hợp đồng\r\nBcc: evil@example.com"),
            ("List-Unsubscribe", url),
        ])
        let reader = MessageReader(message.rendered())
        #expect(reader.root.field("Bcc") == nil)
        #expect(MessageReader.decodeUnstructured(try #require(reader.root.field("X-Tally-Agreement"))) == "Hợp đồng Bcc: evil@example.com")
        // A long structured word is kept whole rather than encoded.
        #expect(reader.root.field("List-Unsubscribe") == url)
    }
}
