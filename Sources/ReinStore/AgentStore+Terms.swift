import ReinDomain

/// One grant of more time on an invoice: the due date it was issued with stays, the extension is
/// recorded beside it.
public struct DueExtension: Sendable, Equatable {
  public var invoiceID: String
  /// The invoice's own due date, which aging, DSO and prediction keep using.
  public var due: Day
  /// The day dunning waits for.
  public var extendedTo: Day
  /// Who granted it: `agent`, or the person who approved it.
  public var grantedBy: String

  public init(invoiceID: String, due: Day, extendedTo: Day, grantedBy: String) {
    self.invoiceID = invoiceID
    self.due = due
    self.extendedTo = extendedTo
    self.grantedBy = grantedBy
  }
}

// MARK: - Due-date extensions

extension Connection {
  /// The invoice columns followed by the latest date the invoice's due date was extended to.
  static let invoiceColumnsWithTerms =
    invoiceColumns
    + ", (SELECT max(x.extended_to) FROM due_extension x WHERE x.invoice_id = invoice.id)"

  /// An invoice read with `invoiceColumnsWithTerms`.
  static func readInvoiceWithTerms(_ row: Row) throws(StoreError) -> Invoice {
    var invoice = try readInvoice(row)
    invoice.extendedDue = try row.optionalDay(11)
    return invoice
  }

  @discardableResult
  public func extendDue(
    _ invoice: Invoice, to day: Day, grantedBy: String, reason: String, at time: Instant
  ) throws(StoreError) -> DueExtension {
    guard day > invoice.dunningDue else {
      throw StoreError(
        .conflict,
        "invoice \(invoice.id) is already due \(invoice.dunningDue.iso); \(day.iso) is no "
          + "extension")
    }
    try run(
      """
      INSERT INTO due_extension (invoice_id, customer_id, due, extended_to, at, granted_by, reason)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """, [invoice.id, invoice.customerID, invoice.due, day, time, grantedBy, reason])
    return DueExtension(
      invoiceID: invoice.id, due: invoice.due, extendedTo: day, grantedBy: grantedBy)
  }
}

// MARK: - Unapplied cash

/// Money of one account that arrived and is not on any invoice: a payment nobody could place, a
/// surplus beside its applications, or cash whose application was reversed.
public struct UnappliedCash: Sendable, Equatable {
  public var bankLineID: String
  /// What is left of the line after its live applications.
  public var amount: Money
  public var booked: Day
  public var reason: String

  public init(bankLineID: String, amount: Money, booked: Day, reason: String) {
    self.bankLineID = bankLineID
    self.amount = amount
    self.booked = booked
    self.reason = reason
  }
}

extension Connection {
  /// What is left of each settled credit after its live applications, per line, for the lines
  /// held on the accounts in `?1...?2`. Lines still waiting for cash application or for a person
  /// are not on account yet. The customer index is named: unguided, the planner reads every
  /// settled line through the status index for each batch.
  static let unappliedSQL = """
    SELECT l.customer_id, l.id, l.amount_minor - coalesce((SELECT sum(a.amount_minor)
        FROM application a WHERE a.bank_line_id = l.id AND a.reversed = 0), 0) AS left_minor,
      l.currency, l.booked, coalesce(l.status_reason, '')
    FROM bank_line l INDEXED BY bank_line_customer
    WHERE l.customer_id BETWEEN ?1 AND ?2 AND l.amount_minor > 0
      AND l.status IN ('applied', 'unapplied')
    """

  public func unappliedCash(from first: String, through last: String) throws(StoreError)
    -> [String: [UnappliedCash]]
  {
    let held = try rows(
      "SELECT * FROM (\(Connection.unappliedSQL)) WHERE left_minor > 0 ORDER BY 1, 5, 2",
      [first, last]
    ) { row throws(StoreError) in
      (
        row.text(0),
        UnappliedCash(
          bankLineID: row.text(1), amount: try row.money(2, currency: 3), booked: try row.day(4),
          reason: row.text(5))
      )
    }
    return Dictionary(grouping: held, by: \.0).mapValues { $0.map(\.1) }
  }

  public func unappliedCash(customer: String) throws(StoreError) -> [UnappliedCash] {
    try unappliedCash(from: customer, through: customer)[customer] ?? []
  }
}

// MARK: - What a promise was about

extension Connection {
  public func recordPromiseInvoices(_ promiseID: String, _ invoiceIDs: [String])
    throws(StoreError)
  {
    for id in invoiceIDs {
      try run(
        "INSERT OR IGNORE INTO promise_invoice (promise_id, invoice_id) VALUES (?, ?)",
        [promiseID, id])
    }
  }

  public func promisedInvoices(_ promiseID: String) throws(StoreError) -> [Invoice] {
    try rows(
      """
      SELECT \(Connection.invoiceColumnsWithTerms) FROM invoice
      WHERE id IN (SELECT invoice_id FROM promise_invoice WHERE promise_id = ?) ORDER BY due, id
      """, [promiseID], Connection.readInvoiceWithTerms)
  }

  public func stillOpen(customer: String, issuedBy day: Day) throws(StoreError) -> [Invoice] {
    try rows(
      """
      SELECT \(Connection.invoiceColumnsWithTerms) FROM invoice
      WHERE customer_id = ? AND status IN ('open', 'partially_paid') AND issued <= ?
      ORDER BY due, id
      """, [customer, day], Connection.readInvoiceWithTerms)
  }
}

// MARK: - Messages waiting for the send window

/// An outbound message drafted outside the send window that is not a reminder.
public struct DraftedMessage: Sendable, Equatable {
  public var id: String
  public var customerID: String
  public var subject: String
  public var at: Instant
}

extension Connection {
  public func draftedConfirmations(limit: Int) throws(StoreError) -> [DraftedMessage] {
    try rows(
      """
      SELECT id, customer_id, subject, at FROM message
      WHERE direction = 'outbound' AND state = 'drafted' AND tone IS NULL ORDER BY at, id LIMIT ?
      """, [limit]
    ) {
      DraftedMessage(id: $0.text(0), customerID: $0.text(1), subject: $0.text(2), at: $0.instant(3))
    }
  }

  public func sendDraft(_ id: String, at time: Instant) throws(StoreError) -> Bool {
    try run(
      "UPDATE message SET state = 'sent', at = ? WHERE id = ? AND state = 'drafted'", [time, id])
    return changes == 1
  }

  public func replaceReminderDrafts(customer: String) throws(StoreError) {
    try run(
      """
      UPDATE message INDEXED BY message_customer SET state = 'replaced'
      WHERE customer_id = ? AND direction = 'outbound' AND state = 'drafted' AND tone IS NOT NULL
      """, [customer])
  }
}

extension Connection {
  public func appliedInvoices(bankLines: [String]) throws(StoreError) -> [String: [String]] {
    guard !bankLines.isEmpty else { return [:] }
    let pairs = try rows(
      """
      SELECT bank_line_id, invoice_id FROM application
      WHERE bank_line_id IN (SELECT value FROM json_each(?)) AND reversed = 0
      ORDER BY bank_line_id, id
      """, [Connection.jsonArray(bankLines)]
    ) { ($0.text(0), $0.text(1)) }
    return Dictionary(grouping: pairs, by: \.0).mapValues { $0.map(\.1) }
  }
}
