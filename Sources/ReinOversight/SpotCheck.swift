import ReinDomain
import ReinStore

/// One unattended action drawn for a controller to check, with the rule that let it through.
public struct SpotCheckItem: Sendable, Equatable {
  public var action: ActionFact
  public var category: Category
  public var rule: String
}

/// Spot-checks: a reproducible, stratified sample of the agent's unattended work, and the
/// controllers' verdicts on it.
public enum SpotCheck {
  /// How many actions to draw from a category: more where people have decided little of it.
  public static func quota(decisions: Int, available: Int, base: Int = 1) -> Int {
    let extra =
      switch decisions {
      case ..<5: 2
      case ..<20: 1
      default: 0
      }
    return min(available, base + extra)
  }

  /// Pure: draws from every category that has unchecked actions. Categories are visited in a
  /// fixed order and actions sorted by id first, so one seed always gives one sample.
  public static func sample(
    actions: [ActionFact], record: TrackRecord, policy: Policy, seed: UInt64, base: Int = 1
  ) -> [SpotCheckItem] {
    var byCategory: [Category: [ActionFact]] = [:]
    for action in actions where action.unattended && action.spotCheck == nil {
      guard let kind = ActionKind(rawValue: action.kind) else { continue }
      let category = Category(kind: kind, segment: action.segment, band: AmountBand(action.amount))
      byCategory[category, default: []].append(action)
    }
    var generator = SplitMix64(seed: seed)
    var items: [SpotCheckItem] = []
    for category in byCategory.keys.sorted() {
      var pool = (byCategory[category] ?? []).sorted { $0.id < $1.id }
      let decided = record.record(category)?.last90.decisions ?? 0
      let count = quota(decisions: decided, available: pool.count, base: base)
      for index in 0..<count {
        pool.swapAt(index, index + generator.below(pool.count - index))
      }
      let rule = policy.allowingRule(category.kind, segment: category.segment)
      items += pool.prefix(count).sorted { $0.id < $1.id }.map {
        SpotCheckItem(action: $0, category: category, rule: rule)
      }
    }
    return items
  }

  /// The review set for the last `days` days, drawn with `seed`.
  public static func reviewSet(
    _ connection: any OversightStore, seed: UInt64, days: Int = 30, at now: Instant
  ) throws -> [SpotCheckItem] {
    try connection.read {
      let record = try TrackRecord.load(connection, at: now)
      let actions = try connection.unattendedActionFacts(
        since: now.adding(seconds: -Int64(days) * 86_400))
      return sample(actions: actions, record: record, policy: try connection.policy(), seed: seed)
    }
  }

  /// Records a controller's verdict on one unattended action, with its audit entry, in one
  /// transaction. A disagreement counts against the category and names the rule that allowed it.
  @discardableResult
  public static func record(
    _ connection: any OversightStore, actionID: Int64, agree: Bool, reason: String, actor: String,
    seed: UInt64, at now: Instant
  ) throws -> SpotCheckItem {
    let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !why.isEmpty else {
      throw OversightError("a spot-check of action \(actionID) needs a reason")
    }
    return try connection.write {
      if let refusal = try connection.spotCheckRefusal(for: actor) {
        throw OversightError(refusal)
      }
      guard let action = try connection.unattendedActionFact(id: actionID) else {
        throw OversightError("no unattended agent action \(actionID) to spot-check")
      }
      if let verdict = action.spotCheck {
        throw OversightError("action \(actionID) was already spot-checked (\(verdict))")
      }
      guard let kind = ActionKind(rawValue: action.kind) else {
        throw OversightError("action \(actionID) has an unknown kind '\(action.kind)'")
      }
      let category = Category(kind: kind, segment: action.segment, band: AmountBand(action.amount))
      // Limitation: the rule is the one in force when the check is recorded; the policy keeps
      // no per-key history outside the audit trail to say which value allowed the action then.
      let rule = try connection.policy().allowingRule(kind, segment: action.segment)
      let verdict = agree ? "agree" : "disagree"
      try connection.recordSpotCheck(
        action: actionID, customerID: action.customerID, verdict: verdict, reason: why,
        rule: rule, category: category.key, seed: seed, actor: actor, at: now)
      return SpotCheckItem(action: action, category: category, rule: rule)
    }
  }
}
