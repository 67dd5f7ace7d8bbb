import ReinDomain
import ReinStore

/// A change Rein makes by itself where people keep rejecting or editing the agent's work.
public struct Tightening: Sendable, Equatable {
  public var key: String
  public var before: String
  public var after: String
  public var categories: [Category]
  /// Rejections, edits and spot-check disagreements among the recent evidence.
  public var against: Int
  public var window: Int
  public var reason: String
}

/// Turning the trust dial down: automatic, bounded by the policy, audited as `rein`.
public enum TighteningRule {
  /// Decisions and spot-checks looked at per category, newest first.
  public static let window = 10

  /// Pure: the tightenings the record calls for. Evidence older than the key's last change is
  /// left out, so one run of rejections tightens once.
  public static func tightenings(
    _ record: TrackRecord, policy: Policy, changedAt: [String: Instant]
  ) -> [Tightening] {
    guard policy.value("autonomy.auto_tighten") == "on" else { return [] }
    let needed = policy.int("autonomy.tighten_after")
    var byKey: [String: Tightening] = [:]
    for entry in record.records {
      guard let key = dialKey(entry.category) else { continue }
      let since = changedAt[key] ?? Instant(seconds: Int64.min / 2)
      let recent = entry.signals.filter { $0.at > since }.suffix(window)
      let against = recent.filter(\.against).count
      guard against >= needed,
        var change = proposal(entry.category, key: key, policy: policy, currency: entry.currency)
      else { continue }
      change.against = against
      change.window = recent.count
      if var existing = byKey[key] {
        existing.categories.append(entry.category)
        if let next = Int64(change.after), let now = Int64(existing.after), next < now {
          existing.after = change.after
        }
        existing.against += against
        existing.window += recent.count
        byKey[key] = existing
      } else {
        byKey[key] = change
      }
    }
    return byKey.values.sorted { $0.key < $1.key }.map { change in
      var change = change
      let names = change.categories.map(\.description).joined(separator: "; ")
      change.reason =
        "\(change.against) of the last \(change.window) decisions and spot-checks on "
        + "\(names) were rejections, edits or disagreements; \(change.key) "
        + "\(change.before) -> \(change.after)"
      return change
    }
  }

  /// Whether Rein's tightening ever changes `key`: thresholds and supervision, nothing else. Rein
  /// also writes settings such as roles when a book is set up; those are not tightenings.
  public static func turnsTheDial(_ key: String) -> Bool {
    key.hasPrefix("threshold.") || key.hasPrefix("supervised.")
      || (key.hasPrefix("segment.") && key.contains(".threshold."))
  }

  /// The key that turns the dial for a category: its segment's threshold, or supervision for
  /// kinds without a threshold; nil for a segment name no policy key can carry.
  public static func dialKey(_ category: Category) -> String? {
    if let key = category.thresholdKey { return key }
    let hasThreshold = PolicyKey.find("threshold.\(category.kind.rawValue)") != nil
    return hasThreshold ? nil : "supervised.\(category.kind.rawValue)"
  }

  static func proposal(_ category: Category, key: String, policy: Policy, currency: Currency?)
    -> Tightening?
  {
    guard category.thresholdKey != nil else {
      guard !policy.supervised(category.kind) else { return nil }
      return Tightening(
        key: key, before: "off", after: "on", categories: [category], against: 0, window: 0,
        reason: "")
    }
    let currency = currency ?? .usd
    guard
      let current = policy.threshold(category.kind, segment: category.segment, currency: currency),
      let base = PolicyKey.find("threshold.\(category.kind.rawValue)").flatMap({
        Int64($0.defaultValue)
      })
    else { return nil }
    let step = Int64(policy.int("autonomy.tighten_step_bp"))
    let floor = base * Int64(policy.int("autonomy.tighten_floor_bp")) / 10_000
    let stepped = current.minor - current.minor * step / 10_000
    let target = max(floor, min(stepped, category.band.lowerBound(currency)))
    guard target < current.minor else { return nil }
    return Tightening(
      key: key, before: String(current.minor), after: String(target), categories: [category],
      against: 0, window: 0, reason: "")
  }

  /// When each dial key of the record's categories last changed.
  public static func lastChanges(_ connection: Connection, _ record: TrackRecord) throws
    -> [String: Instant]
  {
    var changedAt: [String: Instant] = [:]
    for entry in record.records {
      guard let key = dialKey(entry.category), changedAt[key] == nil else { continue }
      if let at = try connection.policyChangedAt(key) { changedAt[key] = at }
    }
    return changedAt
  }

  /// Applies what the record calls for, each change audited with actor `rein` and its reason.
  @discardableResult
  public static func apply(_ connection: Connection, at now: Instant) throws -> [Tightening] {
    try connection.write {
      let record = try TrackRecord.load(connection, at: now)
      let policy = try connection.policy()
      let changedAt = try lastChanges(connection, record)
      let changes = tightenings(record, policy: policy, changedAt: changedAt)
      for change in changes {
        try connection.setPolicy(
          change.key, change.after, actor: "rein", reason: change.reason, at: now)
      }
      return changes
    }
  }
}
