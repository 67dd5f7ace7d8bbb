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
  /// The verdict of that decision (`approve`, `reject`, `defer`, `timeout`), nil while undecided.
  public var verdict: String?
  /// The tone of a proposed reminder, nil for other kinds.
  public var tone: String?

  public init(
    id: Int64, customerID: String, segment: String, kind: String, amount: Money, rule: String,
    status: String, raisedAt: Instant, dueBy: Instant, decision: String? = nil,
    verdict: String? = nil, tone: String? = nil
  ) {
    self.id = id
    self.customerID = customerID
    self.segment = segment
    self.kind = kind
    self.amount = amount
    self.rule = rule
    self.status = status
    self.raisedAt = raisedAt
    self.dueBy = dueBy
    self.decision = decision
    self.verdict = verdict
    self.tone = tone
  }
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
  /// The policy key the spot-check named as the one that allowed the action.
  public var spotCheckRule: String?
  public var spotCheckedAt: Instant?
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

  public func decisionFacts(since: Instant) throws(StoreError) -> [DecisionFact] {
    try rows(
      """
      SELECT d.escalation_id, e.kind, c.segment, e.amount_minor, e.currency, e.rule, d.verdict,
        d.actor, d.at, e.raised_at, d.reject_reason, d.edits
      FROM decision d JOIN escalation e ON e.id = d.escalation_id
        JOIN customer c ON c.id = e.customer_id
      WHERE d.at >= ? AND d.id = (SELECT max(l.id) FROM decision l
          WHERE l.escalation_id = d.escalation_id AND l.verdict != 'reassign')
        AND NOT (d.verdict = 'approve' AND e.status = 'open')
      ORDER BY d.at, d.id
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

  public func escalationFacts(since: Instant) throws(StoreError) -> [EscalationFact] {
    try rows(
      """
      SELECT e.id, e.customer_id, c.segment, e.kind, e.amount_minor, e.currency, e.rule,
        e.status, e.raised_at, e.due_by, d.verdict, d.actor,
        d.verdict = 'approve' AND d.edits NOT IN ('{}', ''),
        CASE WHEN e.kind = 'reminder' THEN json_extract(e.parameters, '$.tone') END
      FROM escalation e JOIN customer c ON c.id = e.customer_id
        LEFT JOIN decision d ON d.id = (SELECT max(l.id) FROM decision l
          WHERE l.escalation_id = e.id AND l.verdict != 'reassign')
          AND NOT (d.verdict = 'approve' AND e.status = 'open')
      WHERE e.raised_at >= ? ORDER BY e.raised_at, e.id
      """, [since]
    ) { row throws(StoreError) in
      let verdict = row.optionalText(10)
      let decision = verdict.map {
        $0 + (row.bool(12) ? " with edits" : "") + " by " + row.text(11)
      }
      return EscalationFact(
        id: row.int(0), customerID: row.text(1), segment: row.text(2), kind: row.text(3),
        amount: try row.money(4, currency: 5), rule: row.text(6), status: row.text(7),
        raisedAt: row.instant(8), dueBy: row.instant(9), decision: decision, verdict: verdict,
        tone: row.optionalText(13))
    }
  }

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
}
