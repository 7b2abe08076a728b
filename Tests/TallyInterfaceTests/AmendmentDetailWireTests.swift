import Foundation
import TallyCore
import TallyProtocol
import Testing

@testable import TallyInterface

/// ShowAgreement's amendments in detail (`io.tally.AmendmentDetail`, `io.tally.QuotaChange`) and a quota's carry-over
/// (`io.tally.QuotaConfig`).
@Suite struct AmendmentDetailWireTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text) ?? CivilDate(dayNumber: 0) }

    static let amendment = Amendment(
        id: "pl-01", title: "Phụ lục 01", signed: day("2025-03-20"), effective: day("2025-04-01"),
        quotas: [
            QuotaAmendment(id: "news", change: .amend(QuotaChanges(target: 150, kinds: ["article", "video"], atRiskBelow: 0.8))),
            QuotaAmendment(id: "monthly", change: .remove),
            QuotaAmendment(id: "en", change: .add(Quota(
                id: "en", title: "Tin tiếng Anh", target: 24, per: .year, filter: DeliveryFilter(languages: ["en"]),
                prorate: false, carry: .deficit))),
        ])

    @Test func eachChangeHasItsShapeAndTheWholeRoundTrips() throws {
        let text = String(decoding: try VarlinkJSON.encode(AmendmentDetail(Self.amendment)), as: UTF8.self)
        #expect(text == #"{"effective":"2025-04-01","end":null,"id":"pl-01","quotas":["#
            + #"{"at_risk_below":0.8,"change":"amend","filters":{"kinds":["article","video"]},"id":"news","target":150},"#
            + #"{"change":"remove","id":"monthly"},"#
            + #"{"carry":"deficit","change":"add","filters":{"languages":["en"]},"id":"en","per":"year","prorate":false,"target":24,"title":"Tin tiếng Anh"}"#
            + #"],"signed":"2025-03-20","title":"Phụ lục 01"}"#)
        #expect(try JSONDecoder().decode(AmendmentDetail.self, from: Data(text.utf8)) == AmendmentDetail(Self.amendment))
    }

    @Test func anUnknownChangeIsRefused() {
        let text = #"{"effective":"2025-04-01","id":"x","quotas":[{"change":"rename","id":"q"}],"title":"X"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AmendmentDetail.self, from: Data(text.utf8)) }
    }

    /// The detail lists amendments only when there are some, so an agreement without writes the keys it always did.
    @Test func theDetailListsAmendmentsOnlyWhenThereAreSome() throws {
        let status = AgreementEvaluation(
            agreementID: "a", title: "A", date: Self.day("2025-05-15"), state: .active, stale: false,
            start: Self.day("2025-01-01"), end: Self.day("2025-12-31"), quotas: [], milestones: [])
        func detail(_ amendments: [AmendmentDetail]) -> AgreementDetail {
            AgreementDetail(
                id: "a", title: "A", parties: [], start: "2025-01-01", end: "2025-12-31", timezone: "Asia/Ho_Chi_Minh",
                state: "ACTIVE", quotas: [], campaigns: [], blackouts: [], status: status, pastWindows: [], amendments: amendments)
        }
        let without = String(decoding: try VarlinkJSON.encode(detail([])), as: UTF8.self)
        #expect(!without.contains("amendments"))
        let with = detail([AmendmentDetail(Self.amendment)])
        let text = String(decoding: try VarlinkJSON.encode(with), as: UTF8.self)
        #expect(text.contains(#""amendments":[{"effective":"2025-04-01""#))
        #expect(try JSONDecoder().decode(AgreementDetail.self, from: Data(text.utf8)) == with)
    }

    @Test func aQuotaConfigSaysItsCarryOverOnlyWhenItHasOne() throws {
        let pace = PaceThresholds()
        let carried = Quota(id: "v", title: "Video", target: 3, per: .quarter, carry: .both).resolved(pace)
        let text = String(decoding: try VarlinkJSON.encode(carried), as: UTF8.self)
        #expect(text.contains(#""carry":"both""#))
        #expect(try JSONDecoder().decode(Quota.self, from: Data(text.utf8)) == carried)
        #expect(!String(decoding: try VarlinkJSON.encode(Quota(id: "v", target: 3).resolved(pace)), as: UTF8.self).contains("carry"))
    }
}
