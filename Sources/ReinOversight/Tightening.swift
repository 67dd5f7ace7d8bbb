import ReinDomain
import ReinStore

/// A change Rein makes by itself where people keep rejecting or editing the agent's work.
public struct Tightening: Sendable, Equatable {
  public var key: String
  public var before: String
  public var after: String
  /// The currency the record's amounts are in, for a threshold key.
  public var currency: Currency?
  /// Rejections, edits and spot-check disagreements among the recent evidence.
  public var against: Int
  public var window: Int
  public var reason: String

  /// `before -> after` as people read it: amounts with their currency, switches as they are.
  public var change: String {
    Figures.setting(before, key: key, currency) + " -> "
      + Figures.setting(after, key: key, currency)
  }
}

/// Turning the trust dial down: automatic, bounded by the policy, audited as `rein`.
///
/// A threshold key is tightened only from its own record: rejections and edits of escalations it
/// stopped, and disagreements with unattended actions it allowed. One tightening lowers it by
/// `autonomy.tighten_step_bp`, never below `autonomy.tighten_floor_bp` of the default. A kind
/// without a threshold is put in supervised mode instead, from the decisions its own rules raised
/// and the spot-checks of its unattended actions.
public enum TighteningRule {
  /// Decisions and spot-checks looked at per key, newest first.
  public static let window = 10

  /// Pure: the tightenings the evidence calls for. Evidence older than the key's last change is
  /// left out, so one run of rejections tightens once.
  public static func tightenings(
    _ evidence: [String: DialEvidence], policy: Policy, changedAt: [String: Instant]
  ) -> [Tightening] {
    guard policy.value("autonomy.auto_tighten") == "on" else { return [] }
    let needed = policy.int("autonomy.tighten_after")
    var changes: [Tightening] = []
    for key in evidence.keys.sorted() {
      guard let record = evidence[key] else { continue }
      let since = changedAt[key] ?? Instant(seconds: Int64.min / 2)
      var signals: [(at: Instant, against: Bool)] = record.decisions.compactMap { fact in
        guard fact.at > since, fact.verdict != "defer" else { return nil }
        return (fact.at, fact.verdict == "reject" || fact.edited)
      }
      signals += record.spotChecks.filter { $0.at > since }.map { ($0.at, $0.disagreed) }
      signals.sort { $0.at < $1.at }
      let recent = signals.suffix(window)
      let against = recent.filter(\.against).count
      guard against >= needed, var change = step(record, policy: policy) else { continue }
      change.against = against
      change.window = recent.count
      let subject =
        ThresholdKeys.parse(key) == nil
        ? "\(record.kind.label) work" : "escalations \(key) stopped and actions it allowed"
      change.reason =
        "\(against) of the last \(recent.count) decisions and spot-checks on \(subject) were "
        + "rejections, edits or disagreements; \(key) \(change.change)"
      changes.append(change)
    }
    return changes
  }

  /// Whether Rein's tightening ever changes `key`: thresholds and supervision, nothing else. Rein
  /// also writes settings such as roles when a book is set up; those are not tightenings.
  public static func turnsTheDial(_ key: String) -> Bool {
    ThresholdKeys.parse(key) != nil || key.hasPrefix("supervised.")
  }

  /// One step down for the key: the threshold less the step, within the floor; supervision on
  /// for a kind without a threshold. Nil when the key is already as tight as Rein may make it.
  static func step(_ record: DialEvidence, policy: Policy) -> Tightening? {
    guard ThresholdKeys.parse(record.key) != nil else {
      guard record.key.hasPrefix("supervised."), !policy.supervised(record.kind) else {
        return nil
      }
      return Tightening(
        key: record.key, before: "off", after: "on", currency: nil, against: 0, window: 0,
        reason: "")
    }
    guard let current = policy.thresholdMinor(record.key),
      let base = PolicyKey.find("threshold.\(record.kind.rawValue)").flatMap({
        Int64($0.defaultValue)
      })
    else { return nil }
    let stepBP = Int64(policy.int("autonomy.tighten_step_bp"))
    let floor = base * Int64(policy.int("autonomy.tighten_floor_bp")) / 10_000
    let target = max(floor, current - current * stepBP / 10_000)
    guard target < current else { return nil }
    return Tightening(
      key: record.key, before: String(current), after: String(target),
      currency: record.currency, against: 0, window: 0, reason: "")
  }

  /// When each key of the evidence last changed.
  public static func lastChanges(
    _ connection: any OversightStore, _ evidence: [String: DialEvidence]
  )
    throws -> [String: Instant]
  {
    var changedAt: [String: Instant] = [:]
    for key in evidence.keys {
      if let at = try connection.policyChangedAt(key) { changedAt[key] = at }
    }
    return changedAt
  }

  /// Applies what the record calls for, each change audited with actor `rein` and its reason.
  @discardableResult
  public static func apply(_ connection: any OversightStore, at now: Instant) throws -> [Tightening]
  {
    try connection.write {
      let facts = try RecordedFacts.load(connection, at: now)
      let policy = try connection.policy()
      let evidence = DialEvidence.collect(
        decisions: facts.decisions, actions: facts.actions, policy: policy)
      let changes = tightenings(
        evidence, policy: policy, changedAt: try lastChanges(connection, evidence))
      for change in changes {
        try connection.setPolicy(
          change.key, change.after, actor: "rein", reason: change.reason, at: now)
      }
      return changes
    }
  }
}
