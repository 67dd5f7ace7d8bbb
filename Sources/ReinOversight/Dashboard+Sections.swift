import ReinDomain
import ReinStore

/// The dashboard's sections, each a few lines of text; `ReportText` prints them too.
extension Dashboard {
  static func header(_ report: OversightReport, width: Int) -> [String] {
    let window = OversightReport.window
    let days = min(window, max(5, width - 30))
    let inflow = report.inflow.suffix(days)
    let outflow = report.outflow.suffix(days)
    let top = max(1, (inflow + outflow).max() ?? 1)
    // The sparklines cover the same days as the counts beside them: the window, or its last
    // days when the screen is too narrow, and then they say so.
    let span = days == window ? "\(window)d" : "last \(days) of \(window)d"
    return [
      "Rein oversight, as of \(report.asOf.iso)",
      "autonomy \(Figures.percent(report.autonomyShareBP)) unattended  "
        + "exceptions \(Figures.percent(report.exceptionRateBP))  "
        + "(\(report.unattended) actions, \(report.escalations) escalations, \(window)d)",
      "queue \(report.openEscalations) open, \(report.pastDueBy) past due-by, oldest "
        + "\(Figures.duration(report.oldestOpenSeconds)), median "
        + "\(Figures.duration(report.medianOpenSeconds)); median decision "
        + "\(Figures.duration(report.medianDecisionSeconds))",
      "in  " + Figures.sparkline(scaled(Array(inflow), top))
        + "  \(inflow.reduce(0, +)) raised, \(span)",
      "out " + Figures.sparkline(scaled(Array(outflow), top))
        + "  \(outflow.reduce(0, +)) decided, \(span)",
    ]
  }

  /// Keeps the two sparklines on one scale: each value as a share of the shared top.
  static func scaled(_ values: [Int], _ top: Int) -> [Int] {
    values.map { $0 == 0 ? 0 : max(1, $0 * 1_000 / top) }
  }

  static let agingLabels = ["current", "1-30", "31-60", "61-90", ">90"]

  static func agingAmounts(_ report: OversightReport) -> [Int64] {
    ReceivablesFact.agingBuckets.map { report.receivables.aging[$0] ?? 0 }
  }

  /// The aging heading and one bar per bucket, `width` characters at most.
  static func agingBars(_ report: OversightReport, width: Int) -> [String] {
    let currency = report.currency
    let amounts = agingAmounts(report)
    let texts = amounts.map { Figures.money($0, currency) }
    let amountWidth = max(8, texts.map(\.count).max() ?? 8)
    let barWidth = min(60, max(1, width - 10 - amountWidth - 2))
    let top = amounts.max() ?? 0
    var lines = [
      "aging (\(currency.code), open \(Figures.money(report.receivables.openMinor, currency)))"
    ]
    for index in agingLabels.indices {
      let bar = Figures.fit(Figures.bar(amounts[index], of: top, width: barWidth), barWidth)
      lines.append(
        "  " + Figures.fit(agingLabels[index], 8) + bar + " "
          + Figures.right(texts[index], amountWidth))
    }
    return lines
  }

  /// The aging in one line, for small screens.
  static func agingLine(_ report: OversightReport) -> String {
    let currency = report.currency
    let amounts = agingAmounts(report)
    return "aging \(currency.code): "
      + agingLabels.indices.map { "\(agingLabels[$0]) \(Figures.money(amounts[$0], currency))" }
      .joined(separator: " · ")
  }

  static func ratios(_ report: OversightReport) -> String {
    let currency = report.currency
    let facts = report.receivables
    return "DSO " + (report.dsoTenths.map { Figures.tenths($0) + "d" } ?? "n/a")
      + "  CEI \(Figures.percent(report.ceiBP))"
      + "  overdue \(Figures.percent(report.overdueShareBP))"
      + "  disputed \(Figures.money(facts.disputedMinor, currency))"
      + "  unapplied \(Figures.money(facts.unappliedMinor, currency))"
  }

  static func receivables(_ report: OversightReport, width: Int) -> [String] {
    agingBars(report, width: width) + [ratios(report)]
  }

  /// Bank lines and their amounts per cash-application outcome (and currency), most lines first.
  static func cashOutcomes(_ report: OversightReport) -> [(
    outcome: String, currency: String, lines: Int, minor: Int64
  )] {
    var totals: [String: (outcome: String, currency: String, lines: Int, minor: Int64)] = [:]
    for fact in report.cashApplication {
      let key = fact.outcome + " " + fact.currency
      var entry = totals[key] ?? (fact.outcome, fact.currency, 0, 0)
      entry.lines += fact.lines
      entry.minor += fact.amountMinor
      totals[key] = entry
    }
    return totals.values.sorted {
      ($1.lines, $0.outcome, $0.currency) < ($0.lines, $1.outcome, $1.currency)
    }
  }

  /// Cash application per outcome, for the side of a wide dashboard; `rein report` lists the
  /// reasons too.
  static func cash(_ report: OversightReport) -> [String] {
    let outcomes = cashOutcomes(report)
    guard !outcomes.isEmpty else { return ["cash application: no bank lines"] }
    let amounts = outcomes.map {
      Figures.money($0.minor, (try? Currency($0.currency)) ?? report.currency)
    }
    let countWidth = outcomes.map { String($0.lines).count }.max() ?? 1
    let amountWidth = amounts.map(\.count).max() ?? 1
    return ["cash application of incoming bank lines"]
      + zip(outcomes, amounts).map { entry, amount in
        "  " + Figures.fit(entry.outcome.replacingOccurrences(of: "_", with: "-"), 11)
          + Figures.right("\(entry.lines)", countWidth) + (entry.lines == 1 ? " line  " : " lines ")
          + Figures.right(amount, amountWidth) + " \(entry.currency)"
      }
  }

  /// Cash application in one line: bank lines per outcome.
  static func cashSummary(_ report: OversightReport) -> String {
    let outcomes = cashOutcomes(report)
    guard !outcomes.isEmpty else { return "cash application: no bank lines" }
    return "cash: "
      + outcomes.map { "\($0.lines) \($0.outcome.replacingOccurrences(of: "_", with: "-"))" }
      .joined(separator: ", ") + " bank lines"
  }

  /// Decisions per controller in one line.
  static func controllerSummary(_ report: OversightReport) -> String {
    let people = report.decisionsPerController
    return "decisions per controller (\(OversightReport.window)d): "
      + (people.isEmpty
        ? "none" : people.map { "\($0.actor) \($0.decisions)" }.joined(separator: ", "))
  }

  static func trackRecord(_ report: OversightReport, width: Int) -> [String] {
    let rows = report.trackRecord.records.sorted {
      ($0.last90.decisions + $0.outcomes.unattended, $1.category)
        > ($1.last90.decisions + $1.outcomes.unattended, $0.category)
    }
    guard !rows.isEmpty else { return ["track record: nothing decided or done in 90 days"] }
    let nameWidth = max(12, min(40, width - 46))
    var lines = [
      Figures.fit("track record, 90d", nameWidth)
        + "  dec  ok%  edit  rej  unatt  spot✗  trend"
    ]
    for row in rows {
      let tally = row.last90
      let ok = tally.decisions > 0 ? "\(tally.approvedUnchanged * 100 / tally.decisions)" : "-"
      lines.append(
        Figures.fit(row.category.description, nameWidth) + Figures.right("\(tally.decisions)", 5)
          + Figures.right(ok, 5) + Figures.right("\(tally.approvedWithEdits)", 6)
          + Figures.right("\(tally.rejected)", 5)
          + Figures.right("\(row.outcomes.unattended)", 7)
          + Figures.right("\(row.outcomes.spotDisagreed)", 7) + "    " + row.trend.arrow)
    }
    return lines
  }

  static func dial(_ report: OversightReport, width: Int) -> [String] {
    var lines: [String] = []
    let stopped = report.kinds.filter(\.stopped).map(\.kind.rawValue)
    let supervised = report.kinds.filter(\.supervised).map(\.kind.rawValue)
    lines.append(
      (report.stopAll ? "AGENT STOPPED  " : "")
        + "stopped: \(stopped.isEmpty ? "none" : stopped.joined(separator: ","))  "
        + "supervised: \(supervised.isEmpty ? "none" : supervised.joined(separator: ","))")
    if let change = report.automaticChanges.first {
      let shown = { (value: String?) in
        value.map { Figures.setting($0, key: change.key, report.currency) }
      }
      lines.append(
        "tightened by rein: \(change.key) \(shown(change.before) ?? "default") -> "
          + "\(shown(change.after) ?? "") on \(change.at.day.iso)"
          + (report.automaticChanges.count > 1 ? " (+\(report.automaticChanges.count - 1))" : ""))
    }
    for tightening in report.dueTightenings.prefix(1) {
      lines.append("due to tighten: \(tightening.key) \(tightening.change)")
    }
    lines.append(proposalLine(report))
    return lines
  }

  /// The first proposal; or why there is none, naming a key held back when one is.
  static func proposalLine(_ report: OversightReport) -> String {
    if let proposal = report.proposals.first {
      return "proposal: " + proposal.headline
        + (report.proposals.count > 1 ? " (+\(report.proposals.count - 1) more)" : "")
    }
    if let held = report.heldProposals.first {
      return "proposals: none; \(held.key) held back: \(held.reason)"
        + (report.heldProposals.count > 1 ? " (+\(report.heldProposals.count - 1) more)" : "")
    }
    return "proposals: none (no threshold has a clean enough record yet)"
  }
}
