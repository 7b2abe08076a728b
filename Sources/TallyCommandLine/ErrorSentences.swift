import TallyInterface
import TallyProtocol

/// Turns what the connection or the daemon reports into one sentence for the user (SPEC §6).
///
/// Varlink errors are never shown raw: each known name has its sentence, built from its
/// parameters and from what the command knows (`agreement`), saying what would be right.
public enum ErrorSentences {
    /// The failure for `error`, or nil when it is not a connection or daemon error.
    public static func failure(for error: any Error, agreement: String? = nil) -> CommandFailure? {
        switch error {
        case let error as CommandFailure: error
        case let error as VarlinkClientError: connectionFailure(error)
        case let error as VarlinkError: daemonFailure(error, agreement: agreement)
        default: nil
        }
    }

    /// The connection failed: unreachable is exit 4 and says how to start the daemon.
    public static func connectionFailure(_ error: VarlinkClientError) -> CommandFailure {
        switch error.code {
        case .unreachable:
            CommandFailure(
                "tallyd is not reachable at \(error.path) (\(error.detail.lowercasedFirst)); start it with "
                    + "`systemctl start tallyd.socket`, or give its socket with --socket or $TALLY_SOCKET.",
                exitCode: ExitStatus.unreachable)
        case .unexpectedReply:
            CommandFailure(
                error.description.dropLast() + "; tallyctl and tallyd may be different versions "
                    + "(restart tallyd after installing a new version: `systemctl restart tallyd`).")
        default:
            CommandFailure(error.description)
        }
    }

    /// The daemon answered with an error.
    public static func daemonFailure(_ error: VarlinkError, agreement: String? = nil) -> CommandFailure {
        let p = Parameters(error.parameters)
        let subject = p.string("agreement") ?? agreement
        let prefix = subject.map { "\($0): " } ?? ""
        switch error.name {
        case TallyErrorName.noSuchAgreement:
            return CommandFailure("There is no agreement \"\(p.string("agreement") ?? agreement ?? "?")\"; `tallyctl agreements` lists the ids.")
        case TallyErrorName.agreementArchived:
            return CommandFailure(
                "\(prefix)the agreement is archived (its file is gone), so it is read-only; "
                    + "put its file back in the agreements directory and run `tallyctl reload` to change it.")
        case TallyErrorName.noSuchDelivery:
            return CommandFailure("There is no delivery \(p.int("id").map(String.init) ?? "?"); `tallyctl deliveries` lists them with their ids.")
        case TallyErrorName.noSuchFeed:
            // A fetch of `--feed ID` over all agreements names no agreement (an empty one).
            let feed = p.string("feed") ?? "?"
            let named = p.string("agreement").flatMap { $0.isEmpty ? nil : $0 } ?? agreement
            let owner = named.map { "The agreement \"\($0)\" has no feed" } ?? "No agreement has a feed"
            let listing = named.map { "`tallyctl feeds \($0)`" } ?? "`tallyctl feeds`"
            return CommandFailure("\(owner) \"\(feed)\"; \(listing) lists the feeds with their ids.")
        case TallyErrorName.noSuchCandidate:
            let id = p.int("id").map(String.init) ?? "?"
            return CommandFailure(
                "Candidate \(id) is not waiting in the inbox (it was accepted or rejected already, or never existed); "
                    + "`tallyctl inbox` lists the waiting ones with their ids.")
        case TallyErrorName.noSuchMilestone:
            let milestone = p.string("milestone") ?? "?"
            return CommandFailure(
                "\(prefix)there is no manual milestone \"\(milestone)\"; give it as CAMPAIGN/MILESTONE as "
                    + "`tallyctl show \(subject ?? "AGREEMENT")` lists them (counted milestones complete by themselves).")
        case TallyErrorName.noSuchImport:
            return CommandFailure("The staged import is gone (the connection or tallyd restarted); nothing was imported, run the import again.")
        case TallyErrorName.invalidDelivery:
            let field = p.string("field") ?? "delivery"
            let reason = p.string("reason") ?? "invalid"
            let place = p.int("line").map { "line \($0): " } ?? prefix
            return CommandFailure("\(place)\(field): \(reason.sentence)")
        case TallyErrorName.importRejected:
            let total = p.int("total") ?? 0
            return CommandFailure("The import was refused: \(plural(total, "row")) \(total == 1 ? "is" : "are") wrong; nothing was imported.")
        case TallyErrorName.conflict:
            return conflict(p, prefix: prefix)
        case TallyErrorName.permissionDenied:
            let method = (p.string("method") ?? "this").split(separator: ".").last.map(String.init) ?? "this"
            let uid = p.int("uid").map { "uid \($0)" } ?? "this user"
            if p.string("access") == "approvers" {
                return CommandFailure(
                    "\(uid) may not sign acceptance records or record payments (\(method)); run it as root, as tallyd's "
                        + "user, or as a member of a group listed in [access] approvers of tally.toml (such as tally-approvers). "
                        + "Nothing was changed.")
            }
            return CommandFailure(
                "\(uid) may read but not change data (\(method)); run it as root, as tallyd's user, "
                    + "or as a member of a group listed in [access] writers of tally.toml (such as tally-editors).")
        case TallyErrorName.invalidConfiguration:
            let errors = p.strings("errors")
            return CommandFailure(
                "The configuration was refused (\(plural(errors.count, "problem"))); tallyd keeps the one it had: "
                    + "fix the files and run `tallyctl reload` again.",
                details: errors)
        case TallyErrorName.noSuchRecord:
            let number = p.string("number") ?? "?"
            return CommandFailure(
                "\(prefix)there is no signed record \"\(number)\"; `tallyctl accept list \(subject ?? "AGREEMENT")` lists them.")
        case TallyErrorName.settlementRefused:
            let reason = (p.string("reason") ?? "refused").sentenceBody
            // The core's sentences mostly name the agreement already.
            let named = subject.map { reason.contains($0) } ?? true
            let sentence = named ? reason.prefix(1).uppercased() + reason.dropFirst() : prefix + reason
            return CommandFailure("\(sentence); nothing was changed.")
        case TallyErrorName.invalidArgument:
            return CommandFailure("\(p.string("parameter") ?? "argument"): \((p.string("reason") ?? "invalid").sentence)")
        case TallyErrorName.databaseError:
            return CommandFailure("tallyd's database failed: \((p.string("reason") ?? "unknown").sentenceBody); `journalctl -u tallyd` has the details.")
        case TallyErrorName.tooManyConnections:
            let limit = p.int("limit").map { " (\($0))" } ?? ""
            return CommandFailure("tallyd is serving as many connections as it allows\(limit); try again in a moment.")
        case TallyErrorName.invalidRequest:
            let reason = p.string("reason").map { " (\($0.sentenceBody))" } ?? ""
            return CommandFailure("tallyd did not accept the request\(reason); tallyctl and tallyd may be different versions.")
        case "org.varlink.service.InvalidParameter":
            return CommandFailure(
                "tallyd did not accept the parameter \(p.string("parameter") ?? "?"); tallyctl and tallyd may be different versions.")
        case TallyErrorName.internalError:
            return CommandFailure("tallyd failed unexpectedly: \((p.string("reason") ?? "unknown").sentenceBody); `journalctl -u tallyd` has the details.")
        case "org.varlink.service.MethodNotFound", "org.varlink.service.MethodNotImplemented":
            let method = p.string("method") ?? "this method"
            return CommandFailure("tallyd does not offer \(method); it is older than this tallyctl: update it and restart it.")
        default:
            return CommandFailure("tallyd refused the request with the error \(error.name); `journalctl -u tallyd` may say more.")
        }
    }

    private static func conflict(_ p: Parameters, prefix: String) -> CommandFailure {
        // The daemon may name the key with its kind: `id:X` or `url:https://…`.
        var key = p.string("key") ?? "?"
        var isURL = key.contains("://")
        if key.hasPrefix("id:") {
            key.removeFirst(3)
            isURL = false
        } else if key.hasPrefix("url:") {
            key.removeFirst(4)
            isURL = true
        }
        let what = isURL ? "the URL \(key)" : "the id \(key)"
        let fields = p.strings("fields")
        let differing = fields.isEmpty ? "other values" : "a different \(listed(fields))"
        let existing = p.int("existing_id")
        let voidHint = existing.map { "void it first (`tallyctl void \($0) --reason …`)" } ?? "void it first"
        let holder = existing.map { "delivery \($0) with \(what)" } ?? "an item with \(what)"
        return CommandFailure("\(prefix)\(holder) already exists with \(differing); \(voidHint) or record this one with another id.")
    }

    /// `a`, `a and b`, `a, b and c`.
    public static func listed(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }
}

/// `3 rows`, `1 row`, `2 deliveries`.
public func plural(_ count: Int, _ noun: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
}

/// Typed reads of an error's parameters.
private struct Parameters {
    let value: JSONValue
    init(_ value: JSONValue) { self.value = value }

    func string(_ key: String) -> String? {
        if case .string(let text)? = value[key] { return text }
        return nil
    }

    func int(_ key: String) -> Int? {
        if case .integer(let number)? = value[key] { return Int(exactly: number) }
        return nil
    }

    func strings(_ key: String) -> [String] {
        guard case .array(let items)? = value[key] else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }
}

extension String {
    /// The text ending in a full stop.
    public var sentence: String {
        let trimmed = sentenceBody
        return trimmed.isEmpty ? trimmed : trimmed + "."
    }

    /// The text without a trailing full stop, to continue a sentence.
    public var sentenceBody: String {
        var text = self
        while text.last == "." || text.last == " " { text.removeLast() }
        return text
    }

    /// The text with its first letter in lower case ("No such file" → "no such file").
    public var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
