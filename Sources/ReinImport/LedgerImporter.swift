import Foundation
import ReinDomain
import ReinStore

/// The ledger file formats Rein reads.
public enum LedgerFormat: String, Sendable, CaseIterable {
  case csv
  case ibmAR = "ibm-ar"

  /// The format of a ledger file from its header: the IBM data set's, else Rein's CSV.
  public static func detect(_ data: Data) -> LedgerFormat {
    let head = String(decoding: data.prefix(512), as: UTF8.self)
    let firstLine = head.drop { $0 == "\u{FEFF}" }.split(whereSeparator: \.isNewline).first ?? ""
    let names = firstLine.split(separator: ",").map { $0.trimmed }
    return names == IBMReceivablesParser.header ? .ibmAR : .csv
  }

  /// Parses ledger bytes in this format. Pure: touches no database.
  public func parse(_ data: Data) throws(ImportError) -> LedgerFile {
    let text = try TextInput.decode(Array(data), latin1Fallback: false).text
    switch self {
    case .csv: return try LedgerCSVParser.parse(text)
    case .ibmAR: return try IBMReceivablesParser.parse(text)
    }
  }
}

/// Imports ledger files: customers, invoices and settled payment history. One file is one
/// transaction with one audit entry; rows already on the ledger are left as they are.
public enum LedgerImporter {
  public static func importFile(
    _ path: String, format: LedgerFormat, into connection: Connection, actor: String,
    at time: Instant
  ) -> ImportResult {
    let file: LedgerFile
    do {
      file = try format.parse(try ImportFile.read(path))
    } catch {
      return .failed(path, format: format.rawValue, error)
    }
    do {
      return try connection.write {
        let name = ImportFile.name(path)
        var writer = LedgerWriter(connection: connection, source: name, time: time)
        try writer.write(file)
        var after = writer.counts
        after["file"] = name
        after["format"] = file.format
        after["entries"] = file.count
        try connection.appendAudit(
          AuditRecord(
            actor: actor, kind: "import.ledger", subject: name,
            reason: "imported ledger file \(name) as \(file.format): \(file.count) rows read, "
              + "\(writer.newRows) new", after: ImportFile.json(after)), at: time)
        return ImportResult(
          file: path, format: file.format, ok: true, entries: file.count, new: writer.newRows,
          warnings: (format == .ibmAR ? [IBMReceivablesParser.currencyNote] : [])
            + writer.conflictWarnings)
      }
    } catch {
      return .failed(path, format: file.format, error)
    }
  }
}

/// Writes the rows of one ledger file inside the caller's transaction.
struct LedgerWriter {
  let connection: Connection
  let source: String
  let time: Instant
  var newRows = 0
  var newCustomers = 0
  var newInvoices = 0
  var newPayments = 0
  /// Invoices already on the ledger that the file describes differently; they are left as the
  /// ledger holds them, and the import says so.
  var conflicts: [String] = []

  init(connection: Connection, source: String, time: Instant) {
    self.connection = connection
    self.source = source
    self.time = time
  }

  var counts: [String: Any] {
    [
      "rows_new": newRows, "customers_new": newCustomers, "invoices_new": newInvoices,
      "payments_new": newPayments,
    ]
  }

  mutating func write(_ file: LedgerFile) throws {
    switch file {
    case .customers(let rows):
      for row in rows {
        let isNew = try connection.customer(row.customer.id) == nil
        try connection.upsert(row.customer)
        if let contact = row.contact { try connection.insert(contact) }
        if isNew { count(customer: true) }
      }
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
      for row in rows where try settle(row) { count(payment: true) }
    case .receivables(let rows):
      try writeReceivables(rows)
    }
  }

  private mutating func count(customer: Bool = false, payment: Bool = false) {
    newRows += 1
    if customer { newCustomers += 1 }
    if payment { newPayments += 1 }
  }

  private mutating func writeReceivables(_ rows: [ReceivableRow]) throws {
    var known: Set<String> = []
    for row in rows {
      if known.insert(row.customer.id).inserted, try connection.customer(row.customer.id) == nil {
        try connection.upsert(row.customer)
        newCustomers += 1
      }
      let added = try connection.insert(row.invoice)
      if added {
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
    guard !differences.isEmpty else { return }
    conflicts.append(
      "line \(line): invoice \(TextInput.quoted(invoice.id)) is already on the ledger and was "
        + "left as it is (" + differences.joined(separator: "; ") + ")")
  }

  /// At most ten conflicts spelled out, then how many more there were.
  var conflictWarnings: [String] {
    let shown = Array(conflicts.prefix(10))
    let more = conflicts.count - shown.count
    return more > 0 ? shown + ["\(more) more invoices differ from the ledger"] : shown
  }

  private func requireCustomer(_ id: String, line: Int) throws {
    guard try connection.customer(id) != nil else {
      throw ImportError(
        "customer \(TextInput.quoted(id)) is not on the ledger (import the customers first)",
        at: "line \(line)")
    }
  }

  /// Records a settled payment as an applied bank line with its application; false when this
  /// payment was imported before.
  private func settle(_ payment: SettledPayment) throws -> Bool {
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
    let key = "ledger:payment:\(payment.id)"
    let lineID = "BL-" + SHA256.hex(key).prefix(20)
    let name = try connection.customer(payment.customerID)?.name ?? payment.customerID
    let line = BankLine(
      id: lineID, sourceKey: key, amount: payment.amount, booked: payment.paidOn,
      payerName: name, remittance: "settled payment \(payment.id) of invoice \(invoice.id)",
      status: .applied)
    guard try connection.insert(line) else { return false }
    guard payment.amount.minor <= invoice.openAmount.minor else {
      throw ImportError(
        "payment \(payment.id) of \(payment.amount) is more than the \(invoice.openAmount) "
          + "open on invoice \(invoice.id)", at: place)
    }
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
