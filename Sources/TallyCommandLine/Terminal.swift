import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How text output may look: colour, and the width to fit (SPEC §6).
public struct Terminal: Equatable, Sendable {
    /// Whether to use ANSI colours.
    public var colour: Bool
    /// The columns to fit lines to; nil means no truncation.
    public var width: Int?

    /// Colour only on a TTY, never with `NO_COLOR` (any value, even empty) or `TERM=dumb`; the
    /// width from the terminal, else `$COLUMNS`, else none.
    public init(isTTY: Bool, terminalWidth: Int?, environment: [String: String]) {
        colour = isTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        if let terminalWidth, terminalWidth > 0 {
            width = terminalWidth
        } else if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 {
            width = columns
        } else {
            width = nil
        }
    }

    /// Colour and width settings given explicitly.
    public init(colour: Bool, width: Int?) {
        self.colour = colour
        self.width = width
    }

    /// Standard output as it is now.
    public static var standardOutput: Terminal {
        Terminal(isTTY: isatty(1) == 1, terminalWidth: windowWidth(of: 1), environment: ProcessInfo.processInfo.environment)
    }

    /// Whether standard output is a terminal (no binary document is written to one).
    public static var standardOutputIsTTY: Bool { isatty(1) == 1 }

    /// Whether standard error is a terminal (for the import progress bar).
    public static var standardErrorIsTTY: Bool { isatty(2) == 1 }

    /// The terminal's columns (`TIOCGWINSZ`), when `descriptor` is a terminal.
    public static func windowWidth(of descriptor: Int32) -> Int? {
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        #if canImport(Glibc)
        let result = ioctl(descriptor, UInt(TIOCGWINSZ), &size)
        #else
        let result = ioctl(descriptor, TIOCGWINSZ, &size)
        #endif
        guard result == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
