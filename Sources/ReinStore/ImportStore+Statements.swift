import ReinDomain

// MARK: - Recording imports

extension Connection {
  @discardableResult
  public func insertStatement(
    id: String, file: String, format: String, account: String?, contentHash: String,
    entries: Int, at time: Instant
  ) throws(StoreError) -> Bool {
    try run(
      """
      INSERT INTO bank_statement (id, file, format, account, content_hash, imported_at, entries)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
      """, [id, file, format, account, contentHash, time, entries])
    return changes > 0
  }

  public func storedBankLine(sourceKeys: [String]) throws(StoreError) -> StoredBankLine? {
    for key in sourceKeys {
      let found = try row(
        "SELECT id, status, status_reason FROM bank_line WHERE source_key = ?", [key]
      ) {
        StoredBankLine(
          id: $0.text(0), status: BankLineStatus(rawValue: $0.text(1)) ?? .ignored,
          statusReason: $0.optionalText(2))
      }
      if let found { return found }
    }
    return nil
  }

  @discardableResult
  public func book(
    pendingLine id: String, as line: BankLine, reason: String?, statementID: String?
  ) throws(StoreError) -> Bool {
    try run(
      """
      UPDATE bank_line SET statement_id = ?, booked = ?, value_date = ?, payer_name = ?,
        payer_account = ?, remittance = ?, creditor_reference = ?, end_to_end_id = ?,
        status = ?, status_reason = ?
      WHERE id = ? AND status = 'ignored'
      """,
      [
        statementID, line.booked, line.valueDate, line.payerName, line.payerAccount,
        line.remittance, line.creditorReference, line.endToEndID, line.status.rawValue, reason,
        id,
      ])
    return changes > 0
  }

  public func setStatusReason(bankLine id: String, _ reason: String?) throws(StoreError) {
    try run("UPDATE bank_line SET status_reason = ? WHERE id = ?", [reason, id])
  }

  public func setCustomer(bankLine id: String, _ customerID: String) throws(StoreError) {
    try run("UPDATE bank_line SET customer_id = ? WHERE id = ?", [customerID, id])
  }

  public func customerCurrencies() throws(StoreError) -> Set<String> {
    Set(try rows("SELECT DISTINCT currency FROM customer", []) { $0.text(0) })
  }

  public func settleFromHistory(invoice id: String, amount: Money, on day: Day)
    throws(StoreError)
  {
    guard let invoice = try invoice(id) else {
      throw StoreError(.conflict, "invoice \(id) is not on the ledger")
    }
    guard invoice.amount.currency == amount.currency else {
      throw StoreError(
        .conflict,
        "payment in \(amount.currency.code) for invoice \(id) in \(invoice.amount.currency.code)")
    }
    let open = invoice.openAmount.minor - amount.minor
    guard amount.minor > 0, open >= 0 else {
      throw StoreError(
        .conflict,
        "payment of \(amount) is more than the \(invoice.openAmount) open on invoice \(id)")
    }
    try run(
      "UPDATE invoice SET open_minor = ?, status = ?, settled = ? WHERE id = ?",
      [
        open, open == 0 ? InvoiceStatus.paid.rawValue : InvoiceStatus.partiallyPaid.rawValue,
        open == 0 ? day : nil, id,
      ])
  }
}

extension Connection {
  public func soleCurrency() throws(StoreError) -> Currency? {
    let codes = try rows("SELECT DISTINCT currency FROM customer LIMIT 2") { $0.text(0) }
    guard codes.count == 1, let code = codes.first else { return nil }
    return try? Currency(code)
  }
}

/// A bank line already on the ledger, as an import finds it again.
public struct StoredBankLine: Sendable, Equatable {
  public var id: String
  public var status: BankLineStatus
  /// Why the line has its status, as recorded (for example why it is ignored).
  public var statusReason: String?

  public init(id: String, status: BankLineStatus, statusReason: String?) {
    self.id = id
    self.status = status
    self.statusReason = statusReason
  }
}
