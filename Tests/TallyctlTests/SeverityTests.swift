import TallyCore
import TallyInterface
import TallyProtocol
import TallyReport
import Testing

@testable import tallyctl

/// tallyctl maps the core's severities to an exit status; the rules themselves are tested in TallyCoreTests.
@Suite("Exit status of status and check")
struct SeverityTests {
    /// The exit status of a status, from its worst severity as `status` reads it from the typed reply and as
    /// `status --json` reads it alone.
    private static func exitStatus(_ status: Status) throws -> Int32 {
        let alone = try VarlinkJSON.decode(Status.Severities.self, from: VarlinkJSON.bytes(status)).worstSeverity
        #expect(alone == status.worstSeverity)
        return Severity.exitStatus(worst: alone)
    }

    @Test func theWorstAgreementDecides() throws {
        #expect(try Self.exitStatus(Fixture.status()) == 0)
        #expect(try Self.exitStatus(Fixture.status(Fixture.agreement("a"))) == 0)
        #expect(try Self.exitStatus(Fixture.status(
            Fixture.agreement("a"), Fixture.agreement("b", quotas: [Fixture.quota(status: .atRisk)]))) == 2)
        #expect(try Self.exitStatus(Fixture.status(
            Fixture.agreement("a", stale: true), Fixture.agreement("b", quotas: [Fixture.quota(status: .behind)]),
            Fixture.agreement("c"))) == 3)
        #expect(try Self.exitStatus(Fixture.status(Fixture.agreement("old", state: .ended, quotas: [Fixture.quota(status: .behind)]))) == 0)
    }

    @Test func styles() {
        #expect(StatusColour.of("BEHIND") == .red)
        #expect(StatusColour.of("AT_RISK") == .yellow)
        #expect(StatusColour.of("ON_TRACK") == .green)
        #expect(StatusColour.of("PENDING") == nil)
        #expect(Severity.critical.dotStyle(state: .active) == .red)
        #expect(Severity.ok.dotStyle(state: .ended) == .grey)
    }
}
