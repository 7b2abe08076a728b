import TallyCore

/// The status types written by hand as the wire's JSON (compact, keys sorted, slashes unescaped).
///
/// A status reply for a large installation carries 16,000 quotas; Foundation's JSONEncoder spent more time
/// encoding it than the daemon spent evaluating it. The bytes are exactly JSONEncoder's (`WireJSONTests`
/// compares them on generated values), so this changes speed, not output.
public enum WireJSON {
    /// `value`'s JSON as JSONEncoder writes it with sorted keys and unescaped slashes (and `.prettyPrinted`
    /// when `pretty`): by hand for the status types (finite numbers only, which the daemon guarantees),
    /// nil for anything else.
    public static func encode(_ value: some Encodable, pretty: Bool = false) -> [UInt8]? {
        guard let writable = value as? any JSONTextWritable else { return nil }
        if let status = value as? Status, status.agreements.contains(where: \.hasNonFiniteNumber) { return nil }
        // About 400 bytes a quota (600 indented): one allocation instead of a doubling series of copies.
        let quotas = (value as? Status)?.agreements.reduce(0) { $0 + $1.quotas.count + $1.milestones.count + 1 } ?? 0
        var json = JSONText(capacity: 4096 + quotas * (pretty ? 600 : 400), pretty: pretty)
        writable.writeJSON(to: &json)
        return json.bytes
    }
}

extension Status: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) {
        json.openObject()
        json.key("agreements", first: true)
        json.array(agreements)
        json.key("at")
        json.string(at)
        json.closeObject()
    }
}

extension AgreementStatus: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) {
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

extension QuotaStatus: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) {
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

extension MilestoneStatus: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) {
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
