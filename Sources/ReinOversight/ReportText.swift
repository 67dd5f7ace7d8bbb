import ReinDomain
import ReinStore

/// The full report for people (`rein report`): the dashboard's pictures, then every table
/// whole, with the formulas stated.
public enum ReportText {
  public static func render(_ report: OversightReport, width: Int = 100) -> [String] {
    var lines = Dashboard.header(report, width: width)
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
    var lines = ["cash application of incoming bank lines"]
    for fact in report.cashApplication {
      let currency = (try? Currency(fact.currency)) ?? report.currency
      lines.append(
        "  " + Figures.fit(fact.outcome, 11) + Figures.right("\(fact.lines)", 6)
          + (fact.lines == 1 ? " line  " : " lines ")
          + Figures.right(Figures.money(fact.amountMinor, currency), 16) + " \(fact.currency)"
          + (fact.reason.isEmpty ? "" : "  \(fact.reason)"))
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
    lines.append(
      report.proposals.isEmpty
        ? "loosening proposals: none (no category has a clean record yet)"
        : "loosening proposals (apply only when a controller accepts, with a reason)")
    for proposal in report.proposals { lines.append("  " + proposal.summary) }
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
