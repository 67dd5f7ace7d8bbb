import ReinDomain

/// Reads Rein's ledger CSV files. The header line says what a file holds and must be exactly one
/// of these (names in this order, comma-separated, UTF-8, quoting as in RFC 4180):
///
/// - customers: `customer_id,name,segment,flags,owner,autopay,currency,contact_name,contact_email`
///   — `flags` is empty or `strategic` and/or `sensitive` separated by `;`; `owner` may be empty;
///   `autopay` is `yes` or `no`; `currency` an ISO 4217 code; the contact is optional (both
///   empty), else becomes the customer's billing contact.
/// - invoices: `invoice_id,customer_id,amount,currency,issued,due,disputed,reference`
///   — `amount` a positive decimal such as `1234.50` in the currency's minor digits; `issued` and
///   `due` are `YYYY-MM-DD` with due not before issued; `disputed` is `yes` or `no`; `reference`
///   may be empty, and when it starts with `RF` must be a valid ISO 11649 reference.
/// - payments (settled history): `payment_id,customer_id,invoice_id,amount,currency,paid_on`
///   — each becomes an applied bank line with an application (rule `history`) to its invoice.
///
/// Ids are non-empty and unique within a file.
public enum LedgerCSVParser {
  static let customerHeader = [
    "customer_id", "name", "segment", "flags", "owner", "autopay", "currency", "contact_name",
    "contact_email",
  ]
  static let invoiceHeader = [
    "invoice_id", "customer_id", "amount", "currency", "issued", "due", "disputed", "reference",
  ]
  static let paymentHeader = [
    "payment_id", "customer_id", "invoice_id", "amount", "currency", "paid_on",
  ]

  public static func parse(_ text: String) throws(ImportError) -> LedgerFile {
    let rows = try CSVReader.rows(text)
    guard let header = rows.first else { throw ImportError("the file is empty") }
    let names = header.fields.map { $0.trimmed }
    let body = Array(rows.dropFirst())
    switch names {
    case customerHeader: return .customers(try each(body, names.count, customer))
    case invoiceHeader: return .invoices(try each(body, names.count, invoice))
    case paymentHeader: return .payments(try each(body, names.count, payment))
    case IBMReceivablesParser.header:
      throw ImportError(
        "this is the IBM accounts-receivable data set; import it with --format ibm-ar",
        at: "line 1")
    default:
      throw ImportError(
        "the header is not a ledger file's: expected one of "
          + [customerHeader, invoiceHeader, paymentHeader].map { "`\($0.joined(separator: ","))`" }
          .joined(separator: ", "), at: "line 1")
    }
  }

  /// Reads every row with `read`, checking field counts and unique ids; errors name the line.
  static func each<T>(
    _ rows: [CSVRow], _ width: Int, idColumn: Int = 0, _ read: (CSVRow) throws(ImportError) -> T
  ) throws(ImportError) -> [T] {
    var result: [T] = []
    var ids: [String: Int] = [:]
    for row in rows {
      let place = "line \(row.line)"
      guard row.fields.count == width else {
        throw ImportError("has \(row.fields.count) fields, the header has \(width)", at: place)
      }
      let id = row.fields[idColumn].trimmed
      guard !id.isEmpty else {
        throw ImportError("the id (column \(idColumn + 1)) is empty", at: place)
      }
      if let first = ids[id] {
        throw ImportError(
          "id \(TextInput.quoted(id)) appears again (first on line \(first))", at: place)
      }
      ids[id] = row.line
      do { result.append(try read(row)) } catch {
        throw ImportError(error.message, at: error.location ?? place)
      }
    }
    return result
  }

  private static func customer(_ row: CSVRow) throws(ImportError) -> CustomerRow {
    let field = fields(row)
    var flags: Set<AccountFlag> = []
    for flag in field(3).split(separator: ";") {
      let name = flag.trimmed
      guard let value = AccountFlag(rawValue: name) else {
        throw ImportError("flag \(TextInput.quoted(name)) is not strategic or sensitive")
      }
      flags.insert(value)
    }
    guard !field(1).isEmpty else { throw ImportError("the name is empty") }
    let customer = Customer(
      id: field(0), name: field(1), segment: field(2), flags: flags,
      owner: field(4).isEmpty ? nil : field(4), autopay: try yesNo(field(5), "autopay"),
      currency: try TextInput.currency(field(6)))
    var contact: Contact?
    if !field(7).isEmpty || !field(8).isEmpty {
      guard field(8).contains("@") else {
        throw ImportError("contact email \(TextInput.quoted(field(8))) is not an address")
      }
      contact = Contact(
        id: field(0) + "-billing", customerID: field(0), name: field(7), email: field(8),
        role: "billing")
    }
    return CustomerRow(customer: customer, contact: contact, line: row.line)
  }

  private static func invoice(_ row: CSVRow) throws(ImportError) -> InvoiceRow {
    let field = fields(row)
    let currency = try TextInput.currency(field(3))
    let amount = try positiveAmount(field(2), currency)
    let issued = try day(field(4), "issued")
    let due = try day(field(5), "due")
    guard due >= issued else { throw ImportError("due \(due) is before issued \(issued)") }
    var reference: String?
    let text = field(7)
    if text.uppercased().hasPrefix("RF") {
      guard let valid = CreditorReference.validated(text) else {
        throw ImportError("reference \(TextInput.quoted(text)) fails its RF check digits")
      }
      reference = valid
    } else if !text.isEmpty {
      reference = text
    }
    let invoice = Invoice(
      id: field(0), customerID: field(1), amount: amount, issued: issued, due: due,
      disputed: try yesNo(field(6), "disputed"), reference: reference)
    return InvoiceRow(invoice: invoice, line: row.line)
  }

  private static func payment(_ row: CSVRow) throws(ImportError) -> SettledPayment {
    let field = fields(row)
    guard !field(2).isEmpty else { throw ImportError("the invoice id is empty") }
    let currency = try TextInput.currency(field(4))
    return SettledPayment(
      id: field(0), customerID: field(1), invoiceID: field(2),
      amount: try positiveAmount(field(3), currency), paidOn: try day(field(5), "paid_on"),
      line: row.line)
  }

  private static func fields(_ row: CSVRow) -> (Int) -> String {
    { row.fields[$0].trimmed }
  }

  static func positiveAmount(_ text: String, _ currency: Currency) throws(ImportError) -> Money {
    let amount = try TextInput.amount(text, currency)
    guard amount.minor > 0 else { throw ImportError("amount \(text) is not positive") }
    return amount
  }

  private static func day(_ text: String, _ name: String) throws(ImportError) -> Day {
    guard let day = Day(iso: text) else {
      throw ImportError("\(name) \(TextInput.quoted(text)) is not a YYYY-MM-DD date")
    }
    return day
  }

  static func yesNo(_ text: String, _ name: String) throws(ImportError) -> Bool {
    switch text.lowercased() {
    case "yes": return true
    case "no": return false
    default: throw ImportError("\(name) \(TextInput.quoted(text)) is not yes or no")
    }
  }
}
