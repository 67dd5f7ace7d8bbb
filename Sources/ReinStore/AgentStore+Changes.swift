import ReinDomain

// MARK: - Cash application

extension Connection {
  public func reduceOpenAmount(
    invoice id: String, by amount: Money, writtenOff: Money?, on day: Day
  ) throws {
    let total = amount.minor + (writtenOff?.minor ?? 0)
    try run(
      """
      UPDATE invoice SET open_minor = open_minor - ?1,
        status = CASE WHEN open_minor - ?1 = 0 THEN 'paid' ELSE 'partially_paid' END,
        settled = CASE WHEN open_minor - ?1 = 0 THEN ?2 ELSE settled END
      WHERE id = ?3 AND open_minor >= ?1 AND currency = ?4
      """, [total, day, id, amount.currency.code])
    guard changes == 1 else {
      throw StoreError(
        .conflict, "invoice \(id) cannot take \(Money(minor: total, currency: amount.currency))")
    }
  }

  public func writeOffInvoice(_ id: String, amount: Money, on day: Day) throws {
    try run(
      """
      UPDATE invoice SET open_minor = open_minor - ?1,
        status = CASE WHEN open_minor - ?1 = 0 THEN 'written_off' ELSE status END,
        settled = CASE WHEN open_minor - ?1 = 0 THEN ?2 ELSE settled END
      WHERE id = ?3 AND open_minor >= ?1
      """, [amount.minor, day, id])
    guard changes == 1 else {
      throw StoreError(.conflict, "invoice \(id) cannot have \(amount) written off")
    }
  }

  public func setBankLine(
    _ id: String, status: BankLineStatus, reason: String?, customerID: String?
  ) throws(StoreError) {
    try run(
      """
      UPDATE bank_line SET status = ?, status_reason = ?, customer_id = coalesce(?, customer_id)
      WHERE id = ?
      """, [status.rawValue, reason, customerID, id])
  }

  public func knownPayerAccounts() throws(StoreError) -> [String: String] {
    let pairs = try rows(
      """
      SELECT payer_account, customer_id FROM bank_line
      WHERE payer_account IS NOT NULL AND customer_id IS NOT NULL
      GROUP BY payer_account HAVING count(DISTINCT customer_id) = 1
      """
    ) { ($0.text(0), $0.text(1)) }
    return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
  }

  public func customerNames() throws(StoreError) -> [(id: String, name: String)] {
    try rows("SELECT id, name FROM customer ORDER BY id") { ($0.text(0), $0.text(1)) }
  }

  public func bankLines(status: BankLineStatus, after afterID: String, limit: Int)
    throws(StoreError) -> [BankLine]
  {
    try rows(
      """
      SELECT \(Connection.bankLineColumns) FROM bank_line WHERE status = ? AND id > ?
      ORDER BY id LIMIT ?
      """, [status.rawValue, afterID, limit], Connection.readBankLine)
  }

  public func bankLine(_ id: String) throws(StoreError) -> BankLine? {
    try row(
      "SELECT \(Connection.bankLineColumns) FROM bank_line WHERE id = ?", [id],
      Connection.readBankLine)
  }
}

// MARK: - Replies, promises, disputes

extension Connection {
  public func unclassifiedReplies(after: (at: Instant, id: String)?, limit: Int)
    throws(StoreError) -> [InboundMessage]
  {
    try rows(
      """
      SELECT id, customer_id, subject, body, at FROM message
      WHERE direction = 'inbound' AND classified = 0 AND (at > ?1 OR (at = ?1 AND id > ?2))
      ORDER BY at, id LIMIT ?3
      """, [after?.at.seconds ?? Int64.min, after?.id ?? "", limit]
    ) { row in
      InboundMessage(
        id: row.text(0), customerID: row.text(1), subject: row.text(2), body: row.text(3),
        at: row.instant(4))
    }
  }

  public func markClassified(message id: String) throws(StoreError) {
    try run("UPDATE message SET classified = 1 WHERE id = ?", [id])
  }

  public func setPromiseState(_ id: String, to state: PromiseToPay.State) throws(StoreError) {
    try run("UPDATE promise SET state = ? WHERE id = ?", [state.rawValue, id])
  }

  public func lapsedPromises(before day: Day, limit: Int) throws(StoreError) -> [PromiseToPay] {
    try rows(
      """
      SELECT id, customer_id, promised_day, amount_minor, currency, state, made FROM promise
      WHERE state = 'live' AND promised_day < ? ORDER BY promised_day, id LIMIT ?
      """, [day, limit], Connection.readPromise)
  }

  public func paidSince(customer: String, since: Instant) throws(StoreError) -> Int64 {
    try scalar(
      """
      SELECT coalesce(sum(a.amount_minor), 0) FROM application a
      JOIN invoice i ON i.id = a.invoice_id
      WHERE i.customer_id = ? AND a.at >= ? AND a.reversed = 0
      """, [customer, since])
  }

  public func routeDispute(_ id: String, owner: String?, category: DisputeCategory?) throws {
    try run(
      """
      UPDATE dispute SET owner = coalesce(?, owner), category = coalesce(?, category)
      WHERE id = ? AND state = 'open'
      """, [owner, category?.rawValue, id])
    guard changes == 1 else { throw StoreError(.conflict, "dispute \(id) is no longer open") }
  }
}
