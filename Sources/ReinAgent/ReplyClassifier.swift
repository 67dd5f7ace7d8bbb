import ReinDomain

/// What a customer's reply asks for, as the classifier reads it.
enum ReplyClass: Equatable {
  case dispute(DisputeCategory)
  case objection(Objection)
  case promise(Day)
  case paymentPlan
  case extensionRequest
  case unclear
}

/// The two objections the agent respects at once.
enum Objection: String, Equatable {
  case stopContacting = "stop_contacting"
  case wrongPerson = "wrong_person"
}

/// Classifies replies by keyword and pattern rules, in a fixed order, and says which rule fired.
/// Text is cleaned first (control characters out, length capped), so odd input never breaks it.
struct ReplyClassifier {
  /// Most characters of a reply the rules read; the rest is stored but not classified.
  static let readLimit = 20_000

  static let rules: [(name: String, words: [String])] = [
    (
      "objection.stop",
      [
        "stop contacting", "do not contact", "don't contact", "unsubscribe",
        "stop emailing", "stop sending", "remove me", "cease contact",
      ]
    ),
    (
      "objection.wrong_person",
      [
        "wrong person", "no longer work", "not the right person",
        "wrong contact", "not responsible for", "left the company",
      ]
    ),
    (
      "dispute.pricing",
      [
        "wrong price", "overcharged", "overcharge", "price is wrong",
        "incorrect price", "pricing error", "agreed price", "wrong rate", "discount was not",
        "unit price", "higher than the quote", "than we agreed", "corrected invoice",
      ]
    ),
    (
      "dispute.delivery",
      [
        "not delivered", "never received the goods", "never arrived",
        "not received the goods", "missing items", "short shipped", "delivery", "never delivered",
      ]
    ),
    (
      "dispute.quality",
      [
        "damaged", "defective", "broken", "poor quality", "faulty",
        "not working", "quality",
      ]
    ),
    ("dispute.other", ["dispute", "disagree", "do not owe", "don't owe", "not our invoice"]),
    (
      "payment_plan",
      [
        "payment plan", "instalment", "installment", "pay in parts",
        "monthly payments", "split the payment", "pay in stages",
      ]
    ),
    (
      "extension",
      ["extension", "more time", "extend our", "extend the", "more days", "credit limit"]
    ),
    (
      "promise",
      [
        "will pay", "we'll pay", "payment will be made", "will be paid", "we will settle",
        "pay by", "paying on", "pay on", "scheduled payment", "will transfer", "payment scheduled",
      ]
    ),
  ]

  /// Cleans and classifies a reply received on `day`; returns the class and the rule that fired.
  func classify(subject: String, body: String, on day: Day) -> (ReplyClass, String) {
    let text = ReplyClassifier.clean(subject + "\n" + body).lowercased()
    for rule in ReplyClassifier.rules where rule.words.contains(where: text.contains) {
      switch rule.name {
      case "objection.stop": return (.objection(.stopContacting), rule.name)
      case "objection.wrong_person": return (.objection(.wrongPerson), rule.name)
      case "dispute.pricing": return (.dispute(.pricing), rule.name)
      case "dispute.delivery": return (.dispute(.delivery), rule.name)
      case "dispute.quality": return (.dispute(.quality), rule.name)
      case "dispute.other": return (.dispute(.other), rule.name)
      case "payment_plan": return (.paymentPlan, rule.name)
      case "extension": return (.extensionRequest, rule.name)
      default:
        if let date = PromiseDate.find(in: text, on: day) {
          return (.promise(date), "promise.date")
        }
      }
    }
    if let date = PromiseDate.find(in: text, on: day), text.contains("pay") {
      return (.promise(date), "promise.date")
    }
    return (.unclear, "unclear")
  }

  /// Drops control characters (keeping line breaks and tabs) and caps the length.
  static func clean(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    var count = 0
    for scalar in text.unicodeScalars {
      if count >= readLimit { break }
      let value = scalar.value
      if value == 0x2019 || value == 0x2018 {
        // Curly apostrophes read as straight ones, so "we’ll pay" matches "we'll pay".
        result.append("'")
        count += 1
      } else if value == 10 || value == 9
        || (value >= 32 && value != 127 && !(0x80..<0xA0).contains(value))
          && value != 0xFFFD
      {
        result.append(scalar)
        count += 1
      } else if value == 13 {
        result.append(" ")
        count += 1
      }
    }
    return String(result)
  }
}

/// Finds the date a customer promises to pay by, in the forms people write it.
enum PromiseDate {
  static let weekdays = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]
  static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ]

  /// The first promised date in lower-case `text`, relative to `day`; never before `day`.
  static func find(in text: String, on day: Day) -> Day? {
    if let iso = isoDate(in: text) { return max(iso, day) }
    if text.contains("end of month") || text.contains("end of the month") {
      let (year, month, _) = day.components
      return Day(year: year, month: month, day: Day.daysIn(month: month, year: year))
    }
    if text.contains("next week") {
      // Friday of the coming week.
      return day.adding(days: 7 - day.weekday + 4)
    }
    if text.contains("tomorrow") { return day.adding(days: 1) }
    if text.contains("today") { return day }
    for (index, name) in weekdays.enumerated() where text.contains(name) {
      let ahead = (index - day.weekday + 7) % 7
      return day.adding(days: ahead)
    }
    if let dated = monthDay(in: text, on: day) { return dated }
    if let days = inDays(text) { return day.adding(days: days) }
    return nil
  }

  private static func isoDate(in text: String) -> Day? {
    let characters = Array(text)
    guard characters.count >= 10 else { return nil }
    for start in 0...(characters.count - 10) where characters[start].isNumber {
      if let day = Day(iso: String(characters[start..<start + 10])) { return day }
    }
    return nil
  }

  /// "15 march", "march 15", "on the 15th of march": the next such date on or after `day`.
  private static func monthDay(in text: String, on day: Day) -> Day? {
    let words = text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    for (index, word) in words.enumerated() {
      guard
        let month = months.firstIndex(where: {
          word == $0 || (word.count >= 3 && $0.hasPrefix(word) && word.count == 3)
        })
      else { continue }
      let neighbours = [index - 1, index + 1, index - 2].filter { $0 >= 0 && $0 < words.count }
      for neighbour in neighbours {
        let digits = words[neighbour].prefix { $0.isNumber }
        guard let number = Int(digits), (1...31).contains(number) else { continue }
        let (year, _, _) = day.components
        for candidateYear in [year, year + 1] {
          if let date = Day(year: candidateYear, month: month + 1, day: number), date >= day {
            return date
          }
        }
      }
    }
    return nil
  }

  private static func inDays(_ text: String) -> Int? {
    let words = text.split(separator: " ").map(String.init)
    for (index, word) in words.enumerated() where word == "in" && index + 2 < words.count {
      if let count = Int(words[index + 1]), words[index + 2].hasPrefix("day"), count <= 120 {
        return count
      }
    }
    return nil
  }
}
