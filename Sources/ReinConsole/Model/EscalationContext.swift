import Foundation

/// The context an escalation was raised with, read into the sections a controller works from.
/// The agent stores one JSON document per section, keyed by the section's name; a section that
/// is missing or not in the expected shape, and any section Rein does not know, is kept in
/// `other` and still shown.
public struct EscalationContext: Hashable, Sendable {
  public var account: AccountSection?
  /// Aging buckets in order, oldest last, as (bucket key, minor units).
  public var aging: [AgingBucket]?
  public var openInvoices: [OpenInvoiceLine]?
  public var payments: [PaymentLine]?
  public var contacts: [ContactLine]?
  public var disputes: [DisputeLine]?
  public var promises: [PromiseLine]?
  public var pauses: [PauseLine]?
  public var prediction: PredictionSection?
  public var other: [OtherSection] = []

  public var isEmpty: Bool {
    account == nil && aging == nil && openInvoices == nil && payments == nil && contacts == nil
      && disputes == nil && promises == nil && pauses == nil && prediction == nil
      && other.isEmpty
  }

  /// The buckets the agent ages balances into, in the order they are read.
  static let bucketOrder = ["current", "1_30", "31_60", "61_90", "over_90"]

  public init(json: String) {
    guard case .object(let sections)? = JSONNode.parse(json) else {
      if !json.trimmed.isEmpty { other = [OtherSection(key: "context", value: .string(json))] }
      return
    }
    for key in sections.keys.sorted() {
      let node = (sections[key] ?? .null).unwrapped
      if !take(key, node) { other.append(OtherSection(key: key, value: node)) }
    }
  }

  /// Files a known section; false when the key is unknown or the section is not in its shape.
  mutating func take(_ key: String, _ node: JSONNode) -> Bool {
    switch key {
    case "account":
      account = node.decoded(as: AccountSection.self)
      return account != nil
    case "aging":
      aging = EscalationContext.buckets(node)
      return aging != nil
    case "open_invoices":
      openInvoices = node.decoded(as: [OpenInvoiceLine].self)
      return openInvoices != nil
    case "recent_payments":
      payments = node.decoded(as: [PaymentLine].self)
      return payments != nil
    case "recent_contacts":
      contacts = node.decoded(as: [ContactLine].self)
      return contacts != nil
    case "disputes":
      disputes = node.decoded(as: [DisputeLine].self)
      return disputes != nil
    case "promises":
      promises = node.decoded(as: [PromiseLine].self)
      return promises != nil
    case "pauses":
      pauses = node.decoded(as: [PauseLine].self)
      return pauses != nil
    case "prediction":
      prediction = node.decoded(as: PredictionSection.self)
      return prediction != nil
    default:
      return false
    }
  }

  static func buckets(_ node: JSONNode) -> [AgingBucket]? {
    guard case .object(let values) = node else { return nil }
    var buckets: [AgingBucket] = []
    let keys =
      bucketOrder.filter { values[$0] != nil }
      + values.keys.sorted()
      .filter { !bucketOrder.contains($0) }
    for key in keys {
      guard case .integer(let minor)? = values[key] else { return nil }
      buckets.append(AgingBucket(key: key, minor: minor))
    }
    return buckets
  }
}

/// Who the account is and what it owes.
public struct AccountSection: Hashable, Sendable, Decodable {
  public var id: String?
  public var name: String?
  public var segment: String?
  public var owner: String?
  public var flags: [String]?
  public var autopay: Bool?
  public var balanceMinor: Int64?
  public var currency: String?
  public var oldestOverdueDays: Int?

  enum CodingKeys: String, CodingKey {
    case id, name, segment, owner, flags, autopay, currency
    case balanceMinor = "balance_minor"
    case oldestOverdueDays = "oldest_overdue_days"
  }
}

/// One aging bucket of the open balance.
public struct AgingBucket: Hashable, Sendable {
  public var key: String
  public var minor: Int64

  /// How a controller names the bucket.
  public var label: String {
    switch key {
    case "current": "current"
    case "1_30": "1-30 days"
    case "31_60": "31-60 days"
    case "61_90": "61-90 days"
    case "over_90": "over 90 days"
    default: key.replacingOccurrences(of: "_", with: "-")
    }
  }
}

/// One open invoice.
public struct OpenInvoiceLine: Hashable, Sendable, Decodable {
  public var id: String
  public var issued: String?
  public var due: String?
  public var daysOverdue: Int?
  public var amountMinor: Int64?
  public var openMinor: Int64?
  public var disputed: Bool?

  enum CodingKeys: String, CodingKey {
    case id, issued, due, disputed
    case daysOverdue = "days_overdue"
    case amountMinor = "amount_minor"
    case openMinor = "open_minor"
  }
}

/// A payment applied to one of the account's invoices.
public struct PaymentLine: Hashable, Sendable, Decodable {
  public var invoice: String?
  public var amountMinor: Int64?
  public var kind: String?
  public var at: String?

  enum CodingKeys: String, CodingKey {
    case invoice, kind, at
    case amountMinor = "amount_minor"
  }
}

/// A message the agent sent the account.
public struct ContactLine: Hashable, Sendable, Decodable {
  public var at: String?
  public var tone: String?
  public var invoices: [String]?
}

/// An open dispute.
public struct DisputeLine: Hashable, Sendable, Decodable {
  public var id: String?
  public var category: String?
  public var owner: String?
  public var opened: String?
  public var invoices: [String]?
}

/// A live promise to pay.
public struct PromiseLine: Hashable, Sendable, Decodable {
  public var id: String?
  public var promisedDay: String?
  public var made: String?
  public var amountMinor: Int64?

  enum CodingKeys: String, CodingKey {
    case id, made
    case promisedDay = "promised_day"
    case amountMinor = "amount_minor"
  }
}

/// Outreach paused on the account.
public struct PauseLine: Hashable, Sendable, Decodable {
  public var id: String?
  public var reason: String?
  public var until: String?
  public var invoice: String?
}

/// When the account is expected to pay, and why.
public struct PredictionSection: Hashable, Sendable, Decodable {
  public var predictedDaysLate: Decimal?
  public var evidence: String?
  public var basis: Int?

  enum CodingKeys: String, CodingKey {
    case evidence, basis
    case predictedDaysLate = "predicted_days_late"
  }
}

/// A section Rein does not lay out itself, kept as it was read.
public struct OtherSection: Hashable, Sendable {
  public var key: String
  public var value: JSONNode
}
