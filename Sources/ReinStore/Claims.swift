import ReinDomain

/// Who is looking at an escalation, and the hash that binds an approval to what was shown.
extension Connection {
  /// Claims an escalation for `seconds` so others see who is reviewing it. Returns the person
  /// holding the claim: `actor` when the claim was taken, someone else when theirs is still live.
  @discardableResult
  public func claim(_ id: Int64, by actor: String, for seconds: Int64 = 300, at time: Instant)
    throws -> String?
  {
    try keepingQueueCounts {
      try run(
        """
        UPDATE escalation SET claimed_by = ?, claimed_until = ?
        WHERE id = ? AND status = 'open'
          AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < ?)
        """, [actor, time.adding(seconds: seconds), id, actor, time])
      return try row("SELECT claimed_by FROM escalation WHERE id = ?", [id]) { $0.optionalText(0) }
        ?? nil
    }
  }

  /// Releases the claim if `actor` holds it.
  public func release(_ id: Int64, by actor: String) throws {
    try keepingQueueCounts {
      try run(
        """
        UPDATE escalation SET claimed_by = NULL, claimed_until = NULL
        WHERE id = ? AND claimed_by = ?
        """, [id, actor])
    }
  }

  /// Runs a write that leaves every escalation's status and kind as they were, as a claim does,
  /// so the queue's counts read before it stay valid after it. The versions are compared inside
  /// the transaction, where no other connection can commit.
  private func keepingQueueCounts<T>(_ body: () throws -> T) throws -> T {
    try write {
      let before = try databaseVersion()
      let result = try body()
      if let cached = queueKindCounts, cached.version == before {
        queueKindCounts = (try databaseVersion(), cached.counts)
      }
      return result
    }
  }

  /// A hash of the account as it stands: open invoices and their balances, disputes, promises,
  /// pauses and applied payments. Any payment or dispute changes it.
  public func accountStateHash(_ customer: String) throws(StoreError) -> String {
    var parts: [String] = []
    parts += try rows(
      """
      SELECT id || ':' || open_minor || ':' || status || ':' || disputed FROM invoice
      WHERE customer_id = ? AND status IN ('open', 'partially_paid') ORDER BY id
      """, [customer]
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
