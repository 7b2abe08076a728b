/// Writes the status types as the wire's JSON (compact, keys sorted, slashes unescaped) by hand.
///
/// A status reply for a large installation carries 16,000 quotas; Foundation's JSONEncoder spent more time
/// encoding it than the daemon spent evaluating it. The bytes are exactly JSONEncoder's (`StatusJSONTests`
/// compares them on generated values), so this changes speed, not output.
protocol WireJSONWritable {
    func writeJSON(to json: inout WireJSON)
}

/// A JSON text under construction: compact (the wire) or indented as JSONEncoder's `.prettyPrinted` does
/// (tallyctl's `--json`).
public struct WireJSON {
    private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    private var depth = 0

    init(capacity: Int = 0, pretty: Bool = false) {
        bytes.reserveCapacity(capacity)
        self.pretty = pretty
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    mutating func openObject() {
        bytes.append(UInt8(ascii: "{"))
        depth += 1
    }

    /// Closes an object that has at least one key.
    mutating func closeObject() {
        depth -= 1
        if pretty { newline() }
        bytes.append(UInt8(ascii: "}"))
    }

    /// `"key":` with a comma before it unless `first`.
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        if pretty { newline() }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        if pretty { raw(" : ") } else { bytes.append(UInt8(ascii: ":")) }
    }

    mutating func array<T: WireJSONWritable>(_ values: [T]) {
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

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
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

    mutating func string(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func int(_ value: Int?) {
        if let value { int(value) } else { raw("null") }
    }

    mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    /// Finite numbers as JSONEncoder writes them: the shortest text that reads back, without a trailing `.0`.
    mutating func double(_ value: Double) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    mutating func double(_ value: Double?) {
        if let value { double(value) } else { raw("null") }
    }
}

extension WireJSON {
    /// `value`'s JSON as JSONEncoder writes it with sorted keys and unescaped slashes (and `.prettyPrinted`
    /// when `pretty`): by hand for the status types (finite numbers only, which the daemon guarantees),
    /// nil for anything else.
    public static func encode(_ value: some Encodable, pretty: Bool = false) -> [UInt8]? {
        guard let writable = value as? any WireJSONWritable else { return nil }
        if let status = value as? Status, status.agreements.contains(where: \.hasNonFiniteNumber) { return nil }
        // About 400 bytes a quota (600 indented): one allocation instead of a doubling series of copies.
        let quotas = (value as? Status)?.agreements.reduce(0) { $0 + $1.quotas.count + $1.milestones.count + 1 } ?? 0
        var json = WireJSON(capacity: 4096 + quotas * (pretty ? 600 : 400), pretty: pretty)
        writable.writeJSON(to: &json)
        return json.bytes
    }
}

extension Status: WireJSONWritable {
    func writeJSON(to json: inout WireJSON) {
        json.openObject()
        json.key("agreements", first: true)
        json.array(agreements)
        json.key("at")
        json.string(at)
        json.closeObject()
    }
}

extension AgreementStatus: WireJSONWritable {
    func writeJSON(to json: inout WireJSON) {
        json.openObject()
        json.key("end", first: true)
        json.string(end)
        json.key("id")
        json.string(id)
        json.key("milestones")
        json.array(milestones)
        json.key("quotas")
        json.array(quotas)
        json.key("stale")
        json.bool(stale)
        json.key("start")
        json.string(start)
        json.key("state")
        json.string(state)
        json.key("title")
        json.string(title)
        json.closeObject()
    }

    /// JSONEncoder refuses infinities and NaN; such a status (never made by the daemon) takes that path.
    var hasNonFiniteNumber: Bool {
        quotas.contains { q in
            !q.expected.isFinite || [q.projected, q.requiredPerWeek, q.currentPerWeek].contains { $0.map { !$0.isFinite } ?? false }
        }
    }
}

extension QuotaStatus: WireJSONWritable {
    func writeJSON(to json: inout WireJSON) {
        json.openObject()
        json.key("current_per_week", first: true)
        json.double(currentPerWeek)
        json.key("delivered")
        json.int(delivered)
        json.key("elapsed_days")
        json.int(elapsedDays)
        json.key("expected")
        json.double(expected)
        json.key("id")
        json.string(id)
        json.key("left_days")
        json.int(leftDays)
        json.key("projected")
        json.double(projected)
        json.key("remaining")
        json.int(remaining)
        json.key("required_per_week")
        json.double(requiredPerWeek)
        json.key("status")
        json.string(status)
        json.key("target")
        json.int(target)
        json.key("title")
        json.string(title)
        json.key("window")
        json.string(window)
        json.key("window_days")
        json.int(windowDays)
        json.key("window_end")
        json.string(windowEnd)
        json.key("window_start")
        json.string(windowStart)
        json.closeObject()
    }
}

extension MilestoneStatus: WireJSONWritable {
    func writeJSON(to json: inout WireJSON) {
        json.openObject()
        var first = true
        if let campaignRunning {
            json.key("campaign_running", first: true)
            json.bool(campaignRunning)
            first = false
        }
        json.key("delivered", first: first)
        json.int(delivered)
        json.key("due")
        json.string(due)
        json.key("id")
        json.string(id)
        json.key("reached_on")
        json.string(reachedOn)
        json.key("status")
        json.string(status)
        json.key("target")
        json.int(target)
        json.key("title")
        json.string(title)
        json.closeObject()
    }
}
