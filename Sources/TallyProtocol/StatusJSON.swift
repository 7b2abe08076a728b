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
        json.field("agreements", agreements, first: true)
        json.field("at", at)
        json.closeObject()
    }
}

extension AgreementStatus: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) {
        json.openObject()
        json.field("end", end, first: true)
        json.field("id", id)
        json.field("milestones", milestones)
        json.field("quotas", quotas)
        json.field("stale", stale)
        json.field("start", start)
        json.field("state", state)
        json.field("title", title)
        json.closeObject()
    }

    /// JSONEncoder refuses infinities and NaN; such a status (never made by the daemon) takes that path.
    var hasNonFiniteNumber: Bool {
        quotas.contains { q in
            !q.expected.isFinite || !(q.projected ?? 0).isFinite || !(q.requiredPerWeek ?? 0).isFinite
                || !(q.currentPerWeek ?? 0).isFinite
        }
    }
}

extension QuotaStatus: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) {
        json.openObject()
        json.field("current_per_week", currentPerWeek, first: true)
        json.field("delivered", delivered)
        json.field("elapsed_days", elapsedDays)
        json.field("expected", expected)
        json.field("id", id)
        json.field("left_days", leftDays)
        json.field("projected", projected)
        json.field("remaining", remaining)
        json.field("required_per_week", requiredPerWeek)
        json.field("status", status)
        json.field("target", target)
        json.field("title", title)
        json.field("window", window)
        json.field("window_days", windowDays)
        json.field("window_end", windowEnd)
        json.field("window_start", windowStart)
        json.closeObject()
    }
}

extension MilestoneStatus: JSONTextWritable {
    public func writeJSON(to json: inout JSONText) {
        json.openObject()
        json.fieldIfPresent("campaign_running", campaignRunning, first: true)
        json.field("delivered", delivered, first: campaignRunning == nil)
        json.field("due", due)
        json.field("id", id)
        json.field("reached_on", reachedOn)
        json.field("status", status)
        json.field("target", target)
        json.field("title", title)
        json.closeObject()
    }
}
