import Foundation
import ReinDomain
import ReinOversight
import ReinStore

/// `rein report`: receivables and oversight figures, as pictures for people or JSON for tools.
enum ReportCommand {
  static let command = Command(
    ["report"], usage: "report [--json] [--width N]",
    summary: "AR and oversight figures: aging, DSO, autonomy share, queue age, track records",
    options: [
      OptionSpec("--json", "print JSON"),
      OptionSpec("--width", value: "N", "width of the text report (default 100)"),
    ]
  ) { arguments, invocation in
    let width = try arguments.number("--width", as: Int.self) ?? 100
    guard (40...400).contains(width) else { throw UsageError("--width must be 40 to 400") }
    let connection = try Database.open(at: invocation.databasePath, readOnly: true)
    let report = try OversightReport.load(connection, at: invocation.clock.now())
    if arguments.flag("--json") {
      invocation.print(ReportJSON.json(report).pretty)
    } else {
      invocation.print(
        ReportText.render(report, width: width).map(Inert.text).joined(separator: "\n"))
    }
    return 0
  }
}

/// The report as JSON: snake_case keys, money as `*_minor` with `currency`, ratios as numbers
/// from 0 to 1, durations in seconds.
enum ReportJSON {
  static func json(_ report: OversightReport) -> JSONValue {
    var object = receivables(report)
    object.merge(queue(report)) { first, _ in first }
    object["as_of"] = .string(report.asOf.iso)
    object["track_record"] = .array(report.trackRecord.records.map(record))
    object["follow_up_days"] = .integer(Int64(report.trackRecord.followUpDays))
    object["loosening_proposals"] = .array(report.proposals.map(proposal))
    object["held_proposals"] = .array(
      report.heldProposals.map { .object(["key": .string($0.key), "reason": .string($0.reason)]) })
    object["due_tightenings"] = .array(
      report.dueTightenings.map {
        .object([
          "key": .string($0.key), "before": .string($0.before), "after": .string($0.after),
          "currency": $0.currency.map { .string($0.code) } ?? .null,
          "reason": .string($0.reason),
        ])
      })
    object["automatic_changes"] = .array(
      report.automaticChanges.map {
        .object([
          "at": .string($0.at.iso), "key": .string($0.key),
          "before": $0.before.map { .string($0) } ?? .null,
          "after": $0.after.map { .string($0) } ?? .null, "reason": .string($0.reason),
        ])
      })
    object["spot_check_disagreements"] = .array(
      report.disagreements.map {
        .object([
          "action": .integer($0.actionID), "kind": .string($0.kind),
          "category": .string($0.category), "rule": .string($0.rule),
          "reason": .string($0.reason), "actor": .string($0.actor), "at": .string($0.at.iso),
        ])
      })
    object["receivables_by_currency"] = .array(
      report.receivablesByCurrency.map { facts in
        var aging: [String: JSONValue] = [:]
        for bucket in ReceivablesFact.agingBuckets {
          aging[bucket] = .integer(facts.aging[bucket] ?? 0)
        }
        return .object([
          "currency": .string(facts.currency), "aging": .object(aging),
          "open_receivables_minor": .integer(facts.openMinor),
          "credit_sales_minor": .integer(facts.salesMinor),
          "disputed_minor": .integer(facts.disputedMinor),
          "unapplied_cash_minor": .integer(facts.unappliedMinor),
        ])
      })
    object["autonomy"] = .object([
      "stop_all": .bool(report.stopAll),
      "kinds": .array(
        report.kinds.map {
          .object([
            "kind": .string($0.kind.rawValue), "boundary": .string($0.boundary.rawValue),
            "supervised": .bool($0.supervised), "stopped": .bool($0.stopped),
            "human_floor": .bool($0.humanFloor), "mode": .string($0.mode),
          ])
        }),
    ])
    object["formulas"] = .object([
      "dso_days": .string("open receivables / credit sales of the last 90 days * 90"),
      "collection_effectiveness_index": .string(
        "(open at start + credit sales - open now) / "
          + "(open at start + credit sales - open not yet due), last 90 days"),
      "autonomy_share": .string(
        "unattended actions / (unattended actions + escalations raised), last 30 days; an "
          + "action is the agent's work of a kind the policy governs, counted once (a reminder "
          + "when sent, not its draft; promise bookkeeping not counted)"),
      "exception_rate": .string("escalations raised / (unattended actions + escalations raised)"),
    ])
    return .object(object)
  }

  static func receivables(_ report: OversightReport) -> [String: JSONValue] {
    let facts = report.receivables
    var aging: [String: JSONValue] = [:]
    for bucket in ReceivablesFact.agingBuckets {
      aging[bucket] = .integer(facts.aging[bucket] ?? 0)
    }
    return [
      "currency": .string(report.currency.code), "aging": .object(aging),
      "open_receivables_minor": .integer(facts.openMinor),
      "open_invoices": .integer(Int64(facts.openInvoices)),
      "credit_sales_minor": .integer(facts.salesMinor),
      "open_at_period_start_minor": .integer(facts.openAtStartMinor),
      "dso_days": report.dsoTenths.map { .number(Figures.tenths($0)) } ?? .null,
      "collection_effectiveness_index": report.ceiBP.map { .number(Figures.ratio($0)) } ?? .null,
      "overdue_share": report.overdueShareBP.map { .number(Figures.ratio($0)) } ?? .null,
      "disputed_minor": .integer(facts.disputedMinor),
      "unapplied_cash_minor": .integer(facts.unappliedMinor),
      "unapplied_lines": .integer(Int64(facts.unappliedLines)),
      "other_currencies": .array(report.otherCurrencies.map { .string($0) }),
      "cash_application": .array(
        report.cashApplication.map {
          .object([
            "outcome": .string($0.outcome), "reason": .string($0.reason),
            "lines": .integer(Int64($0.lines)), "amount_minor": .integer($0.amountMinor),
            "currency": .string($0.currency),
          ])
        }),
    ]
  }

  static func queue(_ report: OversightReport) -> [String: JSONValue] {
    func seconds(_ value: Int64?) -> JSONValue { value.map { .integer($0) } ?? .null }
    var perController: [String: JSONValue] = [:]
    for entry in report.decisionsPerController {
      perController[entry.actor] = .integer(Int64(entry.decisions))
    }
    return [
      "window_days": .integer(Int64(OversightReport.window)),
      "autonomy_share": .number(Figures.ratio(report.autonomyShareBP ?? 0)),
      "exception_rate": .number(Figures.ratio(report.exceptionRateBP ?? 0)),
      "unattended_actions": .integer(Int64(report.unattended)),
      "escalations_raised": .integer(Int64(report.escalations)),
      "open_escalations": .integer(Int64(report.openEscalations)),
      "past_due_by": .integer(Int64(report.pastDueBy)),
      "oldest_open_escalation_seconds": seconds(report.oldestOpenSeconds),
      "median_open_escalation_age_seconds": seconds(report.medianOpenSeconds),
      "median_time_to_decision_seconds": seconds(report.medianDecisionSeconds),
      "decisions_per_controller": .object(perController),
      "escalation_inflow_daily": .array(report.inflow.map { .integer(Int64($0)) }),
      "decision_outflow_daily": .array(report.outflow.map { .integer(Int64($0)) }),
    ]
  }

  static func tally(_ tally: DecisionTally) -> JSONValue {
    var reasons: [String: JSONValue] = [:]
    for (reason, count) in tally.rejectedBy { reasons[reason] = .integer(Int64(count)) }
    return .object([
      "decisions": .integer(Int64(tally.decisions)),
      "approved_unchanged": .integer(Int64(tally.approvedUnchanged)),
      "approved_with_edits": .integer(Int64(tally.approvedWithEdits)),
      "rejected": .integer(Int64(tally.rejected)), "rejected_by_reason": .object(reasons),
      "deferred": .integer(Int64(tally.deferred)), "timed_out": .integer(Int64(tally.timedOut)),
    ])
  }

  static func record(_ record: CategoryRecord) -> JSONValue {
    let outcomes = record.outcomes
    return .object([
      "category": .string(record.category.key), "kind": .string(record.category.kind.rawValue),
      "segment": .string(record.category.segment), "band": .string(record.category.band.rawValue),
      "last_30_days": tally(record.last30), "last_90_days": tally(record.last90),
      "clean_share": record.cleanShareBP.map { .number(Figures.ratio($0)) } ?? .null,
      "trend": .string(record.trend.rawValue),
      "unattended": .object([
        "actions": .integer(Int64(outcomes.unattended)),
        "reminders": .integer(Int64(outcomes.reminders)),
        "reminders_paid": .integer(Int64(outcomes.remindersPaid)),
        "short_pays": .integer(Int64(outcomes.shortPays)),
        "short_pays_disputed": .integer(Int64(outcomes.shortPaysDisputed)),
        "applications": .integer(Int64(outcomes.applications)),
        "applications_reversed": .integer(Int64(outcomes.applicationsReversed)),
        "spot_checked": .integer(Int64(outcomes.spotChecked)),
        "spot_check_disagreements": .integer(Int64(outcomes.spotDisagreed)),
      ]),
    ])
  }

  static func proposal(_ proposal: LooseningProposal) -> JSONValue {
    let evidence = proposal.evidence
    var segments: [String: JSONValue] = [:]
    for (segment, count) in evidence.segments { segments[segment] = .integer(Int64(count)) }
    return .object([
      "key": .string(proposal.key), "kind": .string(proposal.kind.rawValue),
      "currency": .string(proposal.currency.code),
      "current_minor": .integer(proposal.currentMinor),
      "proposed_minor": .integer(proposal.proposedMinor), "summary": .string(proposal.summary),
      "evidence": .object([
        "decisions_90_days": .integer(Int64(evidence.decisions90)),
        "approved_unchanged_90_days": .integer(Int64(evidence.approvedUnchanged90)),
        "clean_share": .number(Figures.ratio(evidence.cleanShareBP)),
        "spot_checked": .integer(Int64(evidence.spotChecked)),
        "spot_check_disagreements": .integer(Int64(evidence.spotDisagreed)),
        "smallest_approved_minor": .integer(evidence.smallestMinor),
        "percentile_90_approved_minor": .integer(evidence.percentile90Minor),
        "largest_approved_minor": .integer(evidence.largestMinor),
        "decisions_by_segment": .object(segments),
        "affected_bands": .array(
          evidence.affected.map {
            .object([
              "band": .string($0.band.rawValue), "decisions": .integer(Int64($0.decisions)),
              "approved_unchanged": .integer(Int64($0.approvedUnchanged)),
            ])
          }),
        "capped_by": evidence.cappedBy.map { .string($0) } ?? .null,
      ]),
    ])
  }
}
