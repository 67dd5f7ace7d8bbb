import Foundation
import ReinAgent
import ReinDomain
import ReinStore

/// Cash application of every bank line of the book, and how many of the lines whose true invoices
/// the generator knows were matched to exactly those invoices without a person.
struct CashBench {
  let book: BenchBook
  let workspace: Workspace
  let runs: Int
  let progress: (String) -> Void

  var now: Instant { Instant(day: book.asOf, hour: 10) }

  func measure() throws -> [BenchFigure] {
    let lines = Double(book.scale.bankLines)
    var timings: [Double] = []
    var outcome = MatchOutcome()
    for run in 0...runs {
      let path = try workspace.copy(named: "cash")
      let processor = processorSeconds()
      let seconds = try apply(path)
      let busy = processorSeconds() - processor
      outcome = try MatchOutcome(path: path)
      progress(
        String(
          format: "cash run %d: %.3f s (%.3f s CPU), %d of %d known lines matched", run, seconds,
          busy, outcome.matched, outcome.known))
      if run > 0 { timings.append(seconds) }
    }
    guard outcome.withoutReason == 0 else {
      throw BenchError("\(outcome.withoutReason) unmatched bank lines carry no reason")
    }
    var lookups: [Double] = []
    for run in 0...runs {
      let seconds = try Baseline.indexedLookups(
        path: workspace.book, count: book.scale.bankLines, invoices: book.scale.invoices)
      if run > 0 { lookups.append(seconds) }
    }
    let rate = lines / median(timings)
    let baseline = lines / median(lookups)
    return [
      BenchFigure(
        name: "cash_application", label: "cash application", value: rate, unit: "lines/s",
        baseline: baseline, baselineLabel: "indexed lookups by reference", ratio: baseline / rate,
        target: "\(book.scale.bankLines) lines in under 2 s",
        detail: ["seconds": median(timings), "lines": lines]),
      BenchFigure(
        name: "auto_match_rate", label: "auto-match rate (lines with a known invoice)",
        value: outcome.rate, unit: "%", target: "at least 97%",
        detail: [
          "matched": Double(outcome.matched), "known_lines": Double(outcome.known),
          "unmatched_with_reason": Double(outcome.unmatched),
        ]),
    ]
  }

  private func apply(_ path: String) throws -> Double {
    let agent = try Agent(databasePath: path, clock: ManualClock(now))
    return try runToCompletion {
      let watch = Stopwatch()
      try await agent.run([.cash])
      return watch.seconds
    }
  }
}

/// How the applied lines compare with the generator's truth.
struct MatchOutcome {
  /// Lines whose true invoices the generator knows.
  var known = 0
  /// Of those, lines the agent applied on its own to exactly their true invoices.
  var matched = 0
  /// Lines not applied, each with the reason recorded on the line.
  var unmatched = 0
  /// Lines not applied whose reason is missing: must be none.
  var withoutReason = 0

  init() {}

  init(path: String) throws {
    let connection = try Database.open(at: path)
    let truth = try connection.rows(
      "SELECT bank_line_id, invoice_ids FROM bench_truth WHERE invoice_ids != ''"
    ) { ($0.text(0), Set($0.text(1).split(separator: ",").map(String.init))) }
    let applied = try connection.rows(
      """
      SELECT a.bank_line_id, group_concat(a.invoice_id) FROM application a
      JOIN bank_line b ON b.id = a.bank_line_id AND b.status = 'applied'
      JOIN agent_action x ON x.idempotency_key = 'apply_payment:' || b.id AND x.unattended = 1
      GROUP BY a.bank_line_id
      """
    ) { ($0.text(0), Set($0.text(1).split(separator: ",").map(String.init))) }
    let byLine = Dictionary(applied, uniquingKeysWith: { first, _ in first })
    known = truth.count
    matched = truth.filter { byLine[$0.0] == $0.1 }.count
    unmatched = Int(
      try connection.scalar(
        "SELECT count(*) FROM bank_line WHERE status != 'applied' AND status_reason IS NOT NULL"))
    withoutReason = Int(
      try connection.scalar(
        "SELECT count(*) FROM bank_line WHERE status != 'applied' AND status_reason IS NULL"))
  }

  var rate: Double { known == 0 ? 0 : Double(matched) * 100 / Double(known) }
}
