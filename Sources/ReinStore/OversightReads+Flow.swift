import ReinDomain

extension Connection {
  public func autonomyCounts(since: Instant) throws(StoreError) -> (
    unattended: Int, escalations: Int
  ) {
    let unattended = try scalar(
      "SELECT count(*) FROM agent_action a WHERE a.unattended = 1 AND "
        + Connection.governedKindFilter + " AND a.at >= ?", [since])
    let escalations = try scalar("SELECT count(*) FROM escalation WHERE raised_at >= ?", [since])
    return (Int(unattended), Int(escalations))
  }

  public func dailyFlow(since: Instant, days: Int) throws(StoreError) -> (
    inflow: [Int], outflow: [Int]
  ) {
    var inflow = [Int](repeating: 0, count: max(0, days))
    var outflow = inflow
    let end = since.adding(seconds: Int64(days) * 86_400)
    for (day, count) in try rows(
      """
      SELECT (raised_at - ?1) / 86400, count(*) FROM escalation
      WHERE raised_at >= ?1 AND raised_at < ?2 GROUP BY 1
      """, [since, end], { (Int($0.int(0)), Int($0.int(1))) })
    where inflow.indices.contains(day) {
      inflow[day] = count
    }
    for (day, count) in try rows(
      """
      SELECT (at - ?1) / 86400, count(*) FROM decision
      WHERE at >= ?1 AND at < ?2 AND verdict IN ('approve', 'reject', 'defer') GROUP BY 1
      """, [since, end], { (Int($0.int(0)), Int($0.int(1))) })
    where outflow.indices.contains(day) {
      outflow[day] = count
    }
    return (inflow, outflow)
  }

  public func automaticPolicyChanges(limit: Int) throws(StoreError) -> [AuditEntry] {
    try rows(
      """
      SELECT seq, at, actor, kind, account, subject, read, reason, before, after, trace,
        prev_hash, hash FROM audit WHERE actor = 'rein' AND kind = 'policy.set'
      ORDER BY seq DESC LIMIT ?
      """, [limit]
    ) {
      AuditEntry(
        seq: $0.int(0), at: $0.instant(1), actor: $0.text(2), kind: $0.text(3),
        account: $0.optionalText(4), subject: $0.optionalText(5), read: $0.optionalText(6),
        reason: $0.text(7), before: $0.optionalText(8), after: $0.optionalText(9),
        trace: $0.optionalText(10), prevHash: $0.text(11), hash: $0.text(12))
    }
  }

  public func policyChangedAt(_ key: String) throws(StoreError) -> Instant? {
    try row("SELECT changed_at FROM policy_setting WHERE key = ?", [key]) { $0.instant(0) }
  }

  public func keysLastChangedByRein() throws(StoreError) -> [String: Instant] {
    var keys: [String: Instant] = [:]
    for (key, at) in try rows(
      "SELECT key, changed_at FROM policy_setting WHERE changed_by = 'rein'", [],
      { ($0.text(0), $0.instant(1)) })
    {
      keys[key] = at
    }
    return keys
  }
}
