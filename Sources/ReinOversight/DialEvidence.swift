import ReinDomain
import ReinStore

/// A controller's verdict on one unattended action, as evidence about the key that allowed it.
public struct SpotCheckSignal: Sendable, Equatable {
  public var actionID: Int64
  public var at: Instant
  public var disagreed: Bool
}

/// What the record says about one key of the dial: the decisions on escalations that key
/// stopped, and the spot-checks of unattended actions it allowed. Nothing else speaks for or
/// against it: an escalation stopped by a flag or the tone ceiling says nothing about an amount
/// threshold.
public struct DialEvidence: Sendable, Equatable {
  public var key: String
  public var kind: ActionKind
  /// The decision that settled each escalation, oldest first.
  public var decisions: [DecisionFact] = []
  /// Spot-checks in the order they were recorded.
  public var spotChecks: [SpotCheckSignal] = []

  public init(key: String, kind: ActionKind) {
    self.key = key
    self.kind = kind
  }

  /// The currency of the amounts the evidence is about.
  public var currency: Currency?

  /// Rules the policy's gate applies before or after the amount: none of them is a threshold and
  /// none of them is the agent's own judgement.
  static let gatePrefixes = ["stop.", "boundary.", "flag.", "floor.", "supervised.", "tone."]

  /// The key a decision speaks about under `policy`: the threshold that stopped the escalation
  /// while it still governs the account's segment, or for kinds without a threshold, their
  /// supervision when the agent's own rule raised it.
  static func key(of fact: DecisionFact, _ kind: ActionKind, policy: Policy) -> String? {
    if let parsed = ThresholdKeys.parse(fact.rule) {
      guard parsed.kind == kind, policy.thresholdKey(kind, segment: fact.segment) == fact.rule
      else { return nil }
      return fact.rule
    }
    guard policy.thresholdKey(kind, segment: fact.segment) == nil,
      !gatePrefixes.contains(where: fact.rule.hasPrefix)
    else { return nil }
    return "supervised.\(kind.rawValue)"
  }

  /// The key a spot-check speaks about: the threshold that allowed the action while it still
  /// governs the segment, or for kinds without a threshold, their supervision.
  static func key(of fact: ActionFact, _ kind: ActionKind, policy: Policy) -> String? {
    guard let rule = fact.spotCheckRule else { return nil }
    let governing = policy.thresholdKey(kind, segment: fact.segment)
    if let governing { return rule == governing ? rule : nil }
    return "supervised.\(kind.rawValue)"
  }

  /// Pure: the evidence per key, from the decisions and unattended actions of the record.
  public static func collect(
    decisions: [DecisionFact], actions: [ActionFact], policy: Policy
  ) -> [String: DialEvidence] {
    var byKey: [String: DialEvidence] = [:]
    for fact in decisions {
      guard let kind = ActionKind(rawValue: fact.kind),
        let key = key(of: fact, kind, policy: policy)
      else { continue }
      byKey[key, default: DialEvidence(key: key, kind: kind)].decisions.append(fact)
      byKey[key]?.currency = fact.amount.currency
    }
    for fact in actions {
      guard let verdict = fact.spotCheck, let kind = ActionKind(rawValue: fact.kind),
        let key = key(of: fact, kind, policy: policy)
      else { continue }
      byKey[key, default: DialEvidence(key: key, kind: kind)].spotChecks.append(
        SpotCheckSignal(
          actionID: fact.id, at: fact.spotCheckedAt ?? fact.at, disagreed: verdict == "disagree"))
      if byKey[key]?.currency == nil { byKey[key]?.currency = fact.amount?.currency }
    }
    for key in byKey.keys {
      byKey[key]?.decisions.sort { ($0.at, $0.escalationID) < ($1.at, $1.escalationID) }
      byKey[key]?.spotChecks.sort { ($0.at, $0.actionID) < ($1.at, $1.actionID) }
    }
    return byKey
  }
}

/// The facts the trust dial is read from, for one moment.
public struct RecordedFacts: Sendable, Equatable {
  public var decisions: [DecisionFact]
  public var actions: [ActionFact]
  public var followUpDays: Int
  public var at: Instant

  /// Days of evidence the track record, proposals and tightenings look at.
  public static let days = 90

  /// Reads the last 90 days of decisions and unattended actions; reminders are followed up for
  /// `autonomy.follow_up_days`.
  public static func load(_ connection: any OversightStore, at now: Instant) throws -> RecordedFacts
  {
    try connection.read {
      let since = now.adding(seconds: -Int64(days) * 86_400)
      let followUp = max(1, try connection.policy().int("autonomy.follow_up_days"))
      return RecordedFacts(
        decisions: try connection.decisionFacts(since: since),
        actions: try connection.unattendedActionFacts(since: since, followUpDays: followUp),
        followUpDays: followUp, at: now)
    }
  }
}
