import ReinDomain

/// A person's decision on writing off an invoice that still holds: nothing else has changed on
/// the invoice since.
public struct WriteOffDecision: Sendable, Equatable {
  public var escalationID: Int64
  /// `executed` (approved, perhaps for less than proposed) or `rejected`.
  public var status: EscalationStatus
  public var decidedAt: Instant
}

extension Connection {
  public func standingWriteOffDecisions(customer: String) throws(StoreError)
    -> [String: WriteOffDecision]
  {
    let decided = try rows(
      """
      SELECT e.id, e.status, e.parameters, (SELECT max(d.at) FROM decision d
        WHERE d.escalation_id = e.id AND d.verdict IN ('approve', 'reject'))
      FROM escalation e
      WHERE e.customer_id = ? AND e.kind IN ('write_off', 'short_pay_write_off')
        AND e.status IN ('executed', 'rejected')
      ORDER BY e.id
      """, [customer]
    ) { row throws(StoreError) in
      (
        id: row.int(0), status: EscalationStatus(rawValue: row.text(1)) ?? .rejected,
        parameters: try JSON.decode([String: String].self, row.text(2)),
        at: row.isNull(3) ? nil : row.instant(3)
      )
    }
    var latest: [String: WriteOffDecision] = [:]
    for escalation in decided {
      guard let at = escalation.at else { continue }
      for invoice in Escalation.invoiceIDs(escalation.parameters) {
        if let known = latest[invoice], known.decidedAt > at { continue }
        latest[invoice] = WriteOffDecision(
          escalationID: escalation.id, status: escalation.status, decidedAt: at)
      }
    }
    var standing: [String: WriteOffDecision] = [:]
    for (invoice, decision) in latest where try !changed(invoice, since: decision.decidedAt) {
      standing[invoice] = decision
    }
    return standing
  }

  /// Whether anything but a write-off changed on an invoice after `time`: a payment applied or
  /// reversed, a dispute naming it opened (that day or later), or more time given.
  func changed(_ invoice: String, since time: Instant) throws(StoreError) -> Bool {
    try scalar(
      """
      SELECT EXISTS (SELECT 1 FROM application WHERE invoice_id = ?1 AND at > ?2)
        OR EXISTS (SELECT 1 FROM application a JOIN audit u
          ON u.kind = 'application.reversed' AND u.subject = a.id
          WHERE a.invoice_id = ?1 AND u.at > ?2)
        OR EXISTS (SELECT 1 FROM dispute_invoice di JOIN dispute d ON d.id = di.dispute_id
          WHERE di.invoice_id = ?1 AND d.opened >= ?3)
        OR EXISTS (SELECT 1 FROM due_extension WHERE invoice_id = ?1 AND at > ?2)
      """, [invoice, time, time.day]) != 0
  }
}
