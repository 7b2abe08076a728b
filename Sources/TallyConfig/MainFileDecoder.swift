import Foundation
import TallyCore
import TallyMail

/// The main file (`tally.toml`) as written, before paths are resolved.
struct MainFileSettings {
    var socket = "/run/tally/io.tally"
    var database = "/var/lib/tally/tally.sqlite"
    var agreementsDirectory = "agreements.d"
    var policy = EvaluationPolicy()
    var writers = ["tally-editors"]
    var approvers = Configuration.defaultApprovers
    var feeders = FetchSettings.defaultFeeders
    /// `ca_file` as written: relative to the main file's directory until the loader resolves it.
    var fetch = FetchSettings()
    var report = ReportSettings()
    var metrics = MetricsSettings()
}

/// Reads `[daemon]`, `[[blackout]]`, `[pace]`, `[access]`, `[fetch]`, `[report]` and `[metrics]`.
enum MainFileDecoder {
    static let rootKeys = ["daemon", "blackout", "pace", "access", "fetch", "report", "metrics"]
    static let daemonKeys = [
        "socket", "database", "agreements_dir", "check_interval", "timezone", "renotify", "due_soon",
        "expiry_warning", "stale_after", "remind", "onboarding", "feed_failing_after",
    ]
    static let paceKeys = ["at_risk_below", "behind_below"]
    static let accessKeys = ["writers", "feeders", "approvers"]
    static let fetchKeys = ["parallel", "ca_file"]
    static let reportKeys = ["mail_from", "sendmail", "lang"]
    static let metricsKeys = ["textfile"]
    /// How many feeds the fetcher may read at once.
    static let parallelRange = 1...64

    static func decode(_ root: TableReader) -> MainFileSettings {
        var settings = MainFileSettings()
        if let daemon = root.table("daemon", keys: daemonKeys) {
            if let socket = daemon.string("socket") { settings.socket = socket }
            if let database = daemon.string("database") { settings.database = database }
            if let directory = daemon.string("agreements_dir") { settings.agreementsDirectory = directory }
            if let zone = timeZone(daemon, "timezone") { settings.policy.defaultTimeZone = zone }
            if let value = daemon.duration("check_interval") { settings.policy.checkInterval = value }
            if let value = daemon.duration("renotify") { settings.policy.renotify = value }
            if let value = daemon.duration("due_soon") { settings.policy.dueSoon = value }
            if let value = daemon.duration("expiry_warning") { settings.policy.expiryWarning = value }
            if let value = daemon.duration("stale_after") { settings.policy.staleAfter = value }
            if let value = reminders(daemon) { settings.policy.remind = value }
            if let value = daemon.duration("onboarding", allowingZero: true) { settings.policy.onboarding = value }
            if let value = feedFailingAfter(daemon) { settings.policy.feedFailingAfter = value }
        }
        settings.policy.blackouts = root.tables("blackout", keys: AgreementDecoder.blackoutKeys).compactMap { AgreementDecoder.blackout($0, scope: .global) }
        if let pace = root.table("pace", keys: paceKeys) {
            let defaults = PaceThresholds()
            let (atRisk, behind) = thresholds(pace, over: defaults)
            settings.policy.pace = PaceThresholds(
                atRiskBelow: atRisk ?? defaults.atRiskBelow, behindBelow: behind ?? defaults.behindBelow)
        }
        if let access = root.table("access", keys: accessKeys) {
            if let writers = groups(access, "writers") { settings.writers = writers }
            if let feeders = groups(access, "feeders") { settings.feeders = feeders }
            if let approvers = groups(access, "approvers") { settings.approvers = approvers }
        }
        if let fetch = root.table("fetch", keys: fetchKeys) { settings.fetch = fetchSettings(fetch) }
        if let report = root.table("report", keys: reportKeys) { settings.report = reportSettings(report) }
        if let metrics = root.table("metrics", keys: metricsKeys) { settings.metrics = MetricsSettings(textfile: textfile(metrics)) }
        return settings
    }

    /// `[report]` (SPEC §11): `mail_from` a mail address, `sendmail` an absolute path (whether it exists is
    /// checked when mail is sent: an MTA installed later must not need a reload), `lang` vi or en.
    private static func reportSettings(_ report: TableReader) -> ReportSettings {
        var settings = ReportSettings()
        if let from = report.string("mail_from"), mailAddress(report, "mail_from", from) != nil {
            settings.mailFrom = from
        }
        if let sendmail = report.string("sendmail") {
            if sendmail.hasPrefix("/") {
                settings.sendmail = sendmail
            } else {
                report.issue("sendmail", "expected the absolute path of the MTA's sendmail program, such as \"\(ReportSettings.defaultSendmail)\", got \"\(sendmail)\"")
            }
        }
        if let lang = report.string("lang") {
            if let language = ReportLanguage(rawValue: lang) {
                settings.language = language
            } else {
                let names = ReportLanguage.allCases.map(\.rawValue).joined(separator: " or ")
                report.issue("lang", "expected a report language, \(names), got \"\(lang)\"")
            }
        }
        return settings
    }

    /// `text` as a mail address (`addr` or `Name <addr>`), logged at `key` when it is not one.
    static func mailAddress(_ table: TableReader, _ key: String, _ text: String) -> MailAddress? {
        do {
            return try MailAddress(parsing: text)
        } catch {
            table.issue(key, error.description)
            return nil
        }
    }

    /// `writers`, `feeders` or `approvers`: group names.
    private static func groups(_ access: TableReader, _ key: String) -> [String]? {
        guard let groups = access.strings(key) else { return nil }
        var valid = true
        for (index, group) in groups.enumerated() where !isGroupName(group) {
            access.log.add(access.keyPath(key) + "[\(index)]", "\"\(group)\" is not a valid group name; use lowercase letters, digits, \"_\" and \"-\", starting with a letter or \"_\"")
            valid = false
        }
        return valid ? groups : nil
    }

    /// `[fetch]`: `parallel` from 1 to 64, `ca_file` a path (resolved by the loader). tallyd never reads the CA
    /// file, the fetcher does: it is not looked for here, and a missing one fails the fetches that need it.
    private static func fetchSettings(_ fetch: TableReader) -> FetchSettings {
        var settings = FetchSettings()
        if let parallel = fetch.integer("parallel") {
            if parallelRange.contains(parallel) {
                settings.parallel = parallel
            } else {
                fetch.issue("parallel", "expected from \(parallelRange.lowerBound) to \(parallelRange.upperBound) feeds fetched at once, got \(parallel)")
            }
        }
        settings.caFile = fetch.string("ca_file")
        return settings
    }

    /// `[metrics] textfile`: a path like the others (a relative one is taken from the main file's directory, which
    /// the loader does) ending in `.prom`, the only files node_exporter's textfile collector reads. Its directory is
    /// not looked for: a missing or unwritable one costs the metrics of a pass (with a warning), never the pass.
    private static func textfile(_ metrics: TableReader) -> String? {
        guard let path = metrics.string("textfile") else { return nil }
        guard path.hasSuffix(".prom"), path.split(separator: "/").last.map({ $0 != ".prom" }) ?? false else {
            metrics.issue("textfile", "\"\(path)\" does not name a *.prom file, the only files node_exporter's textfile collector reads; use a path such as \"/var/lib/prometheus/node-exporter/tally.prom\"")
            return nil
        }
        return path
    }

    /// `feed_failing_after`: at least the shortest poll interval, 5 minutes.
    private static func feedFailingAfter(_ daemon: TableReader) -> Duration? {
        guard let value = daemon.duration("feed_failing_after") else { return nil }
        let minimum = Duration.seconds(Feed.minimumInterval)
        guard value >= minimum else {
            daemon.issue("feed_failing_after", "expected \"\(ConfigurationDuration.format(minimum))\" or more (the shortest poll interval of a feed), got \"\(ConfigurationDuration.format(value))\"")
            return nil
        }
        return value
    }

    /// A time zone identifier such as `Asia/Ho_Chi_Minh`.
    static func timeZone(_ table: TableReader, _ key: String) -> TimeZone? {
        guard let identifier = table.string(key) else { return nil }
        guard let zone = TimeZone(identifier: identifier) else {
            table.issue(key, "unknown time zone \"\(identifier)\"; use an IANA name such as \"Asia/Ho_Chi_Minh\"")
            return nil
        }
        return zone
    }

    /// The reminder ladder `remind` of `[daemon]` or a campaign (SPEC §9): leads before a milestone's due date,
    /// each more than zero, none twice, at least one.
    static func reminders(_ table: TableReader) -> [Duration]? {
        guard let leads = table.durations("remind") else { return nil }
        guard !leads.isEmpty else {
            table.issue("remind", "an empty list would raise no milestone-due-soon at all; list at least one lead such as \"7d\", or leave out the key to take the default")
            return nil
        }
        return leads
    }

    /// `at_risk_below` and `behind_below` of `table`, each in (0, 1], checked as the pair they form
    /// with `defaults` for the one left out: behind must not be above at risk. Wrong keys are
    /// logged and come back nil. `inherited` says where `defaults` come from in the message.
    static func thresholds(
        _ table: TableReader, over defaults: PaceThresholds, inherited: String = " (from [pace])"
    ) -> (atRiskBelow: Double?, behindBelow: Double?) {
        let atRisk = ratio(table, "at_risk_below")
        let behind = ratio(table, "behind_below")
        let effectiveAtRisk = atRisk ?? defaults.atRiskBelow
        let effectiveBehind = behind ?? defaults.behindBelow
        guard effectiveBehind <= effectiveAtRisk else {
            let inherited = table.path == "pace" ? "" : inherited
            let key = behind != nil ? "behind_below" : "at_risk_below"
            table.issue(key, "behind_below \(effectiveBehind)\(behind == nil ? inherited : "") must not be above at_risk_below \(effectiveAtRisk)\(atRisk == nil ? inherited : ""): a quota is BEHIND only when it is further below pace than AT_RISK")
            return (nil, nil)
        }
        return (atRisk, behind)
    }

    /// A ratio of delivered to expected, more than 0 and at most 1.
    static func ratio(_ table: TableReader, _ key: String) -> Double? {
        guard let value = table.number(key) else { return nil }
        guard value > 0, value <= 1 else {
            table.issue(key, "expected a ratio of delivered to expected above 0 and at most 1 (e.g. 0.9), got \(value)")
            return nil
        }
        return value
    }

    private static func isGroupName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 32,
            first == "_" || ("a"..."z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}
