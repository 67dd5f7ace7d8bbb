import ReinDomain
import ReinOversight
import ReinStore

/// The what-if replay written for people and for tools.
extension WhatIfResult {
  var json: JSONValue {
    var stake: [String: JSONValue] = [:]
    for (code, minor) in amountAtStake { stake[code] = .integer(minor) }
    func counts(_ outcomes: [ReplayOutcome: Int]) -> JSONValue {
      .object([
        "escalate": .integer(Int64(outcomes[.escalate] ?? 0)),
        "unattended": .integer(Int64(outcomes[.unattended] ?? 0)),
        "held": .integer(Int64(outcomes[.blocked] ?? 0)),
      ])
    }
    return .object([
      "key": .string(key), "value": .string(value), "days": .integer(Int64(days)),
      // The contract's figures: decisions people recorded on the escalations replayed, and how
      // many items (escalations and unattended actions) would escalate before and after.
      "decisions_replayed": .integer(Int64(decisionsReplayed)),
      "would_escalate_before": .integer(Int64(escalateBefore)),
      "would_escalate_after": .integer(Int64(escalateAfter)),
      "items_replayed": .integer(Int64(replayed)),
      "escalations_replayed": .integer(Int64(escalationsReplayed)),
      "escalations_without_decision": .integer(Int64(escalationsReplayed - decisionsReplayed)),
      "unattended_actions_replayed": .integer(Int64(actionsReplayed)),
      "outcomes_before": counts(before), "outcomes_after": counts(after),
      "changed_items": .integer(Int64(changes.count)),
      "fewer_escalations": .integer(Int64(fewer.count)),
      "more_escalations": .integer(Int64(more.count)),
      "newly_held": .integer(Int64(newlyHeld.count)),
      "released": .integer(Int64(released.count)),
      "amount_at_stake_minor": .object(stake), "summary": .string(headline),
      "changes": .array(
        changes.map {
          .object([
            "escalation": $0.escalationID.map { .integer($0) } ?? .null,
            "action": $0.actionID.map { .integer($0) } ?? .null,
            "account": .string($0.account), "kind": .string($0.kind.rawValue),
            "amount_minor": $0.amount.map { .integer($0.minor) } ?? .null,
            "currency": $0.amount.map { .string($0.currency.code) } ?? .null,
            "before": .string($0.before.rawValue), "after": .string($0.after.rawValue),
            "decision": $0.decision.map { .string($0) } ?? .null,
          ])
        }),
    ])
  }

  var text: [String] {
    var lines = [
      "\(key) = \(value), replayed over the last \(Day.count(days)): "
        + "\(escalationsReplayed) escalation\(escalationsReplayed == 1 ? "" : "s") "
        + "(\(decisionsReplayed) decided by people) and "
        + "\(actionsReplayed) unattended action\(actionsReplayed == 1 ? "" : "s")",
      "would escalate: \(escalateBefore) under the policy in force, \(escalateAfter) with the "
        + "change; held: \(before[.blocked] ?? 0) and \(after[.blocked] ?? 0)",
      headline,
    ]
    if !amountAtStake.isEmpty {
      lines.append(
        "amount at stake in the changed items: "
          + amountAtStake.keys.sorted().map { code in
            let currency = (try? Currency(code)) ?? .usd
            return Money(minor: amountAtStake[code] ?? 0, currency: currency).description
          }.joined(separator: ", "))
    }
    for change in changes.prefix(50) {
      let item =
        change.escalationID.map { "escalation #\($0)" } ?? "action #\(change.actionID ?? 0)"
      lines.append(
        "  \(item) \(change.account) \(change.kind.rawValue) "
          + "\(change.amount?.description ?? "no amount"): "
          + "\(change.before.rawValue) -> \(change.after.rawValue)"
          + (change.decision.map { " (people: \($0))" } ?? ""))
    }
    if changes.count > 50 { lines.append("  … and \(changes.count - 50) more (see --json)") }
    return lines
  }
}
