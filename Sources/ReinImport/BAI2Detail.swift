import ReinDomain

/// Reading one BAI2 transaction detail (16) and the small values BAI2 records hold.
enum BAI2Detail {
  /// A 16 record as a statement line: type code, amount, funds type (and its fields), bank
  /// reference, customer reference, then free text that may hold commas and continues in 88s.
  static func line(_ record: BAI2Record, currency: Currency, asOf: Day) throws(ImportError)
    -> StatementLine
  {
    var cursor = FieldCursor(record.body)
    let typeText = cursor.next()
    guard let typeCode = Int(typeText), typeText.count == 3 else {
      throw ImportError(
        "type code \(TextInput.quoted(typeText)) is not three digits", at: record.place)
    }
    let amountText = cursor.next()
    guard let minor = integer(amountText), minor >= 0 else {
      throw ImportError(
        "amount \(TextInput.quoted(amountText)) is not a whole number of minor units",
        at: record.place)
    }
    let funds = cursor.next()
    var valueDate: Day?
    switch funds {
    case "V":
      let dateText = cursor.next()
      valueDate = TextInput.shortDay(dateText)
      guard valueDate != nil || dateText.isEmpty else {
        throw ImportError(
          "value date \(TextInput.quoted(dateText)) is not YYMMDD", at: record.place)
      }
      _ = cursor.next()
    case "S":
      for _ in 0..<3 { _ = cursor.next() }
    case "D":
      let countText = cursor.next()
      guard let pairs = Int(countText), pairs >= 0, pairs < 1000 else {
        throw ImportError(
          "distribution count \(TextInput.quoted(countText)) is not a number", at: record.place)
      }
      for _ in 0..<(2 * pairs) { _ = cursor.next() }
    case "", "0", "1", "2", "Z": break
    default:
      throw ImportError(
        "funds type \(TextInput.quoted(funds)) is not one BAI2 knows", at: record.place)
    }
    let bankReference = cursor.next()
    let customerReference = cursor.next()
    let text = ([cursor.rest] + record.continuations.map(BAI2Record.stripTerminator))
      .map { $0.trimmed }.filter { !$0.isEmpty }
      .joined(separator: " ")
    let remittance = [customerReference, text].filter { !$0.isEmpty }.joined(separator: " ")

    var amount = Money(minor: minor, currency: currency)
    var ignore: String?
    switch typeCode {
    case 100...399: break
    case 400...699: amount = amount.negated
    default: ignore = "type code \(typeCode) is neither a credit (100-399) nor a debit (400-699)"
    }
    return StatementLine(
      amount: amount, booked: asOf, valueDate: valueDate, remittance: remittance,
      creditorReference: CreditorReference.find(in: remittance),
      bankReference: bankReference.isEmpty ? nil : bankReference, ignoreReason: ignore,
      entryReferences: [
        StatementLine.reference("bank", bankReference),
        StatementLine.reference("customer", customerReference),
      ].compactMap { $0 })
  }

  /// How many fields follow a funds type in an account header's summary.
  static func fundsFieldCount(
    _ funds: String, _ fields: [String], from index: Int, _ record: BAI2Record
  )
    throws(ImportError) -> Int
  {
    switch funds {
    case "S": return 3
    case "V": return 2
    case "D":
      let text = index < fields.count ? fields[index] : ""
      guard let pairs = Int(text), pairs >= 0, pairs < 1000 else {
        throw ImportError(
          "distribution count \(TextInput.quoted(text)) is not a number", at: record.place)
      }
      return 1 + 2 * pairs
    case "", "0", "1", "2", "Z": return 0
    default:
      throw ImportError(
        "funds type \(TextInput.quoted(funds)) is not one BAI2 knows", at: record.place)
    }
  }

  /// A signed whole number (`+123`, `-45`, `000`); nil for anything else.
  static func integer(_ text: String) -> Int64? {
    var digits = Substring(text)
    var negative = false
    if digits.first == "+" || digits.first == "-" {
      negative = digits.first == "-"
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.count <= 18, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
      let value = Int64(digits)
    else { return nil }
    return negative ? -value : value
  }
}

/// Takes comma-separated fields one at a time, leaving the rest as free text.
struct FieldCursor {
  private var remaining: Substring?

  init(_ text: String) { remaining = Substring(text) }

  /// The next field; the last field of a record has its closing `/` removed.
  mutating func next() -> String {
    guard let text = remaining else { return "" }
    if let comma = text.firstIndex(of: ",") {
      remaining = text[text.index(after: comma)...]
      return text[..<comma].trimmed
    }
    remaining = nil
    return BAI2Record.stripTerminator(String(text)).trimmed
  }

  /// Everything not yet taken, closing `/` removed.
  var rest: String { remaining.map { BAI2Record.stripTerminator(String($0)) } ?? "" }
}
