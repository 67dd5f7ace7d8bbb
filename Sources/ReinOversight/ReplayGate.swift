import ReinDomain
import ReinStore

/// The agent's policy gate, replayed on what was recorded about an item: its kind, the account's
/// segment, the amount the gate compared, the rule that stopped it and, for reminders, the tone.
///
/// The rules run in the gate's order: stop switches and the `never` boundary hold; a flagged
/// account, the `ask` boundary, the human floor, supervision, the threshold and the tone ceiling
/// escalate. Judgement calls (reviews, payment plans, credit extensions) go to a person whatever
/// the policy says, as the agent raises them.
struct ReplayGate {
  let policy: Policy

  static let alwaysAsked: Set<ActionKind> = [.review, .paymentPlan, .creditExtension]

  /// What the policy does with a recorded escalation.
  func outcome(of item: EscalationFact, _ kind: ActionKind) -> ReplayOutcome {
    if ReplayGate.alwaysAsked.contains(kind) { return .escalate }
    if let held = holds(kind) { return held }
    if item.rule.hasPrefix("flag.") { return .escalate }
    if let asked = asks(kind) { return asked }
    // A rule of the agent's own (not one of the gate's) stops the item whatever the dial says.
    if !ReplayGate.isGateRule(item.rule) { return .escalate }
    if exceeds(kind, segment: item.segment, item.amount) { return .escalate }
    if item.rule == "tone.ceiling" { return .escalate }
    if let tone = item.tone.flatMap(Tone.init(rawValue:)), tone > policy.toneCeiling {
      return .escalate
    }
    return .unattended
  }

  /// What the policy does with an action the agent took alone: the account was not flagged and
  /// the tone was within the ceiling when it went, so only the dial can change it.
  func outcome(of item: ActionFact, _ kind: ActionKind) -> ReplayOutcome {
    if ReplayGate.alwaysAsked.contains(kind) { return .escalate }
    if let held = holds(kind) { return held }
    if let asked = asks(kind) { return asked }
    if let amount = item.amount, exceeds(kind, segment: item.segment, amount) { return .escalate }
    return .unattended
  }

  func holds(_ kind: ActionKind) -> ReplayOutcome? {
    policy.stopped(kind) || policy.boundary(kind) == .never ? .blocked : nil
  }

  func asks(_ kind: ActionKind) -> ReplayOutcome? {
    if policy.boundary(kind) == .ask || kind.isIrreversible || policy.supervised(kind) {
      return .escalate
    }
    return nil
  }

  func exceeds(_ kind: ActionKind, segment: String, _ amount: Money) -> Bool {
    guard let limit = policy.threshold(kind, segment: segment, currency: amount.currency) else {
      return false
    }
    return amount.minor > limit.minor
  }

  /// Rules the gate itself writes: switches, boundaries, flags, the floor, supervision, thresholds
  /// and the tone ceiling.
  static func isGateRule(_ rule: String) -> Bool {
    ThresholdKeys.parse(rule) != nil || rule == "tone.ceiling"
      || ["stop.", "boundary.", "flag.", "floor.", "supervised."].contains(where: rule.hasPrefix)
  }
}
