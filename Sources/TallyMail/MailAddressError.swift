/// Why a text is not a mail address tally can send to, as a sentence that names the text.
public struct MailAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text as it was given.
    public let input: String
    let problem: Problem

    /// What was wrong; internal so that new cases break no caller.
    enum Problem: Sendable, Equatable {
        case empty
        case control(Unicode.Scalar)
        case space
        case noAt
        case severalAt
        case missingLocalPart
        case missingDomain
        case nonASCIILocalPart(String)
        case nonASCIIDomain(String)
        case localPartCharacter(String, Character)
        case localPartDots(String)
        case localPartTooLong(Int)
        case domainTooLong(Int)
        case emptyLabel(String)
        case labelTooLong(String)
        case labelCharacter(String, Character)
        case labelHyphen(String)
        case domainWithoutDot(String)
        case missingAddress
        case unclosedAngle
        case strayAngle
        case strayQuote
        case nameWithoutAddress
        case unclosedQuote
        case textBeforeAngle
        case textAfterAngle
    }

    init(_ input: String, _ problem: Problem) {
        self.input = input
        self.problem = problem
    }

    /// `"kehoach@" is not a mail address: the domain after "@" is missing`, on one line whatever the input.
    public var description: String {
        "\(Self.quoted(input)) is not a mail address: \(reason)"
    }

    private var reason: String {
        switch problem {
        case .empty:
            "it is empty"
        case .control(let scalar) where scalar == "\r" || scalar == "\n":
            "it contains a line break, which could start a new mail header"
        case .control(let scalar):
            "it contains the control character U+\(Self.hex(scalar)), which no address or name may hold"
        case .space:
            "it contains a space; an address has none (a name goes before it, as in Name <kehoach@example.vn>)"
        case .noAt:
            "it has no \"@\"; an address looks like kehoach@example.vn"
        case .severalAt:
            "it has more than one \"@\""
        case .missingLocalPart:
            "the local part before \"@\" is missing"
        case .missingDomain:
            "the domain is missing"
        case .nonASCIILocalPart(let local):
            "the local part \(Self.quoted(local)) has non-ASCII letters, which need SMTPUTF8; tally does not assume "
                + "SMTPUTF8, so an address must be ASCII"
        case .nonASCIIDomain(let domain):
            "the domain \(Self.quoted(domain)) has non-ASCII letters; tally does not assume SMTPUTF8, so write the "
                + "domain in its ASCII (xn--) form"
        case .localPartCharacter(let local, let character):
            "the local part \(Self.quoted(local)) contains \(Self.quoted(String(character))), which an address "
                + "cannot hold unquoted (letters, digits, dots and !#$%&'*+-/=?^_`{|}~ can)"
        case .localPartDots(let local):
            "the local part \(Self.quoted(local)) begins or ends with a dot, or has two dots in a row"
        case .localPartTooLong(let octets):
            "the local part is \(octets) characters long; at most 64 are allowed"
        case .domainTooLong(let octets):
            "the domain is \(octets) characters long; at most 253 are allowed"
        case .emptyLabel(let domain):
            "the domain \(Self.quoted(domain)) begins or ends with a dot, or has two dots in a row"
        case .labelTooLong(let label):
            "the domain label \(Self.quoted(label)) is longer than 63 characters"
        case .labelCharacter(let label, let character):
            "the domain label \(Self.quoted(label)) contains \(Self.quoted(String(character))); labels are letters, "
                + "digits and hyphens"
        case .labelHyphen(let label):
            "the domain label \(Self.quoted(label)) begins or ends with a hyphen"
        case .domainWithoutDot(let domain):
            "the domain \(Self.quoted(domain)) has no dot; write the whole domain, such as ttxvn.example.vn"
        case .missingAddress:
            "there is no address between \"<\" and \">\""
        case .unclosedAngle:
            "the \"<\" before the address is not closed by \">\""
        case .strayAngle:
            "it has a \"<\" or \">\" outside the form Name <kehoach@example.vn>"
        case .strayQuote:
            "it has a '\"' that does not begin a quoted name, as in \"Nguyễn, Văn A\" <kehoach@example.vn>"
        case .nameWithoutAddress:
            "the quoted name is not followed by an address in \"<\" and \">\""
        case .unclosedQuote:
            "the quoted name is not closed by a second '\"'"
        case .textBeforeAngle:
            "there is text between the quoted name and \"<\""
        case .textAfterAngle:
            "there is text after the closing \">\""
        }
    }

    /// `text` in double quotes, with quotes, backslashes and control characters escaped as in Swift.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.properties.generalCategory == .control: result += "\\u{\(hex(scalar))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
