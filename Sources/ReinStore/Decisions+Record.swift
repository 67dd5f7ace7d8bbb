import Foundation
import ReinDomain

/// A first approval waiting for a second person: who gave it, and what it was bound to.
struct PendingApproval {
  var actor: String
  /// The approval hash the first approver saw; nil on approvals recorded before Rein kept it.
  var stateHash: String?
  /// The action as the first approver approved it, edits applied.
  var parameters: [String: String]?
}

extension Connection {
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
      // Past its due-by the safe default has already won, whether or not the agent has been by.
      if escalation.dueBy <= time {
        try timeOut(escalation, at: time)
        return .alreadyDecided(by: "rein", verdict: .timeout)
      }
      let current = try approvalHash(escalation)
      if request.verdict == .approve, let seen = request.seenStateHash, seen != current {
        return .stale
      }
      if let problem = try editProblem(for: request, on: escalation) { return .refused(problem) }
      let policy = try policy()
      if let refusal = try refusal(for: request, on: escalation, policy: policy, today: time.day) {
        return .refused(refusal)
      }
      if request.verdict == .reassign, let owner = request.reassignTo,
        let refusal = try assignmentRefusal(
          owner, for: escalation, policy: policy, today: time.day)
      {
        return .refused(refusal)
      }
      if let problem = Connection.deferralProblem(request, today: time.day) {
        return .refused(problem)
      }
      var request = request
      if let note = try standInNote(
        request.actor, on: escalation, policy: policy, today: time.day)
      {
        request.reason += request.reason.isEmpty ? note : " (\(note))"
      }
      guard request.verdict == .approve else {
        try record(request, on: escalation, at: time, boundTo: nil)
        return .recorded
      }
      return try approve(request, on: escalation, boundTo: current, policy: policy, at: time)
    }
  }

  /// Records an approval bound to `hash`: final, or the first of two when the amount needs two.
  /// Once a first approval is given, a second, different person must approve the same action on
  /// the same state whatever the policy says later: one person cannot complete their own
  /// approval by moving `escalation.dual_above`.
  private func approve(
    _ request: DecisionRequest, on escalation: Escalation, boundTo hash: String, policy: Policy,
    at time: Instant
  ) throws -> DecisionOutcome {
    let approved = escalation.parameters.merging(request.edits) { _, edited in edited }
    guard let pending = try pendingApproval(escalation.id) else {
      let dualAbove = policy.money("escalation.dual_above", escalation.amount.currency)
      guard escalation.amount.minor > dualAbove.minor else {
        try record(request, on: escalation, at: time, boundTo: hash)
        return .recorded
      }
      try record(request, on: escalation, at: time, boundTo: hash, firstOfTwo: true)
      return .awaitingSecondApproval
    }
    let sameApproval = pending.stateHash == hash && pending.parameters == approved
    if pending.actor == request.actor {
      guard !sameApproval else {
        return .refused("\(request.actor) already approved; a second, different person must")
      }
      try record(request, on: escalation, at: time, boundTo: hash, firstOfTwo: true)
      return .awaitingSecondApproval
    }
    // The first approval counts only while its giver may still decide this escalation.
    var first = request
    first.actor = pending.actor
    let firstStillMay =
      try refusal(
        for: first, on: escalation, policy: policy, today: time.day, checkingRaises: false) == nil
    guard sameApproval, firstStillMay else {
      try record(request, on: escalation, at: time, boundTo: hash, firstOfTwo: true)
      return .approvalStartedAfresh(earlier: pending.actor)
    }
    try record(request, on: escalation, at: time, boundTo: hash)
    return .recorded
  }

  /// The first approval still waiting for a second person: the latest approval, unless a
  /// deferral came after it (an escalation that comes back is decided afresh).
  func pendingApproval(_ id: Int64) throws(StoreError) -> PendingApproval? {
    let latest = try row(
      """
      SELECT verdict, actor, state_hash, approved_parameters FROM decision
      WHERE escalation_id = ? AND verdict IN ('approve', 'defer') ORDER BY id DESC LIMIT 1
      """, [id]
    ) { row in
      (row.text(0), row.text(1), row.optionalText(2), row.optionalText(3))
    }
    guard let latest, latest.0 == DecisionVerdict.approve.rawValue else { return nil }
    return PendingApproval(
      actor: latest.1, stateHash: latest.2,
      parameters: latest.3.flatMap { try? JSON.decode([String: String].self, $0) })
  }

  /// Who gave the first of two approvals an escalation is waiting on, if anyone.
  public func firstApprover(of id: Int64) throws(StoreError) -> String? {
    try pendingApproval(id)?.actor
  }

  /// Writes the decision, the escalation's new status and the audit entry. A first approval of
  /// two leaves the escalation open and its parameters as proposed: the edits wait for the
  /// second approval, which must carry the same ones.
  private func record(
    _ request: DecisionRequest, on escalation: Escalation, at time: Instant, boundTo hash: String?,
    firstOfTwo: Bool = false
  ) throws {
    let status: EscalationStatus =
      switch request.verdict {
      case .approve: firstOfTwo ? .open : .approved
      case .reject: .rejected
      case .deferral: .deferred
      case .reassign, .timeout: .open
      }
    let approved = escalation.parameters.merging(request.edits) { _, edited in edited }
    let after = firstOfTwo ? escalation.parameters : approved
    var editRecord: [String: String] = [:]
    for (key, value) in request.edits {
      editRecord[key] = "\(escalation.parameters[key] ?? "") -> \(value)"
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
        defer_until, reassign_to, state_hash, approved_parameters)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        escalation.id, request.verdict.rawValue, request.actor, time, request.reason,
        request.rejectReason?.rawValue, JSON.encode(editRecord), request.deferUntil,
        request.reassignTo, hash, hash.map { _ in JSON.encode(approved) },
      ])
    var before = [
      "status": escalation.status.rawValue, "parameters": JSON.encode(escalation.parameters),
    ]
    var afterward = ["status": status.rawValue, "parameters": JSON.encode(after)]
    if firstOfTwo { afterward["approved_parameters"] = JSON.encode(approved) }
    if let owner = request.reassignTo {
      // A reassignment changes only the owner: the entry says from whom to whom ("" is nobody).
      before["owner"] = escalation.owner ?? ""
      afterward["owner"] = owner
    }
    try appendAudit(
      AuditRecord(
        actor: request.actor, kind: "decision.\(request.verdict.rawValue)",
        account: escalation.customerID, subject: "escalation \(escalation.id)",
        read: JSON.encode(Connection.binding(request, hash: hash)),
        reason: Connection.auditReason(request, on: escalation, firstOfTwo: firstOfTwo),
        before: JSON.encode(before), after: JSON.encode(afterward)),
      at: time)
  }

  /// What the approval was bound to, for the audit entry: the hash and what it stands for.
  static func binding(_ request: DecisionRequest, hash: String?) -> [String: String] {
    guard let hash else { return ["state_hash": request.seenStateHash ?? ""] }
    let basis: String
    if request.seenStateHash == nil {
      basis = "the escalation as it stood when the approval was recorded (no hash given)"
    } else {
      switch request.basis {
      case .shown: basis = "the escalation as shown to the approver"
      case .unchangedSinceRaised:
        basis =
          "the account as it was when the escalation was raised, unchanged since; "
          + "only the proposal was shown"
      }
    }
    return ["state_hash": hash, "bound_to": basis]
  }

  static func auditReason(_ request: DecisionRequest, on escalation: Escalation, firstOfTwo: Bool)
    -> String
  {
    var reason = request.reason
    if let code = request.rejectReason { reason = "[\(code.rawValue)] " + reason }
    if reason.trimmingCharacters(in: .whitespaces).isEmpty {
      reason = "\(request.verdict.rawValue) \(escalation.kind.label)"
    }
    return firstOfTwo ? reason + " (first of two approvals)" : reason
  }
}
