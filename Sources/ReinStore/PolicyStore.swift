import Foundation
import ReinDomain

/// One policy setting as stored: its value and who changed it last, when and why.
public struct PolicySetting: Sendable, Equatable {
  public var key: String
  public var value: String
  public var changedBy: String
  public var changedAt: Instant
  public var reason: String
  public var version: Int

  public init(
    key: String, value: String, changedBy: String, changedAt: Instant, reason: String, version: Int
  ) {
    self.key = key
    self.value = value
    self.changedBy = changedBy
    self.changedAt = changedAt
    self.reason = reason
    self.version = version
  }
}

extension Connection {
  /// The policy in force: the stored settings over the defaults.
  public func policy() throws(StoreError) -> Policy {
    var policy = Policy.defaults
    for setting in try policySettings() {
      // Stored values were validated when written; a value that no longer validates keeps the
      // default rather than stopping the agent.
      try? policy.set(setting.key, setting.value)
      policy.version = max(policy.version, setting.version)
    }
    return policy
  }

  public func policySettings() throws(StoreError) -> [PolicySetting] {
    try rows(
      "SELECT key, value, changed_by, changed_at, reason, version FROM policy_setting ORDER BY key"
    ) {
      PolicySetting(
        key: $0.text(0), value: $0.text(1), changedBy: $0.text(2), changedAt: $0.instant(3),
        reason: $0.text(4), version: Int($0.int(5)))
    }
  }

  /// Changes one setting, audited with who, when, before, after and why. A refused value, or a
  /// missing reason, changes nothing.
  @discardableResult
  public func setPolicy(
    _ key: String, _ value: String, actor: String, reason: String, at time: Instant
  ) throws -> PolicySetting {
    let trimmedReason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmedReason.isEmpty else {
      throw PolicyError(key: key, message: "a change needs a reason")
    }
    let canonical = try PolicyKey.validate(key: key, value: value)
    return try write {
      let current = try policy()
      try checkAuthority(of: actor, toChange: key, in: current)
      try applyAccountSetting(key, canonical, in: current)
      try checkConsistency(key, canonical, in: current)
      let before = current.value(key)
      let version = Int(try scalar("SELECT coalesce(max(version), 0) FROM policy_setting")) + 1
      try run(
        """
        INSERT INTO policy_setting (key, value, changed_by, changed_at, reason, version)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by,
          changed_at = excluded.changed_at, reason = excluded.reason, version = excluded.version
        """, [key, canonical, actor, time, trimmedReason, version])
      try appendAudit(
        AuditRecord(
          actor: actor, kind: "policy.set", account: Connection.accountOf(policyKey: key),
          subject: key, reason: trimmedReason, before: before, after: canonical),
        at: time)
      return PolicySetting(
        key: key, value: canonical, changedBy: actor, changedAt: time, reason: trimmedReason,
        version: version)
    }
  }

  /// Settings scoped to one account (`owner.ACCOUNT`, `flag.ACCOUNT`) file under that account.
  static func accountOf(policyKey key: String) -> String? {
    let parts = key.split(separator: ".")
    guard parts.count == 2, parts[0] == "owner" || parts[0] == "flag" else { return nil }
    return String(parts[1])
  }

  /// Policy changes are for administrators. A database with no administrator yet (just created)
  /// accepts its first settings; Rein itself (`rein`) tightens within the limits it is given.
  func checkAuthority(of actor: String, toChange key: String, in policy: Policy) throws {
    let admins = policy.values.filter { $0.key.hasPrefix("role.") && $0.value == "admin" }
    guard !admins.isEmpty, actor != "rein" else { return }
    guard policy.value("role.\(actor)") == "admin" else {
      throw PolicyError(
        key: key, message: "only an administrator may change the policy (\(actor) is not one)")
    }
  }

  /// `owner.ACCOUNT` and `flag.ACCOUNT` change the account itself, in the same transaction; an
  /// owner must be a person with a role, and the account must exist.
  func applyAccountSetting(_ key: String, _ value: String, in policy: Policy) throws {
    guard let account = Connection.accountOf(policyKey: key) else { return }
    guard var customer = try customer(account) else {
      throw PolicyError(key: key, message: "no account \(account)")
    }
    if key.hasPrefix("owner.") {
      let role = policy.value("role.\(value)") ?? "none"
      guard role != "none" else {
        throw PolicyError(key: key, message: "\(value) is not a user with a role in the policy")
      }
      customer.owner = value
    } else {
      customer.flags = AccountFlag(rawValue: value).map { [$0] } ?? []
    }
    try upsert(customer)
  }
}
