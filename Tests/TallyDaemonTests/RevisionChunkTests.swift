import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import Testing
@testable import TallyDaemon

/// A committed import revises the closed windows of every agreement it names, `Checker.revisionChunk` agreements at
/// a time (issue 15: holding every agreement's closed windows at once was a 2 M-row import's peak memory).
@Suite struct RevisionChunkTests {
    /// Q1 2025 of 2 × chunk + 1 agreements closes MISSED (0 of 91); one import then delivers 91 articles in February
    /// to each: every agreement, in the first chunk, the second and the last one alone, has Q1 MET, with one
    /// `quota-outcome-changed` each.
    @Test func anImportRevisesClosedWindowsInEveryChunk() async throws {
        let fixture = try await ControlFixture()
        let others = (0..<(2 * Checker.revisionChunk)).map { String(format: "chunk-%03d", $0) }
        for id in others { try ControlFixture.writeAgreement(in: fixture.directory, "", id: id) }
        let ids = [ControlFixture.agreement] + others
        #expect(try await fixture.call(IOTally.reload, VarlinkEmpty()).agreements == ids.count)
        _ = try await fixture.call(IOTally.check, CheckParameters())
        for id in ids {
            let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: id))
            #expect(detail.agreement.pastWindows.map(\.outcome.outcome) == [.missed], "\(id) before the import")
        }
        let before = try await fixture.call(IOTally.listAlerts, PageParameters()).alerts.last.map { Int($0.id) }

        #expect(try await fixture.importFebruary(of: ids).created == ids.count)

        for id in ids {
            let detail = try await fixture.call(IOTally.showAgreement, ShowAgreementParameters(agreement: id))
            #expect(detail.agreement.pastWindows.map(\.outcome.outcome) == [.met], "\(id) after the import")
            #expect(detail.agreement.pastWindows.map(\.outcome.delivered) == [91], "\(id) after the import")
        }
        let changed = try await fixture.call(IOTally.listAlerts, PageParameters(limit: 1000, after: before)).alerts
            .map(\.alert).filter { $0.type == .quotaOutcomeChanged }
        #expect(changed.map(\.agreement).sorted() == ids.sorted())
    }
}
