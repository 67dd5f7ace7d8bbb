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
  /// The approval hash of what the person was shown; a different one now means the approval is
  /// stale. Without one, an approval binds to the escalation as it stands when it is recorded.
  public var seenStateHash: String?
  /// What the seen hash stands for, recorded with the approval.
  public var basis: ApprovalBasis

  public init(
    escalationID: Int64, verdict: DecisionVerdict, actor: String, reason: String = "",
    rejectReason: RejectReason? = nil, edits: [String: String] = [:], deferUntil: Day? = nil,
    reassignTo: String? = nil, seenStateHash: String? = nil, basis: ApprovalBasis = .shown
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
    self.basis = basis
  }
}

/// What the hash an approval carries stands for.
public enum ApprovalBasis: String, Sendable, Hashable {
  /// The escalation as it was shown to the approver, context included (`rein show`, the
  /// console's escalation screen).
  case shown
  /// Only the proposal was shown (a queue line, `rein decide` without `--seen`); Rein bound the
  /// approval to the account as it was when the escalation was raised, having found it unchanged.
  case unchangedSinceRaised = "unchanged_since_raised"
}

/// How a decision attempt ended.
public enum DecisionOutcome: Sendable, Equatable {
  case recorded
  /// A first approval of an amount that needs two people; a second, different person must approve
  /// the same action on the same account state.
  case awaitingSecondApproval
  /// An earlier first approval, by `earlier`, was for another account state or another action
  /// (other edits): it no longer counts, and this approval starts afresh, waiting for a second,
  /// different person.
  case approvalStartedAfresh(earlier: String)
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

  /// The furthest a deferral may put an escalation off, in days.
  public static let deferralHorizonDays = 365

  /// Why a deferral's date cannot be taken: a day already past, or further off than the horizon.
  static func deferralProblem(_ request: DecisionRequest, today: Day) -> String? {
    guard request.verdict == .deferral, let until = request.deferUntil else { return nil }
    if until < today {
      return "a deferral comes back on a day to come, not on \(until.iso), which has passed"
    }
    let latest = today.adding(days: deferralHorizonDays)
    if until > latest {
      return "a deferral comes back within \(deferralHorizonDays) days, by \(latest.iso), not "
        + until.iso
    }
    return nil
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
}
