import Foundation
import TallyCore
import Testing

/// SPEC §12's worked examples: each computes a record by hand beside what the core computes.
@Suite struct SettlementTests {
    typealias S = SettlementFixture
    typealias F = Fixture

    @Test func aPriceAmendedMidQuarterPaysEachItemAtThePriceOnItsDay() throws {
        // news: 10 a quarter at 2,500,000 đ; pl-01 pays 3,000,000 đ for items published from 15 Feb on.
        let agreement = S.agreement(
            quotas: [Quota(id: "news", title: "Tin, bài", target: 10, per: .quarter, price: 2_500_000)],
            amendments: [Amendment(
                id: "pl-01", title: "Phụ lục 01: đơn giá mới", signed: F.date("2024-02-10"), effective: F.date("2024-02-15"),
                quotas: [QuotaAmendment(id: "news", change: .amend(QuotaChanges(price: 3_000_000)))])])
        let items = [
            S.item(1, "2024-01-10"), S.item(2, "2024-01-20"), S.item(3, "2024-02-14T23:30"),
            S.item(4, "2024-02-14T18:30:00Z"),  // 15 Feb, 01:30 in Hồ Chí Minh City: the new price
            S.item(5, "2024-02-15", count: 2),  // a bare date is the start of its day: before item 4
            S.item(6, "2024-03-03"),
        ]
        let draft = try S.draft(agreement, items, period: S.quarter(1))
        // items 1, 2, 3        3 × 2,500,000 =  7,500,000
        // item 5 (2), 4, 6     4 × 3,000,000 = 12,000,000
        // subtotal, due (VAT included)       = 19,500,000
        #expect(draft.lines.map(\.deliveryID) == [1, 2, 3, 5, 4, 6])
        #expect(draft.lines.map(\.unitPrice) == [2_500_000, 2_500_000, 2_500_000, 3_000_000, 3_000_000, 3_000_000])
        #expect(draft.lines.map(\.amount) == [2_500_000, 2_500_000, 2_500_000, 6_000_000, 3_000_000, 3_000_000])
        #expect(draft.subtotal == 19_500_000 && draft.vat == nil && draft.due == 19_500_000)
        #expect(draft.quotas == [QuotaSettlement(
            quotaID: "news", title: "Tin, bài", contracted: 10, delivered: 7, paid: 7, overTarget: 0, overValue: 0,
            amount: 19_500_000)])
        #expect(draft.bases.map(\.amendmentID) == ["pl-01"])
        #expect(draft.payer == S.payer && draft.payee == S.payee && draft.reference == "15/HĐ-TTXVN")
        #expect(draft.due.vietnameseWords == "Mười chín triệu năm trăm nghìn đồng.")
        #expect(draft.due.formatted(in: .vi) == "19.500.000 đ")
    }

    @Test func aDeficitCarriedRaisesTheNextWindowsCap() throws {
        // news: 10 a quarter, carry = "deficit", 1,000,000 đ.
        let agreement = S.agreement(quotas: [Quota(id: "news", target: 10, per: .quarter, carry: .deficit, price: 1_000_000)])
        let q1 = S.items(6, from: "2024-02-01", firstID: 1)
        let q2 = S.items(13, from: "2024-05-01", firstID: 11) + [S.item(30, "2024-06-20", count: 2)]
        let first = try S.sign(agreement, q1 + q2, period: S.quarter(1), number: "01/BB-NT")
        // Q1: 6 of 10 delivered, all paid: 6 × 1,000,000 = 6,000,000
        #expect(first.subtotal == 6_000_000 && first.lines.count == 6)

        let draft = try S.draft(agreement, q1 + q2, records: [first], period: S.quarter(2))
        // Q2's cap: 10 + the 4 Q1 fell short = 14
        // 13 items of one fill 13; item 30 (count 2) straddles the cap: 1 paid, 1 over target
        // 14 × 1,000,000 = 14,000,000
        let last = try #require(draft.lines.last)
        #expect(last.deliveryID == 30 && last.paidCount == 1 && last.overTargetCount == 1 && last.amount == 1_000_000)
        #expect(draft.subtotal == 14_000_000)
        #expect(draft.quotas == [QuotaSettlement(
            quotaID: "news", title: "news", contracted: 14, delivered: 15, paid: 14, overTarget: 1, overValue: 0,
            amount: 14_000_000)])
        // 6,000,000 signed + 14,000,000 drafted − nothing paid
        #expect(draft.signedBefore == 6_000_000 && draft.paid == 0 && draft.balance == 20_000_000)
    }

    @Test func aSurplusIsPaidWhereItIsCarriedButNotOverTheLastWindow() throws {
        // news: 10 a quarter over two quarters, carry = "surplus", 1,000,000 đ.
        let agreement = S.agreement(
            end: "2024-06-30", quotas: [Quota(id: "news", target: 10, per: .quarter, carry: .surplus, price: 1_000_000)])
        let q1 = S.items(14, from: "2024-02-01", firstID: 1)
        let q2 = S.items(9, from: "2024-05-01", firstID: 101)
        let first = try S.sign(agreement, q1 + q2, period: S.quarter(1), number: "01/BB-NT")
        // Q1's cap: its target 10 + the excess it carries into Q2 (4), up to Q2's base target (10) = 14
        // 14 × 1,000,000 = 14,000,000
        #expect(first.subtotal == 14_000_000 && first.lines.allSatisfy { $0.overTargetCount == 0 })

        let second = try S.sign(agreement, q1 + q2, records: [first], period: S.quarter(2), number: "02/BB-NT")
        // Q2's target: 10 − 4 carried = 6; the last window carries nothing further, so its cap is 6
        // 9 delivered: 6 × 1,000,000 = 6,000,000, 3 over target
        #expect(second.subtotal == 6_000_000)
        #expect(second.quotas.first?.paid == 6 && second.quotas.first?.overTarget == 3)
        // Over both quarters: 20 paid, the two base targets.
        #expect(first.quotas[0].paid + second.quotas[0].paid == 20)

        // An excess beyond the next window's base target is not paid: 25 in Q1 → cap 10 + min(15, 10) = 20.
        let flood = S.items(25, from: "2024-01-10", firstID: 1)
        let draft = try S.draft(agreement, flood, period: S.quarter(1))
        #expect(draft.quotas.first?.paid == 20 && draft.quotas.first?.overTarget == 5 && draft.subtotal == 20_000_000)
    }

    @Test func theValueCapStopsAtTheItemThatWouldPassItAndEveryLaterOne() throws {
        // value 10,000,000; news (articles) 3,000,000 đ, photo (photos) 500,000 đ; both 100 in total.
        let agreement = S.agreement(
            quotas: [
                Quota(id: "news", target: 100, filter: DeliveryFilter(kinds: ["article"]), price: 3_000_000),
                Quota(id: "photo", target: 100, filter: DeliveryFilter(kinds: ["photo"]), price: 500_000),
            ],
            terms: S.terms(value: 10_000_000))
        let items = [
            S.item(1, "2024-02-01"), S.item(2, "2024-02-02"),
            S.item(3, "2024-04-05"), S.item(4, "2024-04-10", count: 2), S.item(5, "2024-04-20", kind: "photo"),
        ]
        let first = try S.sign(agreement, items, period: S.quarter(1), number: "01/BB-NT")
        // Q1: 2 × 3,000,000 = 6,000,000
        #expect(first.subtotal == 6_000_000)

        let draft = try S.draft(agreement, items, records: [first], period: S.quarter(2))
        // item 3: 6,000,000 + 3,000,000 = 9,000,000 ≤ 10,000,000: paid
        // item 4: 9,000,000 + 2 × 3,000,000 = 15,000,000 > 10,000,000: over the value, whole (not split)
        // item 5: 9,000,000 + 500,000 would fit, but it comes after item 4: over the value too
        #expect(draft.lines.map(\.paidCount) == [1, 0, 0])
        #expect(draft.lines.map(\.overValueCount) == [0, 2, 1])
        #expect(draft.lines.map(\.amount) == [3_000_000, 0, 0])
        #expect(draft.subtotal == 3_000_000)
        #expect(draft.quotas.map(\.overValue) == [2, 1] && draft.quotas.map(\.amount) == [3_000_000, 0])
        let settlement = try Settlement(agreement: agreement, deliveries: items, records: [first])
        #expect(try settlement.reachesValueAlert(draft))  // 6,000,000 + 3,000,000 ≥ 90 % of 10,000,000
        #expect(try !Settlement(agreement: agreement, deliveries: items).reachesValueAlert(draft))

        // Lines over the value are settled for good: a higher value later pays only new items.
        let second = try settlement.sign(draft, number: "02/BB-NT", date: F.date("2024-07-05"))
        let raised = S.agreement(
            quotas: agreement.quotas,
            amendments: [Amendment(id: "pl-01", title: "Phụ lục 01", effective: F.date("2024-07-01"), value: 20_000_000)],
            terms: S.terms(value: 10_000_000))
        let later = try S.draft(raised, items + [S.item(6, "2024-07-15")], records: [first, second], period: S.quarter(3))
        #expect(later.contractValue == 20_000_000)
        #expect(later.lines.map(\.deliveryID) == [6] && later.subtotal == 3_000_000)
    }

    @Test func aVoidAfterSigningIsTakenBackInTheNextRecordAndFreesTheCapForNewItems() throws {
        // news: 2 a quarter at 2,000,000 đ.
        let agreement = S.agreement(quotas: [Quota(id: "news", target: 2, per: .quarter, price: 2_000_000)])
        var items = [S.item(1, "2024-01-10"), S.item(2, "2024-02-10"), S.item(3, "2024-03-10"), S.item(4, "2024-04-10")]
        let first = try S.sign(agreement, items, period: S.quarter(1), number: "01/BB-NT")
        // Q1: items 1 and 2 fill the cap of 2 (4,000,000); item 3 is over target, settled unpaid.
        #expect(first.lines.map(\.paidCount) == [1, 1, 0] && first.subtotal == 4_000_000)

        items[1] = S.voided(items[1])
        items.append(S.item(6, "2024-03-25"))  // a Q1 item recorded late
        let draft = try S.draft(agreement, items, records: [first], period: S.quarter(2))
        // adjustment: item 2, voided since 01/BB-NT           −2,000,000
        // item 6 (late, Q1): the cap of 2 holds item 1 only   +2,000,000
        // item 4 (Q2)                                          +2,000,000
        // item 3 stays as settled (over target): a void frees the cap for new items only
        #expect(draft.lines.map(\.deliveryID) == [2, 6, 4])
        #expect(draft.lines.first?.kind == .adjustment(corrects: "01/BB-NT", reason: .voided))
        #expect(draft.lines.map(\.amount) == [-2_000_000, 2_000_000, 2_000_000])
        #expect(draft.lines.map(\.late) == [false, true, false])
        #expect(draft.subtotal == 2_000_000)
        // The quota's totals leave adjustments apart.
        #expect(draft.quotas.first?.amount == 4_000_000 && draft.quotas.first?.paid == 2)

        let settlement = try Settlement(agreement: agreement, deliveries: items, records: [first])
        let second = try settlement.sign(draft, number: "02/BB-NT", date: F.date("2024-07-05"))
        // Nothing changed since: the next draft is empty, and an empty record cannot be signed.
        let settled = try Settlement(agreement: agreement, deliveries: items, records: [first, second])
        let empty = try settled.draft(period: S.quarter(3), today: S.today, policy: EvaluationPolicy())
        #expect(empty.lines.isEmpty && empty.subtotal == 0 && empty.balance == 6_000_000)
        #expect(throws: SettlementError(.emptyRecord, "")) {
            try settled.sign(empty, number: "03/BB-NT", date: F.date("2024-10-05"))
        }
    }

    @Test func aRetroactivePriceChangeAdjustsThePaidCount() throws {
        // news: 2,000,000 đ; pl-02, signed 10 May, raises the price from 1 January to 2,200,000 đ.
        let quota = Quota(id: "news", target: 50, price: 2_000_000)
        let items = [S.item(1, "2024-02-01"), S.item(2, "2024-03-01", count: 3), S.item(3, "2024-05-20")]
        let first = try S.sign(S.agreement(quotas: [quota]), items, period: S.quarter(1), number: "01/BB-NT")
        #expect(first.subtotal == 8_000_000)  // 4 × 2,000,000

        let amended = S.agreement(quotas: [quota], amendments: [Amendment(
            id: "pl-02", title: "Phụ lục 02", signed: F.date("2024-05-10"), effective: F.date("2024-01-01"),
            quotas: [QuotaAmendment(id: "news", change: .amend(QuotaChanges(price: 2_200_000)))])])
        let draft = try S.draft(amended, items, records: [first], period: S.quarter(2))
        // item 1: 1 × (2,200,000 − 2,000,000) = 200,000
        // item 2: 3 × 200,000                 = 600,000
        // item 3: 1 × 2,200,000               = 2,200,000
        #expect(draft.lines.map(\.kind) == [
            .adjustment(corrects: "01/BB-NT", reason: .repriced), .adjustment(corrects: "01/BB-NT", reason: .repriced), .item,
        ])
        #expect(draft.lines.map(\.amount) == [200_000, 600_000, 2_200_000])
        #expect(draft.lines.map(\.previousPrice) == [2_000_000, 2_000_000, nil])
        #expect(draft.subtotal == 3_000_000)
    }

    @Test func vatExcludedIsAddedOncePerRecordRoundedHalfAwayFromZero() throws {
        // One item at 1,234,569 đ before VAT, vat_rate 8.
        let agreement = S.agreement(
            quotas: [Quota(id: "news", target: 10, price: 1_234_569)], terms: S.terms(vat: .excluded(rate: 8)))
        var items = [S.item(1, "2024-02-01")]
        let payment = Payment(amount: 1_000_000, date: F.date("2024-04-20"), reference: "UNC 15/2024")
        let draft = try S.draft(agreement, items, payments: [payment], period: S.quarter(1))
        // VAT: 1,234,569 × 8 / 100 = 98,765.52 → 98,766
        // due: 1,234,569 + 98,766 = 1,333,335; paid 1,000,000; balance 333,335
        #expect(draft.subtotal == 1_234_569 && draft.vat == 98_766 && draft.due == 1_333_335)
        #expect(draft.paid == 1_000_000 && draft.balance == 333_335)
        #expect(draft.due.vietnameseWords == "Một triệu ba trăm ba mươi ba nghìn ba trăm ba mươi lăm đồng.")

        // Rounded once per record, not per line: two items of 1,234,569 → 2,469,138 × 8 % = 197,531.04 → 197,531
        // (per line it would be 2 × 98,766 = 197,532).
        let two = try S.draft(agreement, items + [S.item(2, "2024-02-02")], period: S.quarter(1))
        #expect(two.vat == 197_531)

        // Voided after signing: the next record takes it back, VAT and all, and the payment leaves it overpaid.
        let first = try Settlement(agreement: agreement, deliveries: items, payments: [payment])
            .sign(draft, number: "01/BB-NT", date: F.date("2024-04-05"))
        items[0] = S.voided(items[0])
        let back = try S.draft(agreement, items, records: [first], payments: [payment], period: S.quarter(2))
        // subtotal −1,234,569; VAT −98,766; due −1,333,335; balance 1,333,335 − 1,333,335 − 1,000,000 = −1,000,000
        #expect(back.subtotal == -1_234_569 && back.vat == -98_766 && back.due == -1_333_335)
        #expect(back.balance == -1_000_000)
        #expect(back.due.vietnameseWords == "Âm một triệu ba trăm ba mươi ba nghìn ba trăm ba mươi lăm đồng.")
    }

    @Test func overDeliveryPaidPaysEveryItem() throws {
        // news: 2 a quarter at 500,000 đ, over_delivery = "paid"; 5 delivered, one of them counting 3.
        let agreement = S.agreement(
            quotas: [Quota(id: "news", target: 2, per: .quarter, price: 500_000)], terms: S.terms(overDelivery: .paid))
        let items = S.items(4, from: "2024-01-15", firstID: 1) + [S.item(9, "2024-03-01", count: 3)]
        let draft = try S.draft(agreement, items, period: S.quarter(1))
        // 7 × 500,000 = 3,500,000: nothing over target
        #expect(draft.subtotal == 3_500_000)
        #expect(draft.quotas.first?.paid == 7 && draft.quotas.first?.overTarget == 0)
    }

    // MARK: Which quota pays

    @Test func theFirstPricedQuotaInFileOrderPaysAndAddedQuotasComeLast() throws {
        let agreement = S.agreement(
            quotas: [
                Quota(id: "all", target: 100),  // tracked, not paid
                Quota(id: "video", target: 10, filter: DeliveryFilter(kinds: ["video"]), price: 5_000_000),
                Quota(id: "news", target: 50, filter: DeliveryFilter(kinds: ["article"]), price: 2_000_000),
                Quota(id: "free", target: 5, filter: DeliveryFilter(kinds: ["photo"]), price: 0),
            ],
            amendments: [Amendment(
                id: "pl-01", title: "Phụ lục 01: tin tiếng Anh", effective: F.date("2024-07-01"),
                quotas: [QuotaAmendment(id: "en", change: .add(Quota(
                    id: "en", title: "Tin tiếng Anh", target: 12, filter: DeliveryFilter(languages: ["en"]), price: 3_000_000)))])])
        func payer(_ kind: String, _ language: String, _ day: String) -> String? {
            Settlement.payer(of: DeliveryAttributes(kind: kind, language: language), on: F.date(day), in: agreement)?
                .schedule.id
        }
        #expect(payer("article", "en", "2024-08-01") == "news")  // the added quota comes after news
        #expect(payer("podcast", "en", "2024-08-01") == "en")
        #expect(payer("podcast", "en", "2024-06-30") == nil)     // before the amendment added it
        #expect(payer("video", "vi", "2024-03-01") == "video")
        #expect(payer("photo", "vi", "2024-03-01") == "free")    // price = 0 is priced
        #expect(payer("podcast", "vi", "2024-03-01") == nil)     // only the unpriced quota counts it

        let items = [S.item(1, "2024-03-01", kind: "photo"), S.item(2, "2024-03-02", kind: "podcast")]
        let draft = try S.draft(agreement, items, period: S.quarter(1))
        // The photo is a line paid 0 đ; the podcast no priced quota pays is no line.
        #expect(draft.lines.map(\.deliveryID) == [1] && draft.lines.first?.amount == 0 && draft.lines.first?.paidCount == 1)
        #expect(draft.quotas.map(\.quotaID) == ["video", "news", "free"])
    }

    @Test func anItemCountsForEveryQuotaItMatchesButUsesOnlyTheCapOfTheOneThatPays() throws {
        // news (all kinds) 3 a quarter at 1,000,000 đ; video 1 a quarter at 4,000,000 đ, later in the file.
        let agreement = S.agreement(quotas: [
            Quota(id: "news", target: 3, per: .quarter, price: 1_000_000),
            Quota(id: "video", target: 1, per: .quarter, filter: DeliveryFilter(kinds: ["video"]), price: 4_000_000),
        ])
        let items = S.items(2, from: "2024-01-10", firstID: 1, kind: "video") + S.items(2, from: "2024-02-10", firstID: 3)
        let draft = try S.draft(agreement, items, period: S.quarter(1))
        // news pays all four (first in file order): its cap of 3 pays 3 × 1,000,000; the fourth is over target.
        #expect(draft.lines.allSatisfy { $0.quotaID == "news" } && draft.subtotal == 3_000_000)
        // video counts its 2 videos as delivered, and pays none.
        #expect(draft.quotas.map(\.delivered) == [4, 2] && draft.quotas.map(\.paid) == [3, 0])
    }

    // MARK: Records go forward

    @Test func signingRefusesAUsedNumberAnEarlierPeriodAndAnEmptyRecord() throws {
        let agreement = S.agreement(quotas: [Quota(id: "news", target: 10, per: .quarter, price: 1_000_000)])
        let items = [S.item(1, "2024-02-01"), S.item(2, "2024-05-01"), S.item(3, "2024-05-02")]
        let first = try S.sign(agreement, items, period: S.quarter(2), number: "01/BB-NT")
        let settlement = try Settlement(agreement: agreement, deliveries: items + [S.item(4, "2024-08-01")], records: [first])
        let q1 = try settlement.draft(period: S.quarter(1), today: S.today, policy: EvaluationPolicy())
        let q3 = try settlement.draft(period: S.quarter(3), today: S.today, policy: EvaluationPolicy())

        #expect(throws: SettlementError(.number, "")) {
            try settlement.sign(q3, number: " 01/BB-NT ", date: F.date("2024-10-05"))
        }
        #expect(throws: SettlementError(.number, "")) { try settlement.sign(q3, number: "  ", date: F.date("2024-10-05")) }
        do {
            _ = try settlement.sign(q1, number: "02/BB-NT", date: F.date("2024-10-05"))
            Issue.record("a period before the signed one was signed")
        } catch {
            #expect(error.code == .periodBeforeSigned)
            #expect(error.description == "period 2024-Q1 ends on 2024-03-31, before the end (2024-06-30) of 2024-Q2, already signed as record 01/BB-NT; records go forward, and items of earlier periods come into the next record as late items")
        }
        let other = try Settlement(agreement: Agreement(
            id: "other", title: "x", parties: [S.payee, S.payer], start: F.date("2024-01-01"), end: F.date("2024-12-31"),
            timeZone: F.hcm, settlement: S.terms()), deliveries: [])
        #expect(throws: SettlementError(.otherAgreement, "")) { try other.sign(q3, number: "9", date: F.date("2024-10-05")) }

        let signed = try settlement.sign(q3, number: "02/BB-NT", date: F.date("2024-10-05"), signerA: "Nguyễn Văn A, Chánh Văn phòng")
        #expect(signed.draft == q3 && signed.signerA == "Nguyễn Văn A, Chánh Văn phòng" && signed.signerB == nil)
        // Item 1, of Q1, was late for the Q2 record: it was settled then, and is in no later draft.
        #expect(first.lines.first { $0.deliveryID == 1 }?.late == true)
        #expect(q3.lines.map(\.deliveryID) == [4])
    }

    @Test func aSettlementNeedsSettlementTerms() {
        let agreement = Agreement(id: "a", title: "a", start: F.date("2024-01-01"), end: F.date("2024-12-31"), timeZone: F.hcm)
        #expect(throws: SettlementError(.notSettled, "")) { try Settlement(agreement: agreement, deliveries: []) }
    }

    @Test func paymentsArePositiveDatedAndNameASignedRecord() throws {
        let agreement = S.agreement(quotas: [Quota(id: "news", target: 10, price: 1_000_000)])
        let items = [S.item(1, "2024-02-01")]
        let first = try S.sign(agreement, items, period: S.quarter(1), number: "01/BB-NT")
        let settlement = try Settlement(agreement: agreement, deliveries: items, records: [first])
        let today = S.today
        try settlement.check(Payment(amount: 1_000_000, date: today, reference: "UNC 01", record: "01/BB-NT"), today: today)
        try settlement.check(Payment(amount: 1, date: F.date("2024-01-01"), reference: "UNC 02"), today: today)
        for bad in [
            Payment(amount: 0, date: today, reference: "UNC"),
            Payment(amount: -5, date: today, reference: "UNC"),
            Payment(amount: 5, date: today.adding(days: 1), reference: "UNC"),
            Payment(amount: 5, date: today, reference: " "),
            Payment(amount: 5, date: today, reference: "UNC", record: "02/BB-NT"),
        ] {
            #expect(throws: SettlementError(.payment, ""), "\(bad)") { try settlement.check(bad, today: today) }
        }
    }

    // MARK: Periods, statement

    @Test func settlementPeriodsFollowEvery() {
        func periods(_ every: SettlementTerms.Every, _ start: String = "2024-02-15", _ end: String = "2025-01-10") -> [String] {
            S.agreement(start: start, end: end, quotas: [], terms: S.terms(every: every)).settlementPeriods.map(\.label)
        }
        #expect(periods(.quarter) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1"])
        #expect(periods(.year) == ["2024", "2025"])
        #expect(periods(.month).count == 12 && periods(.month).first == "2024-02" && periods(.month).last == "2025-01")
        #expect(periods(.end) == ["2024-02-15..2025-01-10"])

        let agreement = S.agreement(quotas: [])
        #expect(agreement.lastEndedSettlementPeriod(today: F.date("2024-10-10"))?.label == "2024-Q3")
        #expect(agreement.lastEndedSettlementPeriod(today: F.date("2024-03-31")) == nil)
        // 15 days after the end of 30 September, in Hồ Chí Minh City: 16 October 00:00 +07.
        let due = S.terms().acceptanceDue(of: S.quarter(3), in: F.hcm)
        #expect(due == F.date("2024-10-16").startInstant(in: F.hcm))
    }

    @Test func theLiquidationStatementBalancesRecordsAgainstPayments() throws {
        let agreement = S.agreement(
            quotas: [Quota(id: "news", target: 2, per: .quarter, price: 1_000_000)],
            amendments: [Amendment(id: "pl-01", title: "Phụ lục 01", effective: F.date("2024-06-01"), value: 1_800_000_000)])
        let items = S.items(3, from: "2024-02-01", firstID: 1) + [S.item(10, "2024-08-01")]
        let first = try S.sign(agreement, items, period: S.quarter(1), number: "01/BB-NT")
        let payments = [
            Payment(amount: 1_500_000, date: F.date("2024-05-02"), reference: "UNC 2"),
            Payment(amount: 1_000_000, date: F.date("2024-04-20"), reference: "UNC 1", record: "01/BB-NT"),
        ]
        let statement = try Settlement(agreement: agreement, deliveries: items, records: [first], payments: payments)
            .statement(today: S.today, policy: EvaluationPolicy())
        // Signed: 2 × 1,000,000 = 2,000,000 (the third Q1 item over target); paid 2,500,000 → overpaid by 500,000.
        #expect(statement.contractValue == 1_800_000_000)
        #expect(statement.records == [RecordSummary(number: "01/BB-NT", date: F.date("2024-04-05"), period: S.quarter(1),
                                                    subtotal: 2_000_000, vat: nil, due: 2_000_000)])
        #expect(statement.payments.map(\.reference) == ["UNC 1", "UNC 2"])
        #expect(statement.accepted == 2_000_000 && statement.paid == 2_500_000 && statement.balance == -500_000)
        #expect(statement.neverAccepted.map(\.deliveryID) == [10] && statement.pendingAdjustments.isEmpty)
    }
}
