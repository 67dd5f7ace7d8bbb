import ReinDomain

/// The debit/credit indicator some CSV exports give beside an unsigned amount: which way the
/// money moved on the line.
enum DebitCreditMark {
  /// Header names, as `CSVReader.normalized` leaves them, of a column holding only the indicator.
  static let columnNames = [
    "dr/cr", "cr/dr", "credit/debit", "debit/credit", "d/c", "c/d", "drcr", "crdr",
    "creditdebit", "debitcredit", "creditdebitindicator", "debitcreditindicator",
    "drcrindicator", "cdtdbtind", "indicator", "sign",
  ]

  /// What an indicator column may hold, as an error message tells it.
  static let expected =
    "DR, D, DEBIT, DBIT or - for money out; CR, C, CREDIT, CRDT or + for money in"

  /// The direction an indicator value names, ignoring case; nil for any other text.
  static func direction(of text: String) -> Direction? {
    switch text.trimmed.uppercased() {
    case "DR", "D", "DEBIT", "DBIT", "-": .debit
    case "CR", "C", "CREDIT", "CRDT", "+": .credit
    default: nil
    }
  }

  /// `amount` signed by the indicator `text` read from `column`: the indicator decides which way
  /// an unsigned amount moved, and an amount already signed must agree with it.
  static func sign(_ amount: Money, by text: String, column: String, explicit: Direction?)
    throws(ImportError) -> Money
  {
    guard let direction = direction(of: text) else {
      let value = text.trimmed
      throw ImportError(
        value.isEmpty
          ? "the debit/credit indicator (column \(column)) is empty; expected \(expected)"
          : "debit/credit indicator \(TextInput.quoted(value)) (column \(column)) is not one "
            + "Rein reads; expected \(expected)")
    }
    if let explicit, explicit != direction, amount.minor != 0 {
      throw ImportError(
        "the amount says money \(explicit == .credit ? "in" : "out") but the debit/credit "
          + "indicator \(TextInput.quoted(text.trimmed)) says money "
          + (direction == .credit ? "in" : "out"))
    }
    return direction == .credit ? amount.magnitude : amount.magnitude.negated
  }
}
