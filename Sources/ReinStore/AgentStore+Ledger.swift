import ReinDomain

/// An outbound contact as the dunning ladder needs it: when, at what tone, about which invoices.
public struct ContactRecord: Sendable, Equatable {
  public var customerID: String
  public var at: Instant
  public var tone: Tone?
  public var invoiceIDs: [String]
  /// A reminder drafted outside the send window and not sent: shown in the outbox, never counted
  /// as a contact.
  public var drafted: Bool = false
}

/// An inbound message waiting to be classified.
public struct InboundMessage: Sendable {
  public var id: String
  public var customerID: String
  public var subject: String
  public var body: String
  public var at: Instant
}

/// One payment applied to an account, for the context of an escalation.
public struct PaymentRecord: Sendable, Equatable {
  public var invoiceID: String
  public var amount: Money
  public var kind: String
  public var at: Instant
}

// MARK: - Sweeping the book in batches

extension Connection {
  public func customerBatch(after: String?, limit: Int) throws(StoreError) -> [Customer] {
    try rows(
      """
      SELECT id, name, segment, flags, owner, autopay, currency FROM customer
      WHERE id > ? ORDER BY id LIMIT ?
      """, [after ?? "", limit], Connection.readCustomer)
  }

  public func openInvoices(from first: String, through last: String) throws(StoreError)
    -> [String: [Invoice]]
  {
    // The customer index gives the rows account by account; each account's few invoices are put
    // in due order here, which costs less than a sort of the whole batch in SQLite. The index is
    // named: without planner statistics (a book has none) SQLite prefers the equality on status
    // and reads every open invoice of the book for each batch.
    var invoices = try rows(
      """
      SELECT \(Connection.invoiceColumns) FROM invoice INDEXED BY invoice_customer
      WHERE customer_id BETWEEN ? AND ? AND status IN ('open', 'partially_paid')
      ORDER BY customer_id
      """, [first, last], Connection.readInvoice)
    // Few invoices ever get more time: the batch's extensions are read in one statement and
    // matched here, where asking for each invoice's would probe the table once per open invoice.
    let extended = try dueExtensions(from: first, through: last)
    if !extended.isEmpty {
      for index in invoices.indices {
        invoices[index].extendedDue = extended[invoices[index].id]
      }
    }
    return invoices.byAccount(\.customerID).mapValues {
      $0.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
    }
  }

  /// The latest day each invoice of the customers in `first...last` was given until, for those
  /// given more time.
  private func dueExtensions(from first: String, through last: String) throws(StoreError)
    -> [String: Day]
  {
    let latest = try rows(
      """
      SELECT invoice_id, max(extended_to) FROM due_extension INDEXED BY due_extension_customer
      WHERE customer_id BETWEEN ? AND ? GROUP BY invoice_id
      """, [first, last]
    ) { row throws(StoreError) in (row.text(0), try row.day(1)) }
    return Dictionary(latest, uniquingKeysWith: { first, _ in first })
  }

  public func contacts(from first: String, through last: String, since: Instant)
    throws(StoreError) -> [String: [ContactRecord]]
  {
    // The customer index is named for the reason `openInvoices(from:through:)` gives.
    let records = try rows(
      """
      SELECT customer_id, at, tone, invoice_ids, state = 'drafted' FROM message
        INDEXED BY message_customer
      WHERE customer_id BETWEEN ? AND ? AND direction = 'outbound' AND at >= ?
        AND state IN ('sent', 'drafted')
      ORDER BY customer_id, at
      """, [first, last, since]
    ) { row in
      ContactRecord(
        customerID: row.text(0), at: row.instant(1),
        tone: row.optionalText(2).flatMap(Tone.init(rawValue:)),
        invoiceIDs: row.text(3).split(separator: ",").map(String.init), drafted: row.bool(4))
    }
    return records.byAccount(\.customerID)
  }

  public func activePauses(from first: String, through last: String, on day: Day)
    throws(StoreError) -> [String: [Pause]]
  {
    let pauses = try rows(
      """
      SELECT id, customer_id, invoice_id, reason, until_day, set_by FROM pause
      WHERE customer_id BETWEEN ? AND ? AND active = 1 AND (until_day IS NULL OR until_day >= ?)
      """, [first, last, day]
    ) { row throws(StoreError) in
      Pause(
        id: row.text(0), customerID: row.text(1), invoiceID: row.optionalText(2),
        reason: row.text(3), until: try row.optionalDay(4), setBy: row.text(5))
    }
    return Dictionary(grouping: pauses, by: \.customerID)
  }

  public func livePromises(from first: String, through last: String) throws(StoreError)
    -> [String: [PromiseToPay]]
  {
    let promises = try rows(
      """
      SELECT id, customer_id, promised_day, amount_minor, currency, state, made FROM promise
      WHERE customer_id BETWEEN ? AND ? AND state = 'live'
      """, [first, last], Connection.readPromise)
    return Dictionary(grouping: promises, by: \.customerID)
  }

  static func readPromise(_ row: Row) throws(StoreError) -> PromiseToPay {
    let amount: Money? = row.isNull(3) ? nil : try row.money(3, currency: 4)
    return PromiseToPay(
      id: row.text(0), customerID: row.text(1), promisedDay: try row.day(2), amount: amount,
      state: PromiseToPay.State(rawValue: row.text(5)) ?? .live, made: try row.day(6))
  }
}

// MARK: - One account, for context and matching

extension Connection {
  public func invoices(ids: [String]) throws(StoreError) -> [Invoice] {
    guard !ids.isEmpty else { return [] }
    return try rows(
      """
      SELECT \(Connection.invoiceColumnsWithTerms) FROM invoice
      WHERE id IN (SELECT value FROM json_each(?)) ORDER BY due, id
      """, [Connection.jsonArray(ids)], Connection.readInvoiceWithTerms)
  }

  public func invoices(references: [String]) throws(StoreError) -> [Invoice] {
    guard !references.isEmpty else { return [] }
    return try rows(
      """
      SELECT \(Connection.invoiceColumns) FROM invoice
      WHERE reference IN (SELECT value FROM json_each(?)) ORDER BY due, id
      """, [Connection.jsonArray(references)], Connection.readInvoice)
  }

  public func recentPayments(customer: String, limit: Int) throws(StoreError) -> [PaymentRecord] {
    try rows(
      """
      SELECT a.invoice_id, a.amount_minor, a.currency, a.kind, a.at FROM application a
      JOIN invoice i ON i.id = a.invoice_id
      WHERE i.customer_id = ? AND a.reversed = 0 ORDER BY a.at DESC, a.id LIMIT ?
      """, [customer, limit]
    ) { row throws(StoreError) in
      PaymentRecord(
        invoiceID: row.text(0), amount: try row.money(1, currency: 2), kind: row.text(3),
        at: row.instant(4))
    }
  }

  public func bankCredits(customer: String, from first: Day, through last: Day)
    throws(StoreError) -> [BankLine]
  {
    try rows(
      """
      SELECT \(Connection.bankLineColumns) FROM bank_line
      WHERE customer_id = ? AND amount_minor > 0 AND booked BETWEEN ? AND ?
      ORDER BY booked, id LIMIT 20
      """, [customer, first, last], Connection.readBankLine)
  }

  public func openDisputes(customer: String) throws(StoreError) -> [Dispute] {
    let disputes = try rows(
      """
      SELECT id, customer_id, category, reason, owner, state, opened FROM dispute
      WHERE customer_id = ? AND state = 'open' ORDER BY opened, id
      """, [customer]
    ) { row throws(StoreError) in
      Dispute(
        id: row.text(0), customerID: row.text(1), invoiceIDs: [],
        category: DisputeCategory(rawValue: row.text(2)) ?? .other, reason: row.text(3),
        owner: row.optionalText(4), state: .open, opened: try row.day(6))
    }
    return try disputes.map { dispute throws(StoreError) in
      var filled = dispute
      filled.invoiceIDs = try rows(
        "SELECT invoice_id FROM dispute_invoice WHERE dispute_id = ? ORDER BY invoice_id",
        [dispute.id]
      ) { $0.text(0) }
      return filled
    }
  }

  public func settledInvoices(from first: String, through last: String, asOf: Day)
    throws(StoreError) -> [String: [Invoice]]
  {
    // The customer index is named for the reason `openInvoices(from:through:)` gives; so below.
    let invoices = try rows(
      """
      \(Connection.datedDisputes)
      SELECT \(Connection.invoiceColumnsAsOf) FROM invoice INDEXED BY invoice_customer
      LEFT JOIN dated ON dated.invoice_id = invoice.id
      WHERE invoice.customer_id BETWEEN ?1 AND ?2 AND invoice.status = 'paid'
        AND invoice.settled IS NOT NULL AND invoice.settled <= ?3
      ORDER BY invoice.customer_id, invoice.settled, invoice.id
      """, [first, last, asOf], Connection.readInvoice)
    return invoices.byAccount(\.customerID)
  }

  public func invoicesOpen(from first: String, through last: String, asOf: Day)
    throws(StoreError) -> [Invoice]
  {
    try rows(
      """
      \(Connection.datedDisputes)
      SELECT \(Connection.invoiceColumnsAsOf) FROM invoice INDEXED BY invoice_customer
      LEFT JOIN dated ON dated.invoice_id = invoice.id
      WHERE invoice.customer_id BETWEEN ?1 AND ?2 AND invoice.issued <= ?3
        AND ((invoice.settled IS NULL AND invoice.status NOT IN ('paid', 'written_off'))
          OR invoice.settled > ?3)
      ORDER BY invoice.customer_id, invoice.due, invoice.id
      """, [first, last, asOf], Connection.readInvoice)
  }

  /// The day each invoice of the customers in `?1...?2` was first named in a dispute, as `dated`.
  static let datedDisputes = """
    WITH dated AS (
      SELECT dispute_invoice.invoice_id, min(dispute.opened) AS opened
      FROM dispute_invoice JOIN dispute ON dispute.id = dispute_invoice.dispute_id
      WHERE dispute.customer_id BETWEEN ?1 AND ?2
      GROUP BY dispute_invoice.invoice_id)
    """

  /// The invoice columns with `disputed` as of the day `?3`: disputed when a dispute naming the
  /// invoice had opened by then. A ledger's disputed flag with no dispute on record carries no
  /// date. An imported ledger reports it with the invoice's outcome (IBM's data set marks the
  /// invoices that were disputed on their way to being paid), so it counts as known from the day
  /// the invoice was settled: before then the invoice reads as undisputed, and its own flag never
  /// predicts its own payment. An invoice still open with such a flag is known disputed from the
  /// day the flag is read, so it counts as disputed.
  static let invoiceColumnsAsOf =
    "invoice.id, invoice.customer_id, invoice.amount_minor, invoice.open_minor, "
    + "invoice.currency, invoice.issued, invoice.due, invoice.status, "
    + "CASE WHEN dated.invoice_id IS NULL THEN invoice.disputed "
    + "AND (invoice.settled IS NULL OR invoice.settled <= ?3) ELSE dated.opened <= ?3 END, "
    + "invoice.reference, invoice.settled"
}

// MARK: - Payment history for prediction

extension Connection {
  public func latenessHistogram(asOf: Day) throws(StoreError) -> [(Int, Bool, Int)] {
    try rows(
      """
      WITH dated AS (
        SELECT dispute_invoice.invoice_id, min(dispute.opened) AS opened
        FROM dispute_invoice JOIN dispute ON dispute.id = dispute_invoice.dispute_id
        GROUP BY dispute_invoice.invoice_id)
      SELECT max(0, CAST(julianday(invoice.settled) - julianday(invoice.due) AS INTEGER)) AS late,
        CASE WHEN dated.invoice_id IS NULL THEN invoice.disputed ELSE dated.opened <= ?1 END
          AS disputed_then,
        count(*)
      FROM invoice LEFT JOIN dated ON dated.invoice_id = invoice.id
      WHERE invoice.settled IS NOT NULL AND invoice.settled <= ?1 AND invoice.status = 'paid'
      GROUP BY late, disputed_then
      """, [asOf]
    ) { (Int($0.int(0)), $0.bool(1), Int($0.int(2))) }
  }
}
