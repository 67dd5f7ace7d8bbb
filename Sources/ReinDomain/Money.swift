/// An ISO 4217 currency: its three-letter code and how many minor units make one major unit.
public struct Currency: Hashable, Sendable, Codable, CustomStringConvertible {
  public let code: String
  public let minorDigits: Int

  /// Currencies whose minor unit is not the common hundredth.
  private static let exponents: [String: Int] = [
    "JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "XAF": 0, "XOF": 0, "HUF": 2,
    "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "IQD": 3, "LYD": 3,
  ]

  /// Accepts three ASCII capital letters; anything else is refused with a clear reason.
  public init(_ code: String) throws(MoneyError) {
    guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
      throw .invalidCurrency(code)
    }
    self.code = code
    self.minorDigits = Currency.exponents[code] ?? 2
  }

  public var description: String { code }

  public static let usd = Currency(known: "USD")
  public static let eur = Currency(known: "EUR")
  public static let gbp = Currency(known: "GBP")

  private init(known code: String) {
    self.code = code
    self.minorDigits = Currency.exponents[code] ?? 2
  }

  public init(from decoder: Decoder) throws {
    let code = try decoder.singleValueContainer().decode(String.self)
    try self.init(code)
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(code)
  }
}

/// Why an amount or currency was refused.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
  case invalidCurrency(String)
  case currencyMismatch(String, String)
  case invalidAmount(String)
  case overflow

  public var description: String {
    switch self {
    case .invalidCurrency(let code): "'\(code)' is not an ISO 4217 currency code"
    case .currencyMismatch(let a, let b): "cannot combine \(a) with \(b)"
    case .invalidAmount(let text): "'\(text)' is not an amount"
    case .overflow: "amount out of range"
    }
  }
}

/// An exact amount of money: integer minor units (cents) with their currency. Never a float.
public struct Money: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  public let minor: Int64
  public let currency: Currency

  public init(minor: Int64, currency: Currency) {
    self.minor = minor
    self.currency = currency
  }

  public static func zero(_ currency: Currency) -> Money { Money(minor: 0, currency: currency) }

  public var isZero: Bool { minor == 0 }
  public var isNegative: Bool { minor < 0 }
  public var magnitude: Money {
    Money(minor: minor == .min ? .max : abs(minor), currency: currency)
  }

  public func adding(_ other: Money) throws(MoneyError) -> Money {
    guard currency == other.currency else {
      throw .currencyMismatch(currency.code, other.currency.code)
    }
    let (sum, overflow) = minor.addingReportingOverflow(other.minor)
    guard !overflow else { throw .overflow }
    return Money(minor: sum, currency: currency)
  }

  public func subtracting(_ other: Money) throws(MoneyError) -> Money {
    guard currency == other.currency else {
      throw .currencyMismatch(currency.code, other.currency.code)
    }
    let (difference, overflow) = minor.subtractingReportingOverflow(other.minor)
    guard !overflow else { throw .overflow }
    return Money(minor: difference, currency: currency)
  }

  public var negated: Money { Money(minor: -minor, currency: currency) }

  /// Splits the amount into `parts` shares that differ by at most one minor unit and sum exactly.
  public func allocated(into parts: Int) -> [Money] {
    guard parts > 0 else { return [] }
    let count = Int64(parts)
    let base = minor / count
    let remainder = minor % count
    return (0..<count).map { index in
      let extra: Int64 = index < abs(remainder) ? (remainder < 0 ? -1 : 1) : 0
      return Money(minor: base + extra, currency: currency)
    }
  }

  /// A percentage of the amount in basis points, rounded half away from zero.
  public func percentage(basisPoints: Int64) -> Money {
    let product = minor.multipliedReportingOverflow(by: basisPoints)
    let scaled = product.overflow ? Int64.max : product.partialValue
    let rounded = (scaled >= 0 ? scaled + 5_000 : scaled - 5_000) / 10_000
    return Money(minor: rounded, currency: currency)
  }

  public static func < (lhs: Money, rhs: Money) -> Bool {
    guard lhs.currency == rhs.currency else { return lhs.currency.code < rhs.currency.code }
    return lhs.minor < rhs.minor
  }

  /// Parses a decimal amount such as `1234.5`, `-0.07` or `1,234.56` exactly, without floats.
  public static func parse(_ text: String, currency: Currency, decimalSeparator: Character = ".")
    throws(MoneyError) -> Money
  {
    var digits = text.trimmingSpaces()
    var negative = false
    if digits.hasPrefix("-") {
      negative = true
      digits.removeFirst()
    } else if digits.hasPrefix("+") {
      digits.removeFirst()
    }
    let groupSeparator: Character = decimalSeparator == "." ? "," : "."
    // Digit groups must be groups of three: "60000,5" is a decimal comma typed by mistake, not
    // six hundred thousand, and is refused rather than read as a larger amount.
    let wholeText =
      digits.split(separator: decimalSeparator, omittingEmptySubsequences: false)
      .first ?? ""
    let groups = wholeText.split(
      omittingEmptySubsequences: false,
      whereSeparator: { $0 == groupSeparator || $0 == " " || $0 == "'" })
    if groups.count > 1,
      !(1...3).contains(groups[0].count) || groups.dropFirst().contains(where: { $0.count != 3 })
    {
      throw .invalidAmount(text)
    }
    digits.removeAll { $0 == groupSeparator || $0 == " " || $0 == "'" }
    let pieces = digits.split(separator: decimalSeparator, omittingEmptySubsequences: false)
    guard pieces.count <= 2, let whole = pieces.first else { throw .invalidAmount(text) }
    let fraction = pieces.count == 2 ? pieces[1] : ""
    guard !whole.isEmpty || !fraction.isEmpty,
      whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit)
    else { throw .invalidAmount(text) }
    let digitsAllowed = currency.minorDigits
    let significantFraction = fraction.reversed().drop { $0 == "0" }.reversed()
    guard significantFraction.count <= digitsAllowed else { throw .invalidAmount(text) }
    let padded =
      String(fraction.prefix(digitsAllowed))
      + String(repeating: "0", count: max(0, digitsAllowed - min(fraction.count, digitsAllowed)))
    guard let value = Int64((whole.isEmpty ? "0" : String(whole)) + padded) else {
      throw .overflow
    }
    return Money(minor: negative ? -value : value, currency: currency)
  }

  /// The amount as a plain decimal: `-1234.50`.
  public var decimalString: String { digits(grouped: false) }

  /// The amount grouped for reading: `1,234.50`.
  public var formatted: String { digits(grouped: true) }

  /// Writes the digits from the last one up, straight from the integer: amounts are formatted
  /// for every trace line and screen row, so no intermediate strings are made.
  private func digits(grouped: Bool) -> String {
    var remaining = minor.magnitude
    var reversed: [UInt8] = []
    reversed.reserveCapacity(32)
    let zero = UInt8(ascii: "0")
    for _ in 0..<currency.minorDigits {
      reversed.append(zero + UInt8(remaining % 10))
      remaining /= 10
    }
    if currency.minorDigits > 0 { reversed.append(UInt8(ascii: ".")) }
    var whole = 0
    repeat {
      if grouped && whole > 0 && whole % 3 == 0 { reversed.append(UInt8(ascii: ",")) }
      reversed.append(zero + UInt8(remaining % 10))
      remaining /= 10
      whole += 1
    } while remaining > 0
    if minor < 0 { reversed.append(UInt8(ascii: "-")) }
    return String(decoding: reversed.reversed(), as: UTF8.self)
  }

  public var description: String { "\(formatted) \(currency.code)" }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
  func trimmingSpaces() -> String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text.removeFirst() }
    while let last = text.last, last.isWhitespace { text.removeLast() }
    return String(text)
  }
}
