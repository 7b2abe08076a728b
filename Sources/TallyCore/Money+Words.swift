extension Money {
    /// The amount written out as a Vietnamese accountant writes it on a record (SPEC §12, "Bằng chữ"):
    /// `Một trăm năm mươi triệu đồng.`, `Một triệu không trăm linh một đồng.`, `Âm năm trăm nghìn đồng.`,
    /// `Không đồng.`
    ///
    /// Groups of three digits are read with nghìn and triệu, and every nine digits with tỷ, so that 10^12 is
    /// `một nghìn tỷ` and 10^15 `một triệu tỷ`. A zero group is left out; a group after a non-zero one is read
    /// in full (`không trăm linh một`).
    public var vietnameseWords: String {
        let words = dong == 0 ? ["không"] : Self.words(dong.magnitude, inner: false)
        let text = (dong < 0 ? ["âm"] : []) + words + ["đồng."]
        let sentence = text.joined(separator: " ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }

    private static let digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]

    /// The words of `n` > 0; `inner` when a higher non-zero group comes before it in the number.
    private static func words(_ n: UInt64, inner: Bool) -> [String] {
        let billion: UInt64 = 1_000_000_000
        guard n >= billion else { return belowBillion(n, inner: inner) }
        let (high, low) = n.quotientAndRemainder(dividingBy: billion)
        var words = Self.words(high, inner: inner) + ["tỷ"]
        if low > 0 { words += belowBillion(low, inner: true) }
        return words
    }

    /// The words of 0 < `n` < 10^9: triệu, nghìn and units groups, zero groups left out.
    private static func belowBillion(_ n: UInt64, inner: Bool) -> [String] {
        let groups = [(n / 1_000_000, "triệu"), (n / 1000 % 1000, "nghìn"), (n % 1000, "")]
        var words: [String] = []
        var full = inner
        for (group, name) in groups where group > 0 {
            words += Self.group(Int(group), full: full)
            if !name.isEmpty { words.append(name) }
            full = true
        }
        return words
    }

    /// One group of three digits, 1…999. `full` reads the hundreds even when they are zero (`không trăm`), as
    /// for a group after a non-zero one, and then a zero tens digit as `linh`.
    private static func group(_ n: Int, full: Bool) -> [String] {
        let (hundreds, tens, units) = (n / 100, n / 10 % 10, n % 10)
        var words: [String] = []
        if hundreds > 0 || full { words += [digits[hundreds], "trăm"] }
        switch tens {
        case 0:
            guard units > 0 else { break }
            if !words.isEmpty { words.append("linh") }
            words.append(digits[units])
        case 1:
            words.append("mười")
            // mười một, mười bốn, mười lăm
            if units > 0 { words.append(units == 5 ? "lăm" : digits[units]) }
        default:
            words += [digits[tens], "mươi"]
            switch units {
            case 0: break
            case 1: words.append("mốt")
            case 4: words.append("tư")
            case 5: words.append("lăm")
            default: words.append(digits[units])
            }
        }
        return words
    }
}
