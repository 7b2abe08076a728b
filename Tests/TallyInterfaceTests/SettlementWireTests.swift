import Foundation
import TallyCore
import TallyProtocol
import Testing

@testable import TallyInterface

/// The acceptance record, payments, the liquidation statement and the account on the wire (SPEC §12): amounts as JSON
/// integers of đồng, and every value reads back as it was written.
@Suite struct SettlementWireTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text) ?? CivilDate(dayNumber: 0) }

    static let item = Delivery(
        agreement: "ben-tre-2024", published: PublicationTime(parsing: "2024-02-01T09:30:00+07:00") ?? PublicationTime(date: day("2024-02-01")),
        kind: "article", outlet: "Báo Tin tức", title: "Đồng khởi", url: "https://baotintuc.vn/1.htm", tags: ["kinh-te"], count: 2)

    static let draft = AcceptanceDraft(
        agreementID: "ben-tre-2024", agreementTitle: "TTXVN – UBND tỉnh Bến Tre", reference: "15/HĐ-TTXVN",
        period: .quarter(year: 2024, quarter: 1),
        terms: SettlementTerms(value: 1_500_000_000, payer: "UBND tỉnh Bến Tre", vat: .excluded(rate: 8)),
        contractValue: 1_600_000_000, payee: "Thông tấn xã Việt Nam",
        bases: [RecordBasis(amendmentID: "pl-01", title: "Phụ lục 01", signed: nil, effective: day("2024-02-01"))],
        lines: [
            RecordLine(kind: .adjustment(corrects: "00/BB", reason: .repriced), deliveryID: 3, item: item, day: day("2024-02-01"),
                       quotaID: "news", window: "2024-Q1", paidCount: 2, unitPrice: 3_000_000, previousPrice: 2_500_000,
                       amount: 1_000_000),
            RecordLine(kind: .item, deliveryID: 4, item: item, day: day("2024-02-01"), quotaID: "news", window: "2024-Q1",
                       paidCount: 1, overTargetCount: 1, unitPrice: 2_500_000, amount: 2_500_000, late: true),
        ],
        quotas: [QuotaSettlement(quotaID: "news", title: "Tin, bài", contracted: 30, delivered: 2, paid: 1, overTarget: 1,
                                 overValue: 0, amount: 2_500_000)],
        subtotal: 3_500_000, vat: 280_000, due: 3_780_000, signedBefore: 0, paid: 0, balance: 3_780_000)

    @Test func aDraftAndASignedRecordRoundTrip() throws {
        let text = String(decoding: try VarlinkJSON.encode(Self.draft), as: UTF8.self)
        #expect(text.contains(#""due":3780000"#))
        #expect(text.contains(#""type":"adjustment""#))
        #expect(text.contains(#""previous_price":2500000"#))
        #expect(text.contains(#""terms":{"acceptance_due_seconds":1296000,"every":"quarter","over_delivery":"unpaid","payer":"UBND tỉnh Bến Tre","value":1500000000,"vat":"excluded","vat_rate":8}"#))
        #expect(!text.contains("number"))
        #expect(try JSONDecoder().decode(AcceptanceDraft.self, from: Data(text.utf8)) == Self.draft)

        let signed = SignedRecord(
            record: AcceptanceRecord(number: "01/BB-NT", date: Self.day("2024-04-05"), signerA: "Nguyễn Văn A", draft: Self.draft),
            signedAt: Date(timeIntervalSince1970: 1_712_300_000), signedBy: 1001)
        let record = String(decoding: try VarlinkJSON.encode(signed), as: UTF8.self)
        #expect(record.contains(#""number":"01/BB-NT""#))
        #expect(record.contains(#""signer_b":null"#))
        #expect(try JSONDecoder().decode(SignedRecord.self, from: Data(record.utf8)) == signed)
    }

    @Test func paymentsStatementsAndTheAccountRoundTrip() throws {
        let payment = RecordedPayment(
            id: 7, agreement: "ben-tre-2024", payment: Payment(amount: 3_780_000, date: Self.day("2024-04-20"), reference: "UNC 1",
                                                              record: "01/BB-NT"),
            recordedAt: Date(timeIntervalSince1970: 1_713_600_000), recordedBy: 0)
        let text = String(decoding: try VarlinkJSON.encode(payment), as: UTF8.self)
        #expect(text.contains(#""payment":{"amount":3780000,"date":"2024-04-20","record":"01/BB-NT","reference":"UNC 1"}"#))
        #expect(try JSONDecoder().decode(RecordedPayment.self, from: Data(text.utf8)) == payment)

        let statement = LiquidationStatement(
            agreementID: "ben-tre-2024", agreementTitle: "T", reference: nil, payer: "A", payee: "B", contractValue: 1_600_000_000,
            records: [RecordSummary(number: "01/BB-NT", date: Self.day("2024-04-05"), period: .quarter(year: 2024, quarter: 1),
                                    subtotal: 3_500_000, vat: 280_000, due: 3_780_000)],
            payments: [payment.payment], accepted: 3_780_000, paid: 4_000_000, balance: -220_000, pendingAdjustments: [],
            neverAccepted: Self.draft.lines.filter(\.isItem))
        let stated = try VarlinkJSON.encode(statement)
        #expect(String(decoding: stated, as: UTF8.self).contains(#""balance":-220000"#))
        #expect(try JSONDecoder().decode(LiquidationStatement.self, from: stated) == statement)

        let standing = SettlementStanding(accepted: 3_780_000, paid: 0, unsettled: -270_000)
        #expect(String(decoding: try VarlinkJSON.encode(standing), as: UTF8.self)
            == #"{"accepted":3780000,"paid":0,"unsettled":-270000}"#)
    }

    @Test func aFractionalAmountIsNotWholeDong() {
        let text = #"{"agreement":"a","amount":1500000.5,"date":"2024-04-20","reference":"x"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RecordPaymentParameters.self, from: Data(text.utf8)) }
    }
}
