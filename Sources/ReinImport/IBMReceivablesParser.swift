import ReinDomain

/// Reads the public IBM accounts-receivable data set exactly as published: header
/// `countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,
/// Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate`, dates `M/D/YYYY`, amounts in USD,
/// CRLF lines. Each row is an invoice of customer `customerID` (segment `country-<code>`);
/// a settled date makes it a settled payment. Columns the ledger does not keep (paperless,
/// days to settle, days late) may be blank.
public enum IBMReceivablesParser {
  /// The data set carries no currency column; its amounts are dollars.
  static let currencyNote = "the IBM data set names no currency: its amounts are read as USD"

  static let header = [
    "countryCode", "customerID", "PaperlessDate", "invoiceNumber", "InvoiceDate", "DueDate",
    "InvoiceAmount", "Disputed", "SettledDate", "PaperlessBill", "DaysToSettle", "DaysLate",
  ]

  public static func parse(_ text: String) throws(ImportError) -> LedgerFile {
    let rows = try CSVReader.rows(text)
    guard let first = rows.first else { throw ImportError("the file is empty") }
    guard first.fields.map({ $0.trimmed }) == header else {
      throw ImportError(
        "the header is not the IBM accounts-receivable data set's: expected "
          + header.joined(separator: ","), at: "line 1")
    }
    var customers: [String: Customer] = [:]
    let result = try LedgerCSVParser.each(Array(rows.dropFirst()), header.count, idColumn: 3) {
      row throws(ImportError) -> ReceivableRow in
      let field = { (index: Int) in row.fields[index].trimmed }
      let country = field(0)
      guard !country.isEmpty, !field(1).isEmpty else {
        throw ImportError("countryCode and customerID must not be empty")
      }
      let customer =
        customers[field(1)]
        ?? Customer(id: field(1), name: field(1), segment: "country-" + country, currency: .usd)
      customers[field(1)] = customer
      let settledText = field(8)
      let settled = settledText.isEmpty ? nil : try day(settledText, "SettledDate")
      let invoice = Invoice(
        id: field(3), customerID: field(1),
        amount: try LedgerCSVParser.positiveAmount(field(6), .usd),
        issued: try day(field(4), "InvoiceDate"), due: try day(field(5), "DueDate"),
        disputed: try LedgerCSVParser.yesNo(field(7), "Disputed"))
      return ReceivableRow(customer: customer, invoice: invoice, settled: settled, line: row.line)
    }
    return .receivables(result)
  }

  /// `M/D/YYYY` as the data set writes dates.
  static func day(_ text: String, _ name: String) throws(ImportError) -> Day {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count),
      (1...2).contains(parts[1].count), let month = Int(parts[0]), let day = Int(parts[1]),
      let year = Int(parts[2]), let value = Day(year: year, month: month, day: day)
    else { throw ImportError("\(name) \(TextInput.quoted(text)) is not a M/D/YYYY date") }
    return value
  }
}
