import TallyCore
import TallyInterface
import TallyReport
import Testing

@testable import tallyctl

/// tallyctl maps the core's severities to an exit status; the rules themselves are tested in TallyCoreTests.
@Suite("Exit status of status and check")
struct SeverityTests {
    @Test func theWorstAgreementDecides() {
        #expect(Severity.exitStatus(for: Fixture.status()) == 0)
        #expect(Severity.exitStatus(for: Fixture.status(Fixture.agreement("a"))) == 0)
        #expect(Severity.exitStatus(for: Fixture.status(
            Fixture.agreement("a"), Fixture.agreement("b", quotas: [Fixture.quota(status: .atRisk)]))) == 2)
        #expect(Severity.exitStatus(for: Fixture.status(
            Fixture.agreement("a", stale: true), Fixture.agreement("b", quotas: [Fixture.quota(status: .behind)]),
            Fixture.agreement("c"))) == 3)
        #expect(Severity.exitStatus(for: Fixture.status(Fixture.agreement("old", state: .ended, quotas: [Fixture.quota(status: .behind)]))) == 0)
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
