import Foundation
import Testing

@testable import TallyCore

/// SPEC §2: a delivery names a configured, writable agreement and is published inside it, not in the future.
@Suite struct DeliveryValidatorTests {
    private typealias F = Fixture

    private static let agreement = F.agreement(id: "ben-tre-2024", start: "2024-01-01", end: "2024-12-31")
    private static let archived = F.agreement(id: "old", start: "2023-01-01", end: "2023-12-31")
    /// 2024-05-15T20:00:00Z: already 2024-05-16 in Hồ Chí Minh City.
    private static let now = Date(timeIntervalSince1970: 1_715_803_200)

    private static func validate(_ fields: [String: String], allowFuture: Bool = false, defaultAgreement: String? = nil)
        -> Result<String, DeliveryCSV.InvalidField>
    {
        var validator = DeliveryValidator(now: now, defaultAgreement: defaultAgreement, allowFuture: allowFuture) { id in
            switch id {
            case agreement.id: (agreement, false)
            case archived.id: (archived, true)
            default: nil
            }
        }
        var row = ["agreement": "ben-tre-2024", "kind": "article"]
        row.merge(fields) { _, new in new }
        return validator.validate { row[$0] }.map { $0.0.published.description }
    }

    @Test(arguments: ["2024-01-01", "2024-05-16", "2024-05-16T16:59:59Z"])
    func insideTheAgreementAndNotLaterThanToday(published: String) {
        #expect((try? Self.validate(["published": published]).get()) != nil, "\(published)")
    }

    @Test func theAgreementsFirstAndLastDayAreItsZones() {
        // 2023-12-31T17:00:00Z is 2024-01-01 in the agreement's zone; one second earlier is not.
        #expect((try? Self.validate(["published": "2023-12-31T17:00:00Z"]).get()) != nil)
        #expect((try? Self.validate(["published": "2024-12-31T23:59:59+07:00"], allowFuture: true).get()) != nil)
        guard case .failure(let early) = Self.validate(["published": "2023-12-31T16:59:59Z"]) else {
            Issue.record("a delivery before the agreement was accepted")
            return
        }
        #expect(early.field == "published" && early.reason.contains("outside ben-tre-2024"))
        guard case .failure(let late) = Self.validate(["published": "2025-01-01"], allowFuture: true) else {
            Issue.record("a delivery after the agreement was accepted")
            return
        }
        #expect(late.field == "published")
    }

    @Test func theFutureIsTodayInTheAgreementsZone() {
        guard case .failure(let future) = Self.validate(["published": "2024-05-17"]) else {
            Issue.record("tomorrow was accepted")
            return
        }
        #expect(future.field == "published" && future.reason.contains("today is 2024-05-16 in Asia/Ho_Chi_Minh"))
        #expect((try? Self.validate(["published": "2024-05-17"], allowFuture: true).get()) == "2024-05-17")
    }

    @Test func unknownAndArchivedAgreementsAreRefused() {
        guard case .failure(let unknown) = Self.validate(["agreement": "nowhere", "published": "2024-05-01"]),
            case .failure(let old) = Self.validate(["agreement": "old", "published": "2023-05-01"])
        else {
            Issue.record("an unknown or archived agreement took a delivery")
            return
        }
        #expect(unknown.field == "agreement" && unknown.reason.contains("no agreement \"nowhere\""))
        #expect(old.field == "agreement" && old.reason.contains("archived"))
    }

    @Test func theDefaultAgreementFillsAnEmptyColumn() {
        #expect((try? Self.validate(["agreement": "", "published": "2024-05-01"], defaultAgreement: "ben-tre-2024").get()) == "2024-05-01")
    }
}
