import ReinDomain

/// What the sweep decided for one open invoice, as stored in `sweep_decision.outcome`.
public enum SweepOutcome: Int64, Sendable, CaseIterable {
  /// Not yet at any step of the ladder, or already had its notice at its step.
  case nothingDue = 0
  /// The account is out of the ladder today (autopay, a pause, a live promise).
  case accountSkipped = 1
  /// Left out of reminders: disputed or paused on its own.
  case excluded = 2
  /// Due a notice, but a contact rule (send window, gap, cap) says not now.
  case waiting = 3
  /// Listed on a reminder sent today.
  case reminded = 4
  /// Listed on a reminder a person must approve.
  case reminderEscalated = 5
  /// The policy holds reminders (a stop switch or `never`).
  case held = 6
  /// Proposed for write-off to a person.
  case writeOffEscalated = 7
  /// Written off by the agent within its threshold.
  case writtenOff = 8
  /// Due a notice, but cash the account holds unapplied covers it: no reminder until a person
  /// applies the cash.
  case coveredByCash = 9
  /// A small stale balance whose write-off a person already decided, with nothing changed on
  /// the invoice since: not proposed again.
  case writeOffDecided = 10
}

extension SweepOutcome {
  /// The agent did something or was stopped from doing it: logged in every pass. Other
  /// outcomes hold until the book changes, and the day's complete pass already says them.
  public var isEvent: Bool {
    switch self {
    case .nothingDue, .accountSkipped, .excluded, .waiting, .coveredByCash, .writeOffDecided: false
    case .reminded, .reminderEscalated, .held, .writeOffEscalated, .writtenOff: true
    }
  }
}

extension Connection {
  public func beginSweep(at time: Instant) throws(StoreError) -> (id: Int64, complete: Bool) {
    let done = try scalar(
      """
      SELECT count(*) FROM sweep_pass
      WHERE complete = 1 AND finished IS NOT NULL AND at >= ? AND at < ?
      """, [Instant(day: time.day), Instant(day: time.day.adding(days: 1))])
    let next = try scalar("SELECT coalesce(max(rowid), 0) + 1 FROM sweep_decision")
    try run(
      "INSERT INTO sweep_pass (at, complete, first_row) VALUES (?, ?, ?)",
      [time, done == 0, next])
    return (lastInsertID, done == 0)
  }

  @discardableResult
  public func pruneSweepLog(olderThan days: Int, at time: Instant) throws(StoreError) -> Int {
    let cutoff = time.adding(seconds: -Int64(days) * 86_400)
    guard
      let keep = try row(
        "SELECT id, first_row FROM sweep_pass WHERE at >= ? ORDER BY id LIMIT 1", [cutoff],
        { ($0.int(0), $0.int(1)) })
    else { return 0 }
    try run("DELETE FROM sweep_decision WHERE rowid < ?", [keep.1])
    let removed = changes
    try run("DELETE FROM sweep_pass WHERE id < ?", [keep.0])
    return removed
  }

  public func finishSweep(_ pass: Int64, at time: Instant, customers: Int, invoices: Int)
    throws(StoreError)
  {
    try run(
      "UPDATE sweep_pass SET finished = ?, customers = ?, invoices = ? WHERE id = ?",
      [time, customers, invoices, pass])
  }

  /// Appends decisions to the log, many rows per statement; runs in the caller's transaction.
  public func logSweepDecisions(_ pass: Int64, _ decisions: [(String, SweepOutcome)])
    throws(StoreError)
  {
    let width = 100
    var start = 0
    while start < decisions.count {
      let count = min(width, decisions.count - start)
      let values = Array(repeating: "(?1, ?, ?)", count: count).joined(separator: ", ")
      let statement = try prepare(
        "INSERT INTO sweep_decision (pass, invoice_id, outcome) VALUES " + values)
      try statement.bind(1, pass)
      for offset in 0..<count {
        let (invoice, outcome) = decisions[start + offset]
        try statement.bind(2 + offset * 2, invoice)
        try statement.bind(3 + offset * 2, outcome.rawValue)
      }
      try statement.run()
      start += count
    }
  }
}
