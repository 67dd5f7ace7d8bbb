import ReinDomain

/// What the due-by sweep did.
public struct DueBySweep: Sendable, Equatable {
  public var warned: [Int64] = []
  public var handedToSecondApprover: [Int64] = []
  public var timedOut: [Int64] = []

  public init() {}
}

extension Connection {
  /// Applies due-by times: marks items nearing their due-by, hands items past half their time to a
  /// second approver, and times out expired ones with the safe default (no action), recorded as a
  /// timeout by Rein rather than as anyone's decision.
  public func sweepDueBy(at time: Instant, warnBefore seconds: Int64 = 4 * 3_600) throws
    -> DueBySweep
  {
    var sweep = DueBySweep()
    try write {
      let policy = try policy()
      sweep.timedOut = try rows(
        "SELECT id FROM escalation WHERE status = 'open' AND due_by <= ?", [time]
      ) { $0.int(0) }
      for id in sweep.timedOut {
        guard let escalation = try escalation(id: id) else { continue }
        try run(
          "UPDATE escalation SET status = 'timed_out', revision = revision + 1 WHERE id = ?", [id])
        try run(
          """
          INSERT INTO decision (escalation_id, verdict, actor, at, reason)
          VALUES (?, 'timeout', 'rein', ?, ?)
          """, [id, time, "no decision by \(escalation.dueBy.iso); the safe default is no action"])
        try appendAudit(
          AuditRecord(
            actor: "rein", kind: "escalation.timeout", account: escalation.customerID,
            subject: "escalation \(id)",
            reason: "due by \(escalation.dueBy.iso) passed without a decision: no action taken",
            before: "open", after: "timed_out"),
          at: time)
      }
      let halfway = try rows(
        """
        SELECT id, owner FROM escalation WHERE status = 'open' AND second_approver IS NULL
          AND coalesce(clock_from, raised_at) + (due_by - coalesce(clock_from, raised_at)) / 2 <= ?
        """, [time]
      ) { ($0.int(0), $0.optionalText(1)) }
      let admins = policy.values.filter { $0.key.hasPrefix("role.") && $0.value == "admin" }
        .map { String($0.key.dropFirst(5)) }.sorted()
      for (id, owner) in halfway {
        guard let second = admins.first(where: { $0 != owner }) ?? admins.first else { break }
        try run("UPDATE escalation SET second_approver = ? WHERE id = ?", [second, id])
        try appendAudit(
          AuditRecord(
            actor: "rein", kind: "escalation.second_approver", subject: "escalation \(id)",
            reason: "half of the time to decide has passed; \(second) is asked as well",
            after: second),
          at: time)
        sweep.handedToSecondApprover.append(id)
      }
      sweep.warned = try rows(
        "SELECT id FROM escalation WHERE status = 'open' AND warned = 0 AND due_by <= ?",
        [time.adding(seconds: seconds)]
      ) { $0.int(0) }
      try run(
        "UPDATE escalation SET warned = 1 WHERE status = 'open' AND warned = 0 AND due_by <= ?",
        [time.adding(seconds: seconds)])
    }
    return sweep
  }
}
