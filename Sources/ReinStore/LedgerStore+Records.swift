import ReinDomain

// MARK: - Writing ledger records

extension Connection {
  public func upsert(_ customer: Customer) throws(StoreError) {
    try run(
      """
      INSERT INTO customer (id, name, segment, flags, owner, autopay, currency)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, segment = excluded.segment,
        flags = excluded.flags, owner = excluded.owner, autopay = excluded.autopay,
        currency = excluded.currency
      """,
      [
        customer.id, customer.name, customer.segment,
        customer.flags.map(\.rawValue).sorted().joined(separator: ","), customer.owner,
        customer.autopay, customer.currency.code,
      ])
  }

  @discardableResult
  public func insert(_ customer: Customer) throws(StoreError) -> Bool {
    try run(
      """
      INSERT INTO customer (id, name, segment, flags, owner, autopay, currency)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
      """,
      [
        customer.id, customer.name, customer.segment,
        customer.flags.map(\.rawValue).sorted().joined(separator: ","), customer.owner,
        customer.autopay, customer.currency.code,
      ])
    return changes > 0
  }

  public func updateDetails(ofCustomer id: String, name: String, autopay: Bool)
    throws(StoreError)
  {
    try run("UPDATE customer SET name = ?, autopay = ? WHERE id = ?", [name, autopay, id])
  }

  @discardableResult
  public func insert(_ contact: Contact) throws(StoreError) -> Bool {
    try run(
      """
      INSERT INTO contact (id, customer_id, name, email, role) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO NOTHING
      """, [contact.id, contact.customerID, contact.name, contact.email, contact.role])
    return changes > 0
  }

  public func insert(_ delegation: Delegation) throws(StoreError) {
    try run(
      "INSERT INTO delegation (owner, delegate, from_day, until_day) VALUES (?, ?, ?, ?)",
      [delegation.owner, delegation.delegate, delegation.from, delegation.until])
  }

  @discardableResult
  public func insert(_ invoice: Invoice) throws(StoreError) -> Bool {
    try run(
      """
      INSERT INTO invoice (id, customer_id, amount_minor, open_minor, currency, issued, due,
        status, disputed, reference, settled)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
      """,
      [
        invoice.id, invoice.customerID, invoice.amount.minor, invoice.openAmount.minor,
        invoice.amount.currency.code, invoice.issued, invoice.due, invoice.status.rawValue,
        invoice.disputed, invoice.reference, invoice.settled,
      ])
    return changes > 0
  }

  @discardableResult
  public func insert(_ line: BankLine, statementID: String?) throws(StoreError) -> Bool {
    try run(
      """
      INSERT INTO bank_line (id, source_key, statement_id, amount_minor, currency, booked,
        value_date, payer_name, payer_account, remittance, creditor_reference, end_to_end_id,
        status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_key) DO NOTHING
      """,
      [
        line.id, line.sourceKey, statementID, line.amount.minor, line.amount.currency.code,
        line.booked, line.valueDate, line.payerName, line.payerAccount, line.remittance,
        line.creditorReference, line.endToEndID, line.status.rawValue,
      ])
    return changes > 0
  }

  public func insert(_ message: Message, idempotencyKey: String?) throws(StoreError) {
    try run(
      """
      INSERT INTO message (id, customer_id, direction, state, tone, channel, subject, body, at,
        invoice_ids, idempotency_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        message.id, message.customerID, message.direction.rawValue, message.state.rawValue,
        message.tone?.rawValue, message.channel, message.subject, message.body, message.at,
        message.invoiceIDs.joined(separator: ","), idempotencyKey,
      ])
  }

  /// Marks the account's reminders still waiting for the send window as replaced by a newer one.
  public func replaceDrafts(customer: String) throws(StoreError) {
    try run(
      """
      UPDATE message INDEXED BY message_customer SET state = 'replaced'
      WHERE customer_id = ? AND direction = 'outbound' AND state = 'drafted'
      """, [customer])
  }

  public func insert(_ promise: PromiseToPay) throws(StoreError) {
    try run(
      """
      INSERT INTO promise (id, customer_id, promised_day, amount_minor, currency, state, made)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """,
      [
        promise.id, promise.customerID, promise.promisedDay, promise.amount?.minor,
        promise.amount?.currency.code, promise.state.rawValue, promise.made,
      ])
  }

  public func insert(_ dispute: Dispute) throws(StoreError) {
    try run(
      """
      INSERT INTO dispute (id, customer_id, category, reason, owner, state, opened)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """,
      [
        dispute.id, dispute.customerID, dispute.category.rawValue, dispute.reason, dispute.owner,
        dispute.state.rawValue, dispute.opened,
      ])
    for invoiceID in dispute.invoiceIDs {
      try run(
        "INSERT OR IGNORE INTO dispute_invoice (dispute_id, invoice_id) VALUES (?, ?)",
        [dispute.id, invoiceID])
      try run("UPDATE invoice SET disputed = 1 WHERE id = ?", [invoiceID])
    }
  }

  public func insert(_ pause: Pause) throws(StoreError) {
    try run(
      """
      INSERT INTO pause (id, customer_id, invoice_id, reason, until_day, set_by, active)
      VALUES (?, ?, ?, ?, ?, ?, 1)
      """,
      [pause.id, pause.customerID, pause.invoiceID, pause.reason, pause.until, pause.setBy])
  }

  public func insert(_ application: Application, at time: Instant) throws(StoreError) {
    try run(
      """
      INSERT INTO application (id, bank_line_id, invoice_id, amount_minor, currency, kind,
        short_pay_reason, short_pay_minor, rule, evidence, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        application.id, application.bankLineID, application.invoiceID, application.amount.minor,
        application.amount.currency.code, application.kind.rawValue,
        application.shortPayReason?.rawValue, application.shortPayAmount?.minor, application.rule,
        application.evidence, time,
      ])
  }
}

// MARK: - Reading ledger records

extension Connection {
  public func customer(_ id: String) throws(StoreError) -> Customer? {
    try row(
      "SELECT id, name, segment, flags, owner, autopay, currency FROM customer WHERE id = ?", [id],
      Connection.readCustomer)
  }

  public func contact(_ id: String) throws(StoreError) -> Contact? {
    try row("SELECT id, customer_id, name, email, role FROM contact WHERE id = ?", [id]) {
      Contact(
        id: $0.text(0), customerID: $0.text(1), name: $0.text(2), email: $0.text(3),
        role: $0.text(4))
    }
  }

  public func customers() throws(StoreError) -> [Customer] {
    try rows(
      "SELECT id, name, segment, flags, owner, autopay, currency FROM customer ORDER BY id", [],
      Connection.readCustomer)
  }

  static func readCustomer(_ row: Row) throws(StoreError) -> Customer {
    let flags = Set(
      row.text(3).split(separator: ",").compactMap { AccountFlag(rawValue: String($0)) })
    let currency: Currency
    do { currency = try Currency(row.text(6)) } catch {
      throw StoreError(.corruptValue, error.description)
    }
    return Customer(
      id: row.text(0), name: row.text(1), segment: row.text(2), flags: flags,
      owner: row.optionalText(4), autopay: row.bool(5), currency: currency)
  }

  static let invoiceColumns =
    "id, customer_id, amount_minor, open_minor, currency, issued, due, status, disputed, "
    + "reference, settled"

  public func invoice(_ id: String) throws(StoreError) -> Invoice? {
    try row(
      "SELECT \(Connection.invoiceColumns) FROM invoice WHERE id = ?", [id], Connection.readInvoice)
  }

  public func openInvoices(customer: String) throws(StoreError) -> [Invoice] {
    try rows(
      """
      SELECT \(Connection.invoiceColumns) FROM invoice
      WHERE customer_id = ? AND status IN ('open', 'partially_paid') ORDER BY due, id
      """, [customer], Connection.readInvoice)
  }

  public static func readInvoice(_ row: Row) throws(StoreError) -> Invoice {
    Invoice(
      id: row.text(0), customerID: row.text(1), amount: try row.money(2, currency: 4),
      openAmount: try row.money(3, currency: 4), issued: try row.day(5), due: try row.day(6),
      status: InvoiceStatus(rawValue: row.text(7)) ?? .open, disputed: row.bool(8),
      reference: row.optionalText(9), settled: try row.optionalDay(10))
  }

  static let bankLineColumns =
    "id, source_key, amount_minor, currency, booked, value_date, payer_name, payer_account, "
    + "remittance, creditor_reference, end_to_end_id, status"

  public static func readBankLine(_ row: Row) throws(StoreError) -> BankLine {
    BankLine(
      id: row.text(0), sourceKey: row.text(1), amount: try row.money(2, currency: 3),
      booked: try row.day(4), valueDate: try row.optionalDay(5), payerName: row.text(6),
      payerAccount: row.optionalText(7), remittance: row.text(8),
      creditorReference: row.optionalText(9), endToEndID: row.optionalText(10),
      status: BankLineStatus(rawValue: row.text(11)) ?? .new)
  }

  public func bankLine(sourceKey: String) throws(StoreError) -> BankLine? {
    try row(
      "SELECT \(Connection.bankLineColumns) FROM bank_line WHERE source_key = ?", [sourceKey],
      Connection.readBankLine)
  }

  public func appliedInvoices(bankLine id: String) throws(StoreError) -> [String] {
    try rows(
      "SELECT invoice_id FROM application WHERE bank_line_id = ? AND reversed = 0 ORDER BY id",
      [id]
    ) { $0.text(0) }
  }

  /// Bank lines waiting for cash application.
  public func newBankLines(limit: Int = 10_000) throws(StoreError) -> [BankLine] {
    try rows(
      "SELECT \(Connection.bankLineColumns) FROM bank_line WHERE status = 'new' ORDER BY id LIMIT ?",
      [limit], Connection.readBankLine)
  }
}
