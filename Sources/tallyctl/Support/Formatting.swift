/// Numbers as text without the locale: `2.39`, never `2,39`, whatever `LANG` says.
enum Formatting {
    /// `value` rounded half away from zero to `decimals` places: `fixed(2.385, 2)` is `2.39`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "-" : (value < 0 ? "-∞" : "∞") }
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e17 else { return String(value) }
        let units = Int(scaled)
        let whole = units / Int(scale)
        let sign = value < 0 && units != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        let fraction = String(units % Int(scale))
        return "\(sign)\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// A size in bytes for people: `512 B`, `1.5 KiB`, `12.3 MiB`.
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : "\(fixed(value, decimals: 1)) \(units[unit])"
    }

    /// `fraction` of `width` cells as block characters, in eighths: `███▍░░░░░░`.
    static func bar(fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let eighths = Int((clamped * Double(width * 8)).rounded(.toNearestOrAwayFromZero))
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let full = eighths / 8
        let partial = partials[eighths % 8]
        let empty = width - full - (partial.isEmpty ? 0 : 1)
        return String(repeating: "█", count: full) + partial + String(repeating: "░", count: empty)
    }

    /// A whole percentage, rounded down so that 99.6 % is not shown as done: `34%`.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "-" }
        return "\(part * 100 / whole)%"
    }
}
