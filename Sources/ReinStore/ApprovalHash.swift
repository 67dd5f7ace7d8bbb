import ReinDomain

/// The hash that binds an approval to what the approver was shown.
extension Connection {
  /// A hash of the account as it stands: its open invoices (amount, balance, due date, dispute
  /// mark, more time given), cash it paid that is not placed yet, disputes, promises, pauses, the
  /// contacts sent to it, and its flags, autopay and segment (which decides its thresholds).
  /// A payment, a new or changed invoice, a dispute, a promise, a pause or a reminder sent changes
  /// it; time passing alone does not. Who owns the account is left out: it decides who may
  /// approve, which is checked when they do, not what they approve.
  public func accountStateHash(_ customer: String) throws(StoreError) -> String {
    var parts: [String] = []
    parts += try rows(
      "SELECT 'c' || flags || ':' || autopay || ':' || segment FROM customer WHERE id = ?",
      [customer]
    ) { $0.text(0) }
    // A payment of the account's still waiting to be applied (or for a person to say how)
    // changes what it owes in fact; held unapplied, it counts below.
    parts += try rows(
      """
      SELECT 'w' || id || ':' || amount_minor || ':' || status FROM bank_line
      WHERE customer_id = ? AND amount_minor > 0 AND status IN ('escalated', 'new')
      ORDER BY id
      """, [customer]
    ) { $0.text(0) }
    parts += try rows(
      """
      SELECT id || ':' || amount_minor || ':' || open_minor || ':' || status || ':' || disputed
        || ':' || due
      FROM invoice WHERE customer_id = ? AND status IN ('open', 'partially_paid') ORDER BY id
      """, [customer]
    ) { $0.text(0) }
    // More time given, and cash held unapplied: each only when there is any, so an account
    // without either keeps the hash it had.
    parts += try rows(
      """
      SELECT 'x' || invoice_id || ':' || max(extended_to) FROM due_extension
      WHERE customer_id = ? GROUP BY invoice_id ORDER BY invoice_id
      """, [customer]
    ) { $0.text(0) }
    parts += try rows(
      "SELECT 'u' || id || ':' || left_minor FROM (\(Connection.unappliedSQL)) WHERE left_minor > 0 "
        + "ORDER BY id", [customer, customer]
    ) { $0.text(0) }
    parts += try rows(
      "SELECT 'd' || id || ':' || state FROM dispute WHERE customer_id = ? ORDER BY id", [customer]
    ) { $0.text(0) }
    parts += try rows(
      "SELECT 'p' || id || ':' || state FROM promise WHERE customer_id = ? ORDER BY id", [customer]
    ) { $0.text(0) }
    parts += try rows(
      "SELECT 'z' || id || ':' || active FROM pause WHERE customer_id = ? ORDER BY id", [customer]
    ) { $0.text(0) }
    // The account's index is named: the one on direction would otherwise be preferred.
    parts += try rows(
      """
      SELECT 'm' || count(*) || ':' || coalesce(max(at), 0) FROM message INDEXED BY message_customer
      WHERE customer_id = ? AND direction = 'outbound' AND state = 'sent'
      """, [customer]
    ) { $0.text(0) }
    return SHA256.hex(parts.joined(separator: "\n"))
  }

  /// What an approver signs off: the proposed action, its amount and the account's state.
  public func approvalHash(_ escalation: Escalation) throws(StoreError) -> String {
    let action =
      JSON.encode(escalation.parameters) + "|" + escalation.kind.rawValue + "|"
      + String(escalation.amount.minor) + escalation.amount.currency.code
    return SHA256.hex(action + "|" + (try accountStateHash(escalation.customerID)))
  }
}
