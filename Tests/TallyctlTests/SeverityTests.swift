import TallyCore
import TallyInterface
import TallyReport
import Testing

@testable import tallyctl

/// tallyctl maps the severities tallyd reports to an exit status; the rules are the core's (TallyCoreTests).
@Suite("Exit status of status and check")
struct SeverityTests {
    private static func agreement(_ id: String, _ severity: String?) -> AgreementStatus {
        var agreement = Fixture.agreement(id)
        agreement.severity = severity
        return agreement
    }

    @Test func theWorstReportedSeverityDecides() {
        #expect(Severity.exitStatus(for: Fixture.status()) == 0)
        #expect(Severity.exitStatus(for: Fixture.status(Self.agreement("a", "OK"))) == 0)
        #expect(Severity.exitStatus(for: Fixture.status(Self.agreement("a", "OK"), Self.agreement("b", "WARNING"))) == 2)
        #expect(Severity.exitStatus(for: Fixture.status(
            Self.agreement("a", "WARNING"), Self.agreement("b", "CRITICAL"), Self.agreement("c", "OK"))) == 3)
    }

    @Test func anUnknownOrMissingSeverityReadsAsOK() {
        #expect(Severity(reported: nil) == .ok)
        #expect(Severity(reported: "SEVERE") == .ok)
        #expect(Severity(reported: "CRITICAL") == .critical)
    }

    @Test func styles() {
        #expect(StatusColour.of("BEHIND") == .red)
        #expect(StatusColour.of("AT_RISK") == .yellow)
        #expect(StatusColour.of("ON_TRACK") == .green)
        #expect(StatusColour.of("PENDING") == nil)
        #expect(Severity.critical.dotStyle(state: "ACTIVE") == .red)
        #expect(Severity.ok.dotStyle(state: "ENDED") == .grey)
    }
}
