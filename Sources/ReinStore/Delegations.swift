import Foundation
import ReinDomain

/// A delegation refused, and why; nothing was changed.
public struct DelegationError: Error, Equatable, Sendable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}

/// One stored delegation: who stands in for whom, over which days.
public struct DelegationRow: Sendable, Equatable {
  public var id: Int64
  public var owner: String
  public var delegate: String
  public var from: Day
  public var until: Day

  public init(id: Int64, owner: String, delegate: String, from: Day, until: Day) {
    self.id = id
    self.owner = owner
    self.delegate = delegate
    self.from = from
    self.until = until
  }
}

/// Delegations: while an owner is away, a delegate decides their flagged accounts and receives
/// their escalations. Arranged and ended by an administrator or by the owner, each audited.
extension Connection {
  /// Delegations that cover `day` or start after it, by owner and start.
  public func delegations(from day: Day) throws(StoreError) -> [DelegationRow] {
    try rows(
      """
      SELECT id, owner, delegate, from_day, until_day FROM delegation
      WHERE until_day >= ? AND from_day <= until_day ORDER BY owner, from_day, id
      """, [day]
    ) { row throws(StoreError) in
      DelegationRow(
        id: row.int(0), owner: row.text(1), delegate: row.text(2),
        from: try row.day(3), until: try row.day(4))
    }
  }

  /// Lets `delegate` stand in for `owner` from `from` through `until`. The delegate needs an
  /// approver or admin role, since standing in means deciding.
  @discardableResult
  public func addDelegation(
    owner: String, delegate: String, from: Day, until: Day, actor: String, reason: String,
    at time: Instant
  ) throws -> DelegationRow {
    let why = try Connection.delegationReason(reason)
    guard owner != delegate else {
      throw DelegationError("\(owner) cannot stand in for themself")
    }
    guard from <= until else {
      throw DelegationError(
        "a delegation ends on or after its first day (\(from.iso)..\(until.iso))")
    }
    guard until >= time.day else {
      throw DelegationError("a delegation that ended on \(until.iso) would cover no day to come")
    }
    return try write {
      let policy = try policy()
      try checkDelegationAuthority(of: actor, for: owner, in: policy)
      let role = policy.value("role.\(delegate)") ?? "none"
      guard role == "admin" || role == "approver" else {
        throw DelegationError(
          "\(delegate) has no approver role to stand in with (an administrator grants one with "
            + "`rein policy set role.\(delegate) approver`)")
      }
      try insert(Delegation(owner: owner, delegate: delegate, from: from, until: until))
      let id = lastInsertID
      try appendAudit(
        AuditRecord(
          actor: actor, kind: "delegation.add", subject: owner, reason: why,
          after: "\(delegate) \(from.iso)..\(until.iso)"),
        at: time)
      return DelegationRow(id: id, owner: owner, delegate: delegate, from: from, until: until)
    }
  }

  /// Ends every delegation of `owner` to `delegate` that covers today or is still to come: from
  /// today on it covers nothing. Returns how many were ended.
  @discardableResult
  public func endDelegation(
    owner: String, delegate: String, actor: String, reason: String, at time: Instant
  ) throws -> Int {
    let why = try Connection.delegationReason(reason)
    let yesterday = time.day.adding(days: -1)
    return try write {
      try checkDelegationAuthority(of: actor, for: owner, in: try policy())
      let live = try delegations(from: time.day).filter {
        $0.owner == owner && $0.delegate == delegate
      }
      guard !live.isEmpty else {
        throw DelegationError("\(delegate) does not stand in for \(owner) today or later")
      }
      for delegation in live {
        try run(
          "UPDATE delegation SET until_day = ? WHERE id = ?",
          [max(yesterday, delegation.from.adding(days: -1)), delegation.id])
        try appendAudit(
          AuditRecord(
            actor: actor, kind: "delegation.end", subject: owner, reason: why,
            before: "\(delegate) \(delegation.from.iso)..\(delegation.until.iso)",
            after: "ended on \(time.day.iso)"),
          at: time)
      }
      return live.count
    }
  }

  /// An administrator arranges any delegation; an owner, their own.
  func checkDelegationAuthority(of actor: String, for owner: String, in policy: Policy) throws {
    guard policy.value("role.\(actor)") == "admin" || actor == owner else {
      throw DelegationError(
        "only an administrator or \(owner) may arrange who stands in for \(owner) "
          + "(\(actor) is neither)")
    }
  }

  static func delegationReason(_ reason: String) throws -> String {
    let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw DelegationError("a delegation needs a reason") }
    return trimmed
  }
}
