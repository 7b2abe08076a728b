/// Durations as the configuration writes them: a whole number and a unit, `30s`, `15m`, `6h`, `7d`.
///
/// Zero is refused (an interval of nothing is always a mistake) unless a setting allows it (`onboarding = "0s"`),
/// and so is anything over 3650 days.
public enum ConfigurationDuration {
    private static let units: [(suffix: Character, seconds: Int)] = [("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)]
    private static let maximumSeconds = 3_650 * 86_400

    /// The duration `text` names, or nil when it is not of the form above; `allowingZero` accepts `0s`, `0d`….
    public static func parse(_ text: String, allowingZero: Bool = false) -> Duration? {
        guard let suffix = text.last, let unit = units.first(where: { $0.suffix == suffix }) else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int(digits), count > 0 || allowingZero, count <= maximumSeconds / unit.seconds
        else { return nil }
        return .seconds(count * unit.seconds)
    }

    /// The shortest exact text for `duration` (`7d`, `90m`), the inverse of `parse`.
    public static func format(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        for unit in units.reversed() where seconds % unit.seconds == 0 && seconds >= unit.seconds {
            return "\(seconds / unit.seconds)\(unit.suffix)"
        }
        return "\(seconds)s"
    }
}
