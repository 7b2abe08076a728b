import TallyProtocol

/// The `io.tally` Varlink interface: its description, served verbatim, and its methods.
///
/// The interface only grows (SPEC §5): a new need is a new method or a new optional field, never a
/// changed meaning. Dates are `YYYY-MM-DD` in the agreement's time zone; times are RFC 3339 with an
/// offset. Statuses and states are upper-case words (SPEC §3): strings to any Varlink client; tallyctl,
/// shipped with tallyd, decodes them into the core's types (the mappings beside the replies) and refuses
/// a word it does not know as a version mismatch.
public enum IOTally {
    /// The interface's name.
    public static let name = "io.tally"

    /// The interface description, in the Varlink interface definition language.
    public static let description = """
        # tally: news-cooperation agreements, their quotas, campaigns, deliveries and alerts.
        # The interface only grows: new methods and new optional fields, never a changed meaning.
        # Dates are YYYY-MM-DD in the agreement's time zone; times are RFC 3339 with an offset.
        # Statuses and states are upper-case words (SPEC section 3), kinds and ids lower-case.
        interface io.tally

        # The daemon, its files, and how much it holds.
        type DaemonInfo (
          version: string,
          config_path: string,
          database_path: string,
          started_at: string,
          agreements: int,
          deliveries: int,
          last_check_at: ?string,
          next_check_at: ?string,
          # How long the last full evaluation pass took, in milliseconds.
          last_check_duration_ms: ?float
        )

        # A quota's window at the evaluation time; projected and the rates are null when undefined.
        type QuotaStatus (
          id: string,
          title: string,
          window: string,
          window_start: string,
          window_end: string,
          target: int,
          delivered: int,
          expected: float,
          status: string,
          remaining: int,
          projected: ?float,
          required_per_week: ?float,
          current_per_week: ?float,
          window_days: int,
          elapsed_days: int,
          left_days: int,
          # OK, WARNING (AT_RISK) or CRITICAL (BEHIND): what monitoring acts on; closed windows are OK.
          severity: ?string,
          # Whether the evaluation date is after the window's last day.
          closed: ?bool,
          # The window's calendar bounds, when the agreement's start or end cuts it short.
          window_full_start: ?string,
          window_full_end: ?string,
          # The amendments that shaped the window (SPEC §9); absent when none.
          amendments: ?[]string,
          # With carry-over (SPEC §9): the target before what was carried in, and what was (signed).
          base_target: ?int,
          carried: ?int
        )

        # A milestone (id "campaign/milestone"); target and delivered are for counted milestones only.
        type MilestoneStatus (
          id: string,
          title: string,
          due: string,
          target: ?int,
          delivered: ?int,
          status: string,
          reached_on: ?string,
          # Whether the milestone's campaign still runs at the evaluation date (a MISSED milestone counts only then).
          campaign_running: ?bool,
          # OK, WARNING (DUE_SOON) or CRITICAL (MISSED while its campaign runs).
          severity: ?string
        )

        # An agreement's state, staleness, quotas and milestones at the evaluation time.
        type AgreementStatus (
          id: string,
          title: string,
          state: string,
          stale: bool,
          start: string,
          end: string,
          quotas: []QuotaStatus,
          milestones: []MilestoneStatus,
          # The worst severity that counts: OK unless ACTIVE or EXPIRING; EXPIRING and stale are WARNING at least.
          # tallyctl status and check exit with the worst of all (0, 2, 3).
          severity: ?string,
          # The evaluation date in the agreement's time zone.
          date: ?string,
          # The agreement's amendments in effective order (SPEC §9); absent when none.
          amendments: ?[]Amendment,
          # The agreement's own end when an amendment moved it (end is the amended one).
          original_end: ?string,
          # While tallyd holds a newly loaded agreement's alerts (onboarding, SPEC §9): until when (RFC 3339).
          alerts_held_until: ?string,
          # Feed candidates waiting in the inbox (SPEC section 10), for an agreement with feeds.
          inbox: ?int,
          # For an agreement with [settlement] (SPEC section 12): accepted, paid and not yet accepted, in đồng.
          settlement: ?SettlementStanding
        )

        # An amendment of an agreement (phụ lục), dates as YYYY-MM-DD.
        type Amendment (
          id: string,
          title: string,
          signed: ?string,
          effective: string,
          # The agreement's new end, when it sets one.
          end: ?string
        )

        # One line per agreement.
        type AgreementSummary (
          id: string,
          title: string,
          reference: ?string,
          parties: []string,
          start: string,
          end: string,
          timezone: string,
          state: string,
          quota_count: int,
          campaign_count: int,
          file: ?string
        )

        # What counts for a quota or a campaign: every filter given must match (absent: any).
        type Filters (
          kinds: ?[]string,
          languages: ?[]string,
          outlets: ?[]string,
          tags: ?[]string
        )

        # A quota as configured; per is total, year, quarter, month or week.
        type QuotaConfig (
          id: string,
          title: string,
          target: int,
          per: string,
          filters: Filters,
          at_risk_below: float,
          behind_below: float,
          prorate: bool,
          # What a window moves into the next (SPEC section 9): deficit, surplus or both; absent when none.
          carry: ?string
        )

        # A milestone as configured; manual milestones have no target.
        type MilestoneConfig (
          id: string,
          title: string,
          due: string,
          target: ?int,
          manual: bool,
          done_on: ?string
        )

        # A campaign as configured.
        type CampaignConfig (
          id: string,
          title: string,
          start: string,
          end: string,
          filters: Filters,
          milestones: []MilestoneConfig
        )

        # Days that count for nothing; scope is global or agreement.
        type Blackout (
          from: string,
          to: string,
          reason: ?string,
          scope: string
        )

        # A closed window and its recorded outcome (MET or MISSED).
        type WindowOutcome (
          # The agreement the window belongs to.
          agreement: ?string,
          quota: string,
          window: string,
          start: string,
          end: string,
          target: int,
          delivered: int,
          outcome: string,
          recorded_at: ?string,
          # When the outcome was last revised (a later import into the window).
          updated_at: ?string
        )

        # Everything about one agreement: configuration, current status, past windows.
        type AgreementDetail (
          id: string,
          title: string,
          reference: ?string,
          parties: []string,
          start: string,
          end: string,
          timezone: string,
          state: string,
          file: ?string,
          quotas: []QuotaConfig,
          campaigns: []CampaignConfig,
          blackouts: []Blackout,
          status: AgreementStatus,
          past_windows: []WindowOutcome,
          # The amendments in effective order with what each does to the quotas (SPEC section 9); absent when none.
          amendments: ?[]AmendmentDetail
        )

        # What an amendment does to one quota. change is amend (the terms given are in force from the amendment's
        # effective day; a filter given replaces that filter), add (a new quota with these terms, thresholds only
        # when it sets them; filters absent count everything) or remove (the quota ends the day before effective).
        type QuotaChange (
          id: string,
          change: string,
          title: ?string,
          target: ?int,
          per: ?string,
          filters: ?Filters,
          at_risk_below: ?float,
          behind_below: ?float,
          prorate: ?bool,
          carry: ?string
        )

        # An amendment of an agreement and what it does to each quota; its campaign and milestone changes are
        # not listed (they show in the campaigns as amended).
        type AmendmentDetail (
          id: string,
          title: string,
          signed: ?string,
          effective: string,
          end: ?string,
          quotas: []QuotaChange
        )

        # A delivery to record; published is a date or a date-time (without offset: the agreement's zone).
        type DeliveryInput (
          agreement: string,
          published: string,
          kind: string,
          language: ?string,
          outlet: ?string,
          title: ?string,
          url: ?string,
          tags: ?[]string,
          count: ?int,
          id: ?string
        )

        # One CSV row, fields raw as read (tags joined by ; or |), validated by the daemon.
        type ImportRow (
          line: int,
          agreement: ?string,
          published: ?string,
          kind: ?string,
          language: ?string,
          outlet: ?string,
          title: ?string,
          url: ?string,
          tags: ?string,
          count: ?string,
          id: ?string
        )

        # Why and by whom a delivery was voided.
        type VoidInfo (
          at: string,
          by: int,
          reason: string
        )

        # A recorded delivery; day is the publication date in the agreement's zone, recorded_by a uid.
        type Delivery (
          id: int,
          agreement: string,
          published: string,
          day: string,
          kind: string,
          language: string,
          outlet: ?string,
          title: ?string,
          url: ?string,
          tags: []string,
          count: int,
          external_id: ?string,
          recorded_at: string,
          recorded_by: int,
          void: ?VoidInfo
        )

        # An alert as raised (SPEC section 4); milestone is "campaign/milestone".
        type Alert (
          id: int,
          at: string,
          type: string,
          priority: int,
          agreement: string,
          quota: ?string,
          milestone: ?string,
          window: ?string,
          status: string,
          previous_status: ?string,
          delivered: ?int,
          target: ?int,
          expected: ?float,
          repeat: int,
          message: string,
          # Days until the milestone is due, for a reminder (milestone-due-soon).
          days_left: ?int,
          # For feed alerts (feed-failing, feed-recovered): the feed, its URL and its last error.
          feed: ?string,
          url: ?string,
          error: ?string,
          # For acceptance-due (SPEC section 12): the period whose acceptance record is due, e.g. 2024-Q2.
          period: ?string
        )

        # One change in the audit log, by the peer uid.
        type AuditEntry (
          id: int,
          at: string,
          uid: int,
          action: string,
          agreement: ?string,
          detail: string,
          # The delivery recorded or voided, for those actions.
          delivery_id: ?int
        )

        # A rejected import row.
        type RowError (
          line: int,
          reason: string
        )

        # The daemon's version, files and counts.
        method GetInfo() -> (info: DaemonInfo)

        # The status of the given agreements (all when absent) now, as tallyctl status --json prints it.
        method GetStatus(agreements: ?[]string) -> (at: string, agreements: []AgreementStatus)

        # Evaluate now (transitions, alerts; needs write access) or, with at, as a what-if that changes nothing.
        # duration_ms: how long the pass over every agreement took in tallyd (absent for a what-if).
        method Check(at: ?string, agreements: ?[]string) -> (at: string, agreements: []AgreementStatus, duration_ms: ?float)

        # One row per agreement, archived ones included.
        method ListAgreements() -> (agreements: []AgreementSummary)

        # Full detail of one agreement.
        method ShowAgreement(agreement: string) -> (agreement: AgreementDetail)

        # Record one delivery; created is false when an identical one was already recorded.
        method Record(delivery: DeliveryInput, allow_future: ?bool) -> (id: int, created: bool)

        # Stage an import on this connection; it is aborted if the connection closes before commit.
        method BeginImport(default_agreement: ?string, allow_future: ?bool, dry_run: ?bool) -> (import_id: string)

        # Add a batch of rows to a staged import; received counts all rows staged so far.
        method AddImportRows(import_id: string, rows: []ImportRow) -> (received: int)

        # Validate and apply a staged import in one transaction: all rows or none.
        method CommitImport(import_id: string) -> (created: int, unchanged: int, rows: int, dry_run: bool)

        # Drop a staged import.
        method AbortImport(import_id: string) -> ()

        # Deliveries by publication date then id, a page at a time: pass next_after as after.
        method ListDeliveries(agreements: ?[]string, since: ?string, until: ?string, kind: ?string, include_void: ?bool, limit: ?int, after: ?int) -> (deliveries: []Delivery, next_after: ?int)

        # Void a delivery: it stops counting and stays in history.
        method Void(id: int, reason: string) -> (delivery: Delivery)

        # Mark a manual milestone ("campaign/milestone") done on date (default today).
        method MilestoneDone(agreement: string, milestone: string, date: ?string) -> (milestone: MilestoneStatus)

        # Undo a manual milestone's completion.
        method MilestoneUndo(agreement: string, milestone: string) -> (milestone: MilestoneStatus)

        # Stored alerts, newest last, a page at a time.
        method ListAlerts(agreement: ?string, since: ?string, limit: ?int, after: ?int) -> (alerts: []Alert, next_after: ?int)

        # Stream new alerts (call with more); the last reply has final set, e.g. when the daemon stops.
        method WatchAlerts(agreement: ?string) -> (alert: ?Alert, final: ?bool)

        # The audit log, oldest first, a page at a time.
        method History(agreement: ?string, since: ?string, limit: ?int, after: ?int) -> (entries: []AuditEntry, next_after: ?int)

        # Re-read the configuration; refused whole (InvalidConfiguration) when invalid.
        method Reload() -> (added: []string, removed: []string, changed: []string, archived: []string, agreements: int)

        # Write a consistent copy of the database to path, taken online.
        method Backup(path: string) -> (path: string, bytes: int)

        # Report methods are added below.

        # ---- Compliance reports (SPEC section 7) ----

        # A quota window that meets the report period. status is MET or MISSED when closed, the pace status
        # when open, null when not started by as_of; target_share = target x days_in_period / days. A window
        # the agreement's dates cut short also carries its full calendar bounds (full_start, full_end).
        type ReportWindow (
          window: string,
          start: string,
          end: string,
          target: int,
          delivered: int,
          status: ?string,
          closed: bool,
          days: int,
          days_in_period: int,
          target_share: float,
          full_start: ?string,
          full_end: ?string,
          # The amendments that shaped the window (SPEC §9); absent when none.
          amendments: ?[]string,
          # With carry-over (SPEC §9): the target before what was carried in, and what was (signed).
          base_target: ?int,
          carried: ?int
        )

        # One day of a quota's burn-up chart; delivered and cumulative are null after as_of.
        type ReportDay (
          date: string,
          delivered: ?int,
          cumulative: ?int,
          expected: float,
          blackout: bool
        )

        # A quota over the period: its period target (window targets inside plus a calendar-day share of
        # straddling windows), delivered, completion in percent, and the status at as_of of status_window.
        type ReportQuota (
          id: string,
          title: string,
          per: string,
          period_target: float,
          delivered: int,
          completion: ?float,
          status: string,
          status_window: string,
          window_target: int,
          window_delivered: int,
          window_expected: float,
          windows: []ReportWindow,
          days: []ReportDay
        )

        # A milestone due in the period, at as_of.
        type ReportMilestone (
          id: string,
          title: string,
          campaign_title: string,
          due: string,
          target: ?int,
          delivered: ?int,
          status: string,
          reached_on: ?string
        )

        # A delivery recorded after windows it counts in had closed ("quota window" each).
        type ReportLateDelivery (
          delivery: Delivery,
          windows: []string
        )

        # One agreement over the period; as_of is the earlier of the period's end and today.
        type ReportAgreement (
          id: string,
          title: string,
          reference: ?string,
          parties: []string,
          start: string,
          end: string,
          timezone: string,
          state: string,
          as_of: string,
          covered_start: ?string,
          covered_end: ?string,
          quotas: []ReportQuota,
          milestones: []ReportMilestone,
          blackouts: []Blackout,
          voided: []Delivery,
          late_recorded: []ReportLateDelivery,
          alerts: []Alert,
          # The agreement's amendments in effective order (SPEC §9); absent when none.
          amendments: ?[]Amendment,
          # The agreement's own end when an amendment moved it (end is the amended one).
          original_end: ?string,
          # Where its reports are mailed (SPEC section 11); absent when nobody.
          report_to: ?[]string
        )

        # A compliance report; period_kind is year, quarter, month, week or range.
        type ReportData (
          period: string,
          period_kind: string,
          period_start: string,
          period_end: string,
          to_date: bool,
          generated_at: string,
          agreements: []ReportAgreement
        )

        # The compliance report data of the given agreements (default: those meeting the period) for period
        # (default: the current quarter to date), with at as "now" (default: the daemon's clock).
        method GetReportData(agreements: ?[]string, period: ?string, at: ?string) -> (report: ReportData)

        # ---- End of compliance reports ----

        # ---- Feeds and the review inbox (SPEC section 10) ----

        # A feed the fetcher should fetch now, with the validators of its last success.
        type DueFeed (agreement: string, feed: string, url: string, etag: ?string, last_modified: ?string)

        # An item as the fetcher parsed it; tallyd validates it again. published: RFC 3339 or a date.
        type FeedItem (
          guid: ?string,
          url: ?string,
          title: string,
          summary: ?string,
          categories: ?[]string,
          published: ?string
        )

        # What one fetch answered: outcome FETCHED, NOT_MODIFIED, GONE, THROTTLED or FAILED; retry_after as
        # received; moved_to where a chain of permanent redirects led.
        type FetchResult (
          outcome: string,
          status: ?int,
          error: ?string,
          etag: ?string,
          last_modified: ?string,
          retry_after: ?string,
          moved_to: ?string
        )

        # A feed's health: state NEW, OK, FAILING or GONE; url as the file writes it.
        type FeedStatus (
          agreement: string,
          feed: string,
          url: string,
          moved_to: ?string,
          state: string,
          last_attempt: ?string,
          last_success: ?string,
          last_status: ?int,
          last_error: ?string,
          next_attempt: ?string,
          failures: int,
          seen: int,
          recorded: int,
          waiting: int
        )

        # A matching feed item waiting for a person; url null for a feed:<guid> item, external_id null when the
        # URL is the key.
        type Candidate (
          id: int,
          agreement: string,
          feed: string,
          published: string,
          outlet: string,
          title: string,
          url: ?string,
          external_id: ?string,
          matched: []string
        )

        type AcceptedCandidate (id: int, delivery_id: int, created: bool)

        # The feeds due now (all named ones with force), and the [fetch] settings. Feeders and writers only.
        method DueFeeds(agreements: ?[]string, feed: ?string, force: ?bool) -> (feeds: []DueFeed, parallel: int, ca_file: ?string)

        # One fetch of one feed and its items in document order. Items past the request limit go in several calls,
        # every one but the last with partial: their items are taken, the result is applied by the last call.
        # Feeders and writers only.
        method SubmitFetch(agreement: string, feed: string, url: string, result: FetchResult, language: ?string, items: ?[]FeedItem, partial: ?bool) -> (feed: FeedStatus, recorded: int, waiting: int, skipped: int)

        # Every feed's health.
        method ListFeeds(agreements: ?[]string) -> (feeds: []FeedStatus)

        # The candidates waiting in the inbox.
        method ListInbox(agreements: ?[]string) -> (candidates: []Candidate)

        # Records candidates as deliveries: the ids, or all (of agreement). Writers only.
        method AcceptCandidates(ids: ?[]int, all: ?bool, agreement: ?string) -> (accepted: []AcceptedCandidate)

        # Rejects candidates: never offered again. Writers only.
        method RejectCandidates(ids: []int, reason: ?string) -> (rejected: int)

        # ---- End of feeds ----

        # ---- Acceptance and settlement (SPEC section 12) ----
        # Amounts are whole đồng (JSON integers). Signing a record and recording a payment need an approver
        # ([access] approvers, root or tallyd's own user); anyone who may read may draft.

        # An agreement's account: Σ due of its signed records, Σ of its payments, and the amount due of what is
        # delivered through today and not yet accepted (the current draft).
        type SettlementStanding (accepted: int, paid: int, unsettled: int)

        # The [settlement] a record was computed under; vat is included or excluded, every month, quarter, year
        # or end, over_delivery unpaid or paid.
        type SettlementTerms (
          value: int,
          payer: string,
          vat: string,
          vat_rate: ?int,
          over_delivery: string,
          every: string,
          acceptance_due_seconds: int
        )

        # An amendment in force by the period's last day: a basis (căn cứ) of the record.
        type RecordBasis (amendment: string, title: string, signed: ?string, effective: string)

        # An item as recorded, as a record lists it.
        type RecordItem (
          agreement: string,
          published: string,
          kind: string,
          language: string,
          outlet: ?string,
          title: ?string,
          url: ?string,
          tags: []string,
          count: int,
          external_id: ?string
        )

        # One line of the item list (bảng kê). type is item or adjustment; an adjustment names the record it
        # corrects and its reason (voided or repriced), its paid_count is that of the line it corrects, and its
        # amount is the correction. Items beyond a window's cap are over_target, those past the contract value
        # over_value; late items were published before the period.
        type RecordLine (
          type: string,
          corrects: ?string,
          reason: ?string,
          delivery_id: int,
          item: RecordItem,
          day: string,
          quota: string,
          window: string,
          paid_count: int,
          over_target: int,
          over_value: int,
          unit_price: int,
          previous_price: ?int,
          amount: int,
          late: bool
        )

        # A priced quota's totals in a record: contracted is its period target as the compliance report computes it.
        type QuotaSettlement (
          id: string,
          title: string,
          contracted: float,
          delivered: int,
          paid: int,
          over_target: int,
          over_value: int,
          amount: int
        )

        # An acceptance record (biên bản nghiệm thu), drafted or signed: number, date, signers, signed_at and
        # signed_by are absent from a draft. vat is null when prices include VAT; balance = signed_before + due - paid.
        # A signed record is returned exactly as it was signed.
        type AcceptanceRecord (
          agreement: string,
          agreement_title: string,
          reference: ?string,
          period: string,
          period_kind: string,
          period_start: string,
          period_end: string,
          terms: SettlementTerms,
          contract_value: int,
          payer: string,
          payee: string,
          bases: []RecordBasis,
          lines: []RecordLine,
          quotas: []QuotaSettlement,
          subtotal: int,
          vat: ?int,
          due: int,
          signed_before: int,
          paid: int,
          balance: int,
          number: ?string,
          date: ?string,
          signer_a: ?string,
          signer_b: ?string,
          signed_at: ?string,
          signed_by: ?int
        )

        # A signed record's number, date, period and amounts.
        type RecordSummary (
          number: string,
          date: string,
          period: string,
          period_kind: string,
          period_start: string,
          period_end: string,
          subtotal: int,
          vat: ?int,
          due: int
        )

        # A signed record in a list, with its agreement, its number of lines, and who stored it when (a uid).
        type ListedRecord (agreement: string, summary: RecordSummary, lines: int, signed_at: string, signed_by: int)

        # A payment; record is the number of the signed record it pays, when it names one.
        type Payment (amount: int, date: string, reference: string, record: ?string)

        # A payment as recorded: its number, its agreement, and who recorded it when (a uid).
        type RecordedPayment (id: int, agreement: string, payment: Payment, recorded_at: string, recorded_by: int)

        # The liquidation statement (biên bản thanh lý): the contract value as amended, the signed records, the
        # payments, accepted - paid (negative when overpaid), corrections no record holds yet, and the items
        # delivered but never accepted as the next record would list them.
        type LiquidationStatement (
          agreement: string,
          agreement_title: string,
          reference: ?string,
          payer: string,
          payee: string,
          contract_value: int,
          records: []RecordSummary,
          payments: []Payment,
          accepted: int,
          paid: int,
          balance: int,
          pending_adjustments: []RecordLine,
          never_accepted: []RecordLine
        )

        # The record that would be signed for period (SPEC section 7's forms; default: the last every period that
        # has ended), changing nothing.
        method DraftRecord(agreement: string, period: ?string) -> (record: AcceptanceRecord)

        # Signs the record of period exactly as it is drafted now, as number on date: stored immutable, its items
        # settled. Approvers only.
        method SignRecord(agreement: string, period: string, number: string, date: string, signer_a: ?string, signer_b: ?string) -> (record: AcceptanceRecord)

        # The signed records of an agreement (all when absent), each agreement's in the order they were signed.
        method ListRecords(agreement: ?string) -> (records: []ListedRecord)

        # One signed record, as it was signed.
        method ShowRecord(agreement: string, number: string) -> (record: AcceptanceRecord)

        # Records a payment: amount a positive whole number of đồng, date not after today. Approvers only.
        method RecordPayment(agreement: string, amount: int, date: string, reference: string, record: ?string) -> (payment: RecordedPayment)

        # The payments of an agreement (all when absent), in the order they were recorded.
        method ListPayments(agreement: ?string) -> (payments: []RecordedPayment)

        # The liquidation statement of an agreement today.
        method GetStatement(agreement: string) -> (statement: LiquidationStatement)

        # ---- End of acceptance and settlement ----

        # No agreement has this id.
        error NoSuchAgreement (agreement: string)

        # The agreement's file is gone: it is read-only.
        error AgreementArchived (agreement: string)

        # No delivery has this id.
        error NoSuchDelivery (id: int)

        # The agreement names no such feed.
        error NoSuchFeed (agreement: string, feed: string)

        # No candidate waits in the inbox with this id.
        error NoSuchCandidate (id: int)

        # The agreement has no such milestone, or it is not manual.
        error NoSuchMilestone (agreement: string, milestone: string)

        # No import with this id is staged on this connection.
        error NoSuchImport (import_id: string)

        # A delivery field is wrong; line is the CSV line for imports.
        error InvalidDelivery (field: string, reason: string, line: ?int)

        # An import was refused whole: the first bad rows, and how many rows were bad.
        error ImportRejected (errors: []RowError, total: int)

        # The key (external id or URL) is recorded with other values in these fields.
        error Conflict (key: string, fields: []string, existing_id: int)

        # The peer may read but not change data; access is the class the method needs: writers, or approvers
        # (signing records, recording payments).
        error PermissionDenied (method: string, uid: int, access: ?string)

        # The configuration was refused; the daemon keeps the one it had.
        error InvalidConfiguration (errors: []string)

        # The agreement has no signed acceptance record with this number.
        error NoSuchRecord (agreement: string, number: string)

        # Settlement refused a record or a payment (SPEC section 12); code is not-settled, number (taken or empty),
        # period-before-signed, empty-record, payment, settled (an item would be paid twice), no-period or
        # amount-too-large; reason is one sentence that says what would be right.
        error SettlementRefused (agreement: string, code: string, reason: string)

        # A parameter has a valid type but a wrong value, e.g. a bad date.
        error InvalidArgument (parameter: string, reason: string)

        # The database failed.
        error DatabaseError (reason: string)

        # The daemon has as many connections as it serves; try again later.
        error TooManyConnections (limit: int)

        # The message was not a Varlink call, or was longer than the limit.
        error InvalidRequest (reason: string)

        # The daemon failed unexpectedly; the reason is logged too.
        error InternalError (reason: string)

        """
}
