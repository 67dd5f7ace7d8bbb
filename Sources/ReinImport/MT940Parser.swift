import ReinDomain

/// Reads SWIFT MT940 statements and MT942 interim reports: `:20:` reference, `:25:` account,
/// `:28C:` number, `:60F:`/`:60M:` opening balance, `:61:` lines with their `:86:` narrative,
/// `:62F:`/`:62M:` closing balance, and for MT942 `:34F:` and the `:90D:`/`:90C:` sums. Where a
/// statement gives both balances, opening plus lines must equal closing; where an MT942 gives
/// sums, the lines must match them.
public enum MT940Parser {
  /// With `checkingTotals` off, balances and sums are not compared (for reading files whose
  /// totals are known to be wrong, never for importing).
  public static func parse(_ text: String, checkingTotals: Bool = true) throws(ImportError)
    -> ParsedBankFile
  {
    let fields = try MT940Field.split(text)
    guard fields.contains(where: { $0.tag == "61" || $0.tag == "20" || $0.tag == "60F" }) else {
      throw ImportError("no MT940 statement found (no :20:, :60F: or :61: field)")
    }
    var statements: [ParsedStatement] = []
    var builder = MT940Statement()
    var interim = false
    for field in fields {
      switch field.tag {
      case "20":
        if builder.hasContent {
          statements.append(
            try builder.finish(index: statements.count, checkingTotals: checkingTotals))
        }
        builder = MT940Statement()
        builder.reference = field.value.trimmed
      case "-":
        if builder.hasContent {
          statements.append(
            try builder.finish(index: statements.count, checkingTotals: checkingTotals))
        }
        builder = MT940Statement()
      case "13", "13D", "34F", "90D", "90C":
        interim = true
        try builder.take(field)
      default:
        try builder.take(field)
      }
    }
    if builder.hasContent {
      statements.append(try builder.finish(index: statements.count, checkingTotals: checkingTotals))
    }
    guard !statements.isEmpty else { throw ImportError("no MT940 statement found") }
    return ParsedBankFile(format: interim ? "mt942" : "mt940", statements: statements)
  }
}

/// A statement being read: its fields as they come, checked and turned into lines at the end.
struct MT940Statement {
  var reference = ""
  var account: String?
  var number: String?
  var opening: (mark: String, day: Day?, currency: String, amount: String, field: MT940Field)?
  var closing: (mark: String, day: Day?, currency: String, amount: String, field: MT940Field)?
  var floorCurrency: String?
  var sums: [String: (count: Int, currency: String, amount: String, field: MT940Field)] = [:]
  var entries: [(line: MT940Field, details: MT940Field?)] = []
  var lastTag = ""

  var hasContent: Bool { account != nil || opening != nil || !entries.isEmpty }

  mutating func take(_ field: MT940Field) throws(ImportError) {
    defer { lastTag = field.tag }
    let value = field.value.trimmed
    switch field.tag {
    case "25":
      if account != nil, !entries.isEmpty {
        throw ImportError("a second account (:25:) inside one statement", at: field.place)
      }
      account = value
    case "28", "28C": number = value
    case "60F", "60M", "60":
      opening = try balance(value, field)
    case "62F", "62M", "62":
      closing = try balance(value, field)
    case "61": entries.append((field, nil))
    case "86":
      if lastTag == "61", !entries.isEmpty { entries[entries.count - 1].details = field }
    case "34F":
      floorCurrency = String(value.prefix(3))
    case "90D", "90C":
      let digits = value.prefix { $0.isASCII && $0.isNumber }
      let rest = value.dropFirst(digits.count)
      guard let count = Int(digits), rest.count > 3 else {
        throw ImportError(
          "\(TextInput.quoted(value)) is not a number, currency and amount", at: field.place)
      }
      sums[field.tag] = (count, String(rest.prefix(3)), String(rest.dropFirst(3)), field)
    default: break
    }
  }

  private func balance(_ value: String, _ field: MT940Field) throws(ImportError)
    -> (mark: String, day: Day?, currency: String, amount: String, field: MT940Field)
  {
    let characters = Array(value)
    guard characters.count >= 11, characters[0] == "C" || characters[0] == "D" else {
      throw ImportError(
        "balance \(TextInput.quoted(value)) is not mark, date, currency and amount", at: field.place
      )
    }
    let day = TextInput.shortDay(String(characters[1..<7]))
    guard day != nil else {
      throw ImportError("balance date \(String(characters[1..<7])) is not YYMMDD", at: field.place)
    }
    guard characters[7..<10].allSatisfy({ $0.isASCII && $0.isUppercase }) else {
      throw ImportError(
        "balance currency \(TextInput.quoted(String(characters[7..<10]))) is not a currency code",
        at: field.place)
    }
    return (
      String(characters[0]), day, String(characters[7..<10]), String(characters[10...]), field
    )
  }

  /// Checks the statement and turns its `:61:` fields into lines.
  func finish(index: Int, checkingTotals: Bool) throws(ImportError) -> ParsedStatement {
    let first = opening?.field ?? entries.first?.line
    let place = "statement \(index + 1)" + (reference.isEmpty ? "" : " (:20: \(reference))")
    guard let code = opening?.currency ?? closing?.currency ?? floorCurrency else {
      throw ImportError("no currency: the statement has no balance (:60F:) or :34F:", at: place)
    }
    let currency: Currency
    do { currency = try TextInput.currency(code) } catch {
      throw ImportError(error.message, at: first?.place ?? place)
    }
    var lines: [StatementLine] = []
    for entry in entries {
      lines.append(try MT940Line.parse(entry.line, details: entry.details, currency: currency))
    }
    if checkingTotals {
      try checkBalances(lines, currency: currency, place: place)
      try checkSums(lines, currency: currency, place: place)
    }
    let identifier = [reference, number ?? ""].filter { !$0.isEmpty }.joined(separator: "/")
    return ParsedStatement(
      identifier: identifier.isEmpty ? place : identifier, account: account ?? "", lines: lines)
  }

  private func signed(
    _ balance: (mark: String, day: Day?, currency: String, amount: String, field: MT940Field),
    _ currency: Currency
  ) throws(ImportError) -> Money {
    guard balance.currency == currency.code else {
      throw ImportError(
        "balance is in \(balance.currency) but the statement is in \(currency.code)",
        at: balance.field.place)
    }
    let amount: Money
    do { amount = try TextInput.amount(balance.amount, currency, decimalSeparator: ",") } catch {
      throw ImportError(error.message, at: balance.field.place)
    }
    guard amount.minor >= 0 else {
      throw ImportError("balance amount carries a sign; the mark gives it", at: balance.field.place)
    }
    return balance.mark == "D" ? amount.negated : amount
  }

  private func checkBalances(_ lines: [StatementLine], currency: Currency, place: String)
    throws(ImportError)
  {
    guard let opening, let closing else { return }
    let start = try signed(opening, currency)
    let end = try signed(closing, currency)
    var total = start.minor
    for line in lines {
      let (sum, overflow) = total.addingReportingOverflow(line.amount.minor)
      guard !overflow else { throw ImportError("the lines overflow", at: place) }
      total = sum
    }
    guard total == end.minor else {
      throw ImportError(
        "opening balance \(start) plus its \(counted(lines.count, "line")) makes "
          + "\(Money(minor: total, currency: currency)), but the closing balance "
          + "(:\(closing.field.tag):) "
          + "says \(end)", at: place)
    }
  }

  private func checkSums(_ lines: [StatementLine], currency: Currency, place: String)
    throws(ImportError)
  {
    for (tag, sum) in sums {
      let credit = tag == "90C"
      let chosen = lines.filter { ($0.amount.minor > 0) == credit && $0.amount.minor != 0 }
      let total = chosen.reduce(Int64(0)) { $0 &+ $1.amount.minor.magnitude.clampedToInt64 }
      let given: Money
      do { given = try TextInput.amount(sum.amount, currency, decimalSeparator: ",") } catch {
        throw ImportError(error.message, at: sum.field.place)
      }
      guard sum.currency == currency.code, sum.count == chosen.count, given.minor == total else {
        throw ImportError(
          "the sum of \(credit ? "credits" : "debits") says \(counted(sum.count, "line")) of "
            + "\(sum.amount) \(sum.currency), but the statement has "
            + "\(counted(chosen.count, "line")) of "
            + "\(Money(minor: total, currency: currency))", at: sum.field.place)
      }
    }
  }
}

extension UInt64 {
  var clampedToInt64: Int64 { self > UInt64(Int64.max) ? .max : Int64(self) }
}
