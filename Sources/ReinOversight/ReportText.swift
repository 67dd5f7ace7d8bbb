import ReinDomain
import ReinStore

/// The full report for people (`rein report`): the dashboard's pictures, then every table
/// whole, with the formulas stated.
public enum ReportText {
  public static func render(_ report: OversightReport, width: Int = 100) -> [String] {
    var lines = Dashboard.header(report, width: width)
    lines += [
      "  autonomy = unattended actions / (unattended actions + escalations raised), last "
        + "\(OversightReport.window) days (24-hour days ending now, as the sparklines); an action "
        + "is the agent's own work of a kind the policy governs, counted once: a reminder when "
        + "sent (not its draft), a payment applied, a dispute routed, outreach paused, cash held "
        + "on account; promises recorded, kept or broken are bookkeeping and not counted"
    ]
    lines += [""] + Dashboard.receivables(report, width: width)
    lines += [
      "  DSO = open receivables / credit sales of the last \(OversightReport.period) days "
        + "x \(OversightReport.period)",
      "  CEI = (open at start + sales - open now) / (open at start + sales - open not yet due)",
    ]
    if !report.otherCurrencies.isEmpty {
      lines.append(
        "  (figures in \(report.currency.code); also open: "
          + report.otherCurrencies.joined(separator: ", ") + ")")
    }
    lines += [""] + cash(report)
    lines += [""] + controllers(report)
    lines += [""] + Dashboard.trackRecord(report, width: width) + outcomes(report)
    lines += [""] + Dashboard.dial(report, width: width).prefix(1)
    lines += [""] + trust(report)
    return lines.flatMap { Dashboard.wrap($0, width: width) }
  }

  static func cash(_ report: OversightReport) -> [String] {
    guard !report.cashApplication.isEmpty else { return ["cash application: no bank lines"] }
    let facts = report.cashApplication
    let amounts = facts.map { fact in
      Figures.money(fact.amountMinor, (try? Currency(fact.currency)) ?? report.currency)
    }
    let outcomeWidth = (facts.map(\.outcome.count).max() ?? 0) + 1
    let countWidth = facts.map { String($0.lines).count }.max() ?? 1
    let amountWidth = amounts.map(\.count).max() ?? 1
    var lines = ["cash application of incoming bank lines"]
    for (fact, amount) in zip(facts, amounts) {
      lines.append(
        "  " + Figures.fit(fact.outcome, outcomeWidth) + Figures.right("\(fact.lines)", countWidth)
          + (fact.lines == 1 ? " line  " : " lines ") + Figures.right(amount, amountWidth)
          + " \(fact.currency)" + (fact.reason.isEmpty ? "" : "  \(fact.reason)"))
    }
    return lines
  }

  static func controllers(_ report: OversightReport) -> [String] {
    guard !report.decisionsPerController.isEmpty else {
      return ["decisions per controller (\(OversightReport.window)d): none"]
    }
    return ["decisions per controller (\(OversightReport.window)d)"]
      + report.decisionsPerController.map {
        "  " + Figures.fit($0.actor, 16) + Figures.right("\($0.decisions)", 6)
      }
  }

  static func outcomes(_ report: OversightReport) -> [String] {
    var lines: [String] = []
    let followUp = report.trackRecord.followUpDays
    for row in report.trackRecord.records {
      var notes: [String] = []
      let tally = row.last90
      if !tally.rejectedBy.isEmpty {
        notes.append(
          "rejected: "
            + tally.rejectedBy.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", "))
      }
      if tally.deferred + tally.timedOut > 0 {
        notes.append("deferred \(tally.deferred), timed out \(tally.timedOut)")
      }
      let outcome = row.outcomes
      if outcome.reminders > 0 {
        notes.append(
          "reminders paid within \(followUp)d \(outcome.remindersPaid)/\(outcome.reminders)")
      }
      if outcome.shortPays > 0 {
        notes.append("short-pays disputed \(outcome.shortPaysDisputed)/\(outcome.shortPays)")
      }
      if outcome.applications > 0 {
        notes.append(
          "applications reversed \(outcome.applicationsReversed)/\(outcome.applications)")
      }
      if outcome.spotChecked > 0 {
        notes.append("spot-checks disagreed \(outcome.spotDisagreed)/\(outcome.spotChecked)")
      }
      if row.last30.decisions > 0 {
        notes.append("30d: \(row.last30.approvedUnchanged)/\(row.last30.decisions) unchanged")
      }
      if !notes.isEmpty {
        lines.append("  \(row.category): " + notes.joined(separator: "; "))
      }
    }
    return lines
  }

  static func trust(_ report: OversightReport) -> [String] {
    var lines: [String] = []
    if report.proposals.isEmpty {
      lines.append(
        report.heldProposals.isEmpty
          ? "loosening proposals: none (no threshold has a clean enough record yet)"
          : "loosening proposals: none")
    } else {
      lines.append("loosening proposals (apply only when a controller accepts, with a reason)")
    }
    for proposal in report.proposals { lines.append("  " + proposal.summary) }
    if !report.heldProposals.isEmpty {
      lines.append("held back")
      for held in report.heldProposals { lines.append("  \(held.key): \(held.reason)") }
    }
    if !report.dueTightenings.isEmpty {
      lines.append("due to tighten on the next review")
      for change in report.dueTightenings { lines.append("  " + change.reason) }
    }
    if !report.disagreements.isEmpty {
      lines.append("spot-check disagreements (90d), with the rule that allowed the action")
      for item in report.disagreements {
        lines.append(
          "  \(item.at.day.iso) action #\(item.actionID) \(item.category) [\(item.rule)] "
            + "\(item.actor): \(item.reason)")
      }
    }
    if !report.automaticChanges.isEmpty {
      lines.append("tightened by rein")
      for change in report.automaticChanges {
        lines.append("  \(change.at.day.iso) \(change.key): \(change.reason)")
      }
    }
    return lines
  }
}
