/// A value that writes itself as JSON text, keys in sorted order, exactly as JSONEncoder with `.sortedKeys`
/// and `.withoutEscapingSlashes` would (and `.prettyPrinted` when the text is pretty).
public protocol JSONTextWritable {
    func writeJSON(to json: inout JSONText)
}

/// A JSON text under construction, written by hand where Foundation's JSONEncoder was the cost (status
/// replies for thousands of agreements, counter fingerprints at start): compact, or indented as
/// JSONEncoder's `.prettyPrinted` does. The callers' tests compare the bytes with JSONEncoder's.
public struct JSONText {
    public private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    private var depth = 0

    public init(capacity: Int = 0, pretty: Bool = false) {
        bytes.reserveCapacity(capacity)
        self.pretty = pretty
    }

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    public mutating func openObject() {
        bytes.append(UInt8(ascii: "{"))
        depth += 1
    }

    /// Closes an object that has at least one key.
    public mutating func closeObject() {
        depth -= 1
        if pretty { newline() }
        bytes.append(UInt8(ascii: "}"))
    }

    /// `"key":` with a comma before it unless `first`.
    public mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        if pretty { newline() }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        if pretty { raw(" : ") } else { bytes.append(UInt8(ascii: ":")) }
    }

    public mutating func array<Values: Collection>(_ values: Values) where Values.Element: JSONTextWritable {
        bytes.append(UInt8(ascii: "["))
        depth += 1
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            if pretty { newline() }
            value.writeJSON(to: &self)
        }
        depth -= 1
        if pretty {
            if values.isEmpty { bytes.append(UInt8(ascii: "\n")) }
            newline()
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape at all: copied whole.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                raw("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    /// Finite numbers as JSONEncoder writes them: the shortest text that reads back, without a trailing `.0`.
    public mutating func double(_ value: Double) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// `"name":value`, with a comma before it unless `first`.
    public mutating func field(_ name: StaticString, _ value: some JSONTextWritable, first: Bool = false) {
        key(name, first: first)
        value.writeJSON(to: &self)
    }

    /// `"name":value` when there is a value; nothing at all when it is nil (an absent key, as
    /// JSONEncoder's `encodeIfPresent` leaves it).
    public mutating func fieldIfPresent(_ name: StaticString, _ value: (some JSONTextWritable)?, first: Bool = false) {
        if let value { field(name, value, first: first) }
    }
}

extension String: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) { json.string(self) }
}

extension Int: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) { json.int(self) }
}

extension Double: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) { json.double(self) }
}

extension Bool: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) { json.bool(self) }
}

/// nil is `null`, as JSONEncoder writes an explicitly encoded nil.
extension Optional: JSONTextWritable where Wrapped: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) {
        if let self { self.writeJSON(to: &json) } else { json.raw("null") }
    }
}

extension Array: JSONTextWritable where Element: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) { json.array(self) }
}
