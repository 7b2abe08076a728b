import Foundation
import TallyInterface
import TallyProtocol
import TallyTesting
import Testing

/// Every command's `--json`: one JSON document with the documented keys and types (docs/json.md).
@Suite("tallyctl --json", .serialized)
struct TallyctlJSONTests {
    enum Kind { case string, int, number, bool, array, object, nullableNumber, nullableString, nullableInt }

    static func check(_ object: [String: Any], _ schema: [String: Kind], _ context: String) {
        guard let data = try? JSONSerialization.data(withJSONObject: object),
            let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else {
            Issue.record("\(context): not JSON")
            return
        }
        check(value, schema, context)
    }

    static func check(_ object: JSONValue, _ schema: [String: Kind], _ context: String) {
        for (key, kind) in schema {
            guard let value = object[key] else {
                Issue.record("\(context): no key \(key)")
                continue
            }
            let ok: Bool
            switch (kind, value) {
            case (.string, .string), (.int, .integer), (.number, .integer), (.number, .double), (.bool, .bool), (.array, .array),
                (.object, .object), (.nullableNumber, .null), (.nullableNumber, .integer), (.nullableNumber, .double),
                (.nullableInt, .null), (.nullableInt, .integer), (.nullableString, .null), (.nullableString, .string):
                ok = true
            default:
                ok = false
            }
            #expect(ok, "\(context).\(key) should be \(kind), is \(value)")
        }
    }

    static func document(_ execution: Execution, _ context: String) throws -> [String: Any] {
        #expect([0, 2, 3].contains(execution.status), "\(context): \(execution.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(execution.stdout.utf8))
        return try #require(parsed as? [String: Any], "\(context) prints one JSON object")
    }

    static let quota: [String: Kind] = [
        "id": .string, "window": .string, "window_start": .string, "window_end": .string, "target": .int, "delivered": .int,
        "expected": .number, "status": .string, "remaining": .int, "projected": .nullableNumber,
        "required_per_week": .nullableNumber, "current_per_week": .nullableNumber,
    ]
    static let milestone: [String: Kind] = ["id": .string, "due": .string, "target": .nullableInt, "delivered": .nullableInt, "status": .string]
    static let agreement: [String: Kind] = [
        "id": .string, "state": .string, "stale": .bool, "start": .string, "end": .string, "quotas": .array, "milestones": .array,
    ]

    static func checkStatus(_ document: [String: Any], _ context: String) {
        check(document, ["at": .string, "agreements": .array], context)
        for agreement in document["agreements"] as? [[String: Any]] ?? [] {
            check(agreement, Self.agreement, "\(context).agreements[]")
            for quota in agreement["quotas"] as? [[String: Any]] ?? [] { check(quota, Self.quota, "\(context).quotas[]") }
            for milestone in agreement["milestones"] as? [[String: Any]] ?? [] { check(milestone, Self.milestone, "\(context).milestones[]") }
        }
    }

    @Test func everyCommandPrintsItsDocument() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        let csv = try harness.file("d.csv", TallyctlEndToEndTests.atRiskCSV)

        let status = try Self.document(harness.tallyctl(["--json", "status"]), "status")
        Self.checkStatus(status, "status")
        let rawStatus = try harness.tallyctl(["status", "--json"]).stdout
        // Milestones carry every key, null where undefined (target and delivered of a manual one).
        #expect(rawStatus.contains("\"reached_on\" : null"), "\(rawStatus)")
        Self.checkStatus(try Self.document(harness.tallyctl(["check", "--at", "2024-05-10", "--json"]), "check"), "check")

        let imported = try Self.document(harness.tallyctl(["import", csv, "--json"]), "import")
        Self.check(imported, ["created": .int, "unchanged": .int, "rows": .int, "dry_run": .bool], "import")
        let recorded = try Self.document(harness.tallyctl(["record", "ben-tre-2024", "--kind", "video", "--published", "2024-05-14", "--id", "V", "--json"]), "record")
        Self.check(recorded, ["id": .int, "created": .bool], "record")

        let agreements = try Self.document(harness.tallyctl(["agreements", "--json"]), "agreements")
        for item in agreements["agreements"] as? [[String: Any]] ?? [] {
            Self.check(item, ["id": .string, "title": .string, "state": .string, "start": .string, "end": .string, "timezone": .string,
                              "quota_count": .int, "campaign_count": .int, "parties": .array], "agreements[]")
        }
        let shown = try Self.document(harness.tallyctl(["show", "ben-tre-2024", "--json"]), "show")
        let detail = try #require(shown["agreement"] as? [String: Any])
        Self.check(detail, ["id": .string, "quotas": .array, "campaigns": .array, "blackouts": .array, "status": .object, "past_windows": .array], "show")

        let deliveries = try Self.document(harness.tallyctl(["deliveries", "--json"]), "deliveries")
        let items = try #require(deliveries["deliveries"] as? [[String: Any]])
        #expect(items.count == 3)
        for item in items {
            Self.check(item, ["id": .int, "agreement": .string, "published": .string, "day": .string, "kind": .string, "language": .string,
                              "tags": .array, "count": .int, "recorded_at": .string, "recorded_by": .int], "deliveries[]")
        }
        let exported = try Self.document(harness.tallyctl(["export", "--json"]), "export")
        #expect((exported["deliveries"] as? [Any])?.count == 3)

        let voided = try Self.document(harness.tallyctl(["void", "1", "--reason", "twice", "--json"]), "void")
        let voidedDelivery = try #require(voided["delivery"] as? [String: Any])
        Self.check(try #require(voidedDelivery["void"] as? [String: Any]), ["at": .string, "by": .int, "reason": .string], "void.delivery.void")

        let milestone = try Self.document(harness.tallyctl(["milestone", "done", "ben-tre-2024", "dai-hoi/phu-luc", "--json"]), "milestone")
        Self.check(try #require(milestone["milestone"] as? [String: Any]), ["id": .string, "due": .string, "status": .string], "milestone")

        let alerts = try Self.document(harness.tallyctl(["alerts", "--json"]), "alerts")
        #expect(alerts["alerts"] is [Any])
        for alert in alerts["alerts"] as? [[String: Any]] ?? [] {
            Self.check(alert, ["id": .int, "at": .string, "type": .string, "priority": .int, "agreement": .string, "status": .string,
                               "repeat": .int, "message": .string], "alerts[]")
        }
        let history = try Self.document(harness.tallyctl(["history", "--json"]), "history")
        for entry in try #require(history["entries"] as? [[String: Any]]) {
            Self.check(entry, ["id": .int, "at": .string, "uid": .int, "action": .string, "detail": .string], "history[]")
        }
        let reload = try Self.document(harness.tallyctl(["reload", "--json"]), "reload")
        Self.check(reload, ["added": .array, "removed": .array, "changed": .array, "archived": .array, "agreements": .int], "reload")
        let backup = try Self.document(harness.tallyctl(["backup", harness.directory.path("b.sqlite"), "--json"]), "backup")
        Self.check(backup, ["path": .string, "bytes": .int], "backup")
        let validate = try Self.document(harness.tallyctl(["validate", harness.directory.path("tally.toml"), "--json"]), "validate")
        Self.check(validate, ["valid": .bool, "path": .string, "agreements": .array, "errors": .array], "validate")
    }

    @Test func rejectedImportsPrintTheirRowsAsJSON() throws {
        let harness = try TallyctlHarness(agreements: ["10-ben-tre.toml": Agreements.benTre])
        let csv = try harness.file("bad.csv", "agreement,published,kind,url\nben-tre-2024,2024-05-01,article,https://a\nben-tre-2024,someday,article,https://b\n")
        let result = try harness.tallyctl(["import", csv, "--json"])
        #expect(result.status == 1)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        Self.check(parsed, ["errors": .array, "total": .int], "import rejected")
        let first = try #require((parsed["errors"] as? [[String: Any]])?.first)
        #expect(first["line"] as? Int == 3)
    }
}
