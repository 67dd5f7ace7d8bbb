import ReinDomain

/// The control totals a camt statement may carry in `TxsSummry`: number of entries, sum of their
/// amounts and net amount, overall and for credits and debits apart. Where given they must match
/// the entries, or the statement is refused.
enum CamtSummary {
  static func check(_ report: XMLNode, place: String) throws(ImportError) {
    guard let summary = report.first("TxsSummry") else { return }
    var entries: [Money] = []
    for (index, entry) in report.children("Ntry").enumerated() {
      entries.append(
        try CamtParser.signedAmount(entry, place: "\(place)/Ntry \(index + 1)", sign: nil))
    }
    let currency =
      entries.first?.currency ?? report.first("Acct", "Ccy").flatMap { try? Currency($0.text) }
    let sameCurrency = entries.allSatisfy { $0.currency == currency }
    let groups: [(String, [Money])] = [
      ("TtlNtries", entries), ("TtlCdtNtries", entries.filter { $0.minor > 0 }),
      ("TtlDbtNtries", entries.filter { $0.minor < 0 }),
    ]
    for (name, chosen) in groups {
      guard let total = summary.first(name) else { continue }
      let location = "\(place)/TxsSummry/\(name)"
      if let count = total.first("NbOfNtries")?.text, Int(count) != chosen.count {
        throw ImportError(
          "says \(count) \(count == "1" ? "entry" : "entries"), the statement has "
            + (chosen.count == 1 ? "1 entry" : "\(chosen.count) entries"), at: location)
      }
      guard sameCurrency, let currency else { continue }
      let magnitude = chosen.reduce(Int64(0)) { $0 &+ $1.minor.magnitude.clampedToInt64 }
      if let text = total.first("Sum")?.text {
        let sum = try amount(text, currency, at: location)
        guard sum == magnitude else {
          throw ImportError(
            "says the entries sum to \(Money(minor: sum, currency: currency)), they sum to "
              + "\(Money(minor: magnitude, currency: currency))", at: location)
        }
      }
      if name == "TtlNtries", let text = total.first("TtlNetNtryAmt")?.text {
        let net = try amount(text, currency, at: location)
        let signed = total.first("CdtDbtInd")?.text == "DBIT" ? -net : net
        let actual = chosen.reduce(Int64(0)) { $0 &+ $1.minor }
        guard signed == actual else {
          throw ImportError(
            "says the net amount is \(Money(minor: signed, currency: currency)), the entries "
              + "net \(Money(minor: actual, currency: currency))", at: location)
        }
      }
    }
  }

  private static func amount(_ text: String, _ currency: Currency, at place: String)
    throws(ImportError) -> Int64
  {
    do { return try TextInput.amount(text, currency).minor } catch {
      throw ImportError(error.message, at: place)
    }
  }

  /// Opening booked balance plus entries against closing booked balance; told, not enforced,
  /// because banks differ in which entries (pending, information only) their balances include.
  static func balanceNote(_ report: XMLNode, lines: [StatementLine], place: String)
    -> String?
  {
    func balance(_ code: String) -> Money? {
      for node in report.children("Bal") where node.first("Tp", "CdOrPrtry", "Cd")?.text == code {
        return try? CamtParser.signedAmount(node, place: place, sign: nil)
      }
      return nil
    }
    guard let opening = balance("OPBD") ?? balance("PRCD"), let closing = balance("CLBD"),
      opening.currency == closing.currency,
      lines.allSatisfy({ $0.amount.currency == opening.currency })
    else { return nil }
    let moved = lines.reduce(Int64(0)) { $0 &+ $1.amount.minor }
    guard opening.minor &+ moved != closing.minor else { return nil }
    return "\(place): opening balance \(opening) and its entries do not reach the closing "
      + "balance \(closing)"
  }
}
