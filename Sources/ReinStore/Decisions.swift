import Foundation
import ReinDomain

/// What a person asks to decide, and what they saw when they decided it.
public struct DecisionRequest: Sendable {
  public var escalationID: Int64
  public var verdict: DecisionVerdict
  public var actor: String
  public var reason: String
  public var rejectReason: RejectReason?
  /// Parameters changed before approving, key to new value.
  public var edits: [String: String]
  public var deferUntil: Day?
  public var reassignTo: String?
  /// The account-state hash shown to the person; a different one now means the approval is stale.
  public var seenStateHash: String?

  public init(
    escalationID: Int64, verdict: DecisionVerdict, actor: String, reason: String = "",
    rejectReason: RejectReason? = nil, edits: [String: String] = [:], deferUntil: Day? = nil,
    reassignTo: String? = nil, seenStateHash: String? = nil
  ) {
    self.escalationID = escalationID
    self.verdict = verdict
    self.actor = actor
    self.reason = reason
    self.rejectReason = rejectReason
    self.edits = edits
    self.deferUntil = deferUntil
    self.reassignTo = reassignTo
    self.seenStateHash = seenStateHash
  }
}

/// How a decision attempt ended.
public enum DecisionOutcome: Sendable, Equatable {
  case recorded
  /// A first approval of an amount that needs two people; a second, different person must approve.
  case awaitingSecondApproval
  /// Someone else decided first.
  case alreadyDecided(by: String, verdict: DecisionVerdict)
  /// The account changed since the person looked; the escalation must be shown afresh.
  case stale
  /// Not allowed, with the reason.
  case refused(String)
}

extension Connection {
  static let escalationColumns = """
    id, customer_id, kind, parameters, amount_minor, currency, rule, reason, priority, status,
    raised_at, due_by, owner, context, trace, idempotency_key, deferred_until, state_hash
    """

  public static func readEscalation(_ row: Row) throws(StoreError) -> Escalation {
    guard let kind = ActionKind(rawValue: row.text(2)),
      let status = EscalationStatus(rawValue: row.text(9))
    else {
      throw StoreError(.corruptValue, "escalation \(row.int(0)) has an unknown kind or status")
    }
    return Escalation(
      id: row.int(0), customerID: row.text(1), kind: kind,
      parameters: try JSON.decode([String: String].self, row.text(3)),
      amount: try row.money(4, currency: 5), rule: row.text(6), reason: row.text(7),
      priority: Int(row.int(8)), status: status, raisedAt: row.instant(10),
      dueBy: row.instant(11), owner: row.optionalText(12),
      context: try JSON.decode([String: String].self, row.text(13)),
      trace: try JSON.decode(Trace.self, row.text(14)), idempotencyKey: row.text(15),
      deferredUntil: try row.optionalDay(16))
  }

  public func escalation(id: Int64) throws(StoreError) -> Escalation? {
    try row(
      "SELECT \(Connection.escalationColumns) FROM escalation WHERE id = ?", [id],
      Connection.readEscalation)
  }

  /// The state hash the escalation's context was assembled from.
  public func escalationStateHash(id: Int64) throws(StoreError) -> String? {
    try row("SELECT state_hash FROM escalation WHERE id = ?", [id]) { $0.text(0) }
  }

  /// Escalations, highest priority first: open ones, or every one with `all`.
  public func escalations(all: Bool = false, limit: Int = 1_000, offset: Int = 0)
    throws(StoreError) -> [Escalation]
  {
    let filter = all ? "" : "WHERE status = 'open'"
    return try rows(
      """
      SELECT \(Connection.escalationColumns) FROM escalation \(filter)
      ORDER BY priority DESC, id LIMIT ? OFFSET ?
      """, [limit, offset], Connection.readEscalation)
  }

  /// The decisions recorded on one escalation, oldest first.
  public func decisions(escalation id: Int64) throws(StoreError) -> [Decision] {
    try rows(
      """
      SELECT escalation_id, verdict, actor, at, reason, reject_reason, edits, defer_until,
        reassign_to FROM decision WHERE escalation_id = ? ORDER BY id
      """, [id]
    ) { row throws(StoreError) in
      Decision(
        escalationID: row.int(0), verdict: DecisionVerdict(rawValue: row.text(1)) ?? .approve,
        actor: row.text(2), at: row.instant(3), reason: row.text(4),
        rejectReason: row.optionalText(5).flatMap(RejectReason.init(rawValue:)),
        edits: try JSON.decode([String: String].self, row.text(6)),
        deferUntil: try row.optionalDay(7), reassignTo: row.optionalText(8))
    }
  }

  /// Records a decision if, and only if, the escalation is still open and unchanged. The decision
  /// and its audit entry commit together; of two people deciding one item, exactly one succeeds.
  public func decide(_ request: DecisionRequest, at time: Instant) throws -> DecisionOutcome {
    if let problem = Connection.problem(with: request) { return .refused(problem) }
    return try write {
      guard let escalation = try escalation(id: request.escalationID) else {
        return .refused("no escalation \(request.escalationID)")
      }
      guard escalation.status == .open else {
        let last = try decisions(escalation: escalation.id).last
        return .alreadyDecided(
          by: last?.actor ?? "the agent", verdict: last?.verdict ?? .timeout)
      }
      if request.verdict == .approve, let seen = request.seenStateHash,
        seen != (try approvalHash(escalation))
      {
        return .stale
      }
      if let problem = try editProblem(for: request, on: escalation) { return .refused(problem) }
      let policy = try policy()
      if let refusal = try refusal(for: request, on: escalation, policy: policy, today: time.day) {
        return .refused(refusal)
      }
      if request.verdict == .reassign, let owner = request.reassignTo,
        let refusal = Connection.assignmentRefusal(owner, kind: escalation.kind, policy: policy)
      {
        return .refused(refusal)
      }
      let dualAbove = policy.money("escalation.dual_above", escalation.amount.currency)
      if request.verdict == .approve, escalation.amount.minor > dualAbove.minor {
        let earlier = try decisions(escalation: escalation.id).filter { $0.verdict == .approve }
        if earlier.contains(where: { $0.actor == request.actor }) {
          return .refused("\(request.actor) already approved; a second, different person must")
        }
        if earlier.isEmpty {
          try record(request, on: escalation, at: time, status: .open)
          return .awaitingSecondApproval
        }
      }
      try record(request, on: escalation, at: time)
      return .recorded
    }
  }

  static func problem(with request: DecisionRequest) -> String? {
    let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
    switch request.verdict {
    case .reject where reason.isEmpty && request.rejectReason == nil:
      return "a rejection needs a reason"
    case .deferral where request.deferUntil == nil:
      return "a deferral needs a date"
    case .reassign where (request.reassignTo ?? "").isEmpty:
      return "a reassignment needs the new owner"
    case .reassign where reason.isEmpty:
      return "a reassignment needs a reason"
    case .timeout:
      return "a timeout is recorded by Rein, not decided by a person"
    default:
      return nil
    }
  }

  private func record(
    _ request: DecisionRequest, on escalation: Escalation, at time: Instant,
    status forcedStatus: EscalationStatus? = nil
  ) throws {
    let status: EscalationStatus =
      forcedStatus
      ?? {
        switch request.verdict {
        case .approve: .approved
        case .reject: .rejected
        case .deferral: .deferred
        case .reassign, .timeout: .open
        }
      }()
    var after = escalation.parameters
    var editRecord: [String: String] = [:]
    for (key, value) in request.edits {
      editRecord[key] = "\(escalation.parameters[key] ?? "") -> \(value)"
      after[key] = value
    }
    try run(
      """
      UPDATE escalation SET status = ?, parameters = ?, owner = coalesce(?, owner),
        deferred_until = ?, revision = revision + 1 WHERE id = ?
      """,
      [
        status.rawValue, JSON.encode(after), request.reassignTo, request.deferUntil,
        escalation.id,
      ])
    try run(
      """
      INSERT INTO decision (escalation_id, verdict, actor, at, reason, reject_reason, edits,
        defer_until, reassign_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        escalation.id, request.verdict.rawValue, request.actor, time, request.reason,
        request.rejectReason?.rawValue, JSON.encode(editRecord), request.deferUntil,
        request.reassignTo,
      ])
    var reason = request.reason
    if let code = request.rejectReason { reason = "[\(code.rawValue)] " + reason }
    if reason.trimmingCharacters(in: .whitespaces).isEmpty {
      reason = "\(request.verdict.rawValue) \(escalation.kind.label)"
    }
    var before = [
      "status": escalation.status.rawValue, "parameters": JSON.encode(escalation.parameters),
    ]
    var afterward = ["status": status.rawValue, "parameters": JSON.encode(after)]
    if let owner = request.reassignTo {
      // A reassignment changes only the owner: the entry says from whom to whom ("" is nobody).
      before["owner"] = escalation.owner ?? ""
      afterward["owner"] = owner
    }
    try appendAudit(
      AuditRecord(
        actor: request.actor, kind: "decision.\(request.verdict.rawValue)",
        account: escalation.customerID, subject: "escalation \(escalation.id)",
        read: JSON.encode(["state_hash": request.seenStateHash ?? ""]), reason: reason,
        before: JSON.encode(before), after: JSON.encode(afterward)),
      at: time)
  }
}
