import Foundation
import ReinAgent
import ReinConsole
import ReinDomain
import ReinStore

/// The console on the full book, headless through the pure render path: the first frame, each
/// keystroke to its frame, and an escalation the agent raises reaching the screen.
struct ConsoleBench {
  let book: BenchBook
  let workspace: Workspace
  let runs: Int
  let progress: (String) -> Void

  var now: Instant { Instant(day: book.asOf, hour: 10) }

  /// A browsing session: move, page, sort, filter, open an escalation and back.
  static let script: [Key] = [
    .down, .down, .down, .pageDown, .pageDown, .up, .character("s"), .down, .pageDown,
    .character("f"), .down, .enter, .escape, .character("f"), .pageDown, .character("s"),
    .character("s"), .character("s"), .enter, .tab, .escape, .home, .pageDown, .pageUp, .down,
  ]

  func measure() throws -> [BenchFigure] {
    var frames: [Double] = []
    var queries: [Double] = []
    for run in 0...runs {
      let query = try Baseline.balancePerCustomer(path: workspace.book)
      let frame = try firstFrame(workspace.book).seconds
      progress(
        String(
          format: "first frame run %d: %.1f ms (GROUP BY %.1f ms)", run,
          frame * 1e3, query * 1e3))
      if run > 0 {
        frames.append(frame)
        queries.append(query)
      }
    }
    let keys = try keystrokes(rounds: max(4, runs * 8))
    progress(
      String(
        format: "%d keystrokes: median %.0f us, p99 %.0f us", keys.count,
        median(keys), percentile(keys, 99)))
    let frame = median(frames) * 1e3
    let baseline = median(queries) * 1e3
    return [
      BenchFigure(
        name: "first_frame", label: "console first frame (open, queue, counts, render)",
        value: frame, unit: "ms", baseline: baseline,
        baselineLabel: "GROUP BY balance per customer, C API", ratio: frame / baseline,
        target: "within 2x"),
      BenchFigure(
        name: "key_to_frame_median", label: "keystroke to frame, median", value: median(keys),
        unit: "us", target: "under 2,000 us", detail: ["keystrokes": Double(keys.count)]),
      BenchFigure(
        name: "key_to_frame_p99", label: "keystroke to frame, p99", value: percentile(keys, 99),
        unit: "us", target: "under 10,000 us", detail: ["keystrokes": Double(keys.count)]),
    ]
  }

  /// Opens the console on `path` and renders its first frame.
  func firstFrame(_ path: String) throws -> (seconds: Double, session: ConsoleSession) {
    let watch = Stopwatch()
    let session = try ConsoleBench.openSession(path, now: now)
    let grid = session.render()
    let seconds = watch.seconds
    guard session.state.queue.list.loaded, grid.lines.contains(where: { $0.contains("#") }) else {
      throw BenchError("the console's first frame shows no queue")
    }
    return (seconds, session)
  }

  /// Microseconds from each key to its rendered frame, over `rounds` passes of the script.
  func keystrokes(rounds: Int) throws -> [Double] {
    let session = try firstFrame(workspace.book).session
    var timings: [Double] = []
    var slowest: [String: Double] = [:]
    for round in 0...rounds {
      for key in ConsoleBench.script {
        let watch = Stopwatch()
        session.send(.key(key))
        _ = session.render()
        let elapsed = watch.microseconds
        if round > 0 {
          timings.append(elapsed)
          slowest[key.description] = max(slowest[key.description] ?? 0, elapsed)
        }
      }
    }
    progress(
      "slowest per key: "
        + slowest.sorted { $0.value > $1.value }.map { "\($0.key) \(Int($0.value)) us" }
        .joined(separator: ", "))
    return timings
  }

  static func openSession(_ path: String, now: Instant) throws -> ConsoleSession {
    let connection = try Database.open(at: path)
    // As the console opens it: no commit of a key stops for a checkpoint.
    try connection.tuneForInteractiveWork()
    let clock = ManualClock(now)
    let session = ConsoleSession(
      state: ConsoleState(
        size: GridSize(rows: 40, columns: 120), now: now, operatorName: "bench", readOnly: false),
      runner: EffectRunner(
        connection: connection, operatorName: "bench", clock: clock, log: nil,
        context: LedgerContext()))
    session.start()
    return session
  }

  /// From the agent publishing an escalation it raised (its transaction committed) to the
  /// console's frame showing it in the queue, agent and console in one process.
  func escalationToScreen() throws -> BenchFigure {
    let path = try workspace.copy(named: "raise")
    var timings: [Double] = []
    for run in 0...runs {
      let connection = try Database.open(at: path)
      try connection.insert(
        BankLine(
          id: "BL-UNKNOWN-\(run)", sourceKey: "bench:unknown:\(run)",
          amount: Money(minor: 5_000_000_000_000, currency: .usd), booked: book.asOf,
          payerName: "Nobody We Know \(run)", remittance: "WIRE \(run)"))
      // The book's own lines are already settled here, so the agent's pass meets only this one.
      try connection.run(
        "UPDATE bank_line SET status = 'ignored' WHERE id LIKE 'BL%' AND id NOT LIKE 'BL-UNKNOWN-%'"
      )
      let now = self.now
      let seconds = try runToCompletion { try await ConsoleBench.raiseAndWatch(path, now: now) }
      progress(String(format: "escalation to screen run %d: %.2f ms", run, seconds * 1e3))
      if run > 0 { timings.append(seconds) }
    }
    return BenchFigure(
      name: "escalation_to_screen", label: "escalation raised by the agent to visible",
      value: median(timings) * 1e3, unit: "ms", target: "under 50 ms")
  }

  static func raiseAndWatch(_ path: String, now: Instant) async throws -> Double {
    let session = try openSession(path, now: now)
    _ = session.render()
    let agent = try Agent(databasePath: path, clock: ManualClock(now))
    let stream = await agent.subscribe()
    let pass = Task { try await agent.run([.cash]) }
    var seconds = Double.nan
    for await event in stream {
      guard case .escalationRaised(let id, _, _) = event else { continue }
      let watch = Stopwatch()
      session.send(.agent(event))
      let grid = session.render()
      let listed = session.state.queue.list.rows.contains { $0.id == id }
      // Ids past six digits are clipped in the queue's id column, so the row is found by its
      // account, the suspense account the unknown payer's money goes to.
      let shown = grid.lines.contains { $0.contains("Unidentified") }
      if listed && shown { seconds = watch.seconds }
      break
    }
    _ = try await pass.value
    await agent.finish()
    guard seconds.isFinite else {
      throw BenchError("the raised escalation never reached the screen")
    }
    return seconds
  }
}
