import ReinDomain
import ReinStore

extension AgentPass {
  /// Applies due-by times before any other work: items nearing theirs are marked, items past half
  /// of it get a second approver, and expired ones time out with no action, recorded as timeouts
  /// by Rein and not as anyone's decision. Returns the summary's lines.
  func applyDeadlines() throws -> [String] {
    let sweep = try connection.sweepDueBy(at: now)
    for id in sweep.timedOut { emit(.escalationResolved(id: id, status: .timedOut)) }
    var lines: [String] = []
    if !sweep.timedOut.isEmpty {
      lines.append("\(sweep.timedOut.count) escalations timed out with no action")
    }
    if !sweep.handedToSecondApprover.isEmpty {
      lines.append("\(sweep.handedToSecondApprover.count) handed to a second approver")
    }
    return lines
  }

  /// Brings deferred escalations whose date has come back to the queue, each with a fresh due-by
  /// of `escalation.due_hours` from now: the time to decide did not run while it was deferred.
  func reopenDeferrals() throws {
    let hours = policy.int("escalation.due_hours")
    for (id, _) in try connection.dueDeferrals(on: today) {
      try connection.write { try connection.reopenDeferral(id: id, at: now, hours: hours) }
      emit(.escalationResolved(id: id, status: .open))
    }
  }

  /// Executes every approved escalation exactly once, with the approver's edits applied. The
  /// action, its audit entry and the status change commit together; the unique action key makes a
  /// second execution impossible even if a pass died after an earlier attempt.
  func executeApproved() throws {
    let windowIsOpen = DunningLadder(policy: policy).windowIsOpen(at: now)
    var held = 0
    // An approved reminder waits for the send window like any other message; anything approved
    // waits while a stop switch covers its kind, and goes once the switch is lifted.
    for approved in try connection.approvedEscalations()
    where approved.kind != .reminder || windowIsOpen {
      guard !policy.stopped(approved.kind) else {
        held += 1
        continue
      }
      let status = try connection.write {
        let key = "\(approved.idempotencyKey)#\(approved.id)"
        var trace = Trace()
        trace.read("escalation.\(approved.id)", JSON.encode(approved.parameters))
        if !approved.edits.isEmpty { trace.read("decision.edits", JSON.encode(approved.edits)) }
        let parameters = approved.parameters.merging(approved.edits) { _, edited in edited }
        trace.note(
          "decision", "approved",
          "by \(approved.approvedBy ?? "a person"); edits applied: "
            + (approved.edits.isEmpty
              ? "none" : approved.edits.keys.sorted().joined(separator: ",")))
        if try connection.agentActionExists(key: key)
          || connection.agentActionExists(escalation: approved.id)
        {
          trace.note("idempotency", "already executed", key)
        } else {
          do {
            try connection.write {
              try perform(approved, parameters: parameters, key: key, trace: trace)
            }
          } catch let error as StoreError where error.reason == .conflict {
            // The ledger moved on since the approval (the invoice was paid, the line applied):
            // the proposal no longer fits, so it is set aside rather than retried every pass.
            trace.note("execute", "refused", error.message)
            try connection.setEscalationStatus(
              id: approved.id, customerID: approved.customerID, from: .approved, to: .superseded,
              reason: "could not execute the approved \(approved.kind.label): \(error.message)",
              at: now, trace: trace)
            return EscalationStatus.superseded
          }
        }
        try checkpoint("execute.before_commit")
        try connection.setEscalationStatus(
          id: approved.id, customerID: approved.customerID, from: .approved, to: .executed,
          reason: "executed the approved \(approved.kind.label)", at: now, trace: trace)
        return EscalationStatus.executed
      }
      emit(.escalationResolved(id: approved.id, status: status))
    }
    if held > 0 {
      summary.upkeep.append("\(held) approved actions wait while a stop switch is on")
    }
  }
}
