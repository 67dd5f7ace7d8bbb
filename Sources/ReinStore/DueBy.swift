import ReinDomain

/// What the due-by sweep did.
public struct DueBySweep: Sendable, Equatable {
  public var warned: [Int64] = []
  public var handedToSecondApprover: [Int64] = []
  public var timedOut: [Int64] = []

  public init() {}
}

extension Connection {
  public func sweepDueBy(at time: Instant, warnBefore seconds: Int64) throws
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
        try timeOut(escalation, at: time)
      }
      let halfway = try rows(
        """
        SELECT id FROM escalation WHERE status = 'open' AND second_approver IS NULL
          AND coalesce(clock_from, raised_at) + (due_by - coalesce(clock_from, raised_at)) / 2 <= ?
        """, [time]
      ) { $0.int(0) }
      for id in halfway {
        guard let escalation = try escalation(id: id),
          let second = try secondApprover(for: escalation, policy: policy, today: time.day)
        else { continue }
        try run("UPDATE escalation SET second_approver = ? WHERE id = ?", [second, id])
        try appendAudit(
          AuditRecord(
            actor: "rein", kind: "escalation.second_approver", account: escalation.customerID,
            subject: "escalation \(id)",
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

extension Connection {
  /// Who is asked as well once half the time to decide has passed: an administrator before an
  /// approver (by name within each), who may decide this escalation, and who is neither its
  /// owner, the account's owner, nor the person who gave a first approval waiting on a second.
  /// Nil when nobody else may decide it; the owner is never asked to back themself up.
  func secondApprover(for escalation: Escalation, policy: Policy, today: Day) throws -> String? {
    let customer = try customer(escalation.customerID)
    var excluded = Set(
      [escalation.owner, customer.flatMap { Connection.owner(of: $0, policy) }]
        .compactMap { $0 })
    if let first = try firstApprover(of: escalation.id) { excluded.insert(first) }
    let people = policy.values.compactMap { entry -> (String, String)? in
      guard entry.key.hasPrefix("role.") else { return nil }
      return (String(entry.key.dropFirst("role.".count)), entry.value)
    }
    let candidates =
      people.filter { $0.1 == "admin" }.map(\.0).sorted()
      + people.filter { $0.1 == "approver" }.map(\.0).sorted()
    for person in candidates where !excluded.contains(person) {
      let request = DecisionRequest(
        escalationID: escalation.id, verdict: .approve, actor: person)
      // The threshold-raise rule is left to the moment the person decides.
      let refused = try refusal(
        for: request, on: escalation, policy: policy, today: today, checkingRaises: false)
      if refused == nil { return person }
    }
    return nil
  }
}

extension Connection {
  /// Times an open escalation out with the safe default, no action, recorded by Rein: by the
  /// agent's sweep, or the moment someone tries to decide it too late. Inside the caller's
  /// transaction.
  func timeOut(_ escalation: Escalation, at time: Instant) throws {
    let id = escalation.id
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
}
