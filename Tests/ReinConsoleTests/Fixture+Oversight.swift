import ReinAgent
import ReinConsole
import ReinDomain
import ReinStore

/// History that gives the trust dial something to say: a clean run of approved reminders.
extension Fixture {
  /// Twenty-five reminder escalations for a small-business account, above the reminder
  /// threshold and every one approved unchanged, spread over the last 80 days.
  func addCleanReminders() throws {
    try connection.run(
      "INSERT INTO customer (id, name, segment, currency) VALUES ('S1', 'Small One', 'smb', 'USD')"
    )
    for index in 0..<25 {
      let raised = now.adding(seconds: -Int64(80 - index * 3) * 86_400)
      try connection.run(
        """
        INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule,
          reason, priority, status, raised_at, due_by, context, trace, idempotency_key)
        VALUES ('S1', 'reminder', '{"invoice":"X"}', ?, 'USD', 'threshold.reminder',
          'above the reminder threshold', 1, 'approved', ?, ?, '{}',
          '{"read":[],"steps":[],"choice":""}', ?)
        """,
        [
          Int64(51_000_00 + index * 1_500_00), raised, raised.adding(seconds: 48 * 3_600),
          "clean-\(index)",
        ])
      let id = connection.lastInsertID
      try connection.run(
        """
        INSERT INTO decision (escalation_id, verdict, actor, at, reason, edits)
        VALUES (?, 'approve', 'carol', ?, 'fine', '{}')
        """, [id, raised.adding(seconds: 3_600)])
    }
  }

  /// Three short-pay write-offs for an enterprise account, each stopped by the segment's own
  /// threshold of 50.00 and rejected: enough for Rein to tighten that threshold.
  func addRejectedShortPays() throws {
    try connection.setPolicy(
      "segment.enterprise.threshold.short_pay_write_off", "5000", actor: "carol",
      reason: "enterprise short-pays run larger", at: now.adding(seconds: -40 * 86_400))
    for index in 0..<3 {
      let raised = now.adding(seconds: -Int64(10 - index) * 86_400)
      try connection.run(
        """
        INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule,
          reason, priority, status, raised_at, due_by, context, trace, idempotency_key)
        VALUES ('ACME', 'short_pay_write_off', '{"invoice":"INV-100"}', 6000, 'EUR',
          'segment.enterprise.threshold.short_pay_write_off', 'above the threshold', 1,
          'rejected', ?, ?, '{}', '{"read":[],"steps":[],"choice":""}', ?)
        """, [raised, raised.adding(seconds: 48 * 3_600), "short-\(index)"])
      try connection.run(
        """
        INSERT INTO decision (escalation_id, verdict, actor, at, reason, reject_reason)
        VALUES (?, 'reject', 'carol', ?, 'customer owes it', 'wrong_amount')
        """, [connection.lastInsertID, raised.adding(seconds: 3_600)])
    }
  }

  /// A second console on the same database file, through its own connection.
  func secondSession(operatorName: String, readOnly: Bool = false) throws -> ConsoleSession {
    let other = try Database.open(at: path, clock: clock)
    let state = ConsoleState(
      size: GridSize(rows: 24, columns: 80), now: now, operatorName: operatorName,
      readOnly: readOnly)
    let session = ConsoleSession(
      state: state,
      runner: EffectRunner(
        connection: other, operatorName: operatorName, clock: clock, log: nil,
        context: LedgerContext()))
    session.start()
    return session
  }
}

extension ConsoleSession {
  /// Runs a `:` command.
  func command(_ text: String) {
    press([.character(":")])
    type(text)
    press([.enter])
  }

  /// The rendered screen as one string.
  var screenText: String { render().lines.joined(separator: "\n") }

  /// Why the open prompt refused its last answer, if it did.
  var promptError: String? {
    if case .prompt(let prompt) = state.modal { return prompt.error }
    return nil
  }
}
