import ArgumentParser
import TallyCommandLine
import TallyCore
import Testing

@testable import tallyctl

@Suite("Dates on the command line")
struct DateArgumentTests {
    static let today = CivilDate(year: 2024, month: 5, day: 15)!

    @Test(arguments: [
        ("2024-05-15", "2024-05-15"), ("15/05/2024", "2024-05-15"), ("5/6/2024", "2024-06-05"),
        ("2024-05-15T09:30", "2024-05-15T09:30:00"), ("2024-05-15T09:30+07:00", "2024-05-15T09:30:00+07:00"),
        ("today", "2024-05-15"), ("yesterday", "2024-05-14"), ("Today", "2024-05-15"), ("2024-02-29", "2024-02-29"),
    ])
    func accepted(text: String, wire: String) throws {
        let value = try #require(DateArgument(text, today: Self.today))
        #expect(value.wire == wire)
    }

    @Test func yesterdayCrossesMonthsAndYears() throws {
        let newYear = try #require(CivilDate(year: 2025, month: 1, day: 1))
        #expect(DateArgument("yesterday", today: newYear)?.day == "2024-12-31")
    }

    @Test(arguments: ["2024-13-01", "31/02/2024", "2023-02-29", "tomorrow", "", "2024-5-1", "15.05.2024", "2024-05-15T25:00", "now"])
    func refused(text: String) {
        #expect(DateArgument(text, today: Self.today) == nil)
    }

    @Test func aBadOptionIsAUsageErrorThatSaysWhatIsAccepted() throws {
        let error = try #require(throws: ValidationError.self) {
            try DateArgument.parse("31/02/2024", option: "--since", today: Self.today)
        }
        #expect(error.message == "--since: \"31/02/2024\" is not a date; write 2024-05-15, 15/05/2024, 2024-05-15T09:30, today or yesterday.")
        #expect(try DateArgument.parse(nil, option: "--since") == nil)
    }

    @Test func commandsCheckDatesWhenParsing() throws {
        for arguments in [
            ["check", "--at", "soon"], ["deliveries", "--since", "x"], ["record", "a", "--kind", "article", "--published", "32/01/2024"],
            ["alerts", "--since", "2024-02-30"], ["history", "--since", "1/1/24"], ["milestone", "done", "a", "c/m", "--date", "never"],
            ["export", "--since", "2024-05-02", "--until", "2024-05-01"],
        ] {
            #expect(throws: (any Error).self, "\(arguments)") { try Tallyctl.parseAsRoot(arguments) }
            do {
                _ = try Tallyctl.parseAsRoot(arguments)
            } catch {
                #expect(Tallyctl.exitCode(for: error).rawValue == 64, "\(arguments)")
            }
        }
        #expect(ExitStatus.usage == 64)
    }
}
