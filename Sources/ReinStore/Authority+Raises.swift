import ReinDomain

/// One raise of a kind's threshold, read back from the audit trail: who raised it, when, and the
/// threshold in force before and after it for the segments it reached.
struct ThresholdRaise: Sendable, Equatable {
  /// The segments a raise reached: one, for a segment's own threshold; or every segment without
  /// a threshold of its own at the time, for the kind's threshold.
  enum Reach: Sendable, Equatable {
    case segment(String)
    case allExcept(Set<String>)
  }

  var key: String
  var actor: String
  var at: Instant
  var from: Int64
  var to: Int64
  var reach: Reach
  /// How many escalations the raise let through have been decided by someone else since.
  var decidedByOthers = 0

  func reaches(_ segment: String) -> Bool {
    switch reach {
    case .segment(let name): name == segment
    case .allExcept(let overridden): !overridden.contains(segment)
    }
  }

  /// Whether an escalation of this amount, raised then, is one the raise let through: raised
  /// after it, above the old threshold and within the new one.
  func letThrough(amount: Int64, raisedAt: Instant) -> Bool {
    raisedAt >= at && amount > from && amount <= to
  }
}

extension Connection {
  /// The raise that still holds `actor` back from approving `escalation`, if any: one of their
  /// raises (every one, not just their latest) that let this escalation through, while fewer
  /// than `raiserCoolingDecisions` of the escalations it let through have been decided by others.
  /// Their own decisions do not count; the policy a book was seeded with is no raise at all.
  func raiseHolding(_ actor: String, on escalation: Escalation, segment: String) throws
    -> ThresholdRaise?
  {
    let candidates = try thresholdRaises(of: escalation.kind).filter {
      $0.actor == actor && $0.reaches(segment)
        && $0.letThrough(amount: escalation.amount.minor, raisedAt: escalation.raisedAt)
    }
    for var raise in candidates {
      raise.decidedByOthers = try decidedByOthers(letThroughBy: raise, kind: escalation.kind)
      if raise.decidedByOthers < Connection.raiserCoolingDecisions { return raise }
    }
    return nil
  }

  /// Every raise of a kind's threshold, found by replaying the changes to the kind's threshold
  /// and its segment overrides in order from the catalogue default. Seeding (`policy.seed`) moves
  /// the thresholds but is never a raise; nor is any change that leaves a segment no higher.
  func thresholdRaises(of kind: ActionKind) throws(StoreError) -> [ThresholdRaise] {
    let base = "threshold.\(kind.rawValue)"
    guard let definition = PolicyKey.find(base) else { return [] }
    let changes = try rows(
      """
      SELECT kind, actor, at, subject, after FROM audit
      WHERE kind IN ('policy.set', 'policy.seed') AND (subject = ? OR subject GLOB ?)
      ORDER BY seq
      """, [base, "segment.*.threshold.\(kind.rawValue)"]
    ) { row in
      (
        seeded: row.text(0) == "policy.seed", actor: row.text(1), at: row.instant(2),
        key: row.text(3), value: row.optionalText(4).flatMap { Int64($0) }
      )
    }
    var global = Int64(definition.defaultValue) ?? 0
    var overrides: [String: Int64] = [:]
    var raises: [ThresholdRaise] = []
    for change in changes {
      let parts = change.key.split(separator: ".").map(String.init)
      let segment = parts.count == 4 ? parts[1] : nil
      let before = segment.map { overrides[$0] ?? global } ?? global
      let reach: ThresholdRaise.Reach =
        segment.map { .segment($0) } ?? .allExcept(Set(overrides.keys))
      if let segment {
        overrides[segment] = change.value ?? before
      } else {
        global = change.value ?? global
      }
      let after = segment.map { overrides[$0] ?? global } ?? global
      guard !change.seeded, after > before else { continue }
      raises.append(
        ThresholdRaise(
          key: change.key, actor: change.actor, at: change.at, from: before, to: after,
          reach: reach))
    }
    return raises
  }

  /// Escalations the raise let through that someone other than its author has decided.
  func decidedByOthers(letThroughBy raise: ThresholdRaise, kind: ActionKind) throws(StoreError)
    -> Int
  {
    var sql = """
      SELECT count(DISTINCT e.id) FROM escalation e
      JOIN customer c ON c.id = e.customer_id
      JOIN decision d ON d.escalation_id = e.id
      WHERE e.kind = ? AND e.raised_at >= ? AND e.amount_minor > ? AND e.amount_minor <= ?
        AND e.status != 'open' AND d.verdict IN ('approve', 'reject') AND d.actor != ?
      """
    var arguments: [any SQLBindable] = [kind.rawValue, raise.at, raise.from, raise.to, raise.actor]
    switch raise.reach {
    case .segment(let name):
      sql += " AND c.segment = ?"
      arguments.append(name)
    case .allExcept(let overridden) where !overridden.isEmpty:
      sql += " AND c.segment NOT IN (" + overridden.map { _ in "?" }.joined(separator: ", ") + ")"
      arguments += overridden.sorted().map { $0 as any SQLBindable }
    case .allExcept:
      break
    }
    return Int(try scalar(sql, arguments))
  }
}
