import Foundation

extension AlertMachine {
    /// SPEC §12's alerts of one priced agreement at `now`: `acceptance-due` for every `every` period that ended
    /// `acceptance_due` ago and holds unsettled priced items (renotified like the others, forgotten once its items
    /// are settled), and `settlement-value-reached` once the signed records and the current draft reach 90 % of the
    /// contract value (once; forgotten when they fall below again, after an amendment raised the value).
    public func observeSettlement(_ settlement: Settlement, now: Date, previous: [String: SubjectState]) throws -> AlertStep {
        var step = AlertStep()
        let agreement = settlement.agreement
        let zone = agreement.timeZone
        let today = CivilDate(now, in: zone)
        let periods = agreement.settlementPeriods
        for (period, unsettled) in zip(periods, settlement.unsettledItemCounts(in: periods)) {
            let key = AlertSubject.acceptance(agreement.id, period.label)
            let due = settlement.terms.acceptanceDue(of: period, in: zone)
            guard unsettled > 0, now >= due else {
                if previous[key] != nil { step.removed.append(key) }
                continue
            }
            let prior = previous[key]
            let status = "DUE"
            record(key: key, status: status, prior: prior, transition: prior?.status == status ? nil : .acceptanceDue,
                   repeatable: .acceptanceDue, now: now, into: &step) { type, repeatCount in
                let items = unsettled == 1 ? "1 priced item" : "\(unsettled) priced items"
                let message = "\(agreement.id): acceptance record of \(period.label) due since "
                    + "\(CivilDate(due, in: zone)), \(items) of it not yet accepted"
                return Alert(type: type, at: now, agreement: agreement.id, status: status, previousStatus: prior?.status,
                             repeatCount: repeatCount, message: Self.withRepeat(message, repeatCount), period: period.label)
            }
        }

        let key = AlertSubject.settlementValue(agreement.id)
        let draft = try settlement.pending(today: today, policy: policy)
        guard try settlement.reachesValueAlert(draft) else {
            if previous[key] != nil { step.removed.append(key) }
            return step
        }
        let prior = previous[key]
        let status = "REACHED"
        record(key: key, status: status, prior: prior, transition: prior?.status == status ? nil : .settlementValueReached,
               repeatable: nil, now: now, into: &step) { type, _ in
            let used = (try? settlement.signedSubtotal().adding(draft.subtotal)) ?? draft.subtotal
            let message = "\(agreement.id): signed records and the current draft reach \(used.formatted(in: .vi)) of the "
                + "contract value \(draft.contractValue.formatted(in: .vi)) (\(SettlementTerms.valueAlertPercent) % or more)"
            return Alert(type: type, at: now, agreement: agreement.id, status: status, previousStatus: prior?.status,
                         message: message)
        }
        return step
    }
}
