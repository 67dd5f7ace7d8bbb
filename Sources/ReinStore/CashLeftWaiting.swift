import ReinDomain

/// A bank line still marked escalated whose escalation ended without its action being carried
/// out: rejected, timed out, or set aside because the ledger moved on.
public struct WaitingCash: Sendable, Equatable {
  public var lineID: String
  public var amount: Money
  public var escalationID: Int64
  public var kind: ActionKind
  public var status: EscalationStatus
  /// The account the escalation proposed the money for.
  public var customerID: String
  /// The last decision on the escalation: who made it, why, and the structured reason.
  public var decidedBy: String?
  public var reason: String?
  public var rejectReason: RejectReason?
}

extension Connection {
  public func cashLeftWaiting(limit: Int) throws(StoreError) -> [WaitingCash] {
    try rows(
      """
      SELECT l.id, l.amount_minor, l.currency, e.id, e.kind, e.status, e.customer_id,
        d.actor, d.reason, d.reject_reason
      FROM bank_line l
      JOIN escalation e ON e.id = (SELECT max(x.id) FROM escalation x
        WHERE x.idempotency_key IN ('apply_payment:' || l.id, 'unapplied_cash:' || l.id))
      LEFT JOIN decision d ON d.id = (SELECT max(y.id) FROM decision y
        WHERE y.escalation_id = e.id)
      WHERE l.status = 'escalated' AND e.status IN ('rejected', 'timed_out', 'superseded')
      ORDER BY l.id LIMIT ?
      """, [limit]
    ) { row throws(StoreError) in
      guard let kind = ActionKind(rawValue: row.text(4)),
        let status = EscalationStatus(rawValue: row.text(5))
      else {
        throw StoreError(.corruptValue, "escalation \(row.int(3)) has an unknown kind or status")
      }
      return WaitingCash(
        lineID: row.text(0), amount: try row.money(1, currency: 2), escalationID: row.int(3),
        kind: kind, status: status, customerID: row.text(6), decidedBy: row.optionalText(7),
        reason: row.optionalText(8),
        rejectReason: row.optionalText(9).flatMap(RejectReason.init(rawValue:)))
    }
  }

  @discardableResult
  public func holdWaitingCash(
    _ cash: WaitingCash, onAccount customerID: String?, reason: String, at time: Instant
  ) throws -> Bool {
    try run(
      """
      UPDATE bank_line SET status = 'unapplied', status_reason = ?, customer_id = ?
      WHERE id = ? AND status = 'escalated'
      """, [reason, customerID, cash.lineID])
    guard changes == 1 else { return false }
    try appendAudit(
      AuditRecord(
        actor: "agent", kind: "agent.hold_unapplied", account: customerID ?? cash.customerID,
        subject: cash.lineID, reason: reason,
        before: JSON.encode(["status": "escalated", "escalation": String(cash.escalationID)]),
        after: JSON.encode(["status": "unapplied", "account": customerID ?? "suspense"])),
      at: time)
    return true
  }
}
