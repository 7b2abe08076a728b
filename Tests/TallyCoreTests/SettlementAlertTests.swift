import Foundation
import TallyTesting
import Testing

@testable import TallyCore

/// SPEC §12's alerts, over values: `acceptance-due` once a period ended `acceptance_due` ago with unsettled priced
/// items (renotified, forgotten once signed), `settlement-value-reached` at 90 % of the value (once), and the
/// account `status` shows.
@Suite struct SettlementAlertTests {
    private typealias F = SettlementFixture

    /// 10 articles a quarter at 1,000,000 đ, worth `value`; acceptance due 15 days after each quarter.
    static func agreement(value: Money = 100_000_000) -> Agreement {
        F.agreement(
            quotas: [Quota(id: "news", target: 10, per: .quarter, filter: DeliveryFilter(kinds: ["article"]), price: 1_000_000)],
            terms: F.terms(value: value))
    }

    static func at(_ text: String) -> Date { TestClock.at(text).now }

    static let machine = AlertMachine(policy: EvaluationPolicy())

    /// Three articles in January, one video no quota prices.
    static let january = F.items(3, from: "2024-01-10", firstID: 1) + [F.item(9, "2024-01-20", kind: "video")]

    @Test func acceptanceDueIsRaisedOnceTheDelayHasPassedThenRepeatedThenForgottenOnceSigned() throws {
        let settlement = try Settlement(agreement: Self.agreement(), deliveries: Self.january)
        // Q1 ends 2024-03-31: due 15 days after the end of that day, 2024-04-16 00:00 +07.
        let before = try Self.machine.observeSettlement(settlement, now: Self.at("2024-04-15T23:59:59+07:00"), previous: [:])
        #expect(before.alerts.isEmpty)
        #expect(before.states.isEmpty)

        let dueAt = Self.at("2024-04-16T00:00:00+07:00")
        let due = try Self.machine.observeSettlement(settlement, now: dueAt, previous: [:])
        let alert = try #require(due.alerts.first)
        #expect(due.alerts.count == 1)
        #expect(alert.type == .acceptanceDue)
        #expect(alert.priority == 4)
        #expect(alert.period == "2024-Q1")
        #expect(alert.status == "DUE")
        #expect(alert.previousStatus == nil)
        #expect(alert.message == "ben-tre-2024: acceptance record of 2024-Q1 due since 2024-04-16, 3 priced items of it not yet accepted")
        let key = AlertSubject.acceptance("ben-tre-2024", "2024-Q1")
        #expect(due.states[key] == SubjectState(status: "DUE", lastAlertAt: dueAt))

        // Held state: nothing until `renotify` (7 days) has passed, then a repeat.
        let quiet = try Self.machine.observeSettlement(settlement, now: dueAt + 6 * 86_400, previous: due.states)
        #expect(quiet.alerts.isEmpty)
        let again = try Self.machine.observeSettlement(settlement, now: dueAt + 7 * 86_400, previous: due.states)
        #expect(again.alerts.map(\.repeatCount) == [1])
        #expect(again.alerts.first?.message.hasSuffix("[repeat 1]") == true)

        // Signed: the subject is forgotten without an alert.
        let record = try F.sign(Self.agreement(), Self.january, period: F.quarter(1), number: "01/BB-NT")
        let signed = try Settlement(agreement: Self.agreement(), deliveries: Self.january, records: [record])
        let after = try Self.machine.observeSettlement(signed, now: dueAt + 8 * 86_400, previous: again.states)
        #expect(after.alerts.isEmpty)
        #expect(after.removed == [key])
    }

    @Test func onlyUnsettledPricedItemsOfThePeriodMakeItsRecordDue() throws {
        let items = F.items(2, from: "2024-01-10", firstID: 1) + [F.voided(F.item(3, "2024-04-02"))]
            + [F.item(4, "2024-07-01", kind: "video")]
        let settlement = try Settlement(agreement: Self.agreement(), deliveries: items)
        let periods = Self.agreement().settlementPeriods
        #expect(periods.map(\.label) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"])
        #expect(settlement.unsettledItemCounts(in: periods) == [2, 0, 0, 0])
        let step = try Self.machine.observeSettlement(settlement, now: Self.at("2024-12-01T12:00:00+07:00"), previous: [:])
        #expect(step.alerts.compactMap(\.period) == ["2024-Q1"])
    }

    @Test func valueReachedIsRaisedOnceAtNinetyPercentOfTheValue() throws {
        // 4 items × 1,000,000 = 4,000,000: 88.9 % of a value of 4,500,000, not yet; 90.9 % of 4,400,000, reached.
        let now = Self.at("2024-02-01T12:00:00+07:00")
        let four = F.items(4, from: "2024-01-10", firstID: 1)
        let below = try Settlement(agreement: Self.agreement(value: 4_500_000), deliveries: four)
        #expect(try Self.machine.observeSettlement(below, now: now, previous: [:]).alerts.isEmpty)

        let reached = try Settlement(agreement: Self.agreement(value: 4_400_000), deliveries: four)
        let step = try Self.machine.observeSettlement(reached, now: now, previous: [:])
        #expect(step.alerts.map(\.type) == [.settlementValueReached])
        #expect(step.alerts.first?.priority == 4)
        #expect(step.alerts.first?.message.contains("4.000.000 đ") == true)
        let key = AlertSubject.settlementValue("ben-tre-2024")
        #expect(step.states[key]?.status == "REACHED")
        // Once: no repeat however long it stays reached.
        let later = try Self.machine.observeSettlement(reached, now: now + 30 * 86_400, previous: step.states)
        #expect(later.alerts.isEmpty)
        // An amendment raises the value: forgotten, to be raised again when reached again.
        let raised = try Settlement(agreement: Self.agreement(value: 50_000_000), deliveries: four)
        #expect(try Self.machine.observeSettlement(raised, now: now, previous: step.states).removed == [key])
    }

    @Test func theStandingIsAcceptedPaidAndWhatIsNotYetAccepted() throws {
        let agreement = Self.agreement()
        let items = Self.january + F.items(2, from: "2024-04-05", firstID: 20)
        let record = try F.sign(agreement, items, period: F.quarter(1), number: "01/BB-NT")
        let settlement = try Settlement(
            agreement: agreement, deliveries: items, records: [record],
            payments: [Payment(amount: 1_000_000, date: Fixture.date("2024-04-20"), reference: "UNC 1"),
                       Payment(amount: 5_000_000, date: Fixture.date("2024-12-20"), reference: "UNC 2")])
        // Signed: 3 × 1,000,000; paid by 2024-05-01: the first payment; not accepted: the 2 of April.
        let standing = try settlement.standing(today: Fixture.date("2024-05-01"), policy: EvaluationPolicy())
        #expect(standing == SettlementStanding(accepted: 3_000_000, paid: 1_000_000, unsettled: 2_000_000))
        // Before the agreement starts, nothing is pending.
        #expect(settlement.pendingPeriod(today: Fixture.date("2023-12-01")).end == Fixture.date("2024-01-01"))
    }
}
