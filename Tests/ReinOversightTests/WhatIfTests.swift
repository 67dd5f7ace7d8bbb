import ReinDomain
import ReinOversight
import ReinStore
import Testing

@Suite struct WhatIfTests {
  /// Forty days of reminders escalated by the 50,000.00 threshold (some rejected or edited),
  /// escalations no threshold can change, and unattended reminders below the threshold.
  func history() throws -> Book {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    try book.customer("E1", segment: "enterprise")
    let verdicts = ["approve", "reject", "approve", "edit", "approve", "none", "reject", "defer"]
    for index in 0..<40 {
      let customer = index % 3 == 0 ? "E1" : "S1"
      let id = try book.escalation(
        customer: customer, kind: .reminder, amount: 50_000_01 + Int64(index) * 2_500_00,
        rule: "threshold.reminder", raised: book.ago(days: 39 - index, hours: 2))
      switch verdicts[index % verdicts.count] {
      case "none": break
      case "edit": try book.decide(id, "approve", at: book.ago(days: 39 - index), edited: true)
      case let verdict:
        try book.decide(
          id, verdict, at: book.ago(days: 39 - index),
          rejectReason: verdict == "reject" ? "customer_relationship" : nil)
      }
    }
    for index in 0..<6 {
      try book.escalation(
        customer: "S1", kind: .reminder, amount: 10_000_00, rule: "flag.S1",
        raised: book.ago(days: index * 7))
      try book.escalation(
        customer: "E1", kind: .writeOff, amount: 700_00, rule: "threshold.write_off",
        raised: book.ago(days: index * 6))
    }
    for index in 0..<30 {
      try book.action(
        kind: .reminder, customer: index % 2 == 0 ? "S1" : "E1",
        amount: 1_000_00 + Int64(index) * 1_600_00, at: book.ago(days: index, hours: 1))
    }
    try book.action(kind: .reminder, customer: "S1", amount: nil, at: book.ago(days: 3))
    return book
  }

  func window(_ book: Book, days: Int) -> Instant { book.ago(days: days) }

  @Test func loosenedThresholdCountsMatchTheRecordedDecisions() throws {
    let book = try history()
    let result = try WhatIf.replay(
      book.connection, key: "threshold.reminder", value: "12000000", days: 30, at: book.now)
    let since = window(book, days: 30)
    let escalations = try book.count(
      "SELECT count(*) FROM escalation WHERE raised_at >= ?", [since])
    let actions = try book.count(
      "SELECT count(*) FROM agent_action WHERE unattended = 1 AND at >= ?", [since])
    let moved = """
      FROM escalation e WHERE e.raised_at >= ? AND e.kind = 'reminder'
        AND e.rule = 'threshold.reminder' AND e.amount_minor <= 12000000
      """
    let fewer = try book.count("SELECT count(*) " + moved, [since])
    let rejected = try book.count(
      "SELECT count(*) " + moved
        + " AND (SELECT verdict FROM decision d WHERE d.escalation_id = e.id) = 'reject'",
      [since])
    #expect(result.escalationsReplayed == escalations)
    #expect(result.actionsReplayed == actions)
    #expect(result.replayed == escalations + actions)
    #expect(result.escalateBefore == escalations)
    #expect(result.escalateAfter == escalations - fewer)
    #expect(result.fewer.count == fewer)
    #expect(result.more.isEmpty)
    #expect(fewer > 0 && rejected > 0)
    #expect(
      result.headline.hasPrefix("\(fewer) fewer escalations; \(rejected) of them were rejected"))
    let stake = try book.connection.scalar(
      "SELECT sum(amount_minor) " + moved, [since])
    #expect(result.amountAtStake["USD"] == stake)
    let undecided = result.fewer.filter { $0.decision == "undecided" }.count
    let undecidedSQL = try book.count(
      "SELECT count(*) " + moved
        + " AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.escalation_id = e.id)", [since])
    #expect(undecided == undecidedSQL)
    #expect(try book.count("SELECT count(*) FROM policy_setting WHERE key != 'role.anna'") == 0)
  }

  @Test func tightenedThresholdSendsUnattendedActionsToPeople() throws {
    let book = try history()
    let result = try WhatIf.replay(
      book.connection, key: "segment.smb.threshold.reminder", value: "2000000", days: 14,
      at: book.now)
    let since = window(book, days: 14)
    let escalations = try book.count(
      "SELECT count(*) FROM escalation WHERE raised_at >= ?", [since])
    let more = try book.count(
      """
      SELECT count(*) FROM agent_action a JOIN customer c ON c.id = a.customer_id
      WHERE a.unattended = 1 AND a.at >= ? AND c.segment = 'smb' AND a.amount_minor > 2000000
      """, [since])
    #expect(more > 0)
    #expect(result.escalateBefore == escalations)
    #expect(result.escalateAfter == escalations + more)
    #expect(result.more.count == more)
    #expect(result.more.allSatisfy { $0.account == "S1" && $0.decision == nil })
  }

  @Test func stopSwitchAndRefusedKeys() throws {
    let book = try history()
    let result = try WhatIf.replay(
      book.connection, key: "stop.reminder", value: "on", days: 30, at: book.now)
    let since = window(book, days: 30)
    let writeOffs = try book.count(
      "SELECT count(*) FROM escalation WHERE raised_at >= ? AND kind = 'write_off'", [since])
    let reminders = try book.count(
      "SELECT count(*) FROM escalation WHERE raised_at >= ? AND kind = 'reminder'", [since])
    let actions = try book.count(
      "SELECT count(*) FROM agent_action WHERE at >= ? AND kind = 'reminder'", [since])
    #expect(result.escalateAfter == writeOffs)
    #expect(result.changes.filter { $0.after == .blocked }.count == reminders + actions)
    #expect(throws: OversightError.self) {
      try WhatIf.replay(book.connection, key: "tone.ceiling", value: "soft", days: 30, at: book.now)
    }
    #expect(throws: PolicyError.self) {
      try WhatIf.replay(
        book.connection, key: "threshold.reminder", value: "-5", days: 30, at: book.now)
    }
  }

  @Test func aNeverBoundaryHoldsEveryItemOfItsKindFlaggedOnesToo() throws {
    let book = try history()
    let result = try WhatIf.replay(
      book.connection, key: "boundary.reminder", value: "never", days: 30, at: book.now)
    let since = window(book, days: 30)
    let reminders = try book.count(
      "SELECT count(*) FROM escalation WHERE raised_at >= ? AND kind = 'reminder'", [since])
    let flagged = try book.count(
      """
      SELECT count(*) FROM escalation
      WHERE raised_at >= ? AND kind = 'reminder' AND rule LIKE 'flag.%'
      """, [since])
    let actions = try book.count(
      "SELECT count(*) FROM agent_action WHERE unattended = 1 AND kind = 'reminder' AND at >= ?",
      [since])
    let others = try book.count(
      "SELECT count(*) FROM escalation WHERE raised_at >= ? AND kind != 'reminder'", [since])
    #expect(flagged > 0)
    #expect(result.newlyHeld.count == reminders + actions)
    #expect(result.after[.blocked] == reminders + actions)
    #expect(result.escalateAfter == others)
    #expect(result.fewer.isEmpty && result.more.isEmpty)
    #expect(result.headline.contains("\(reminders + actions) would have been held"))
  }

  @Test func anAskBoundarySendsEveryUnattendedItemOfItsKindToAPerson() throws {
    let book = try history()
    let result = try WhatIf.replay(
      book.connection, key: "boundary.reminder", value: "ask", days: 30, at: book.now)
    let since = window(book, days: 30)
    let actions = try book.count(
      "SELECT count(*) FROM agent_action WHERE unattended = 1 AND kind = 'reminder' AND at >= ?",
      [since])
    #expect(actions > 0)
    #expect(result.more.count == actions)
    #expect(result.escalateAfter == result.escalateBefore + actions)
    #expect(result.changes.count == actions)
  }

  @Test func decisionsReplayedAreTheDecisionsPeopleRecorded() throws {
    let book = try history()
    // A first approval still waiting for its second approver is not a decision yet.
    let waiting = try book.escalation(
      customer: "S1", kind: .reminder, amount: 90_000_00, rule: "threshold.reminder",
      raised: book.ago(days: 2))
    try book.decide(waiting, "approve", at: book.ago(days: 1))
    try book.connection.run("UPDATE escalation SET status = 'open' WHERE id = ?", [waiting])
    let result = try WhatIf.replay(
      book.connection, key: "threshold.reminder", value: "9000000", days: 30, at: book.now)
    let since = window(book, days: 30)
    let decided = try book.count(
      """
      SELECT count(*) FROM escalation e WHERE e.raised_at >= ? AND e.status != 'open'
        AND (SELECT d.verdict FROM decision d WHERE d.escalation_id = e.id
          ORDER BY d.id DESC LIMIT 1) IN ('approve', 'reject', 'defer')
      """, [since])
    let escalations = try book.count(
      "SELECT count(*) FROM escalation WHERE raised_at >= ?", [since])
    #expect(result.decisionsReplayed == decided)
    #expect(result.escalationsReplayed == escalations)
    #expect(decided < escalations)
  }
}
