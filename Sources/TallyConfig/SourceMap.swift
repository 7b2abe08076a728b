import Foundation

/// Best-effort line numbers for key paths, found by scanning the TOML text.
///
/// TOMLKit does not expose source positions, so this follows table headers (`[daemon]`,
/// `[[quota]]`, `[[campaign.milestone]]`, counting array entries per parent) and `key =` lines.
/// Inline tables and multi-line arrays are not followed: their problems get the line of the
/// enclosing key, or none.
struct SourceMap {
    private var lines: [String: Int] = [:]

    init(text: String) {
        var arrayIndex: [String: Int] = [:]
        var table = ""
        var inMultilineString = false
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let quotes = rawLine.countOccurrences(of: "\"\"\"") + rawLine.countOccurrences(of: "'''")
            defer { if quotes % 2 == 1 { inMultilineString.toggle() } }
            if inMultilineString { continue }
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[[") {
                let body = line.dropFirst(2)
                guard let close = body.indices.first(where: { body[$0] == "]" && body[body.index(after: $0)...].first == "]" })
                else { continue }
                let components = Self.keyComponents(body[..<close])
                guard let name = components.last else { continue }
                let parent = Self.resolve(components.dropLast(), arrayIndex: arrayIndex)
                let arrayPath = parent.isEmpty ? name : parent + "." + name
                let index = (arrayIndex[arrayPath] ?? -1) + 1
                arrayIndex[arrayPath] = index
                table = "\(arrayPath)[\(index)]"
                record(table, number)
            } else if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else { continue }
                table = Self.resolve(Self.keyComponents(line[line.index(after: line.startIndex)..<close])[...], arrayIndex: arrayIndex)
                record(table, number)
            } else if let key = Self.assignedKey(line) {
                record(table.isEmpty ? key : table + "." + key, number)
            }
        }
    }

    /// The line of `keyPath`, else of the nearest enclosing entry that was found.
    func line(of keyPath: String) -> Int? {
        var path = Substring(keyPath)
        while !path.isEmpty {
            if let line = lines[String(path)] { return line }
            if path.hasSuffix("]"), let open = path.lastIndex(of: "[") {
                path = path[..<open]
            } else if let dot = path.lastIndex(of: ".") {
                path = path[..<dot]
            } else {
                return nil
            }
        }
        return nil
    }

    private mutating func record(_ path: String, _ line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    /// `campaign.milestone` → `campaign[2].milestone` when the third campaign is the current one.
    private static func resolve(_ components: ArraySlice<String>, arrayIndex: [String: Int]) -> String {
        var path = ""
        for component in components {
            path = path.isEmpty ? component : path + "." + component
            if let index = arrayIndex[path] { path += "[\(index)]" }
        }
        return path
    }

    /// The dotted key at the start of `key = value`, or nil when the line is not an assignment.
    private static func assignedKey(_ line: Substring) -> String? {
        guard let equals = line.firstIndex(of: "="), line.first != "#" else { return nil }
        let components = keyComponents(line[..<equals])
        guard !components.isEmpty, components.allSatisfy({ !$0.isEmpty }) else { return nil }
        return components.joined(separator: ".")
    }

    /// `a . "b.c" . d` → `["a", "b.c", "d"]`; empty when it is not a plain key.
    private static func keyComponents(_ text: Substring) -> [String] {
        var components: [String] = []
        var rest = text.drop(while: \.isWhitespace)
        while !rest.isEmpty {
            var component = ""
            if let quote = rest.first, quote == "\"" || quote == "'" {
                let body = rest.dropFirst()
                guard let end = body.firstIndex(of: quote) else { return [] }
                component = String(body[..<end])
                rest = body[body.index(after: end)...]
            } else {
                let bare = rest.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
                guard !bare.isEmpty else { return [] }
                component = String(bare)
                rest = rest.dropFirst(bare.count)
            }
            components.append(component)
            rest = rest.drop(while: \.isWhitespace)
            if rest.first == "." {
                rest = rest.dropFirst().drop(while: \.isWhitespace)
            } else if !rest.isEmpty {
                return []
            }
        }
        return components
    }
}

extension StringProtocol {
    /// Non-overlapping occurrences of `needle`, compared byte by byte (Foundation's `range(of:)` was a tenth
    /// of the daemon's start on 2,000 agreement files).
    func countOccurrences(of needle: String) -> Int {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return 0 }
        let bytes = Array(utf8)
        var count = 0
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == first, bytes[index..<index + pattern.count].elementsEqual(pattern) {
                count += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return count
    }
}
