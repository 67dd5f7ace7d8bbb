import ReinDomain

/// One decision a person (or the timeout) made on an escalation, with what it was about.
public struct DecisionFact: Sendable, Equatable {
  public var escalationID: Int64
  public var kind: String
  public var segment: String
  public var amount: Money
  /// The policy key that stopped the proposed action.
  public var rule: String
  public var verdict: String
  public var actor: String
  public var at: Instant
  public var raisedAt: Instant
  public var rejectReason: String?
  /// Approved with parameters changed.
  public var edited: Bool
}

/// An escalation as recorded, with the latest decision on it when there is one.
public struct EscalationFact: Sendable, Equatable {
  public var id: Int64
  public var customerID: String
  public var segment: String
  public var kind: String
  public var amount: Money
  public var rule: String
  public var status: String
  public var raisedAt: Instant
  public var dueBy: Instant
  /// `verdict by actor` of the latest decision (`approve with edits by ...` when edited), nil
  /// while undecided.
  public var decision: String?
}

/// An action the agent took, with how it turned out afterwards.
public struct ActionFact: Sendable, Equatable {
  public var id: Int64
  public var at: Instant
  public var kind: String
  public var customerID: String
  public var segment: String
  public var subject: String?
  public var amount: Money?
  public var unattended: Bool
  /// Reminders: a payment was applied to the account within the follow-up window.
  public var paidAfter: Bool
  /// Short-pay write-offs: the account opened a dispute on or after the day of the action.
  /// Limitation: matched by account and day, since disputes do not name the short-pay.
  public var disputedAfter: Bool
  /// Applications: a person reversed the application the action made.
  public var reversed: Bool
  /// `agree` or `disagree` when a controller spot-checked the action.
  public var spotCheck: String?
}

/// A controller's disagreement with an unattended action, and the rule that allowed the action.
public struct DisagreementFact: Sendable, Equatable {
  public var actionID: Int64
  public var kind: String
  public var category: String
  public var rule: String
  public var reason: String
  public var actor: String
  public var at: Instant
}

extension Connection {
  /// Spot-check disagreements recorded since `since`, newest first.
  public func disagreementFacts(since: Instant) throws(StoreError) -> [DisagreementFact] {
    try rows(
      """
      SELECT s.action_id, a.kind, s.category, s.rule, s.reason, s.actor, s.at
      FROM spot_check s JOIN agent_action a ON a.id = s.action_id
      WHERE s.verdict = 'disagree' AND s.at >= ? ORDER BY s.at DESC, s.id DESC
      """, [since]
    ) {
      DisagreementFact(
        actionID: $0.int(0), kind: $0.text(1), category: $0.text(2), rule: $0.text(3),
        reason: $0.text(4), actor: $0.text(5), at: $0.instant(6))
    }
  }

  /// Decisions recorded since `since` (reassignments excluded: they decide nothing), oldest first.
  public func decisionFacts(since: Instant) throws(StoreError) -> [DecisionFact] {
    try rows(
      """
      SELECT d.escalation_id, e.kind, c.segment, e.amount_minor, e.currency, e.rule, d.verdict,
        d.actor, d.at, e.raised_at, d.reject_reason, d.edits
      FROM decision d JOIN escalation e ON e.id = d.escalation_id
        JOIN customer c ON c.id = e.customer_id
      WHERE d.at >= ? AND d.verdict != 'reassign' ORDER BY d.at, d.id
      """, [since]
    ) { row throws(StoreError) in
      let edits = row.text(11).filter { !$0.isWhitespace }
      return DecisionFact(
        escalationID: row.int(0), kind: row.text(1), segment: row.text(2),
        amount: try row.money(3, currency: 4), rule: row.text(5), verdict: row.text(6),
        actor: row.text(7), at: row.instant(8), raisedAt: row.instant(9),
        rejectReason: row.optionalText(10), edited: !edits.isEmpty && edits != "{}")
    }
  }

  /// Escalations raised since `since`, oldest first, each with its latest decision.
  public func escalationFacts(since: Instant) throws(StoreError) -> [EscalationFact] {
    try rows(
      """
      SELECT e.id, e.customer_id, c.segment, e.kind, e.amount_minor, e.currency, e.rule,
        e.status, e.raised_at, e.due_by,
        (SELECT d.verdict || CASE WHEN d.verdict = 'approve' AND d.edits NOT IN ('{}', '')
            THEN ' with edits' ELSE '' END || ' by ' || d.actor
          FROM decision d WHERE d.escalation_id = e.id AND d.verdict != 'reassign'
          ORDER BY d.id DESC LIMIT 1)
      FROM escalation e JOIN customer c ON c.id = e.customer_id
      WHERE e.raised_at >= ? ORDER BY e.raised_at, e.id
      """, [since]
    ) { row throws(StoreError) in
      EscalationFact(
        id: row.int(0), customerID: row.text(1), segment: row.text(2), kind: row.text(3),
        amount: try row.money(4, currency: 5), rule: row.text(6), status: row.text(7),
        raisedAt: row.instant(8), dueBy: row.instant(9), decision: row.optionalText(10))
    }
  }

  /// The open escalations (the queue), oldest first.
  public func openEscalationFacts() throws(StoreError) -> [EscalationFact] {
    try rows(
      """
      SELECT e.id, e.customer_id, c.segment, e.kind, e.amount_minor, e.currency, e.rule,
        e.status, e.raised_at, e.due_by, NULL
      FROM escalation e JOIN customer c ON c.id = e.customer_id
      WHERE e.status = 'open' ORDER BY e.raised_at, e.id
      """
    ) { row throws(StoreError) in
      EscalationFact(
        id: row.int(0), customerID: row.text(1), segment: row.text(2), kind: row.text(3),
        amount: try row.money(4, currency: 5), rule: row.text(6), status: row.text(7),
        raisedAt: row.instant(8), dueBy: row.instant(9), decision: nil)
    }
  }

  /// The agent's unattended actions since `since`, oldest first, with their outcomes: payment
  /// within `followUpDays` of a reminder, a later dispute after a short-pay, a reversal.
  public func unattendedActionFacts(since: Instant, followUpDays: Int = 14) throws(StoreError)
    -> [ActionFact]
  {
    var facts = try rows(
      Connection.actionFactSQL + "WHERE a.unattended = 1 AND a.at >= ? ORDER BY a.at, a.id",
      [since], Connection.readActionFact)
    try notePayments(&facts, since: since, customer: nil, followUpDays: followUpDays)
    return facts
  }

  /// One unattended action with its outcomes, nil when there is no such unattended action.
  public func unattendedActionFact(id: Int64, followUpDays: Int = 14) throws(StoreError)
    -> ActionFact?
  {
    guard
      var fact = try row(
        Connection.actionFactSQL + "WHERE a.unattended = 1 AND a.id = ?", [id],
        Connection.readActionFact)
    else { return nil }
    var facts = [fact]
    try notePayments(&facts, since: fact.at, customer: fact.customerID, followUpDays: followUpDays)
    fact = facts[0]
    return fact
  }

  /// Marks reminders followed by a payment on the account within `followUpDays`. Payments are
  /// read once and searched per account, so the cost grows with payments plus reminders rather
  /// than with their product.
  func notePayments(
    _ facts: inout [ActionFact], since: Instant, customer: String?, followUpDays: Int
  ) throws(StoreError) {
    guard facts.contains(where: { $0.kind == "reminder" }) else { return }
    var times: [String: [Int64]] = [:]
    let filter = customer == nil ? "" : "AND i.customer_id = ?"
    let arguments: [any SQLBindable] = customer.map { [since, $0] } ?? [since]
    for (account, at) in try rows(
      """
      SELECT i.customer_id, p.at FROM application p JOIN invoice i ON i.id = p.invoice_id
      WHERE p.reversed = 0 AND p.at > ? \(filter) ORDER BY p.at
      """, arguments, { ($0.text(0), $0.int(1)) })
    {
      times[account, default: []].append(at)
    }
    let window = Int64(followUpDays) * 86_400
    for index in facts.indices where facts[index].kind == "reminder" {
      let at = facts[index].at.seconds
      guard let list = times[facts[index].customerID] else { continue }
      var low = 0
      var high = list.count
      while low < high {
        let middle = (low + high) / 2
        if list[middle] <= at { low = middle + 1 } else { high = middle }
      }
      facts[index].paidAfter = low < list.count && list[low] <= at + window
    }
  }

  static let actionFactSQL = """
    SELECT a.id, a.at, a.kind, a.customer_id, coalesce(c.segment, ''), a.subject,
      a.amount_minor, a.currency, 0,
      a.kind = 'short_pay_write_off' AND EXISTS (SELECT 1 FROM dispute d
        WHERE d.customer_id = a.customer_id AND d.opened >= date(a.at, 'unixepoch')),
      a.kind = 'apply_payment' AND EXISTS (SELECT 1 FROM application p WHERE p.reversed = 1
        AND (p.id = a.subject OR p.bank_line_id = a.subject OR p.invoice_id = a.subject)),
      (SELECT s.verdict FROM spot_check s WHERE s.action_id = a.id)
    FROM agent_action a LEFT JOIN customer c ON c.id = a.customer_id

    """

  static func readActionFact(_ row: Row) throws(StoreError) -> ActionFact {
    var amount: Money?
    if !row.isNull(6), !row.isNull(7) { amount = try row.money(6, currency: 7) }
    return ActionFact(
      id: row.int(0), at: row.instant(1), kind: row.text(2), customerID: row.text(3),
      segment: row.text(4), subject: row.optionalText(5), amount: amount, unattended: true,
      paidAfter: row.bool(8), disputedAfter: row.bool(9), reversed: row.bool(10),
      spotCheck: row.optionalText(11))
  }

  /// Escalations raised and unattended actions taken since `since`.
  public func autonomyCounts(since: Instant) throws(StoreError) -> (
    unattended: Int, escalations: Int
  ) {
    let unattended = try scalar(
      "SELECT count(*) FROM agent_action WHERE unattended = 1 AND at >= ?", [since])
    let escalations = try scalar("SELECT count(*) FROM escalation WHERE raised_at >= ?", [since])
    return (Int(unattended), Int(escalations))
  }

  /// Counts per UTC day number since `since`: escalations raised, and decisions made by people.
  public func dailyFlow(since: Instant) throws(StoreError) -> (
    inflow: [Int: Int], outflow: [Int: Int]
  ) {
    var inflow: [Int: Int] = [:]
    var outflow: [Int: Int] = [:]
    for (day, count) in try rows(
      "SELECT raised_at / 86400, count(*) FROM escalation WHERE raised_at >= ? GROUP BY 1",
      [since], { (Int($0.int(0)), Int($0.int(1))) })
    {
      inflow[day] = count
    }
    for (day, count) in try rows(
      """
      SELECT at / 86400, count(*) FROM decision
      WHERE at >= ? AND verdict IN ('approve', 'reject', 'defer') GROUP BY 1
      """, [since], { (Int($0.int(0)), Int($0.int(1))) })
    {
      outflow[day] = count
    }
    return (inflow, outflow)
  }

  /// Policy changes Rein made on its own (tightenings), newest first.
  public func automaticPolicyChanges(limit: Int = 20) throws(StoreError) -> [AuditEntry] {
    try rows(
      """
      SELECT seq, at, actor, kind, account, subject, read, reason, before, after, trace,
        prev_hash, hash FROM audit WHERE actor = 'rein' AND kind = 'policy.set'
      ORDER BY seq DESC LIMIT ?
      """, [limit]
    ) {
      AuditEntry(
        seq: $0.int(0), at: $0.instant(1), actor: $0.text(2), kind: $0.text(3),
        account: $0.optionalText(4), subject: $0.optionalText(5), read: $0.optionalText(6),
        reason: $0.text(7), before: $0.optionalText(8), after: $0.optionalText(9),
        trace: $0.optionalText(10), prevHash: $0.text(11), hash: $0.text(12))
    }
  }

  /// When a policy key was last changed, nil when it still has its default.
  public func policyChangedAt(_ key: String) throws(StoreError) -> Instant? {
    try row("SELECT changed_at FROM policy_setting WHERE key = ?", [key]) { $0.instant(0) }
  }
}
