import TallyCommandLine
import TallyCore
import TallyInterface
import Testing

@testable import TallyProtocol

@testable import tallyctl

@Suite("Varlink errors as one sentence")
struct ErrorSentenceTests {
    @Test(arguments: [
        (VarlinkError.noSuchAgreement("ben-tre"), "There is no agreement \"ben-tre\"; `tallyctl agreements` lists the ids."),
        (VarlinkError.agreementArchived("old"),
         "old: the agreement is archived (its file is gone), so it is read-only; put its file back in the agreements directory and run `tallyctl reload` to change it."),
        (VarlinkError.noSuchDelivery(17), "There is no delivery 17; `tallyctl deliveries` lists them with their ids."),
        (VarlinkError.noSuchFeed(agreement: "ben-tre-2024", feed: "vnp"),
         "The agreement \"ben-tre-2024\" has no feed \"vnp\"; `tallyctl feeds ben-tre-2024` lists the feeds with their ids."),
        (VarlinkError.noSuchCandidate(9),
         "Candidate 9 is not waiting in the inbox (it was accepted or rejected already, or never existed); `tallyctl inbox` lists the waiting ones with their ids."),
        (VarlinkError.noSuchMilestone(agreement: "a", milestone: "c/m"),
         "a: there is no manual milestone \"c/m\"; give it as CAMPAIGN/MILESTONE as `tallyctl show a` lists them (counted milestones complete by themselves)."),
        (VarlinkError.noSuchImport("i1"), "The staged import is gone (the connection or tallyd restarted); nothing was imported, run the import again."),
        (VarlinkError.invalidDelivery(field: "published", reason: "2030-01-01 is in the future; give --allow-future to record it"),
         "ben-tre-2024: published: 2030-01-01 is in the future; give --allow-future to record it."),
        (VarlinkError.invalidDelivery(field: "count", reason: "0 is not from 1 to 10000.", line: 7), "line 7: count: 0 is not from 1 to 10000."),
        (VarlinkError.importRejected(errors: [RowError(line: 2, reason: "x")], total: 3),
         "The import was refused: 3 rows are wrong; nothing was imported."),
        (VarlinkError.conflict(key: "X", fields: ["count", "title"], existingID: 12),
         "ben-tre-2024: delivery 12 with the id X already exists with a different count and title; void it first (`tallyctl void 12 --reason …`) or record this one with another id."),
        (VarlinkError.conflict(key: "https://a.vn/1", fields: ["kind"], existingID: 3),
         "ben-tre-2024: delivery 3 with the URL https://a.vn/1 already exists with a different kind; void it first (`tallyctl void 3 --reason …`) or record this one with another id."),
        (VarlinkError.conflict(key: "id:A1", fields: ["title"], existingID: 4),
         "ben-tre-2024: delivery 4 with the id A1 already exists with a different title; void it first (`tallyctl void 4 --reason …`) or record this one with another id."),
        (VarlinkError.conflict(key: "url:https://a.vn/2", fields: ["title"], existingID: 5),
         "ben-tre-2024: delivery 5 with the URL https://a.vn/2 already exists with a different title; void it first (`tallyctl void 5 --reason …`) or record this one with another id."),
        (VarlinkError.permissionDenied(method: "io.tally.Record", uid: 1000),
         "uid 1000 may read but not change data (Record); run it as root, as tallyd's user, or as a member of a group listed in [access] writers of tally.toml (such as tally-editors)."),
        (VarlinkError.invalidConfiguration(["a.toml:3: quota[0].per: expected year"]),
         "The configuration was refused (1 problem); tallyd keeps the one it had: fix the files and run `tallyctl reload` again."),
        (VarlinkError.invalidArgument("at", reason: "not a date"), "at: not a date."),
        (VarlinkError.databaseError("disk I/O error"), "tallyd's database failed: disk I/O error; `journalctl -u tallyd` has the details."),
        (VarlinkError.tooManyConnections(limit: 1024), "tallyd is serving as many connections as it allows (1024); try again in a moment."),
        (VarlinkError.invalidRequest("bad frame"), "tallyd did not accept the request (bad frame); tallyctl and tallyd may be different versions."),
        (VarlinkError.internalError("boom"), "tallyd failed unexpectedly: boom; `journalctl -u tallyd` has the details."),
        (VarlinkError.methodNotFound("io.tally.Report"), "tallyd does not offer io.tally.Report; it is older than this tallyctl: update it and restart it."),
        (VarlinkError.invalidParameter("delivery"),
         "tallyd did not accept the parameter delivery; tallyctl and tallyd may be different versions."),
        (VarlinkError(name: "io.tally.SomethingNew"), "tallyd refused the request with the error io.tally.SomethingNew; `journalctl -u tallyd` may say more."),
    ])
    func sentence(error: VarlinkError, expected: String) {
        let failure = ErrorSentences.daemonFailure(error, agreement: "ben-tre-2024")
        #expect(failure.message == expected)
        #expect(failure.exitCode == 1)
        #expect(!failure.message.contains("{"), "parameters are never shown raw")
    }

    @Test func aFeedOfNoNamedAgreementSaysSo() {
        #expect(ErrorSentences.daemonFailure(.noSuchFeed(agreement: "", feed: "vnp")).message
            == "No agreement has a feed \"vnp\"; `tallyctl feeds` lists the feeds with their ids.")
    }

    @Test func configurationErrorsAreListed() {
        let failure = ErrorSentences.daemonFailure(.invalidConfiguration(["one", "two"]))
        #expect(failure.details == ["one", "two"])
        #expect(failure.message.contains("2 problems"))
    }

    @Test func anUnreachableDaemonIsExitFourAndNamesTheSocket() throws {
        let error = try #require(throws: VarlinkClientError.self) {
            try VarlinkClient(path: "/nonexistent/tally-test/io.tally")
        }
        let failure = try #require(ErrorSentences.failure(for: error))
        #expect(failure.exitCode == 4)
        #expect(
            failure.message
                == "tallyd is not reachable at /nonexistent/tally-test/io.tally (no such file or directory); start it with `systemctl start tallyd.socket`, or give its socket with --socket or $TALLY_SOCKET.")
    }

    @Test func aReplyThisTallyctlCannotReadSaysTheVersionsDiffer() throws {
        let error = VarlinkClientError(.unexpectedReply, path: "/run/tally/io.tally", detail: "the reply to io.tally.GetStatus has a bad agreements[0].date")
        let failure = try #require(ErrorSentences.failure(for: error))
        #expect(failure.message == "The daemon at /run/tally/io.tally sent a malformed reply: the reply to io.tally.GetStatus has a bad agreements[0].date; tallyctl and tallyd may be different versions (restart tallyd after installing a new version: `systemctl restart tallyd`).")
        let framing = VarlinkClientError(.malformedReply, path: "/x", detail: "the reply is longer than 10 bytes")
        #expect(ErrorSentences.failure(for: framing)?.message == "The daemon at /x sent a malformed reply: the reply is longer than 10 bytes.")
    }

    @Test func otherErrorsAreLeftToArgumentParser() {
        struct Other: Error {}
        #expect(ErrorSentences.failure(for: Other()) == nil)
        #expect(ErrorSentences.failure(for: CommandFailure("x"))?.message == "x")
    }

    @Test func lists() {
        #expect(ErrorSentences.listed([]) == "")
        #expect(ErrorSentences.listed(["a"]) == "a")
        #expect(ErrorSentences.listed(["a", "b", "c"]) == "a, b and c")
        #expect(plural(1, "delivery", "deliveries") == "1 delivery")
        #expect(plural(2, "row") == "2 rows")
    }
}
