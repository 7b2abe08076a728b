import TallyCommandLine
import TallyReport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints `table` fitted to standard output, or `note` when it has no row.
func printTable(_ table: TextTable, orWhenEmpty note: String) {
    let terminal = Terminal.standardOutput
    guard !table.rows.isEmpty else { return print(note) }
    for line in table.render(colour: terminal.colour, maximumWidth: terminal.width) { print(line) }
}

/// Writes to standard output and flushes at once (for streams read line by line).
func printFlushed(_ line: String) {
    print(line)
    fflush(nil)
}
