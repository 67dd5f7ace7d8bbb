import Foundation
import ReinDomain

/// Reads bank statements exported as CSV, finding columns by their header names.
///
/// Header names are matched ignoring case, spaces, `_`, `-` and `.`:
/// - booking date (required): `date`, `booking date`, `booked`, `transaction date`,
///   `posting date`, `posted`, `entry date`
/// - value date: `value date`, `valuta`
/// - amount: `amount` (signed: negative is money out); or the pair `credit` / `debit` (also
///   `money in` / `money out`, `paid in` / `paid out`, `credit amount` / `debit amount`), each
///   row filling one of the two with an unsigned amount
/// - debit/credit indicator: `dr/cr`, `cr/dr`, `credit/debit`, `debit/credit`, `d/c`, `c/d`,
///   `indicator`, `sign` (and `type`, when it holds indicator values rather than transaction
///   types): `DR`, `D`, `DEBIT`, `DBIT`, `-` or `CR`, `C`, `CREDIT`, `CRDT`, `+`, ignoring case;
///   it gives the sign of an unsigned amount, and any other value refuses the file
/// - currency: `currency`, `ccy`; without one, every line is in the currency the importer was
///   given (the ledger's, when it holds only one)
/// - counterparty name: `payer`, `name`, `payer name`, `counterparty`, `counterparty name`
/// - counterparty account: `account`, `payer account`, `iban`, `counterparty account`
/// - remittance: `reference`, `remittance`, `description`, `details`, `memo`, `purpose`
///   (several such columns are joined with a space)
/// - bank reference: `id`, `transaction id`, `bank reference`
/// - end-to-end id: `end to end id`, `end to end`
///
/// Dates are `YYYY-MM-DD`, `YYYYMMDD` or `DD.MM.YYYY`. With `,` or tab between fields amounts use
/// `.` as the decimal point (`1,234.50` in quotes is fine); with `;` they use `,`
/// (`1.234,50`). Other columns are ignored and named in a warning.
public enum BankCSVParser {
  enum Column: CaseIterable {
    case booked, value, amount, credit, debit, currency, name, account, remittance, reference
    case endToEnd, indicator, type

    var names: [String] {
      switch self {
      case .booked:
        [
          "date", "bookingdate", "booked", "bookeddate", "transactiondate", "postingdate", "posted",
          "entrydate",
        ]
      case .value: ["valuedate", "valuta"]
      case .amount: ["amount"]
      case .credit: ["credit", "creditamount", "moneyin", "paidin"]
      case .debit: ["debit", "debitamount", "moneyout", "paidout"]
      case .currency: ["currency", "ccy"]
      case .name: ["payer", "name", "payername", "counterparty", "counterpartyname"]
      case .account: ["account", "payeraccount", "iban", "counterpartyaccount"]
      case .remittance: ["reference", "remittance", "description", "details", "memo", "purpose"]
      case .reference: ["id", "transactionid", "bankreference"]
      case .endToEnd: ["endtoendid", "endtoend"]
      case .indicator: DebitCreditMark.columnNames
      case .type: ["type"]
      }
    }

    private static let byName: [String: Column] = Dictionary(
      allCases.flatMap { column in column.names.map { ($0, column) } },
      uniquingKeysWith: { a, _ in a })

    static func of(_ header: String) -> Column? { byName[CSVReader.normalized(header)] }
  }

  /// True when the first line reads as a bank CSV header (a booking date and an amount column).
  public static func recognises(_ text: String) -> Bool {
    guard let header = TextInput.lines(text).first else { return false }
    let delimiter = delimiter(of: String(header))
    let columns = header.split(separator: delimiter).compactMap {
      Column.of($0.trimming { $0 == "\"" || $0 == " " })
    }
    return columns.contains(.booked)
      && (columns.contains(.amount) || columns.contains(.credit) || columns.contains(.debit))
  }

  static func delimiter(of header: String) -> Character {
    let counts: [(Character, Int)] = [",", ";", "\t"].map { mark in
      (mark, header.filter { $0 == mark }.count)
    }
    return counts.max { $0.1 < $1.1 }?.0 ?? ","
  }

  public static func parse(_ text: String, currency fallback: Currency? = nil)
    throws(ImportError) -> ParsedBankFile
  {
    let delimiter = delimiter(of: String(TextInput.lines(text).first ?? ""))
    let rows = try CSVReader.rows(text, delimiter: delimiter)
    guard let header = rows.first else { throw ImportError("the file is empty") }
    var columns: [Column: [Int]] = [:]
    var unknown: [String] = []
    for (index, name) in header.fields.enumerated() {
      if let column = Column.of(name) {
        columns[column, default: []].append(index)
      } else if !name.isEmpty {
        unknown.append(name)
      }
    }
    guard columns[.booked] != nil else {
      throw ImportError("no booking date column (date, booking date, ...)", at: "line 1")
    }
    guard columns[.currency] != nil || fallback != nil else {
      throw ImportError(
        "no currency column (currency, ccy), and the ledger does not hold just one currency "
          + "to assume (add the column, or give --currency)", at: "line 1")
    }
    guard columns[.amount] != nil || columns[.credit] != nil || columns[.debit] != nil else {
      throw ImportError("no amount column (amount, or credit and debit)", at: "line 1")
    }
    let decimal: Character = delimiter == ";" ? "," : "."
    let indicator = indicatorColumn(columns, rows: rows)
    if let type = columns[.type]?.first, type != indicator?.index {
      unknown.append(header.fields[type])
    }
    var lines: [StatementLine] = []
    for row in rows.dropFirst() {
      guard row.fields.count == header.fields.count else {
        throw ImportError(
          "has \(row.fields.count) fields, the header has \(header.fields.count)",
          at: "line \(row.line)")
      }
      do {
        lines.append(
          try line(row, columns, indicator: indicator, decimal: decimal, currency: fallback))
      } catch { throw ImportError(error.message, at: error.location ?? "line \(row.line)") }
    }
    var warnings = unknown.isEmpty ? [] : ["columns ignored: " + unknown.joined(separator: ", ")]
    if columns[.currency] == nil, let fallback {
      warnings.append("no currency column: every line read as \(fallback.code)")
    }
    return ParsedBankFile(
      format: "csv", statements: [ParsedStatement(identifier: "csv", account: "", lines: lines)],
      warnings: warnings)
  }

  /// The debit/credit indicator column, with its header name: one named as such, else a `type`
  /// column when any of its values is an indicator (a `type` of transaction kinds such as
  /// `TRANSFER` is not one).
  private static func indicatorColumn(_ columns: [Column: [Int]], rows: [CSVRow])
    -> (index: Int, name: String)?
  {
    guard let header = rows.first else { return nil }
    if let index = columns[.indicator]?.first { return (index, header.fields[index]) }
    guard let index = columns[.type]?.first else { return nil }
    let holdsMarks = rows.dropFirst().contains { row in
      row.fields.indices.contains(index) && DebitCreditMark.direction(of: row.fields[index]) != nil
    }
    return holdsMarks ? (index, header.fields[index]) : nil
  }

  private static func line(
    _ row: CSVRow, _ columns: [Column: [Int]], indicator: (index: Int, name: String)?,
    decimal: Character, currency fallback: Currency?
  ) throws(ImportError) -> StatementLine {
    func value(_ column: Column) -> String {
      (columns[column] ?? []).map { row.fields[$0].trimmed }
        .filter { !$0.isEmpty }.joined(separator: " ")
    }
    let currency: Currency
    if columns[.currency] != nil {
      currency = try TextInput.currency(value(.currency))
    } else if let fallback {
      currency = fallback
    } else {
      throw ImportError("no currency for this line")
    }
    let bookedText = value(.booked)
    guard let booked = day(bookedText) else {
      throw ImportError("booking date \(TextInput.quoted(bookedText)) is not a date")
    }
    let valueText = value(.value)
    let valueDate = day(valueText)
    guard valueDate != nil || valueText.isEmpty else {
      throw ImportError("value date \(TextInput.quoted(valueText)) is not a date")
    }
    var amount: Money
    let amountText = value(.amount)
    let credit = value(.credit)
    let debit = value(.debit)
    // The way the money moved as the amount columns alone tell it, when they tell it.
    let explicit: Direction?
    if !amountText.isEmpty {
      amount = try TextInput.amount(amountText, currency, decimalSeparator: decimal)
      explicit = amount.minor < 0 ? .debit : nil
    } else if !credit.isEmpty, debit.isEmpty {
      amount = try TextInput.amount(credit, currency, decimalSeparator: decimal).magnitude
      explicit = .credit
    } else if !debit.isEmpty, credit.isEmpty {
      amount = try TextInput.amount(debit, currency, decimalSeparator: decimal).magnitude.negated
      explicit = .debit
    } else {
      throw ImportError("needs exactly one amount: an amount, or a credit or a debit")
    }
    if let indicator {
      amount = try DebitCreditMark.sign(
        amount, by: row.fields[indicator.index], column: indicator.name, explicit: explicit)
    }
    let remittance = value(.remittance)
    let reference = value(.reference)
    let endToEnd = value(.endToEnd)
    let account = value(.account)
    return StatementLine(
      amount: amount, booked: booked, valueDate: valueDate, counterpartyName: value(.name),
      counterpartyAccount: account.isEmpty ? nil : account, remittance: remittance,
      creditorReference: CreditorReference.find(in: remittance),
      endToEndID: endToEnd.isEmpty ? nil : endToEnd,
      bankReference: reference.isEmpty ? nil : reference,
      entryReferences: [
        StatementLine.reference("id", reference), StatementLine.reference("EndToEndId", endToEnd),
      ].compactMap { $0 })
  }

  static func day(_ text: String) -> Day? {
    if let day = Day(iso: text) { return day }
    let digits = text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    if digits, text.count == 8, let year = Int(text.prefix(4)),
      let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.suffix(2))
    {
      return Day(year: year, month: month, day: day)
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    if parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
      let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
    {
      return Day(year: year, month: month, day: day)
    }
    return nil
  }
}
