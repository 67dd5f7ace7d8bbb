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
      try store(key, canonical, actor: actor, reason: trimmedReason, kind: "policy.set", at: time)
    }
  }

  /// Seeds a new book's policy from its file (`policy.conf`), all or nothing, each setting audited
  /// as `policy.seed`: the book's starting point rather than a change someone made, so no
  /// threshold in it counts as raised. Only an administrator seeds, and only a book in which no
  /// escalation has been raised yet; afterwards every change goes through `setPolicy`.
  public func seedPolicy(
    _ settings: [(key: String, value: String)], actor: String, source: String, at time: Instant
  ) throws {
    try write {
      guard try scalar("SELECT count(*) FROM escalation") == 0 else {
        throw PolicyError(
          key: settings.first?.key ?? "policy",
          message: "a policy is seeded only into a new book; change settings one at a time with "
            + "`rein policy set`")
      }
      for setting in settings {
        let canonical = try PolicyKey.validate(key: setting.key, value: setting.value)
        try store(
          setting.key, canonical, actor: actor, reason: "initial policy from \(source)",
          kind: "policy.seed", at: time)
      }
    }
  }

  /// Writes one validated setting and its audit entry, once the actor's authority is checked.
  @discardableResult
  private func store(
    _ key: String, _ canonical: String, actor: String, reason: String, kind: String,
    at time: Instant
  ) throws -> PolicySetting {
    let current = try policy()
    try checkAuthority(of: actor, toSet: key, to: canonical, in: current)
    try applyAccountSetting(key, canonical, in: current)
    try checkConsistency(key, canonical, in: current, on: time.day)
    let before = current.value(key)
    let version = Int(try scalar("SELECT coalesce(max(version), 0) FROM policy_setting")) + 1
    try run(
      """
      INSERT INTO policy_setting (key, value, changed_by, changed_at, reason, version)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by,
        changed_at = excluded.changed_at, reason = excluded.reason, version = excluded.version
      """, [key, canonical, actor, time, reason, version])
    try appendAudit(
      AuditRecord(
        actor: actor, kind: kind, account: Connection.accountOf(policyKey: key),
        subject: key, reason: reason, before: before, after: canonical),
      at: time)
    return PolicySetting(
      key: key, value: canonical, changedBy: actor, changedAt: time, reason: reason,
      version: version)
  }

  /// Settings scoped to one account (`owner.ACCOUNT`, `flag.ACCOUNT`) file under that account.
  static func accountOf(policyKey key: String) -> String? {
    let parts = key.split(separator: ".")
    guard parts.count == 2, parts[0] == "owner" || parts[0] == "flag" else { return nil }
    return String(parts[1])
  }

  /// Policy changes are for administrators, and no change may leave the book without one.
  ///
  /// A new book, which has never had an administrator, accepts only the appointment of its first
  /// one. A book whose trail shows administrators but whose policy names none has a damaged
  /// policy, and is open to nobody. Rein itself (`rein`) tightens thresholds and supervised mode
  /// within the limits it is given, even then, and never touches who may do what.
  func checkAuthority(of actor: String, toSet key: String, to value: String, in policy: Policy)
    throws
  {
    let admins = Connection.administrators(policy)
    let firstAppointment = key.hasPrefix("role.") && value == "admin"
    if admins.isEmpty, firstAppointment, try !everHadAdministrator() { return }
    if actor == "rein" {
      // Rein tightens on its own and nothing else: a lower threshold, or supervision turned on.
      // An unset segment threshold stands at the book-wide one.
      let parts = key.split(separator: ".")
      let inForce =
        policy.values[key]
        ?? (parts.count == 4 ? policy.value("threshold.\(parts[3])") : policy.value(key))
      let lowered =
        (key.hasPrefix("threshold.") || key.hasPrefix("segment."))
        && (Int64(value) ?? .max) <= (inForce.flatMap { Int64($0) } ?? .max)
      let supervised = key.hasPrefix("supervised.") && value == "on"
      guard lowered || supervised else {
        throw PolicyError(
          key: key, message: "Rein itself only lowers thresholds and turns supervision on")
      }
      return
    }
    guard !admins.isEmpty else {
      guard try !everHadAdministrator() else {
        throw PolicyError(
          key: key,
          message: "the policy names no administrator although the audit trail shows one was "
            + "appointed: the policy is damaged and nobody may change it; restore the database "
            + "from a copy whose `rein audit verify` passes")
      }
      throw PolicyError(
        key: key,
        message: "this book has no administrator yet: appoint one first with "
          + "`rein policy set role.USER admin`")
    }
    guard admins.contains(actor) else {
      throw PolicyError(
        key: key, message: "only an administrator may change the policy (\(actor) is not one)")
    }
    var after = policy
    try after.set(key, value)
    guard !Connection.administrators(after).isEmpty else {
      throw PolicyError(
        key: key,
        message: "this would leave the book with no administrator: appoint another one first")
    }
  }

  /// The people the policy makes administrators, by name.
  static func administrators(_ policy: Policy) -> Set<String> {
    Set(
      policy.values.filter { $0.key.hasPrefix("role.") && $0.value == "admin" }
        .map { String($0.key.dropFirst("role.".count)) })
  }

  /// Whether the trail records anyone ever being made an administrator.
  func everHadAdministrator() throws(StoreError) -> Bool {
    try scalar(
      """
      SELECT count(*) FROM audit WHERE kind IN ('policy.set', 'policy.seed')
        AND subject GLOB 'role.*' AND after = 'admin'
      """) > 0
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
