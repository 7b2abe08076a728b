/// An amount of money in whole đồng (SPEC §12): the đồng has no minor unit, so every amount is an integer and
/// every product exact. Sums and products are checked: one that would leave Int64 is an error, never a trap.
public struct Money: Sendable, Hashable, Comparable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The amount in đồng; negative for an adjustment that takes money back.
    public let dong: Int64

    /// `dong` đồng.
    public init(dong: Int64) {
        self.dong = dong
    }

    public init(integerLiteral value: Int64) {
        self.init(dong: value)
    }

    /// Nothing.
    public static let zero = Money(dong: 0)

    /// The most a quota's `price` may be: 10^10 đồng an item.
    public static let maximumPrice = Money(dong: 10_000_000_000)
    /// The most a contract's `value` may be: 10^15 đồng.
    public static let maximumValue = Money(dong: 1_000_000_000_000_000)

    /// Parses a whole number of đồng as a person types it on a command line: ASCII digits, an optional leading
    /// `-`, nothing else (no decimals, no grouping); nil for anything else or for a number beyond Int64.
    public init?(wholeDong text: some StringProtocol) {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let magnitude = Int64(digits)
        else { return nil }
        self.init(dong: negative ? -magnitude : magnitude)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.dong < rhs.dong }

    /// `1234567` (plain digits, as in TOML and JSON); ``formatted(in:)`` is for people.
    public var description: String { String(dong) }

    // MARK: Checked arithmetic

    /// `self + other`, or an error when the sum leaves what tally can hold.
    public func adding(_ other: Money) throws(SettlementError) -> Money {
        let (sum, overflow) = dong.addingReportingOverflow(other.dong)
        guard !overflow else { throw .amountTooLarge("\(self) + \(other)") }
        return Money(dong: sum)
    }

    /// `self − other`, checked.
    public func subtracting(_ other: Money) throws(SettlementError) -> Money {
        let (difference, overflow) = dong.subtractingReportingOverflow(other.dong)
        guard !overflow else { throw .amountTooLarge("\(self) − \(other)") }
        return Money(dong: difference)
    }

    /// `self × count` (a unit price times a number of items), checked.
    public func times(_ count: Int) throws(SettlementError) -> Money {
        let (product, overflow) = dong.multipliedReportingOverflow(by: Int64(count))
        guard !overflow else { throw .amountTooLarge("\(self) × \(count)") }
        return Money(dong: product)
    }

    /// `rate` percent of the amount, rounded half away from zero: VAT's one rounding (SPEC §12).
    public func percent(_ rate: Int) throws(SettlementError) -> Money {
        let product = try times(rate).dong
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 100)
        // Half away from zero: a remainder of at least 50 hundredths moves the quotient one further from zero.
        let rounded = remainder.magnitude * 2 >= 100 ? quotient + product.signum() : quotient
        return Money(dong: rounded)
    }

    /// The sum of `amounts`, checked.
    public static func sum(_ amounts: some Sequence<Money>) throws(SettlementError) -> Money {
        var total = Money.zero
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    // MARK: For people

    /// `1.234.567 đ` in Vietnamese, `VND 1,234,567` in English; a negative amount begins with `-`
    /// (`-1.234.567 đ`, `VND -1,234,567`).
    public func formatted(in language: ReportLanguage) -> String {
        let sign = dong < 0 ? "-" : ""
        let digits = language.grouped(dong.magnitude)
        switch language {
        case .vi: return sign + digits + " đ"
        case .en: return "VND " + sign + digits
        }
    }
}

extension ReportLanguage {
    /// `12.345` / `12,345`: the digits of `value` with thousands grouped as the language writes them.
    public func grouped(_ value: UInt64) -> String {
        let separator: Character = self == .vi ? "." : ","
        let digits = String(value)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(separator) }
            out.append(digit)
        }
        return out
    }
}
