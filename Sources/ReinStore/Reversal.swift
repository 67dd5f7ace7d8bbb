import ReinDomain

/// What reversing one application of a payment changed.
public struct Reversal: Sendable, Equatable {
  public var applicationID: String
  public var invoiceID: String
  public var bankLineID: String
  public var customerID: String
  /// The amount the application had put on the invoice.
  public var amount: Money
  /// The short-paid remainder written off with it, which the invoice takes back too.
  public var writtenOff: Money?
  public var invoiceOpenBefore: Money
  public var invoiceOpenAfter: Money
  public var invoiceStatus: String
  /// `unapplied` when no live application of the bank line is left, else `applied`.
  public var bankLineStatus: String
}

extension Connection {
  /// Reverses one application as a person: the application is marked reversed, the invoice
  /// reopens by what it took off (the short-pay write-off with it included), and the cash stays
  /// on the account as unapplied cash. The change and its audit entry (before, after, reason)
  /// commit together; a refused reversal changes nothing.
  ///
  /// An administrator, or an approver who may decide payment applications, may reverse one; a
  /// book without roles lets anyone, as its policy changes do.
  @discardableResult
  public func reverseApplication(
    _ id: String, actor: String, reason: String, at time: Instant
  ) throws -> Reversal {
    let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !why.isEmpty else {
      throw StoreError(.conflict, "reversing application \(id) needs a reason")
    }
    return try write {
      guard
        let found = try row(
          """
          SELECT a.bank_line_id, a.invoice_id, a.amount_minor, a.currency,
            coalesce(a.short_pay_minor, 0), a.reversed, i.open_minor, i.amount_minor, i.status,
            i.customer_id, l.status, coalesce(l.status_reason, '')
          FROM application a JOIN invoice i ON i.id = a.invoice_id
            JOIN bank_line l ON l.id = a.bank_line_id
          WHERE a.id = ?
          """, [id],
          { row throws(StoreError) in
            (
              line: row.text(0), invoice: row.text(1), amount: try row.money(2, currency: 3),
              writtenOff: row.int(4), reversed: row.bool(5), open: row.int(6), total: row.int(7),
              status: row.text(8), customer: row.text(9), lineStatus: row.text(10),
              lineReason: row.text(11)
            )
          })
      else { throw StoreError(.conflict, "no application \(id)") }
      guard !found.reversed else {
        throw StoreError(.conflict, "application \(id) was already reversed")
      }
      if let refusal = try reversalRefusal(
        for: actor, customer: found.customer, amount: found.amount, today: time.day)
      {
        throw StoreError(.conflict, refusal)
      }
      let currency = found.amount.currency
      let reopened = found.open + found.amount.minor + found.writtenOff
      guard reopened <= found.total else {
        let back = Money(minor: reopened - found.open, currency: currency)
        throw StoreError(
          .conflict,
          "invoice \(found.invoice) cannot take back \(back): it is "
            + "\(Money(minor: found.total, currency: currency)) in all")
      }
      let status = reopened == found.total ? "open" : "partially_paid"
      try run("UPDATE application SET reversed = 1 WHERE id = ? AND reversed = 0", [id])
      try run(
        "UPDATE invoice SET open_minor = ?, status = ?, settled = NULL WHERE id = ?",
        [reopened, status, found.invoice])
      let live = try scalar(
        "SELECT count(*) FROM application WHERE bank_line_id = ? AND reversed = 0", [found.line])
      let lineStatus = live == 0 ? "unapplied" : found.lineStatus
      let note = "\(id) (\(found.amount)) reversed by \(actor): \(why); the cash stays on account"
      try run(
        "UPDATE bank_line SET status = ?, status_reason = ?, customer_id = ? WHERE id = ?",
        [
          lineStatus, live == 0 ? note : found.lineReason + "; " + note, found.customer,
          found.line,
        ])
      let reversal = Reversal(
        applicationID: id, invoiceID: found.invoice, bankLineID: found.line,
        customerID: found.customer, amount: found.amount,
        writtenOff: found.writtenOff > 0 ? Money(minor: found.writtenOff, currency: currency) : nil,
        invoiceOpenBefore: Money(minor: found.open, currency: currency),
        invoiceOpenAfter: Money(minor: reopened, currency: currency), invoiceStatus: status,
        bankLineStatus: lineStatus)
      try appendAudit(
        AuditRecord(
          actor: actor, kind: "application.reversed", account: found.customer, subject: id,
          reason: why,
          before: JSON.encode([
            "application": "applied", "invoice": found.invoice,
            "invoice_open_minor": String(found.open), "invoice_status": found.status,
            "bank_line": found.line, "bank_line_status": found.lineStatus,
          ]),
          after: JSON.encode([
            "application": "reversed", "invoice": found.invoice,
            "invoice_open_minor": String(reopened), "invoice_status": status,
            "bank_line": found.line, "bank_line_status": lineStatus,
            "unapplied_cash_minor": String(found.amount.minor),
          ])),
        at: time)
      return reversal
    }
  }

  /// Why `actor` may not reverse an application, nil when they may: the same rules as approving
  /// a payment application of that amount on that account (role, kinds, approval limit, a
  /// flagged account's owner or delegate). A book without roles yet lets anyone.
  func reversalRefusal(
    for actor: String, customer: String, amount: Money, today: Day
  ) throws -> String? {
    let policy = try policy()
    let roles = policy.values.filter { $0.key.hasPrefix("role.") && $0.value != "none" }
    guard !roles.isEmpty else { return nil }
    let standIn = Escalation(
      customerID: customer, kind: .applyPayment, parameters: [:], amount: amount, rule: "",
      reason: "", priority: 0, raisedAt: Instant(day: today), dueBy: Instant(day: today),
      owner: nil, context: [:], trace: Trace(), idempotencyKey: "")
    let request = DecisionRequest(escalationID: 0, verdict: .approve, actor: actor)
    guard
      let refusal = try refusal(
        for: request, on: standIn, policy: policy, today: today, checkingRaises: false)
    else { return nil }
    return "\(actor) may not reverse this application: \(refusal)"
  }
}
