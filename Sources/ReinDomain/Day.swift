import Foundation
import Synchronization

/// A calendar day in UTC, counted from 1970-01-01. Due dates, issue dates and promise dates are days.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, Strideable {
  public let number: Int

  public init(number: Int) { self.number = number }

  /// Builds a day from a proleptic Gregorian year, month and day (days-from-civil).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else {
      return nil
    }
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthIndex = (month + 9) % 12
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    number = era * 146_097 + dayOfEra - 719_468
  }

  /// Parses `YYYY-MM-DD`.
  public init?(iso text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Year, month and day (civil-from-days).
  public var components: (year: Int, month: Int, day: Int) {
    let z = number + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// 0 is Monday, 6 is Sunday.
  public var weekday: Int { ((number % 7) + 7 + 3) % 7 }

  public var iso: String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(10)
    appendISO(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Writes `YYYY-MM-DD` as bytes: dates are formatted for every context, trace and row shown.
  func appendISO(to bytes: inout [UInt8]) {
    let (year, month, day) = components
    guard (0...9999).contains(year) else {
      bytes.append(contentsOf: (Day.pad(year, 4) + "-" + Day.pad(month, 2) + "-").utf8)
      Day.appendDigits(day, width: 2, to: &bytes)
      return
    }
    Day.appendDigits(year, width: 4, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    Day.appendDigits(month, width: 2, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    Day.appendDigits(day, width: 2, to: &bytes)
  }

  /// A non-negative number in exactly `width` digits, zero-padded.
  static func appendDigits(_ value: Int, width: Int, to bytes: inout [UInt8]) {
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor % 10))
      rest %= divisor * 10
      divisor /= 10
    }
  }

  public var description: String { iso }

  public func adding(days: Int) -> Day { Day(number: number + days) }

  public func days(since other: Day) -> Int { number - other.number }

  /// `1 day`, `3 days`: a count of days as reminders and traces write it.
  public static func count(_ days: Int) -> String { counted(days, "day") }

  public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

  public func distance(to other: Day) -> Int { other.number - number }

  public func advanced(by n: Int) -> Day { Day(number: number + n) }

  static func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let day = Day(iso: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
    }
    self = day
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(iso)
  }
}

/// An instant as whole seconds since 1970 UTC; the store keeps times this way.
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  public let seconds: Int64

  public init(seconds: Int64) { self.seconds = seconds }

  public init(day: Day, hour: Int = 0, minute: Int = 0) {
    seconds = Int64(day.number) * 86_400 + Int64(hour * 3600 + minute * 60)
  }

  public var day: Day {
    Day(number: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
  }

  public var secondOfDay: Int { Int(seconds - Int64(day.number) * 86_400) }

  public func adding(seconds delta: Int64) -> Instant { Instant(seconds: seconds + delta) }

  /// ISO 8601 in UTC: `2026-12-03T19:28:29Z`.
  public var iso: String {
    let second = secondOfDay
    var bytes: [UInt8] = []
    bytes.reserveCapacity(20)
    day.appendISO(to: &bytes)
    bytes.append(UInt8(ascii: "T"))
    Day.appendDigits(second / 3600, width: 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    Day.appendDigits(second / 60 % 60, width: 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    Day.appendDigits(second % 60, width: 2, to: &bytes)
    bytes.append(UInt8(ascii: "Z"))
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`.
  public init?(iso text: String) {
    if let day = Day(iso: text) {
      self.init(day: day)
      return
    }
    guard text.count == 20, text.hasSuffix("Z") else { return nil }
    let parts = text.dropLast().split(separator: "T")
    guard parts.count == 2, let day = Day(iso: parts[0]) else { return nil }
    let time = parts[1].split(separator: ":")
    guard time.count == 3, let h = Int(time[0]), let m = Int(time[1]), let s = Int(time[2]),
      (0..<24).contains(h), (0..<60).contains(m), (0..<61).contains(s)
    else { return nil }
    self.init(seconds: Int64(day.number) * 86_400 + Int64(h * 3600 + m * 60 + s))
  }

  public var description: String { iso }

  public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let instant = Instant(iso: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a time: \(text)"))
    }
    self = instant
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(iso)
  }
}

/// Where time comes from. The agent and the console never read the wall clock directly.
public protocol Clock: Sendable {
  func now() -> Instant
}

/// The wall clock.
public struct SystemClock: Clock {
  public init() {}

  public func now() -> Instant {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Instant(seconds: Int64(spec.tv_sec))
  }
}

/// A clock that moves only when told to: tests and the simulated world drive it.
public final class ManualClock: Clock {
  private let current: Mutex<Instant>

  public init(_ start: Instant) { current = Mutex(start) }

  public func now() -> Instant { current.withLock { $0 } }

  public func advance(seconds: Int64) { current.withLock { $0 = $0.adding(seconds: seconds) } }

  public func set(_ instant: Instant) { current.withLock { $0 = instant } }
}

/// `1 invoice`, `3 invoices`: a count and a noun that agree, for summaries and traces.
public func counted(_ count: Int, _ noun: String) -> String {
  abs(count) == 1 ? "\(count) \(noun)" : "\(count) \(noun)s"
}
