import ReinDomain

extension Connection {
  /// The agent's own work that the policy governs: actions of a kind the policy has a boundary
  /// for. Bookkeeping rows the agent also records (reminder drafts waiting for the send window,
  /// promises recorded, kept or broken) are left out, so a reminder drafted and later sent counts
  /// once, when it is sent.
  public static let governedActionKinds = ActionKind.allCases.map(\.rawValue)

  /// `a.kind IN ('reminder', ...)`, for the governed kinds.
  static var governedKindFilter: String {
    "a.kind IN (" + governedActionKinds.map { "'\($0)'" }.joined(separator: ", ") + ")"
  }

  public func unattendedActionFacts(since: Instant, followUpDays: Int) throws(StoreError)
    -> [ActionFact]
  {
    var facts = try rows(
      Connection.actionFactSQL + "WHERE a.unattended = 1 AND \(Connection.governedKindFilter) "
        + "AND a.at >= ? ORDER BY a.at, a.id",
      [since], Connection.readActionFact)
    try notePayments(&facts, since: since, customer: nil, followUpDays: followUpDays)
    return facts
  }

  public func unattendedActionFact(id: Int64, followUpDays: Int) throws(StoreError)
    -> ActionFact?
  {
    guard
      var fact = try row(
        Connection.actionFactSQL + "WHERE a.unattended = 1 AND \(Connection.governedKindFilter) "
          + "AND a.id = ?", [id], Connection.readActionFact)
    else { return nil }
    var facts = [fact]
    try notePayments(&facts, since: fact.at, customer: fact.customerID, followUpDays: followUpDays)
    fact = facts[0]
    return fact
  }

  /// Marks reminders followed by a payment on the account within `followUpDays`. Payments are
  /// read once and searched per account, so the cost grows with payments plus reminders rather
  /// than with their product.
  func notePayments(
    _ facts: inout [ActionFact], since: Instant, customer: String?, followUpDays: Int
  ) throws(StoreError) {
    guard facts.contains(where: { $0.kind == "reminder" }) else { return }
    var times: [String: [Int64]] = [:]
    let filter = customer == nil ? "" : "AND i.customer_id = ?"
    let arguments: [any SQLBindable] = customer.map { [since, $0] } ?? [since]
    for (account, at) in try rows(
      """
      SELECT i.customer_id, p.at FROM application p JOIN invoice i ON i.id = p.invoice_id
      WHERE p.reversed = 0 AND p.at > ? \(filter) ORDER BY p.at
      """, arguments, { ($0.text(0), $0.int(1)) })
    {
      times[account, default: []].append(at)
    }
    let window = Int64(followUpDays) * 86_400
    for index in facts.indices where facts[index].kind == "reminder" {
      let at = facts[index].at.seconds
      guard let list = times[facts[index].customerID] else { continue }
      var low = 0
      var high = list.count
      while low < high {
        let middle = (low + high) / 2
        if list[middle] <= at { low = middle + 1 } else { high = middle }
      }
      facts[index].paidAfter = low < list.count && list[low] <= at + window
    }
  }

  /// The action, its outcomes and its spot-check. An application counts as reversed when a person
  /// reversed any application of the bank line the action applied (its subject), or the
  /// application the action names.
  static let actionFactSQL = """
    SELECT a.id, a.at, a.kind, a.customer_id, coalesce(c.segment, ''), a.subject,
      a.amount_minor, a.currency, 0,
      a.kind = 'short_pay_write_off' AND EXISTS (SELECT 1 FROM dispute d
        WHERE d.customer_id = a.customer_id AND d.opened >= date(a.at, 'unixepoch')),
      a.kind = 'apply_payment' AND EXISTS (SELECT 1 FROM application p WHERE p.reversed = 1
        AND (p.bank_line_id = a.subject OR p.id = a.subject)),
      s.verdict, s.rule, s.at
    FROM agent_action a LEFT JOIN customer c ON c.id = a.customer_id
      LEFT JOIN spot_check s ON s.action_id = a.id

    """

  static func readActionFact(_ row: Row) throws(StoreError) -> ActionFact {
    var amount: Money?
    if !row.isNull(6), !row.isNull(7) { amount = try row.money(6, currency: 7) }
    return ActionFact(
      id: row.int(0), at: row.instant(1), kind: row.text(2), customerID: row.text(3),
      segment: row.text(4), subject: row.optionalText(5), amount: amount, unattended: true,
      paidAfter: row.bool(8), disputedAfter: row.bool(9), reversed: row.bool(10),
      spotCheck: row.optionalText(11), spotCheckRule: row.optionalText(12),
      spotCheckedAt: row.isNull(13) ? nil : row.instant(13))
  }
}
