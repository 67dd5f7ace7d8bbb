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
}

extension Connection {
  /// Opens a sweep pass in the log and returns its id.
  public func beginSweep(at time: Instant) throws(StoreError) -> Int64 {
    try run("INSERT INTO sweep_pass (at) VALUES (?)", [time])
    return lastInsertID
  }

  /// Closes a sweep pass with its counts.
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
