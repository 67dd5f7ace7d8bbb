import ReinDomain
import ReinStore

/// The oversight dashboard as lines of text, for the console screen and `rein report`.
///
/// Pure: the same report at the same size always gives the same lines, each exactly `width`
/// characters, `height` lines in all. When space is short the track record table gives way first.
public enum Dashboard {
  public static func render(_ report: OversightReport, width: Int, height: Int) -> [String] {
    guard width > 0, height > 0 else { return [] }
    let head = header(report, width: width) + receivables(report, width: width)
    let tail = dial(report, width: width).flatMap { wrap($0, width: width) }
    let table = trackRecord(report, width: width)
    var room = max(0, height - head.count - tail.count)
    var lines = head
    if room >= 3 {
      let shown = Array(table.prefix(room))
      lines += shown
      if table.count > room, let last = lines.indices.last {
        lines[last] = "  … \(table.count - room + 1) more categories in `rein report`"
      }
      room -= shown.count
    }
    let extras = [""] + ReportText.cash(report) + [""] + ReportText.controllers(report)
    if room >= 4 { lines += extras.prefix(room) }
    lines += tail
    lines = Array(lines.prefix(height))
    while lines.count < height { lines.append("") }
    return lines.map { Figures.fit($0, width) }
  }

  /// Breaks a long line at spaces; continuation lines are indented by two.
  static func wrap(_ line: String, width: Int) -> [String] {
    guard line.count > width, width > 20 else { return [line] }
    // The line's own indent stays on its first row; the rows it wraps onto sit two further in.
    let indent = String(line.prefix { $0 == " " })
    let continuation = indent + "  "
    var lines: [String] = []
    var current = indent
    for word in line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: false)
    {
      let fresh = current == indent || current == continuation
      let candidate = fresh ? current + word : current + " " + word
      if candidate.count > width, !fresh {
        lines.append(current)
        current = continuation + word
      } else {
        current = candidate
      }
    }
    if current != indent { lines.append(current) }
    return lines
  }

  static func header(_ report: OversightReport, width: Int) -> [String] {
    let days = min(OversightReport.window, max(5, width - 30))
    let inflow = report.inflow.suffix(days)
    let outflow = report.outflow.suffix(days)
    let top = max(1, (inflow + outflow).max() ?? 1)
    return [
      "Rein oversight, as of \(report.asOf.iso)",
      "autonomy \(Figures.percent(report.autonomyShareBP)) unattended  "
        + "exceptions \(Figures.percent(report.exceptionRateBP))  "
        + "(\(report.unattended) actions, \(report.escalations) escalations, "
        + "\(OversightReport.window)d)",
      "queue \(report.openEscalations) open, \(report.pastDueBy) past due-by, oldest "
        + "\(Figures.duration(report.oldestOpenSeconds)), median "
        + "\(Figures.duration(report.medianOpenSeconds)); median decision "
        + "\(Figures.duration(report.medianDecisionSeconds))",
      "in  " + Figures.sparkline(scaled(Array(inflow), top)) + "  \(inflow.reduce(0, +)) raised",
      "out " + Figures.sparkline(scaled(Array(outflow), top)) + "  \(outflow.reduce(0, +)) decided",
    ]
  }

  /// Keeps the two sparklines on one scale: each value as a share of the shared top.
  static func scaled(_ values: [Int], _ top: Int) -> [Int] {
    values.map { $0 == 0 ? 0 : max(1, $0 * 1_000 / top) }
  }

  static func receivables(_ report: OversightReport, width: Int) -> [String] {
    let facts = report.receivables
    let currency = report.currency
    let amounts = Connection.agingBuckets.map { facts.aging[$0] ?? 0 }
    let labels = ["current", "1-30", "31-60", "61-90", ">90"]
    let texts = amounts.map { Figures.money($0, currency) }
    let amountWidth = max(8, texts.map(\.count).max() ?? 8)
    let barWidth = min(60, max(1, width - 10 - amountWidth - 2))
    let top = amounts.max() ?? 0
    var lines = ["aging (\(currency.code), open \(Figures.money(facts.openMinor, currency)))"]
    for index in labels.indices {
      let bar = Figures.fit(Figures.bar(amounts[index], of: top, width: barWidth), barWidth)
      lines.append(
        "  " + Figures.fit(labels[index], 8) + bar + " " + Figures.right(texts[index], amountWidth))
    }
    lines.append(
      "DSO " + (report.dsoTenths.map { Figures.tenths($0) + "d" } ?? "n/a")
        + "  CEI \(Figures.percent(report.ceiBP))"
        + "  overdue \(Figures.percent(report.overdueShareBP))"
        + "  disputed \(Figures.money(facts.disputedMinor, currency))"
        + "  unapplied \(Figures.money(facts.unappliedMinor, currency))")
    return lines
  }

  static func trackRecord(_ report: OversightReport, width: Int) -> [String] {
    let rows = report.trackRecord.records.sorted {
      ($0.last90.decisions + $0.outcomes.unattended, $1.category)
        > ($1.last90.decisions + $1.outcomes.unattended, $0.category)
    }
    guard !rows.isEmpty else { return ["track record: nothing decided or done in 90 days"] }
    let nameWidth = max(12, min(34, width - 46))
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
      lines.append(
        "tightened by rein: \(change.key) \(change.before ?? "default") -> \(change.after ?? "")"
          + " on \(change.at.day.iso)"
          + (report.automaticChanges.count > 1 ? " (+\(report.automaticChanges.count - 1))" : ""))
    }
    for tightening in report.dueTightenings.prefix(1) {
      lines.append("due to tighten: \(tightening.key) \(tightening.before) -> \(tightening.after)")
    }
    if let proposal = report.proposals.first {
      lines.append(
        "proposal: " + proposal.summary
          + (report.proposals.count > 1 ? " (+\(report.proposals.count - 1) more)" : ""))
    } else {
      lines.append("proposals: none (no category has a clean record yet)")
    }
    return lines
  }
}
