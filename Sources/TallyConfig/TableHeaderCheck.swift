/// Finds a table header with no key after its `[` (`[` then a line end, `[[=`, `[ỏ]`…).
///
/// The toml++ inside TOMLKit 0.6.0 asserts, and so aborts the whole process, when a table header's
/// first character after `[` or `[[` is neither a bare-key character nor a quote (fixed upstream in
/// marzer/tomlplusplus#301, not yet in TOMLKit). A half-typed `[` would stop `tallyd` on reload, so
/// the loader looks for that itself first and reports it as the syntax error it is.
enum TableHeaderCheck {
    /// The 1-based line and column of the first such header, or nil. Strings, comments and arrays
    /// spanning lines are skipped as TOML reads them, so a `[` inside a value is not a header.
    static func firstKeylessHeader(in text: String) -> (line: Int, column: Int)? {
        let s = Array(text.unicodeScalars)
        var i = 0, line = 1, lineStart = 0
        var depth = 0            // open `[` of array values
        var atLineStart = true   // only blanks so far on this line
        var inHeader = false     // after a header's `[` until the line ends: its brackets are not arrays
        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
        func isBlank(_ c: Unicode.Scalar?) -> Bool { c == " " || c == "\t" }
        func startsKey(_ c: Unicode.Scalar?) -> Bool {
            guard let c else { return true }  // the end of the text is an error toml++ reports itself
            return c == "\"" || c == "'" || c == "]" || c == "_" || c == "-"
                || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
        }
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                (line, lineStart, atLineStart, inHeader) = (line + 1, i + 1, true, false)
                i += 1
                continue
            }
            if isBlank(c) || c == "\r" { i += 1; continue }
            let wasAtLineStart = atLineStart
            atLineStart = false
            switch c {
            case "#":
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            case "\"", "'":
                let triple = at(i + 1) == c && at(i + 2) == c
                i += triple ? 3 : 1
                while i < s.count {
                    if c == "\"", s[i] == "\\" { i += 2; continue }
                    if s[i] == "\n" {
                        if !triple { break }  // a one-line string cannot span lines; toml++ stops there
                        (line, lineStart) = (line + 1, i + 1)
                    }
                    if s[i] == c, !triple || (at(i + 1) == c && at(i + 2) == c) {
                        i += triple ? 3 : 1
                        // A multi-line string may end with up to two more quotes: """x""""
                        if triple { for _ in 0..<2 where at(i) == c { i += 1 } }
                        break
                    }
                    i += 1
                }
                continue
            case "[" where wasAtLineStart && depth == 0:
                var k = i + 1
                while isBlank(at(k)) { k += 1 }
                if at(k) == "[" {
                    // `[ [` is an error toml++ reports itself; only `[[` opens an array-of-tables header.
                    guard k == i + 1 else { inHeader = true; break }
                    k += 1
                    while isBlank(at(k)) { k += 1 }
                }
                if !startsKey(at(k)) { return (line, i - lineStart + 1) }
                inHeader = true
            case "[" where !inHeader:
                depth += 1
            case "]" where !inHeader:
                depth = max(depth - 1, 0)
            default:
                break
            }
            i += 1
        }
        return nil
    }
}
