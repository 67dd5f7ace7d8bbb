/// Finds the term a customer asks for in a request for a payment plan or more time ("30 more
/// days", "two weeks", "over 3 months", "in 6 monthly instalments"), in days.
enum ReplyTerm {
  /// Numbers people write out in words.
  static let numberWords: [String: Int] = [
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90,
  ]

  /// The longest term read; anything longer is a slip or not a term.
  static let longest = 730

  /// The first term in `tokens` at or after `start`, else the first anywhere; nil when none.
  static func find(in tokens: [String], from start: Int) -> Int? {
    let from = min(max(0, start), tokens.count)
    for index in Array(from..<tokens.count) + Array(0..<from) {
      if let days = term(at: index, in: tokens), (1...longest).contains(days) { return days }
    }
    return nil
  }

  /// The term a number at `index` starts: the number and the unit after it, perhaps with
  /// "more" or "extra" between ("30 more days").
  static func term(at index: Int, in tokens: [String]) -> Int? {
    guard let count = Int(tokens[index]) ?? numberWords[tokens[index]], count > 0 else {
      return nil
    }
    var next = index + 1
    while next < tokens.count, ["more", "extra", "additional", "further"].contains(tokens[next]) {
      next += 1
    }
    guard next < tokens.count else { return nil }
    // "a" and "an" count as one only before a unit: "a month", not "a payment plan".
    switch tokens[next] {
    case "day", "days", "business": return count
    case "week", "weeks", "weekly": return count * 7
    case "month", "months", "monthly": return count * 30
    case "instalments", "installments", "payments", "parts", "stages":
      // Instalments are monthly unless the reply says otherwise.
      return count > 1 ? count * 30 : nil
    default: return nil
    }
  }
}
