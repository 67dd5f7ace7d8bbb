import ReinDomain

/// Which way a date written without a year or as a weekday points: a promise looks ahead to the
/// next such day, a claim that payment was sent looks back to the last one.
enum DateDirection {
  case ahead, back
}

/// Finds the dates people write in replies ("2026-12-12", "friday", "15 march", "next week",
/// "end of month", "in 10 days", "yesterday"), read against the day the reply was written.
enum ReplyDate {
  static let weekdays = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]
  static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ]

  /// The first date in `tokens` at or after `start`, else the first anywhere.
  static func find(in tokens: [String], from start: Int, on day: Day, _ direction: DateDirection)
    -> Day?
  {
    let from = min(max(0, start), tokens.count)
    for index in Array(from..<tokens.count) + Array(0..<from) {
      if let date = date(at: index, in: tokens, on: day, direction) { return date }
    }
    return nil
  }

  /// The date a phrase starting at `index` names, if any.
  static func date(at index: Int, in tokens: [String], on day: Day, _ direction: DateDirection)
    -> Day?
  {
    let word = tokens[index]
    func next(_ offset: Int) -> String? {
      index + offset < tokens.count ? tokens[index + offset] : nil
    }
    if word.count == 10, let iso = Day(iso: word) { return iso }
    switch (word, direction) {
    case ("today", _), ("tonight", _): return day
    case ("tomorrow", .ahead): return day.adding(days: 1)
    case ("yesterday", .back): return day.adding(days: -1)
    case ("end", .ahead) where next(1) == "of" && (next(2) == "month" || next(3) == "month"):
      return endOfMonth(day)
    case ("month", .ahead) where next(1) == "end": return endOfMonth(day)
    case ("month-end", .ahead), ("eom", .ahead): return endOfMonth(day)
    case ("next", .ahead) where next(1) == "week":
      // Friday of the coming week.
      return day.adding(days: 7 - day.weekday + 4)
    case ("last", .back) where next(1) == "week": return day.adding(days: -7)
    case ("in", .ahead), ("within", .ahead):
      if let count = next(1).flatMap({ Int($0) }), next(2)?.hasPrefix("day") == true,
        (0...366).contains(count)
      {
        return day.adding(days: count)
      }
    default:
      break
    }
    if direction == .back, let count = Int(word), (0...366).contains(count),
      next(1)?.hasPrefix("day") == true, next(2) == "ago"
    {
      return day.adding(days: -count)
    }
    if let weekday = weekdays.firstIndex(of: word) {
      let offset =
        direction == .ahead
        ? (weekday - day.weekday + 7) % 7 : -((day.weekday - weekday + 7) % 7)
      return day.adding(days: offset)
    }
    return monthDay(at: index, in: tokens, on: day, direction)
  }

  static func endOfMonth(_ day: Day) -> Day? {
    let (year, month, _) = day.components
    return Day(year: year, month: month, day: Day.daysIn(month: month, year: year))
  }

  /// "15 march", "march 15", "the 15th of march": the next (or last) such date from `day`.
  private static func monthDay(
    at index: Int, in tokens: [String], on day: Day, _ direction: DateDirection
  ) -> Day? {
    let word = tokens[index]
    guard
      let month = months.firstIndex(where: {
        word == $0 || (word.count == 3 && $0.hasPrefix(word))
      })
    else { return nil }
    // "15 march", "march 15", and "15th of march" two words back.
    var neighbours = [index - 1, index + 1]
    if index >= 2, tokens[index - 1] == "of" { neighbours.append(index - 2) }
    for neighbour in neighbours where neighbour >= 0 && neighbour < tokens.count {
      let digits = tokens[neighbour].prefix { $0.isNumber }
      guard let number = Int(digits), (1...31).contains(number) else { continue }
      let (year, _, _) = day.components
      let years = direction == .ahead ? [year, year + 1] : [year, year - 1]
      for candidate in years {
        guard let date = Day(year: candidate, month: month + 1, day: number) else { continue }
        if direction == .ahead ? date >= day : date <= day { return date }
      }
    }
    return nil
  }
}

/// The day a customer promises to pay by.
enum PromiseDate {
  /// The first promised date in `text`, read against `day`.
  static func find(in text: String, on day: Day) -> Day? {
    ReplyDate.find(in: Wording.split(text.lowercased()), from: 0, on: day, .ahead)
  }
}
