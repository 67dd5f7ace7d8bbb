import ReinDomain
import ReinStore

/// What a policy would do with one recorded item.
public enum ReplayOutcome: String, Sendable {
  case unattended
  case escalate
  /// Stopped by a switch or a `never` boundary: neither done nor asked.
  case blocked
}

/// One recorded item the proposed policy treats differently, with what people actually did.
public struct ReplayChange: Sendable, Equatable {
  public var escalationID: Int64?
  public var actionID: Int64?
  public var account: String
  public var kind: ActionKind
  public var amount: Money?
  public var before: ReplayOutcome
  public var after: ReplayOutcome
  /// The people's decision on an escalation (`reject by anna`), nil for unattended actions.
  public var decision: String?
}

/// The result of replaying the last days under a proposed setting.
///
/// Two sorts of item are replayed: escalations raised in the window (with the decision people
/// recorded on them, when they did) and the agent's unattended actions. The outcome counts
/// (`escalate`, `unattended`, `blocked`, before and after) are over both.
public struct WhatIfResult: Sendable, Equatable {
  public var key: String
  public var value: String
  public var days: Int
  public var escalationsReplayed = 0
  /// Escalations among them that a person approved, rejected or deferred.
  public var decisionsReplayed = 0
  public var actionsReplayed = 0
  public var before: [ReplayOutcome: Int] = [:]
  public var after: [ReplayOutcome: Int] = [:]
  /// Amount at stake in the changed items, minor units per currency code.
  public var amountAtStake: [String: Int64] = [:]
  public var changes: [ReplayChange] = []

  /// Escalations and unattended actions replayed.
  public var replayed: Int { escalationsReplayed + actionsReplayed }

  public var escalateBefore: Int { before[.escalate] ?? 0 }
  public var escalateAfter: Int { after[.escalate] ?? 0 }

  /// Escalations that would have been handled unattended.
  public var fewer: [ReplayChange] {
    changes.filter { $0.before == .escalate && $0.after == .unattended }
  }

  /// Unattended actions that would have asked a person.
  public var more: [ReplayChange] {
    changes.filter { $0.before == .unattended && $0.after == .escalate }
  }

  /// Items that would have been held (neither done nor asked) that were not before.
  public var newlyHeld: [ReplayChange] { changes.filter { $0.after == .blocked } }

  /// Items held now that would have been done or asked.
  public var released: [ReplayChange] { changes.filter { $0.before == .blocked } }

  /// "12 fewer escalations; 1 of them was rejected by a person".
  public var headline: String {
    let rejected = fewer.filter { $0.decision?.hasPrefix("reject") == true }.count
    let edited = fewer.filter { $0.decision?.contains("with edits") == true }.count
    var parts: [String] = []
    if !fewer.isEmpty {
      parts.append(
        "\(fewer.count) fewer escalation\(fewer.count == 1 ? "" : "s"); \(rejected) of them "
          + "\(rejected == 1 ? "was" : "were") rejected and \(edited) edited by a person")
    }
    if !more.isEmpty {
      parts.append(
        "\(more.count) unattended action\(more.count == 1 ? "" : "s") would have asked a person")
    }
    let held = newlyHeld
    if !held.isEmpty {
      let asked = held.filter { $0.before == .escalate }.count
      parts.append(
        "\(held.count) would have been held, neither done nor asked (\(asked) escalation"
          + "\(asked == 1 ? "" : "s"), \(held.count - asked) unattended)")
    }
    if !released.isEmpty {
      parts.append("\(released.count) held item\(released.count == 1 ? "" : "s") would have gone")
    }
    return parts.isEmpty
      ? "no recorded item would have gone differently" : parts.joined(separator: "; ")
  }
}

/// Replays recorded escalations and unattended actions under the policy in force and under a
/// proposed change, changing nothing.
///
/// Thresholds, boundaries, supervision and stop switches replay exactly from what was recorded:
/// the kind, the amount the gate compared (for a reminder, the account's balance), the account's
/// segment, the rule that stopped an escalation and a reminder's tone (see `ReplayGate`). Other
/// settings (tone, contact frequency) depend on the whole contact history and are refused rather
/// than guessed.
public enum WhatIf {
  public static func replayable(_ key: String) -> Bool {
    key.hasPrefix("threshold.") || key.hasPrefix("boundary.") || key.hasPrefix("supervised.")
      || key.hasPrefix("stop.") || (key.hasPrefix("segment.") && key.contains(".threshold."))
  }

  /// Reads the last `days` days and replays them under `key = value`.
  public static func replay(
    _ connection: any OversightStore, key: String, value: String, days: Int, at now: Instant
  ) throws -> WhatIfResult {
    guard replayable(key) else {
      throw OversightError(
        "what-if replays thresholds, boundaries, supervision and stop switches; \(key) is none "
          + "of these")
    }
    guard days > 0 else { throw OversightError("--days must be positive, got \(days)") }
    return try connection.read {
      let current = try connection.policy()
      var proposed = current
      try proposed.set(key, value)
      let since = now.adding(seconds: -Int64(days) * 86_400)
      return replay(
        escalations: try connection.escalationFacts(since: since),
        actions: try connection.unattendedActionFacts(since: since), current: current,
        proposed: proposed, key: key, value: value, days: days)
    }
  }

  /// Pure: compares the two policies over the recorded items.
  public static func replay(
    escalations: [EscalationFact], actions: [ActionFact], current: Policy, proposed: Policy,
    key: String, value: String, days: Int
  ) -> WhatIfResult {
    var result = WhatIfResult(key: key, value: proposed.value(key) ?? value, days: days)
    let before = ReplayGate(policy: current)
    let after = ReplayGate(policy: proposed)
    func note(_ change: ReplayChange) {
      result.before[change.before, default: 0] += 1
      result.after[change.after, default: 0] += 1
      guard change.before != change.after else { return }
      if let amount = change.amount {
        result.amountAtStake[amount.currency.code, default: 0] += amount.minor
      }
      result.changes.append(change)
    }
    for item in escalations {
      guard let kind = ActionKind(rawValue: item.kind) else { continue }
      result.escalationsReplayed += 1
      if ["approve", "reject", "defer"].contains(item.verdict ?? "") {
        result.decisionsReplayed += 1
      }
      note(
        ReplayChange(
          escalationID: item.id, actionID: nil, account: item.customerID, kind: kind,
          amount: item.amount, before: before.outcome(of: item, kind),
          after: after.outcome(of: item, kind), decision: item.decision ?? "undecided"))
    }
    for item in actions {
      guard let kind = ActionKind(rawValue: item.kind) else { continue }
      result.actionsReplayed += 1
      note(
        ReplayChange(
          escalationID: nil, actionID: item.id, account: item.customerID, kind: kind,
          amount: item.amount, before: before.outcome(of: item, kind),
          after: after.outcome(of: item, kind), decision: nil))
    }
    return result
  }

  /// What a policy does with an escalation of `kind` and `amount` for an account of `segment`
  /// that `rule` stopped.
  public static func outcome(
    _ kind: ActionKind, _ amount: Money, _ segment: String, rule: String, _ policy: Policy
  ) -> ReplayOutcome {
    ReplayGate(policy: policy).outcome(
      of: EscalationFact(
        id: 0, customerID: "", segment: segment, kind: kind.rawValue, amount: amount, rule: rule,
        status: "open", raisedAt: Instant(seconds: 0), dueBy: Instant(seconds: 0)),
      kind)
  }
}
