import Foundation
import ReinDomain

/// What a person's application of unapplied cash did.
public struct CashPlacement: Sendable, Equatable {
  /// One application made, with the invoice's open amount after it.
  public struct Part: Sendable, Equatable {
    public var applicationID: String
    public var invoiceID: String
    public var amount: Money
    public var invoiceOpenAfter: Money
  }

  public var bankLineID: String
  public var customerID: String
  public var parts: [Part]
  /// What is still unapplied on the line afterwards.
  public var leftOnAccount: Money
}

extension Connection {
  /// Applies cash held unapplied (on account or in suspense) to invoices, as a person: the line's
  /// unapplied remainder goes to the invoices in the order given, each taking at most what it has
  /// open, and every invoice named must get some. The applications, the invoices, the line and
  /// the audit entry (before, after, reason) change together; a refused placement changes
  /// nothing. `rein reverse` takes any of these applications back like the agent's own.
  ///
  /// Who may: whoever may reverse an application (an administrator, or an approver who may
  /// decide payment applications). Cash on an account goes to that account's invoices; cash in
  /// suspense to one account's, which then holds the line.
  @discardableResult
  public func applyUnappliedCash(
    line lineID: String, to invoiceIDs: [String], actor: String, reason: String, at time: Instant
  ) throws -> CashPlacement {
    let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !why.isEmpty else { throw StoreError(.conflict, "applying cash needs a reason") }
    guard !invoiceIDs.isEmpty, Set(invoiceIDs).count == invoiceIDs.count else {
      throw StoreError(.conflict, "name each invoice once")
    }
    return try write {
      let (line, holder, left) = try unappliedLine(lineID)
      // Cash in suspense goes to the account whose invoices are named.
      let account = try holder ?? invoice(invoiceIDs[0])?.customerID ?? ""
      if let refusal = try reversalRefusal(
        for: actor, customer: account, amount: left, today: time.day)
      {
        throw StoreError(.conflict, refusal.replacingOccurrences(of: "reverse", with: "apply"))
      }
      var remaining = left.minor
      var parts: [CashPlacement.Part] = []
      var before: [String: String] = ["bank_line_unapplied_minor": String(left.minor)]
      var after: [String: String] = [:]
      let start = try scalar("SELECT count(*) FROM application WHERE bank_line_id = ?", [lineID])
      let invoices = try placeable(invoiceIDs, holder: holder, currency: line.amount.currency)
      for (index, invoice) in invoices.enumerated() {
        guard remaining > 0 else {
          throw StoreError(
            .conflict, "the \(left) unapplied on \(lineID) is used up before \(invoice.id)")
        }
        let share = min(remaining, invoice.openAmount.minor)
        let amount = Money(minor: share, currency: line.amount.currency)
        let id = "APP-\(lineID)-\(start + Int64(index) + 1)"
        try insert(
          Application(
            id: id, bankLineID: lineID, invoiceID: invoice.id, amount: amount,
            kind: share == invoice.openAmount.minor ? .full : .partial, rule: "person",
            evidence: "applied by \(actor): \(why)"),
          at: time)
        try reduceOpenAmount(invoice: invoice.id, by: amount, on: time.day)
        remaining -= share
        let open = Money(minor: invoice.openAmount.minor - share, currency: amount.currency)
        parts.append(
          CashPlacement.Part(
            applicationID: id, invoiceID: invoice.id, amount: amount, invoiceOpenAfter: open))
        before[invoice.id] = "open \(invoice.openAmount.minor)"
        after[invoice.id] = "open \(open.minor) (\(id), \(share))"
      }
      let customer = invoices[0].customerID
      let note =
        "\(actor) applied \(left.minor - remaining) to "
        + invoices.map(\.id).joined(separator: ", ") + ": \(why)"
      try run(
        """
        UPDATE bank_line SET status = 'applied', customer_id = ?,
          status_reason = coalesce(status_reason || '; ', '') || ? WHERE id = ?
        """, [customer, note, lineID])
      after["bank_line_unapplied_minor"] = String(remaining)
      try appendAudit(
        AuditRecord(
          actor: actor, kind: "cash.applied", account: customer, subject: lineID, reason: why,
          before: JSON.encode(before), after: JSON.encode(after)),
        at: time)
      return CashPlacement(
        bankLineID: lineID, customerID: customer, parts: parts,
        leftOnAccount: Money(minor: remaining, currency: line.amount.currency))
    }
  }

  /// A credit with cash left unapplied: the line, the account holding it (nil in suspense) and
  /// what is left after its live applications.
  private func unappliedLine(_ id: String) throws -> (BankLine, String?, Money) {
    guard
      let found = try row(
        """
        SELECT \(Connection.bankLineColumns), customer_id, amount_minor - coalesce((SELECT
          sum(a.amount_minor) FROM application a WHERE a.bank_line_id = bank_line.id
          AND a.reversed = 0), 0)
        FROM bank_line WHERE id = ?
        """, [id],
        { row throws(StoreError) in
          (try Connection.readBankLine(row), row.optionalText(12), row.int(13))
        })
    else { throw StoreError(.conflict, "no bank line \(id)") }
    let (line, holder, left) = found
    switch line.status {
    case .applied, .unapplied:
      break
    case .escalated:
      throw StoreError(
        .conflict, "bank line \(id) waits for a person's decision on its escalation; decide that")
    case .new:
      throw StoreError(.conflict, "bank line \(id) has not been through cash application yet")
    case .ignored:
      throw StoreError(.conflict, "bank line \(id) is not a customer payment")
    }
    guard line.isCredit, left > 0 else {
      throw StoreError(.conflict, "bank line \(id) has no unapplied cash left")
    }
    let suspense = holder == nil || holder == "UNIDENTIFIED"
    return (line, suspense ? nil : holder, Money(minor: left, currency: line.amount.currency))
  }

  /// The invoices named, each open, in the line's currency, all of one account: the holder's,
  /// when the cash is held on an account.
  private func placeable(_ ids: [String], holder: String?, currency: Currency) throws
    -> [Invoice]
  {
    var invoices: [Invoice] = []
    for id in ids {
      guard let invoice = try invoice(id) else { throw StoreError(.conflict, "no invoice \(id)") }
      guard invoice.openAmount.minor > 0 else {
        throw StoreError(.conflict, "invoice \(id) has nothing open")
      }
      guard invoice.amount.currency == currency else {
        throw StoreError(
          .conflict,
          "invoice \(id) is in \(invoice.amount.currency.code), the cash in "
            + currency.code)
      }
      let account = holder ?? invoices.first?.customerID ?? invoice.customerID
      guard invoice.customerID == account else {
        throw StoreError(
          .conflict,
          "invoice \(id) belongs to \(invoice.customerID); the cash is for \(account)'s invoices")
      }
      invoices.append(invoice)
    }
    return invoices
  }
}
