import ReinDomain

/// Policy amounts as a controller reads and types them: money in the book's currency, while the
/// policy stores minor units. `80000` or `80,000.00` typed for a USD book is stored as 8000000;
/// the conversion is exact, and a digit beyond the currency's minor unit is refused.
enum PolicyAmount {
  /// Whether a setting holds an amount.
  static func applies(to key: String) -> Bool { PolicyKey.find(key)?.kind == .amount }

  /// A stored value as money (`80,000.00`), or as it is when it is not an amount.
  static func shown(_ key: String, _ value: String, _ currency: Currency?) -> String {
    guard applies(to: key), let currency, let minor = Int64(value) else { return value }
    return Money(minor: minor, currency: currency).formatted
  }

  /// The value with its currency: `80,000.00 USD`.
  static func withCurrency(_ key: String, _ value: String, _ currency: Currency?) -> String {
    guard applies(to: key), let currency, Int64(value) != nil else { return value }
    return "\(shown(key, value, currency)) \(currency.code)"
  }

  /// The value with its currency and what is stored, for prompts: `80,000.00 USD (stored as
  /// 8000000)`.
  static func described(_ key: String, _ value: String, _ currency: Currency?) -> String {
    guard applies(to: key), let currency, Int64(value) != nil else { return value }
    return "\(shown(key, value, currency)) \(currency.code) (stored as \(value))"
  }

  /// What the controller typed, in major units, as the stored minor units. A trailing currency
  /// code, when it is the book's, is allowed.
  static func stored(_ text: String, key: String, _ currency: Currency) throws(PolicyError)
    -> String
  {
    var typed = text.trimmed
    if typed.uppercased().hasSuffix(currency.code) {
      typed = String(typed.dropLast(currency.code.count)).trimmed
    }
    guard let money = try? Money.parse(typed, currency: currency) else {
      let example = Money(minor: 8_000_000, currency: currency).formatted
      throw PolicyError(
        key: key, message: "'\(text)' is not an amount in \(currency.code) (like \(example))")
    }
    guard money.minor >= 0 else {
      throw PolicyError(key: key, message: "a threshold cannot be negative (\(text))")
    }
    return String(money.minor)
  }
}
