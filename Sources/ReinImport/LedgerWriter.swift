import ReinDomain
import ReinStore

/// Writes the rows of one ledger file inside the caller's transaction. Rows already on the
/// ledger are left as the ledger holds them, and the differences are reported.
struct LedgerWriter {
  let connection: any ImportStore
  let source: String
  let actor: String
  let time: Instant
  var newRows = 0
  var newCustomers = 0
  var newInvoices = 0
  var newPayments = 0
  /// Accounts the file created, in file order.
  var createdAccounts: [String] = []
  /// Accounts whose name, autopay or missing billing contact the file supplied.
  var updatedAccounts: [String] = []
  /// Accounts whose owner, flags, segment, currency or contact the file gives differently; each
  /// was kept as it is and has its own warning in `accountWarnings`.
  var keptAccounts: [String] = []
  var accountWarnings: [String] = []
  /// Invoices and payments already on the ledger that the file describes differently; they are
  /// left as the ledger holds them, and the import says so.
  var conflicts: [String] = []

  init(connection: any ImportStore, source: String, actor: String, time: Instant) {
    self.connection = connection
    self.source = source
    self.actor = actor
    self.time = time
  }

  var counts: [String: Any] {
    [
      "rows_new": newRows, "customers_new": newCustomers, "invoices_new": newInvoices,
      "payments_new": newPayments, "accounts_created": createdAccounts,
      "accounts_updated": updatedAccounts, "accounts_kept_as_they_are": keptAccounts,
    ]
  }

  /// What the file did to accounts, for the file's audit entry; empty when it touched none.
  var accountSummary: String {
    var parts: [String] = []
    if !createdAccounts.isEmpty {
      parts.append(counted(createdAccounts.count, "account") + " created")
    }
    if !updatedAccounts.isEmpty {
      parts.append(counted(updatedAccounts.count, "account") + " corrected")
    }
    if !keptAccounts.isEmpty {
      parts.append(counted(keptAccounts.count, "account") + " kept where the file differs")
    }
    return parts.isEmpty ? "" : "; " + parts.joined(separator: ", ")
  }

  mutating func write(_ file: LedgerFile) throws {
    switch file {
    case .customers(let rows):
      try checkAccountSetup(rows)
      for row in rows where try write(row) { newRows += 1 }
    case .invoices(let rows):
      for row in rows {
        try requireCustomer(row.invoice.customerID, line: row.line)
        if try connection.insert(row.invoice) {
          newInvoices += 1
          newRows += 1
        } else {
          try compare(row.invoice, line: row.line)
        }
      }
    case .payments(let rows):
      for row in rows where try settle(row) {
        newPayments += 1
        newRows += 1
      }
    case .receivables(let rows):
      try writeReceivables(rows)
    }
  }

  private mutating func writeReceivables(_ rows: [ReceivableRow]) throws {
    var known: Set<String> = []
    for row in rows {
      if known.insert(row.customer.id).inserted, try connection.customer(row.customer.id) == nil {
        try create(row.customer, contact: nil, line: row.line)
      }
      if try connection.insert(row.invoice) {
        newInvoices += 1
        newRows += 1
      } else {
        try compare(row.invoice, line: row.line)
      }
      guard let settled = row.settled else { continue }
      let payment = SettledPayment(
        id: "settlement-" + row.invoice.id, customerID: row.customer.id,
        invoiceID: row.invoice.id, amount: row.invoice.amount, paidOn: settled, line: row.line)
      if try settle(payment) { newPayments += 1 }
    }
  }

  /// Notes an invoice the ledger already holds with other terms than the file gives.
  private mutating func compare(_ invoice: Invoice, line: Int) throws {
    guard let held = try connection.invoice(invoice.id) else { return }
    var differences: [String] = []
    if held.customerID != invoice.customerID {
      differences.append(
        "customer \(held.customerID) on the ledger, \(invoice.customerID) in the file")
    }
    if held.amount != invoice.amount {
      differences.append("amount \(held.amount) on the ledger, \(invoice.amount) in the file")
    }
    if held.issued != invoice.issued || held.due != invoice.due {
      differences.append(
        "dates \(held.issued.iso)/\(held.due.iso) on the ledger, "
          + "\(invoice.issued.iso)/\(invoice.due.iso) in the file")
    }
    note(differences, "invoice \(TextInput.quoted(invoice.id))", line: line)
  }

  /// Notes a settled payment the ledger already holds with another amount, day or invoice.
  private mutating func compare(_ payment: SettledPayment, with held: BankLine) throws {
    var differences: [String] = []
    if held.amount != payment.amount {
      differences.append("amount \(held.amount) on the ledger, \(payment.amount) in the file")
    }
    if held.booked != payment.paidOn {
      differences.append(
        "paid on \(held.booked.iso) on the ledger, \(payment.paidOn.iso) in the file")
    }
    let invoices = try connection.appliedInvoices(bankLine: held.id)
    if !invoices.isEmpty, !invoices.contains(payment.invoiceID) {
      differences.append(
        "invoice \(invoices.joined(separator: ", ")) on the ledger, \(payment.invoiceID) in the "
          + "file")
    }
    note(differences, "payment \(TextInput.quoted(payment.id))", line: payment.line)
  }

  private mutating func note(_ differences: [String], _ what: String, line: Int) {
    guard !differences.isEmpty else { return }
    conflicts.append(
      "line \(line): \(what) is already on the ledger and was left as it is ("
        + differences.joined(separator: "; ") + ")")
  }

  /// At most ten conflicts spelled out, then how many more there were.
  var conflictWarnings: [String] {
    let shown = Array(conflicts.prefix(10))
    let more = conflicts.count - shown.count
    guard more > 0 else { return shown }
    return shown + ["\(more) more \(more == 1 ? "row differs" : "rows differ") from the ledger"]
  }

  private func requireCustomer(_ id: String, line: Int) throws {
    guard try connection.customer(id) != nil else {
      throw ImportError(
        "customer \(TextInput.quoted(id)) is not on the ledger (import the customers first)",
        at: "line \(line)")
    }
  }

  /// Records a settled payment as an applied bank line with its application; false when this
  /// payment was imported before (what the file says differently is noted).
  private mutating func settle(_ payment: SettledPayment) throws -> Bool {
    let key = "ledger:payment:\(payment.id)"
    if let held = try connection.bankLine(sourceKey: key) {
      try compare(payment, with: held)
      return false
    }
    let place = "line \(payment.line)"
    guard let invoice = try connection.invoice(payment.invoiceID) else {
      throw ImportError(
        "invoice \(TextInput.quoted(payment.invoiceID)) is not on the ledger", at: place)
    }
    guard invoice.customerID == payment.customerID else {
      throw ImportError(
        "invoice \(invoice.id) belongs to \(invoice.customerID), not \(payment.customerID)",
        at: place)
    }
    guard invoice.amount.currency == payment.amount.currency else {
      throw ImportError(
        "payment in \(payment.amount.currency.code) for an invoice in "
          + "\(invoice.amount.currency.code)", at: place)
    }
    guard payment.amount.minor <= invoice.openAmount.minor else {
      throw ImportError(
        "payment \(payment.id) of \(payment.amount) is more than the \(invoice.openAmount) "
          + "open on invoice \(invoice.id)", at: place)
    }
    let lineID = "BL-" + SHA256.hex(key).prefix(20)
    let name = try connection.customer(payment.customerID)?.name ?? payment.customerID
    let line = BankLine(
      id: lineID, sourceKey: key, amount: payment.amount, booked: payment.paidOn,
      payerName: name, remittance: "settled payment \(payment.id) of invoice \(invoice.id)",
      status: .applied)
    guard try connection.insert(line) else { return false }
    try connection.setCustomer(bankLine: lineID, payment.customerID)
    let full = payment.amount.minor == invoice.openAmount.minor
    try connection.insert(
      Application(
        id: "AP-" + SHA256.hex(key).prefix(20), bankLineID: lineID, invoiceID: invoice.id,
        amount: payment.amount, kind: full ? .full : .partial, rule: "history",
        evidence: "settled payment \(payment.id) in ledger file \(source)"),
      at: Instant(day: payment.paidOn))
    try connection.settleFromHistory(
      invoice: invoice.id, amount: payment.amount, on: payment.paidOn)
    return true
  }
}
