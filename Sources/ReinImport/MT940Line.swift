import ReinDomain

/// One `:61:` statement line: value date, optional entry date, mark (C, D, RC, RD), optional
/// funds code, amount with a decimal comma, transaction type, customer and bank references.
enum MT940Line {
  static func parse(_ field: MT940Field, details: MT940Field?, currency: Currency)
    throws(ImportError) -> StatementLine
  {
    var scanner = Scanner(Array(field.value))
    let place = field.place
    let dateText = scanner.take(6)
    guard let valueDate = TextInput.shortDay(dateText) else {
      throw ImportError("value date \(TextInput.quoted(dateText)) is not a YYMMDD date", at: place)
    }
    var entryDate: Day?
    if scanner.peek("    ") {
      _ = scanner.take(4)  // Some banks leave the optional entry date as four spaces.
    } else if scanner.peekDigits(4) {
      let text = scanner.take(4)
      entryDate = inferredEntryDate(text, near: valueDate)
      guard entryDate != nil else {
        throw ImportError("entry date \(TextInput.quoted(text)) is not MMDD", at: place)
      }
    }
    let credit: Bool
    if scanner.peek("RC") || scanner.peek("RD") {
      credit = scanner.take(2) == "RD"
    } else if scanner.peek("C") || scanner.peek("D") {
      credit = scanner.take(1) == "C"
    } else {
      throw ImportError("no debit/credit mark (C, D, RC or RD) after the dates", at: place)
    }
    if let next = scanner.current, next.isASCII, next.isLetter { _ = scanner.take(1) }
    scanner.skipWhitespace()
    let amountText = scanner.takeWhile { ($0.isASCII && $0.isNumber) || $0 == "," }
    guard amountText.contains(where: \.isNumber) else {
      throw ImportError("no amount after the debit/credit mark", at: place)
    }
    let magnitude: Money
    do { magnitude = try TextInput.amount(amountText, currency, decimalSeparator: ",") } catch {
      throw ImportError(error.message, at: place)
    }
    let firstLine = scanner.takeWhile { $0 != "\n" }
    let references = String(firstLine.dropFirst(min(4, firstLine.count)))
    let split = references.ranges(of: "//").first
    let customerReference = references[..<(split?.lowerBound ?? references.endIndex)].trimmed
    let bankReference = split.map { references[$0.upperBound...].trimmed } ?? ""

    // The field's second line is its supplementary details; banks such as Rabobank put the
    // counterparty's account there.
    if scanner.current == "\n" { _ = scanner.take(1) }
    let supplementary = scanner.takeWhile { $0 != "\n" }.trimmed
    let narrative = MT940Details(details?.value ?? "")
    var remittance = narrative.remittance
    if remittance.isEmpty, customerReference != "NONREF" { remittance = customerReference }
    return StatementLine(
      amount: credit ? magnitude : magnitude.negated, booked: entryDate ?? valueDate,
      valueDate: valueDate, counterpartyName: narrative.name,
      counterpartyAccount: narrative.account ?? MT940Line.account(supplementary),
      remittance: remittance,
      creditorReference: CreditorReference.find(in: remittance),
      endToEndID: narrative.endToEnd,
      bankReference: bankReference.isEmpty ? nil : bankReference,
      entryReferences: [
        StatementLine.reference("customer", customerReference),
        StatementLine.reference("servicer", bankReference),
      ].compactMap { $0 })
  }

  /// An IBAN (two letters, two check digits, up to 30 letters and digits) in the supplementary
  /// details, when that is all they hold.
  static func account(_ text: String) -> String? {
    let compact = text.filter { $0 != " " }.uppercased()
    let characters = Array(compact)
    guard (15...34).contains(characters.count), characters[0].isLetter, characters[1].isLetter,
      characters[2].isNumber, characters[3].isNumber,
      characters.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
    else { return nil }
    return compact
  }

  /// The entry date's year is the value date's, unless that puts it more than half a year away.
  private static func inferredEntryDate(_ text: String, near value: Day) -> Day? {
    guard let month = Int(text.prefix(2)), let day = Int(text.suffix(2)) else { return nil }
    let year = value.components.year
    let candidates = [year, year - 1, year + 1].compactMap { Day(year: $0, month: month, day: day) }
    return candidates.min { abs($0.days(since: value)) < abs($1.days(since: value)) }
  }

  /// Reads characters one piece at a time.
  private struct Scanner {
    let characters: [Character]
    var index = 0

    init(_ characters: [Character]) { self.characters = characters }

    var current: Character? { index < characters.count ? characters[index] : nil }

    func peek(_ text: String) -> Bool {
      let wanted = Array(text)
      guard index + wanted.count <= characters.count else { return false }
      return Array(characters[index..<index + wanted.count]) == wanted
    }

    func peekDigits(_ count: Int) -> Bool {
      guard index + count <= characters.count else { return false }
      return characters[index..<index + count].allSatisfy { $0.isASCII && $0.isNumber }
    }

    mutating func take(_ count: Int) -> String {
      let end = min(characters.count, index + count)
      defer { index = end }
      return String(characters[index..<end])
    }

    mutating func takeWhile(_ keep: (Character) -> Bool) -> String {
      let start = index
      while index < characters.count, keep(characters[index]) { index += 1 }
      return String(characters[start..<index])
    }

    mutating func skipWhitespace() {
      while let character = current, character == " " || character == "\n" { index += 1 }
    }
  }
}
