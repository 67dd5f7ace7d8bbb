import ReinDomain

/// What the console shows when a controller opens one entry: an audit entry whole, a message with
/// its body, and the currency the book is kept in.
extension Connection {
  public func auditEntry(seq: Int64) throws(StoreError) -> AuditEntry? {
    try row(
      """
      SELECT seq, at, actor, kind, account, subject, read, reason, before, after, trace,
        prev_hash, hash FROM audit WHERE seq = ?
      """, [seq]
    ) { row in
      AuditEntry(
        seq: row.int(0), at: row.instant(1), actor: row.text(2), kind: row.text(3),
        account: row.optionalText(4), subject: row.optionalText(5), read: row.optionalText(6),
        reason: row.text(7), before: row.optionalText(8), after: row.optionalText(9),
        trace: row.optionalText(10), prevHash: row.text(11), hash: row.text(12))
    }
  }

  public func message(id: String) throws(StoreError) -> Message? {
    try row(
      """
      SELECT id, customer_id, direction, state, tone, channel, subject, body, at FROM message
      WHERE id = ?
      """, [id]
    ) { row in
      Message(
        id: row.text(0), customerID: row.text(1),
        direction: Message.Direction(rawValue: row.text(2)) ?? .inbound,
        state: Message.State(rawValue: row.text(3)) ?? .received,
        tone: row.optionalText(4).flatMap(Tone.init(rawValue:)), channel: row.text(5),
        subject: row.text(6), body: row.text(7), at: row.instant(8))
    }
  }

  public func bookCurrency() throws(StoreError) -> Currency? {
    let code = try row(
      "SELECT currency FROM customer GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1"
    ) { $0.text(0) }
    return code.flatMap { try? Currency($0) }
  }
}
