import Foundation
import TallyCore
import Testing

@testable import TallyDaemon

/// `systemd/tally.catalog` explains every MESSAGE_ID tallyd writes, in English and in Vietnamese (SPEC §4).
@Suite struct CatalogTests {
    static let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("systemd/tally.catalog")

    static let ids = AlertType.allCases.map(\.messageID) + OperationalMessage.allCases.map(\.messageID)

    @Test func everyMessageIDHasAnEnglishAndAVietnameseEntryWithASubject() throws {
        let text = try String(contentsOf: Self.catalog, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Set(Self.ids).count == Self.ids.count, "MESSAGE_IDs are unique")
        for id in Self.ids {
            for header in ["-- \(id)", "-- \(id) vi"] {
                let index = lines.firstIndex(of: header)
                #expect(index != nil, "no entry \(header)")
                if let index { #expect(lines[index + 1].hasPrefix("Subject: "), "\(header) has no subject") }
            }
        }
    }

    @Test func theSettlementAlertsNameTheirFields() throws {
        let text = try String(contentsOf: Self.catalog, encoding: .utf8)
        let due = try #require(text.range(of: "-- \(AlertType.acceptanceDue.messageID)\n"))
        #expect(text[due.upperBound...].prefix(200).contains("@TALLY_PERIOD@"))
        #expect(AlertType.acceptanceDue.priority == 4)
        #expect(AlertType.settlementValueReached.priority == 4)
    }
}
