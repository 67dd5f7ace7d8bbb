/// The policy people set for the agent: thresholds, tone and frequency limits, boundaries.
///
/// Settings are kept as validated key/value pairs so that every change can be audited one key at a
/// time; typed accessors read them for the agent.
public struct Policy: Hashable, Sendable {
  public private(set) var values: [String: String]
  public var version: Int

  public init(values: [String: String] = [:], version: Int = 0) {
    self.values = values
    self.version = version
  }

  /// The defaults a new database starts from.
  public static var defaults: Policy {
    Policy(
      values: Dictionary(
        uniqueKeysWithValues: PolicyKey.catalogue.map { ($0.name, $0.defaultValue) }))
  }

  /// Sets one key after validating it; a refused value leaves the policy as it was.
  public mutating func set(_ key: String, _ value: String) throws(PolicyError) {
    let normalised = try PolicyKey.validate(key: key, value: value)
    values[key] = normalised
  }

  public func value(_ key: String) -> String? { values[key] ?? PolicyKey.find(key)?.defaultValue }

  // MARK: - Typed reads

  /// The approval threshold for a kind, overridden by the customer's segment when one is set.
  public func threshold(_ kind: ActionKind, segment: String?, currency: Currency) -> Money? {
    if let segment, let text = values["segment.\(segment).threshold.\(kind.rawValue)"],
      let minor = Int64(text)
    {
      return Money(minor: minor, currency: currency)
    }
    guard let text = value("threshold.\(kind.rawValue)"), let minor = Int64(text) else {
      return nil
    }
    return Money(minor: minor, currency: currency)
  }

  public func boundary(_ kind: ActionKind) -> Boundary {
    value("boundary.\(kind.rawValue)").flatMap(Boundary.init(rawValue:)) ?? .ask
  }

  public func supervised(_ kind: ActionKind) -> Bool {
    value("supervised.\(kind.rawValue)") == "on"
  }

  public func stopped(_ kind: ActionKind) -> Bool {
    value("stop.all") == "on" || value("stop.\(kind.rawValue)") == "on"
  }

  public var toneCeiling: Tone { value("tone.ceiling").flatMap(Tone.init(rawValue:)) ?? .firm }

  public func int(_ key: String) -> Int { value(key).flatMap { Int($0) } ?? 0 }

  public func money(_ key: String, _ currency: Currency) -> Money {
    Money(minor: value(key).flatMap { Int64($0) } ?? 0, currency: currency)
  }

  /// Days of the week (0 Monday) on which messages may go out.
  public var sendDays: Set<Int> {
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    let text = value("contact.send_days") ?? "mon-fri"
    return PolicyKey.parseDays(text, names: names) ?? Set(0...4)
  }

  /// The hours, start inclusive and end exclusive, in which messages may go out.
  public var sendHours: Range<Int> {
    let text = value("contact.send_hours") ?? "09-17"
    return PolicyKey.parseHours(text) ?? 9..<17
  }
}

/// A policy value the validator refused; names the key and why.
public struct PolicyError: Error, Equatable, Sendable, CustomStringConvertible {
  public let key: String
  public let message: String

  public init(key: String, message: String) {
    self.key = key
    self.message = message
  }

  public var description: String { "policy key \(key): \(message)" }
}
