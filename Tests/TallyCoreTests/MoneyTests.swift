import Testing
import TallyCore

/// Whole đồng (SPEC §12): checked arithmetic, VAT's one rounding, the printed amount and the amount in words.
@Suite struct MoneyTests {
    /// Amounts in words as a Vietnamese accountant writes them on a record ("Bằng chữ: …").
    @Test(arguments: [
        (0, "Không đồng."),
        (5, "Năm đồng."),
        (10, "Mười đồng."),
        (11, "Mười một đồng."),
        (14, "Mười bốn đồng."),
        (15, "Mười lăm đồng."),
        (20, "Hai mươi đồng."),
        (21, "Hai mươi mốt đồng."),
        (24, "Hai mươi tư đồng."),
        (25, "Hai mươi lăm đồng."),
        (41, "Bốn mươi mốt đồng."),
        (44, "Bốn mươi tư đồng."),
        (55, "Năm mươi lăm đồng."),
        (99, "Chín mươi chín đồng."),
        (100, "Một trăm đồng."),
        (101, "Một trăm linh một đồng."),
        (104, "Một trăm linh bốn đồng."),
        (105, "Một trăm linh năm đồng."),
        (110, "Một trăm mười đồng."),
        (111, "Một trăm mười một đồng."),
        (114, "Một trăm mười bốn đồng."),
        (115, "Một trăm mười lăm đồng."),
        (121, "Một trăm hai mươi mốt đồng."),
        (234, "Hai trăm ba mươi tư đồng."),
        (1_000, "Một nghìn đồng."),
        (1_001, "Một nghìn không trăm linh một đồng."),
        (1_010, "Một nghìn không trăm mười đồng."),
        (1_015, "Một nghìn không trăm mười lăm đồng."),
        (1_100, "Một nghìn một trăm đồng."),
        (2_024, "Hai nghìn không trăm hai mươi tư đồng."),
        (10_000, "Mười nghìn đồng."),
        (15_000, "Mười lăm nghìn đồng."),
        (21_000, "Hai mươi mốt nghìn đồng."),
        (100_005, "Một trăm nghìn không trăm linh năm đồng."),
        (105_000, "Một trăm linh năm nghìn đồng."),
        (210_000, "Hai trăm mười nghìn đồng."),
        (315_000, "Ba trăm mười lăm nghìn đồng."),
        (1_000_000, "Một triệu đồng."),
        (1_000_001, "Một triệu không trăm linh một đồng."),
        (1_001_000, "Một triệu không trăm linh một nghìn đồng."),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng."),
        (2_500_000, "Hai triệu năm trăm nghìn đồng."),
        (150_000_000, "Một trăm năm mươi triệu đồng."),
        (1_000_000_000, "Một tỷ đồng."),
        (1_000_000_001, "Một tỷ không trăm linh một đồng."),
        (1_005_000_000, "Một tỷ không trăm linh năm triệu đồng."),
        (1_234_567_890, "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi đồng."),
        (1_500_000_000, "Một tỷ năm trăm triệu đồng."),
        (2_150_000_000, "Hai tỷ một trăm năm mươi triệu đồng."),
        (10_000_000_000, "Mười tỷ đồng."),
        (1_000_000_000_000, "Một nghìn tỷ đồng."),
        (1_200_000_000_000, "Một nghìn hai trăm tỷ đồng."),
        (1_000_000_000_000_000, "Một triệu tỷ đồng."),
        (1_000_000_000_000_001, "Một triệu tỷ không trăm linh một đồng."),
        (1_000_000_000_000_000_000, "Một tỷ tỷ đồng."),
        (Int64.max, "Chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn tám trăm linh bảy đồng."),
        (-5, "Âm năm đồng."),
        (-1_234_567, "Âm một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng."),
        (-150_000_000, "Âm một trăm năm mươi triệu đồng."),
        (Int64.min, "Âm chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn tám trăm linh tám đồng."),
    ] as [(Int64, String)])
    func amountInWords(_ dong: Int64, _ words: String) {
        #expect(Money(dong: dong).vietnameseWords == words)
    }

    @Test(arguments: [
        (1_234_567, "1.234.567 đ", "VND 1,234,567"),
        (-1_234_567, "-1.234.567 đ", "VND -1,234,567"),
        (0, "0 đ", "VND 0"),
        (999, "999 đ", "VND 999"),
        (1_000, "1.000 đ", "VND 1,000"),
        (1_500_000_000, "1.500.000.000 đ", "VND 1,500,000,000"),
        (Int64.min, "-9.223.372.036.854.775.808 đ", "VND -9,223,372,036,854,775,808"),
    ] as [(Int64, String, String)])
    func formattedAmount(_ dong: Int64, _ vi: String, _ en: String) {
        #expect(Money(dong: dong).formatted(in: .vi) == vi)
        #expect(Money(dong: dong).formatted(in: .en) == en)
    }

    /// Half away from zero, never to even: 0.5 → 1, 2.5 → 3, −0.5 → −1.
    @Test(arguments: [
        (5, 10, 1), (15, 10, 2), (25, 10, 3), (14, 10, 1), (-5, 10, -1), (-25, 10, -3), (-14, 10, -1),
        (1_234_567, 8, 98_765),    // 98 765,36
        (1_234_569, 8, 98_766),    // 98 765,52
        (2_500_006, 8, 200_000),   // 200 000,48
        (-1_234_569, 8, -98_766),
        (150_000_000, 10, 15_000_000), (1, 100, 1), (99, 0, 0),
    ] as [(Int64, Int, Int64)])
    func vatRoundsHalfAwayFromZero(_ subtotal: Int64, _ rate: Int, _ vat: Int64) throws {
        #expect(try Money(dong: subtotal).percent(rate) == Money(dong: vat))
    }

    @Test func arithmeticBeyondInt64IsAnErrorNotATrap() throws {
        let price = Money.maximumPrice
        #expect(try price.times(10_000) == 100_000_000_000_000)
        #expect(throws: SettlementError.self) { try Money(dong: .max).adding(1) }
        #expect(throws: SettlementError.self) { try Money(dong: .min).subtracting(1) }
        #expect(throws: SettlementError.self) { try Money(dong: 1 << 62).times(4) }
        #expect(throws: SettlementError.self) { try Money(dong: .max).percent(8) }
        do {
            _ = try Money.sum([Money(dong: .max), 1])
            Issue.record("expected an overflow")
        } catch {
            #expect(error.code == .amountTooLarge)
        }
    }

    @Test(arguments: [
        ("2500000", 2_500_000), ("0", 0), ("-5", -5), ("9223372036854775807", .max),
        ("2500000.5", nil), ("2.500.000", nil), ("2_500_000", nil), ("", nil), ("-", nil), (" 5", nil), ("+5", nil),
        ("9223372036854775808", nil), ("٣", nil),
    ] as [(String, Int64?)])
    func wholeDongParsing(_ text: String, _ dong: Int64?) {
        #expect(Money(wholeDong: text)?.dong == dong)
    }
}
