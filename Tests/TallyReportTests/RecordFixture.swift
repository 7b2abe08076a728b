import Foundation
import TallyCore

/// A signed acceptance record to render: the third quarter of 2025 of a priced agreement, VAT excluded at 8 %, with
/// an item partly over target, a void of an item an earlier record settled, and a title written to break HTML.
enum RecordFixture {
    static let hostileTitle = #"</td></table><script>alert("x")</script> & 'Vĩnh Long' <b>"#
    static let words = "Hai mươi hai triệu sáu trăm tám mươi nghìn đồng."

    static func day(_ text: String) -> CivilDate {
        CivilDate(iso: text) ?? CivilDate(dayNumber: 0)
    }

    static func item(_ published: String, _ kind: String, _ title: String?, count: Int = 1) -> Delivery {
        Delivery(agreement: "ttxvn-vinh-long-2025", published: PublicationTime(date: day(published)), kind: kind,
                 outlet: "VietnamPlus", title: title, count: count)
    }

    /// The arithmetic: 1 × 1,800,000 + 3 × 1,800,000 + 1 × 12,000,000 + 2 × 1,800,000 (one of three over target)
    /// − 1,800,000 (the void) = 21,000,000; VAT 8 % = 1,680,000; due 22,680,000; balance 10,000,000 signed before
    /// + 22,680,000 − 10,000,000 paid = 22,680,000.
    static func draft(vat: SettlementTerms.VAT = .excluded(rate: 8), payer: String = "Ủy ban nhân dân tỉnh Vĩnh Long",
                      title: String = hostileTitle) -> AcceptanceDraft {
        let included: Bool = if case .included = vat { true } else { false }
        return AcceptanceDraft(
            agreementID: "ttxvn-vinh-long-2025", agreementTitle: "TTXVN – UBND tỉnh Vĩnh Long: hợp tác thông tin 2025–2027",
            reference: "27/HĐ-TTXVN-UBND",
            period: ReportPeriod(kind: .quarter, label: "2025-Q3", start: day("2025-07-01"), end: day("2025-09-30")),
            terms: SettlementTerms(value: 1_950_000_000, payer: payer, vat: vat),
            contractValue: 1_950_000_000, payee: "Thông tấn xã Việt Nam",
            bases: [RecordBasis(amendmentID: "pl-01", title: "Phụ lục 01: bổ sung tin, bài tiếng Trung",
                                signed: day("2025-06-15"), effective: day("2025-07-01"))],
            lines: [
                RecordLine(kind: .adjustment(corrects: "01/BB-NT", reason: .voided), deliveryID: 3,
                           item: item("2025-06-20", "article", "Tin trùng"), day: day("2025-06-20"), quotaID: "tin-bai",
                           window: "2025", paidCount: 1, unitPrice: 1_800_000, amount: -1_800_000),
                RecordLine(kind: .item, deliveryID: 7, item: item("2025-08-06", "article", "Vĩnh Long sẵn sàng cho Đại hội"),
                           day: day("2025-08-06"), quotaID: "tin-bai", window: "2025", paidCount: 1, unitPrice: 1_800_000,
                           amount: 1_800_000),
                RecordLine(kind: .item, deliveryID: 8, item: item("2025-08-21", "article", "Chùm tin đại hội cơ sở", count: 3),
                           day: day("2025-08-21"), quotaID: "tin-bai", window: "2025", paidCount: 3, unitPrice: 1_800_000,
                           amount: 5_400_000),
                RecordLine(kind: .item, deliveryID: 9, item: item("2025-09-18", "video", "Phóng sự: hành trình hợp nhất"),
                           day: day("2025-09-18"), quotaID: "video", window: "2025-Q3", paidCount: 1, unitPrice: 12_000_000,
                           amount: 12_000_000),
                RecordLine(kind: .item, deliveryID: 10, item: item("2025-09-23", "article", title, count: 3),
                           day: day("2025-09-23"), quotaID: "tin-bai", window: "2025", paidCount: 2, overTargetCount: 1,
                           unitPrice: 1_800_000, amount: 3_600_000),
            ],
            quotas: [
                QuotaSettlement(quotaID: "tin-bai", title: "Tin, bài tiếng Việt", contracted: 15.123, delivered: 7, paid: 6,
                                overTarget: 1, overValue: 0, amount: 10_800_000),
                QuotaSettlement(quotaID: "video", title: "video", contracted: 3, delivered: 1, paid: 1, overTarget: 0,
                                overValue: 0, amount: 12_000_000),
            ],
            subtotal: 21_000_000, vat: included ? nil : 1_680_000, due: included ? 21_000_000 : 22_680_000,
            signedBefore: 10_000_000, paid: 10_000_000, balance: included ? 21_000_000 : 22_680_000)
    }

    static func signed(signerA: String? = "Nguyễn Văn An, Phó Chủ tịch UBND tỉnh", signerB: String? = "Trần Thị Bình",
                       draft: AcceptanceDraft = draft()) -> AcceptanceRecord {
        AcceptanceRecord(number: "02/BB-NT", date: day("2025-10-10"), signerA: signerA, signerB: signerB, draft: draft)
    }

    /// 2025-10-10T09:00:00+07:00, when the record was signed.
    static let signedAt = Date(timeIntervalSince1970: 1_760_061_600)
}
