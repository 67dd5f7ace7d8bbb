import Foundation
import ReinDomain

/// An action the agent took, as it goes into `agent_action` and the audit trail.
public struct AgentActionRecord: Sendable {
  public var kind: String
  public var customerID: String
  public var subject: String?
  public var summary: String
  public var trace: Trace
  /// Exactly-once key: a second action with the same key is refused by the table.
  public var idempotencyKey: String
  public var escalationID: Int64?
  public var unattended: Bool
  /// What the change looked like before and after, as JSON, for the audit entry.
  public var before: String?
  public var after: String?
  /// The money the action moved or asked for, when it has one: the track record bands
  /// unattended actions by it.
  public var amount: Money?

  public init(
    kind: String, customerID: String, subject: String?, summary: String, trace: Trace,
    idempotencyKey: String, escalationID: Int64? = nil, unattended: Bool = true,
    before: String? = nil, after: String? = nil, amount: Money? = nil
  ) {
    self.kind = kind
    self.customerID = customerID
    self.subject = subject
    self.summary = summary
    self.trace = trace
    self.idempotencyKey = idempotencyKey
    self.escalationID = escalationID
    self.unattended = unattended
    self.before = before
    self.after = after
    self.amount = amount
  }
}

/// The latest escalation raised under one idempotency key, as the agent needs it to avoid
/// raising the same proposal twice.
public struct EscalationMark: Sendable, Equatable {
  public var id: Int64
  public var status: EscalationStatus
  public var stateHash: String
  public var deferredUntil: Day?
}

/// An approved escalation waiting to be executed, with the controller's edits.
public struct ApprovedEscalation: Sendable {
  public var id: Int64
  public var customerID: String
  public var kind: ActionKind
  public var parameters: [String: String]
  public var amount: Money
  public var idempotencyKey: String
  /// Parameter edits from the approving decision, `key` to the value to use.
  public var edits: [String: String]
  public var approvedBy: String?
}

// MARK: - Actions and escalations

extension Connection {
  @discardableResult
  public func recordAgentAction(_ action: AgentActionRecord, at time: Instant) throws -> Bool {
    guard isInTransaction else {
      throw StoreError(.conflict, "an agent action must be recorded in its change's transaction")
    }
    let trace = JSON.encode(action.trace)
    try run(
      """
      INSERT INTO agent_action (at, kind, customer_id, subject, summary, trace, idempotency_key,
        escalation_id, unattended, amount_minor, currency)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING
      """,
      [
        time, action.kind, action.customerID, action.subject, action.summary, trace,
        action.idempotencyKey, action.escalationID, action.unattended, action.amount?.minor,
        action.amount?.currency.code,
      ])
    guard changes > 0 else { return false }
    try appendAudit(
      AuditRecord(
        actor: "agent", kind: "agent.\(action.kind)", account: action.customerID,
        subject: action.subject, read: JSON.encode(action.trace.read),
        reason: action.summary, before: action.before, after: action.after, trace: trace),
      at: time)
    return true
  }

  public func agentActionExists(key: String) throws(StoreError) -> Bool {
    try scalar("SELECT count(*) FROM agent_action WHERE idempotency_key = ?", [key]) > 0
  }

  public func agentActionExists(escalation id: Int64) throws(StoreError) -> Bool {
    try scalar("SELECT count(*) FROM agent_action WHERE escalation_id = ? LIMIT 1", [id]) > 0
  }

  @discardableResult
  public func insertEscalation(
    _ escalation: Escalation, contextJSON: String, stateHash: String
  ) throws -> Int64 {
    try write {
      let parameters = JSON.encode(escalation.parameters)
      let trace = JSON.encode(escalation.trace)
      try run(
        """
        INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule,
          reason, priority, status, raised_at, due_by, owner, context, trace, idempotency_key,
          deferred_until, state_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          escalation.customerID, escalation.kind.rawValue, parameters, escalation.amount.minor,
          escalation.amount.currency.code, escalation.rule, escalation.reason,
          escalation.priority, escalation.status.rawValue, escalation.raisedAt,
          escalation.dueBy, escalation.owner, contextJSON, trace, escalation.idempotencyKey,
          escalation.deferredUntil, stateHash,
        ])
      let id = lastInsertID
      try appendAudit(
        AuditRecord(
          actor: "agent", kind: "escalation.raised", account: escalation.customerID,
          subject: "escalation \(id)", read: JSON.encode(escalation.trace.read),
          reason: "\(escalation.kind.label) stopped by \(escalation.rule): \(escalation.reason)",
          after: parameters, trace: trace),
        at: escalation.raisedAt)
      return id
    }
  }

  public func latestEscalation(key: String) throws(StoreError) -> EscalationMark? {
    try row(
      """
      SELECT id, status, state_hash, deferred_until FROM escalation
      WHERE idempotency_key = ? ORDER BY id DESC LIMIT 1
      """, [key]
    ) { row throws(StoreError) in
      EscalationMark(
        id: row.int(0), status: EscalationStatus(rawValue: row.text(1)) ?? .open,
        stateHash: row.text(2), deferredUntil: try row.optionalDay(3))
    }
  }

  public func setEscalationStatus(
    id: Int64, customerID: String, from old: EscalationStatus, to new: EscalationStatus,
    reason: String, at time: Instant, trace: Trace?
  ) throws {
    try run(
      "UPDATE escalation SET status = ?, revision = revision + 1 WHERE id = ? AND status = ?",
      [new.rawValue, id, old.rawValue])
    guard changes == 1 else {
      throw StoreError(.conflict, "escalation \(id) is no longer \(old.rawValue)")
    }
    try appendAudit(
      AuditRecord(
        actor: "agent", kind: "escalation.\(new.rawValue)", account: customerID,
        subject: "escalation \(id)", reason: reason,
        before: JSON.encode(["status": old.rawValue]),
        after: JSON.encode(["status": new.rawValue]),
        trace: trace.map { JSON.encode($0) }),
      at: time)
  }

  public func approvedEscalations() throws -> [ApprovedEscalation] {
    try rows(
      """
      SELECT e.id, e.customer_id, e.kind, e.parameters, e.amount_minor, e.currency,
        e.idempotency_key,
        (SELECT d.edits FROM decision d WHERE d.escalation_id = e.id AND d.verdict = 'approve'
          ORDER BY d.id DESC LIMIT 1),
        (SELECT d.actor FROM decision d WHERE d.escalation_id = e.id AND d.verdict = 'approve'
          ORDER BY d.id DESC LIMIT 1)
      FROM escalation e WHERE e.status = 'approved' ORDER BY e.id
      """
    ) { row throws(StoreError) in
      ApprovedEscalation(
        id: row.int(0), customerID: row.text(1),
        kind: ActionKind(rawValue: row.text(2)) ?? .review,
        parameters: Connection.stringMap(row.text(3)), amount: try row.money(4, currency: 5),
        idempotencyKey: row.text(6), edits: Connection.stringMap(row.optionalText(7) ?? "{}"),
        approvedBy: row.optionalText(8))
    }
  }

  public func dueDeferrals(on day: Day) throws(StoreError) -> [(id: Int64, customerID: String)] {
    try rows(
      """
      SELECT id, customer_id FROM escalation
      WHERE status = 'deferred' AND deferred_until IS NOT NULL AND deferred_until <= ?
      ORDER BY id
      """, [day]
    ) { ($0.int(0), $0.text(1)) }
  }

  /// Reads a JSON object of strings leniently: numbers and booleans become text, and an edit
  /// written as `{"before": a, "after": b}` or `[a, b]` yields its new value.
  static func stringMap(_ text: String) -> [String: String] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
      let dictionary = object as? [String: Any]
    else { return [:] }
    var result: [String: String] = [:]
    for (key, value) in dictionary {
      if let nested = value as? [String: Any], let after = nested["after"] {
        result[key] = plain(after)
      } else if let pair = value as? [Any], let last = pair.last {
        result[key] = plain(last)
      } else {
        result[key] = plain(value)
      }
    }
    return result
  }

  /// A decision records an edit as `before -> after`; the value to use is what follows the arrow.
  private static func plain(_ value: Any) -> String {
    if let text = value as? String {
      guard let arrow = text.range(of: " -> ", options: .backwards) else { return text }
      return String(text[arrow.upperBound...])
    }
    if let number = value as? NSNumber { return number.stringValue }
    return String(describing: value)
  }
}

// MARK: - Owners

extension Connection {
  public func delegate(for owner: String, on day: Day) throws(StoreError) -> String? {
    try row(
      """
      SELECT delegate FROM delegation WHERE owner = ? AND from_day <= ? AND until_day >= ?
      ORDER BY id DESC LIMIT 1
      """, [owner, day, day]
    ) { $0.text(0) }
  }
}
