import ReinDomain

extension Connection {
  public func reopenDeferral(id: Int64, at time: Instant, hours: Int) throws {
    guard let escalation = try escalation(id: id), escalation.status == .deferred else {
      throw StoreError(.conflict, "escalation \(id) is no longer deferred")
    }
    let dueBy = time.adding(seconds: Int64(max(1, hours)) * 3_600)
    try run(
      """
      UPDATE escalation SET status = 'open', due_by = ?, clock_from = ?, warned = 0,
        second_approver = NULL, revision = revision + 1
      WHERE id = ? AND status = 'deferred'
      """, [dueBy, time, id])
    try appendAudit(
      AuditRecord(
        actor: "agent", kind: "escalation.open", account: escalation.customerID,
        subject: "escalation \(id)",
        reason: "deferred until \(escalation.deferredUntil?.iso ?? "today"); back in the queue, "
          + "due by \(dueBy.iso)",
        before: JSON.encode(["status": "deferred", "due_by": escalation.dueBy.iso]),
        after: JSON.encode(["status": "open", "due_by": dueBy.iso])),
      at: time)
  }
}
