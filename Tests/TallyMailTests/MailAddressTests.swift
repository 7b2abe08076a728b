import Testing

import TallyMail

@Suite struct MailAddressTests {
    @Test(arguments: [
        ("kehoach@ttxvn.example.vn", nil, "kehoach@ttxvn.example.vn"),
        ("Phòng Kế hoạch <kehoach@ttxvn.example.vn>", "Phòng Kế hoạch", "kehoach@ttxvn.example.vn"),
        ("\"Sở TT&TT, Bến Tre\" <so@bentre.gov.vn>", "Sở TT&TT, Bến Tre", "so@bentre.gov.vn"),
        ("first.last+tag@sub.example.org", nil, "first.last+tag@sub.example.org"),
        ("  <a@b.example>  ", nil, "a@b.example"),
        ("\"Nguyễn, Văn \\\"A\\\"\" <a@b.example>", "Nguyễn, Văn \"A\"", "a@b.example"),
        ("Name<x-1@a-b.c0.example>", "Name", "x-1@a-b.c0.example"),
    ] as [(String, String?, String)])
    func parses(_ text: String, _ name: String?, _ address: String) throws {
        let mailbox = try MailAddress(parsing: text)
        #expect(mailbox.displayName == name)
        #expect(mailbox.address == address)
    }

    /// Each text that must fail, with a phrase its error must hold.
    @Test(arguments: [
        ("", "it is empty"),
        ("kehoach", "has no \"@\""),
        ("kehoach@", "the domain is missing"),
        ("@ttxvn.vn", "the local part before \"@\" is missing"),
        ("a b@c.vn", "contains a space"),
        ("a@b@c.vn", "more than one \"@\""),
        ("a@-b.vn", "\"-b\" begins or ends with a hyphen"),
        ("a@b-.vn", "\"b-\" begins or ends with a hyphen"),
        ("a@b.vn\r\nBcc: x@y.vn", "line break"),
        ("Nguyễn@ttxvn.vn", "SMTPUTF8"),
        ("a@bến-tre.vn", "xn--"),
        ("Name <a@b.vn", "not closed by \">\""),
        ("a@b..vn", "two dots in a row"),
        (".a@b.vn", "begins or ends with a dot"),
        ("a(b@c.vn", "contains \"(\""),
        ("a@b_c.vn", "labels are letters, digits and hyphens"),
        ("kehoach@ttxvn", "has no dot"),
        ("Name <>", "no address between"),
        ("Name <a@b.vn> x", "text after"),
        ("\"Name <a@b.vn>", "not closed by a second"),
        ("\"Name\" x <a@b.vn>", "text between"),
        ("Na\"me <a@b.vn>", "does not begin a quoted name"),
        ("a@b.vn>", "outside the form"),
        ("\"Only a name\"", "not followed by an address"),
        ("a\u{0}b@c.vn", "U+0000"),
        (String(repeating: "l", count: 65) + "@b.vn", "65 characters long; at most 64"),
        ("a@" + String(repeating: "x", count: 64) + ".vn", "longer than 63"),
        ("a@" + Array(repeating: String(repeating: "x", count: 60), count: 5).joined(separator: "."), "at most 253"),
    ])
    func rejects(_ text: String, _ phrase: String) {
        do {
            let mailbox = try MailAddress(parsing: text)
            Issue.record("\(text.debugDescription) parsed as \(mailbox)")
        } catch {
            #expect(error.input == text)
            #expect(error.description.contains(phrase), "\(error.description)")
            #expect(error.description.hasPrefix("\"") && error.description.contains(" is not a mail address: "))
            // One line, whatever the input held.
            #expect(!error.description.contains { $0.isNewline }, "\(error.description.debugDescription)")
        }
    }

    @Test func errorSentenceNamesTheInput() {
        #expect(throws: MailAddressError.self) { try MailAddress(parsing: "kehoach@") }
        do {
            _ = try MailAddress(parsing: "kehoach@")
        } catch {
            #expect(error.description == "\"kehoach@\" is not a mail address: the domain is missing")
        }
        do {
            _ = try MailAddress(parsing: "a@b.vn\r\nBcc: x@y.vn")
        } catch {
            #expect(error.description.hasPrefix(#""a@b.vn\r\nBcc: x@y.vn" is not a mail address: it contains a line break"#))
        }
    }

    @Test func limitsAreInclusive() throws {
        let local = String(repeating: "l", count: 64)
        _ = try MailAddress(address: local + "@b.vn")
        let label = String(repeating: "x", count: 63)
        _ = try MailAddress(address: "a@\(label).vn")
        // 3 × (63 + 1) + 58 + 3 = 253.
        let domain = String(repeating: String(repeating: "d", count: 63) + ".", count: 3) + String(repeating: "d", count: 58) + ".vn"
        #expect(domain.utf8.count == 253)
        _ = try MailAddress(address: "a@" + domain)
        #expect(throws: MailAddressError.self) { try MailAddress(address: "a@d" + domain) }
    }

    @Test func displayNamesAreNFCAndTrimmedAndMayNotHoldControls() throws {
        let decomposed = "Pho\u{0300}ng Ke\u{0302}\u{0301} hoa\u{0323}ch"
        let mailbox = try MailAddress(address: "kehoach@ttxvn.example.vn", displayName: "  " + decomposed + " ")
        #expect(mailbox.displayName == "Phòng Kế hoạch")
        #expect(mailbox.displayName?.unicodeScalars.count == "Phòng Kế hoạch".unicodeScalars.count)
        #expect(try MailAddress(address: "a@b.vn", displayName: "  ").displayName == nil)
        #expect(throws: MailAddressError.self) { try MailAddress(address: "a@b.vn", displayName: "Evil\r\nBcc: x@y.vn") }
        #expect(throws: MailAddressError.self) { try MailAddress(address: "a@b.vn", displayName: "Tab\there") }
        #expect(throws: MailAddressError.self) { try MailAddress(address: "a@b.vn", displayName: "C1\u{85}") }
    }

    @Test func descriptionIsHumanAndReadsBack() throws {
        let plain = try MailAddress(address: "a@b.example", displayName: "Sở TT&TT")
        #expect(plain.description == "Sở TT&TT <a@b.example>")
        #expect(try MailAddress(address: "a@b.example").description == "a@b.example")
        let names = ["Sở TT&TT, Bến Tre", "Nguyen V. A", "Quote \" and \\ slash", "<angle>", "a@b", "Phòng Kế hoạch"]
        for name in names {
            let mailbox = try MailAddress(address: "so@bentre.gov.vn", displayName: name)
            #expect(try MailAddress(parsing: mailbox.description) == mailbox, "\(mailbox.description)")
        }
        #expect(try MailAddress(address: "so@bentre.gov.vn", displayName: "Sở TT&TT, Bến Tre").description
            == "\"Sở TT&TT, Bến Tre\" <so@bentre.gov.vn>")
    }

    @Test func domainIsWhatFollowsTheAt() throws {
        #expect(try MailAddress(parsing: "Tally <tally@sotttt.example.gov.vn>").domain == "sotttt.example.gov.vn")
    }
}
