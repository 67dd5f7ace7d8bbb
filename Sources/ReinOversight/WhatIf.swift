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
public struct WhatIfResult: Sendable, Equatable {
  public var key: String
  public var value: String
  public var days: Int
  public var escalationsReplayed = 0
  public var actionsReplayed = 0
  public var escalateBefore = 0
  public var escalateAfter = 0
  /// Amount at stake in the changed items, minor units per currency code.
  public var amountAtStake: [String: Int64] = [:]
  public var changes: [ReplayChange] = []

  public var replayed: Int { escalationsReplayed + actionsReplayed }

  /// Escalations that would have been handled unattended.
  public var fewer: [ReplayChange] {
    changes.filter { $0.before == .escalate && $0.after == .unattended }
  }

  /// Unattended actions that would have asked a person.
  public var more: [ReplayChange] {
    changes.filter { $0.before == .unattended && $0.after == .escalate }
  }

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
    let blocked = changes.filter { $0.after == .blocked }.count
    if blocked > 0 { parts.append("\(blocked) would have been stopped") }
    return parts.isEmpty
      ? "no recorded item would have gone differently" : parts.joined(separator: "; ")
  }
}

/// Replays recorded escalations and unattended actions under the policy in force and under a
/// proposed change, changing nothing.
///
/// Thresholds, boundaries, supervision and stop switches replay exactly from what was recorded:
/// the kind, the amount and the account's segment. Other settings (tone, contact frequency)
/// depend on the whole contact history and are refused rather than guessed.
public enum WhatIf {
  public static func replayable(_ key: String) -> Bool {
    key.hasPrefix("threshold.") || key.hasPrefix("boundary.") || key.hasPrefix("supervised.")
      || key.hasPrefix("stop.") || (key.hasPrefix("segment.") && key.contains(".threshold."))
  }

  /// Reads the last `days` days and replays them under `key = value`.
  public static func replay(
    _ connection: Connection, key: String, value: String, days: Int, at now: Instant
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
    var before = DialReader(current)
    var after = DialReader(proposed)
    func note(_ change: ReplayChange) {
      if change.before == .escalate { result.escalateBefore += 1 }
      if change.after == .escalate { result.escalateAfter += 1 }
      guard change.before != change.after else { return }
      if let amount = change.amount {
        result.amountAtStake[amount.currency.code, default: 0] += amount.minor
      }
      result.changes.append(change)
    }
    for item in escalations {
      guard let kind = ActionKind(rawValue: item.kind) else { continue }
      result.escalationsReplayed += 1
      let dial = replayable(item.rule)
      note(
        ReplayChange(
          escalationID: item.id, actionID: nil, account: item.customerID, kind: kind,
          amount: item.amount,
          before: before.setting(kind, item.segment).outcome(item.amount, byDial: dial),
          after: after.setting(kind, item.segment).outcome(item.amount, byDial: dial),
          decision: item.decision ?? "undecided"))
    }
    for item in actions {
      guard let kind = ActionKind(rawValue: item.kind) else { continue }
      result.actionsReplayed += 1
      note(
        ReplayChange(
          escalationID: nil, actionID: item.id, account: item.customerID, kind: kind,
          amount: item.amount,
          before: before.setting(kind, item.segment).outcome(item.amount, byDial: true),
          after: after.setting(kind, item.segment).outcome(item.amount, byDial: true),
          decision: nil))
    }
    return result
  }

  /// What a policy does with an item of `kind` and `amount` that was stopped (or allowed) by
  /// `rule`. Items stopped by anything other than the dial (a flag, the tone ceiling, a judgement
  /// rule) escalate under any policy.
  public static func outcome(
    _ kind: ActionKind, _ amount: Money?, _ segment: String, rule: String, _ policy: Policy
  ) -> ReplayOutcome {
    DialSetting(policy, kind, segment).outcome(amount, byDial: replayable(rule))
  }
}

/// The dial for one kind and segment, read from a policy once.
struct DialSetting {
  var kind: ActionKind
  var stopped: Bool
  var boundary: Boundary
  var supervised: Bool
  var thresholdMinor: Int64?

  init(_ policy: Policy, _ kind: ActionKind, _ segment: String) {
    self.kind = kind
    stopped = policy.stopped(kind)
    boundary = policy.boundary(kind)
    supervised = policy.supervised(kind)
    thresholdMinor = policy.threshold(kind, segment: segment, currency: .usd)?.minor
  }

  /// `byDial`: the item was stopped or allowed by a threshold, boundary, supervision or switch.
  func outcome(_ amount: Money?, byDial: Bool) -> ReplayOutcome {
    if stopped { return .blocked }
    guard byDial else { return .escalate }
    switch boundary {
    case .never: return .blocked
    case .ask: return .escalate
    case .unattended: break
    }
    if supervised || kind.isIrreversible { return .escalate }
    guard let amount, let thresholdMinor else { return .unattended }
    return amount.minor > thresholdMinor ? .escalate : .unattended
  }
}

/// Reads dial settings from one policy, each kind and segment once.
struct DialReader {
  let policy: Policy
  var settings: [ActionKind: [String: DialSetting]] = [:]

  init(_ policy: Policy) { self.policy = policy }

  mutating func setting(_ kind: ActionKind, _ segment: String) -> DialSetting {
    if let known = settings[kind]?[segment] { return known }
    let setting = DialSetting(policy, kind, segment)
    settings[kind, default: [:]][segment] = setting
    return setting
  }
}
