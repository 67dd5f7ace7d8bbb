import Foundation
import ReinAgent
import ReinDomain
import ReinStore

/// The agent's sweep over every open invoice, each decision logged, against a raw bulk insert of
/// as many rows through the C API.
struct SweepBench {
  let book: BenchBook
  let workspace: Workspace
  let runs: Int
  let progress: (String) -> Void

  /// The moment the agent works at: a weekday morning inside the default send window.
  var now: Instant { Instant(day: book.asOf, hour: 10) }

  func measure() throws -> BenchFigure {
    let invoices = Double(book.scale.invoices)
    var sweeps: [Double] = []
    var logged: Int64 = 0
    var escalations: Int64 = 0
    for run in 0...runs {
      let path = try workspace.copy(named: "sweep")
      let processor = processorSeconds()
      let seconds = try sweep(path)
      let busy = processorSeconds() - processor
      let connection = try Database.open(at: path)
      logged =
        try connection.scalar(
          "SELECT count(*) FROM sqlite_master WHERE name = 'sweep_decision'") > 0
        ? try connection.scalar("SELECT count(*) FROM sweep_decision") : 0
      escalations = try connection.scalar(
        "SELECT count(*) FROM escalation WHERE idempotency_key NOT LIKE 'bench-%'")
      progress(
        String(
          format: "sweep run %d: %.3f s (%.3f s CPU), %lld decisions logged", run, seconds, busy,
          logged))
      if run > 0 { sweeps.append(seconds) }
    }
    if logged < Int64(book.scale.invoices) {
      progress("the sweep logged \(logged) decisions for \(book.scale.invoices) open invoices")
    }
    var inserts: [Double] = []
    for run in 0...runs {
      let seconds = try Baseline.bulkInsert(path: workspace.scratch, rows: book.scale.invoices)
      if run > 0 { inserts.append(seconds) }
    }
    let rate = invoices / median(sweeps)
    let baseline = invoices / median(inserts)
    return BenchFigure(
      name: "sweep", label: "agent sweep, every decision logged", value: rate,
      unit: "invoices/s", baseline: baseline, baselineLabel: "raw bulk insert, C API",
      ratio: baseline / rate, target: "within 3x",
      detail: [
        "seconds": median(sweeps), "decisions_logged": Double(logged),
        "escalations_raised": Double(escalations),
      ])
  }

  private func sweep(_ path: String) throws -> Double {
    let clock = ManualClock(now)
    let agent = try Agent(databasePath: path, clock: clock)
    return try runToCompletion {
      let watch = Stopwatch()
      try await agent.run([.sweep])
      return watch.seconds
    }
  }
}
