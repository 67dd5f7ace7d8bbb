import ReinDomain

/// Who else is reviewing an escalation right now, for the console's queue and escalation screen.
extension Connection {
  public func liveClaims(_ ids: [Int64], except actor: String, at time: Instant)
    throws(StoreError) -> [Int64: String]
  {
    guard !ids.isEmpty else { return [:] }
    let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
    var arguments: [any SQLBindable] = ids
    arguments += [actor, time]
    // By id, a row each: left to itself, the planner would rather read every open escalation
    // through the status index.
    let found = try rows(
      """
      SELECT id, claimed_by FROM escalation NOT INDEXED
      WHERE id IN (\(marks)) AND status = 'open' AND claimed_by IS NOT NULL
        AND claimed_by <> ? AND claimed_until >= ?
      """, arguments
    ) { ($0.int(0), $0.text(1)) }
    return Dictionary(found, uniquingKeysWith: { first, _ in first })
  }
}
