import TallyReport
import Testing

@testable import tallyctl

@Suite("Numbers, bars and progress without the locale")
struct FormattingTests {
    @Test(arguments: [
        (2.39, 1, "2.4"), (44.59, 1, "44.6"), (2.14, 2, "2.14"), (0, 1, "0.0"), (-0.04, 1, "0.0"),
        (-1.25, 1, "-1.3"), (1234.5, 0, "1235"), (110.333333, 2, "110.33"), (0.05, 2, "0.05"), (7, 2, "7.00"),
    ])
    func fixed(value: Double, decimals: Int, text: String) {
        #expect(Formatting.fixed(value, decimals: decimals) == text)
    }

    @Test func nonFiniteNumbersStayReadable() {
        #expect(Formatting.fixed(.nan, decimals: 1) == "-")
        #expect(Formatting.fixed(.infinity, decimals: 1) == "∞")
    }

    @Test(arguments: [(0, "0 B"), (512, "512 B"), (1536, "1.5 KiB"), (5 * 1024 * 1024, "5.0 MiB")])
    func bytes(count: Int, text: String) {
        #expect(Formatting.bytes(count) == text)
    }

    @Test(arguments: [
        (0.0, "░░░░░░░░░░"), (1.0, "██████████"), (0.5, "█████░░░░░"), (0.34, "███▍░░░░░░"), (1.7, "██████████"),
        (-1.0, "░░░░░░░░░░"), (Double.nan, "░░░░░░░░░░"),
    ])
    func bar(fraction: Double, text: String) {
        #expect(Formatting.bar(fraction: fraction, width: 10) == text)
        #expect(displayWidth(Formatting.bar(fraction: fraction, width: 10)) == 10)
    }

    @Test func everyBarHasItsWidth() {
        for step in 0...80 {
            #expect(displayWidth(Formatting.bar(fraction: Double(step) / 80, width: 10)) == 10)
        }
    }

    @Test func percentRoundsDown() {
        #expect(Formatting.percent(41, of: 120) == "34%")
        #expect(Formatting.percent(119, of: 120) == "99%")
        #expect(Formatting.percent(150, of: 120) == "125%")
        #expect(Formatting.percent(1, of: 0) == "-")
    }

    @Test func progressLine() {
        #expect(
            ProgressReporter.line(label: "importing", rows: 25_000, bytes: 2_500_000, totalBytes: 10_000_000)
                == "importing  [█████░░░░░░░░░░░░░░░] 25%  25000 rows")
        // Standard input: no size, so no bar.
        #expect(ProgressReporter.line(label: "importing", rows: 25_000, bytes: 2_500_000, totalBytes: nil)
                    == "importing  25000 rows")
        let silent = ProgressReporter(label: "importing", totalBytes: 10, enabled: false)
        silent.update(rows: 5, bytes: 5)
        silent.finish()
    }
}
