import ArgumentParser
import Foundation
import TallyCore

/// A date given on the command line: `2024-05-15`, `15/05/2024`, `2024-05-15T09:30`, `today`,
/// `yesterday`.
///
/// `today` and `yesterday` are dates in the machine's local time zone (`TZ`, else the system
/// zone); a date or date-time without an offset is sent as written and read by the daemon in
/// each agreement's own zone (SPEC §2).
struct DateArgument: Equatable {
    /// What the forms are, for messages and help.
    static let accepted = "2024-05-15, 15/05/2024, 2024-05-15T09:30, today or yesterday"

    /// The value as read.
    let time: PublicationTime

    /// The date, or the date part of a date-time.
    var date: CivilDate { time.writtenDate }

    /// The date as `2024-05-15`.
    var day: String { date.description }

    /// Whether a time was given too.
    var hasTime: Bool { time.secondOfDay != nil }

    /// The daemon's form: `2024-05-15` or `2024-05-15T09:30:00[+07:00]`.
    var wire: String { time.description }

    /// Parses `text`, with `today` being `today`; nil when it is no date.
    init?(_ text: String, today: CivilDate) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "today": time = PublicationTime(date: today)
        case "yesterday": time = PublicationTime(date: today.adding(days: -1))
        default:
            guard let parsed = PublicationTime(parsing: text) else { return nil }
            time = parsed
        }
    }

    /// Today in the local time zone.
    static var today: CivilDate { CivilDate(Date(), in: TimeZone.current) }

    /// The value of option `name`, or a usage error that says what is accepted.
    static func parse(_ text: String?, option name: String, today: CivilDate = DateArgument.today) throws -> DateArgument? {
        guard let text else { return nil }
        guard let value = DateArgument(text, today: today) else {
            throw ValidationError("\(name): \"\(text)\" is not a date; write \(accepted).")
        }
        return value
    }
}
