import Foundation
import ReinDomain
import ReinStore

/// Replays recorded escalations and unattended actions under two policies and compares them.
///
/// Thresholds and boundaries are replayed exactly from what was recorded: the kind, the amount at
/// stake and the account's segment. Other settings (tone, frequency) depend on the whole history
/// of contacts and are refused rather than guessed.
struct WhatIf {
  /// One recorded item that the proposed setting would treat differently.
  struct Change {
    var escalationID: Int64?
    var account: String
    var kind: ActionKind
    var amount: Money
    var before: Outcome
    var after: Outcome
    var decision: String
  }

  enum Outcome: String {
    case unattended
    case escalate
    case blocked
  }

  var replayed = 0
  var escalateBefore = 0
  var escalateAfter = 0
  var amountAtStake: Int64 = 0
  var changes: [Change] = []

  static func replay(
    _ connection: Connection, current: Policy, proposed: Policy, key: String, since: Instant
  ) throws -> WhatIf {
    guard key.contains("threshold.") || key.hasPrefix("boundary.") else {
      throw CommandFailure(
        "what-if replays thresholds and boundaries from recorded decisions; \(key) is neither")
    }
    var result = WhatIf()
    let items = try connection.rows(
      """
      SELECT e.id, e.customer_id, e.kind, e.amount_minor, e.currency, e.rule, c.segment,
        (SELECT verdict || ' by ' || actor FROM decision d WHERE d.escalation_id = e.id
          ORDER BY d.id DESC LIMIT 1)
      FROM escalation e JOIN customer c ON c.id = e.customer_id
      WHERE e.raised_at >= ? ORDER BY e.id
      """, [since]
    ) { row throws(StoreError) in
      (
        id: row.int(0), account: row.text(1), kind: ActionKind(rawValue: row.text(2)),
        amount: try row.money(3, currency: 4), rule: row.text(5), segment: row.text(6),
        decision: row.optionalText(7) ?? "undecided"
      )
    }
    for item in items {
      guard let kind = item.kind else { continue }
      result.replayed += 1
      let before = outcome(kind, item.amount, item.segment, item.rule, current)
      let after = outcome(kind, item.amount, item.segment, item.rule, proposed)
      if before == .escalate { result.escalateBefore += 1 }
      if after == .escalate { result.escalateAfter += 1 }
      if before != after {
        result.amountAtStake += item.amount.minor
        result.changes.append(
          Change(
            escalationID: item.id, account: item.account, kind: kind, amount: item.amount,
            before: before, after: after, decision: item.decision))
      }
    }
    return result
  }

  /// Whether a recorded item would escalate under a policy. Only items stopped by a threshold or
  /// a boundary can change; items stopped by a flag, the tone ceiling or a judgement rule stay.
  static func outcome(
    _ kind: ActionKind, _ amount: Money, _ segment: String, _ rule: String, _ policy: Policy
  ) -> Outcome {
    let replayable = rule.contains("threshold.") || rule.hasPrefix("boundary.")
    guard replayable else { return .escalate }
    switch policy.boundary(kind) {
    case .never: return .blocked
    case .ask: return .escalate
    case .unattended: break
    }
    if policy.supervised(kind) || kind.isIrreversible && rule.hasPrefix("boundary.") {
      return .escalate
    }
    guard let threshold = policy.threshold(kind, segment: segment, currency: amount.currency) else {
      return .unattended
    }
    return amount.minor > threshold.minor ? .escalate : .unattended
  }

  func json(key: String, value: String, days: Int) -> JSONValue {
    .object([
      "key": .string(key), "value": .string(value), "days": .integer(Int64(days)),
      "decisions_replayed": .integer(Int64(replayed)),
      "would_escalate_before": .integer(Int64(escalateBefore)),
      "would_escalate_after": .integer(Int64(escalateAfter)),
      "amount_at_stake_minor": .integer(amountAtStake),
      "changes": .array(
        changes.map {
          .object([
            "escalation": $0.escalationID.map { .integer($0) } ?? .null,
            "account": .string($0.account), "kind": .string($0.kind.rawValue),
            "amount_minor": .integer($0.amount.minor),
            "currency": .string($0.amount.currency.code), "before": .string($0.before.rawValue),
            "after": .string($0.after.rawValue), "decision": .string($0.decision),
          ])
        }),
    ])
  }

  func text(key: String, value: String, days: Int) -> String {
    let difference = escalateBefore - escalateAfter
    let rejected = changes.filter { $0.decision.hasPrefix("reject") }.count
    var lines = [
      "\(key) = \(value), replayed over the last \(days) days: \(replayed) escalations",
      difference >= 0
        ? "\(difference) fewer escalations; \(rejected) of them rejected by a person"
        : "\(-difference) more escalations",
      "amount at stake in the changed items: "
        + Money(minor: amountAtStake, currency: .usd).formatted,
    ]
    for change in changes.prefix(50) {
      lines.append(
        "  #\(change.escalationID ?? 0) \(change.account) \(change.kind.rawValue) "
          + "\(change.amount): \(change.before.rawValue) -> \(change.after.rawValue) "
          + "(people: \(change.decision))")
    }
    return lines.joined(separator: "\n")
  }
}
