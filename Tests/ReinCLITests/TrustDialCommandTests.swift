import Foundation
import ReinCLI
import ReinDomain
import ReinStore
import Testing

/// `rein policy whatif`, `rein report --json` and `rein reverse` on the sample book after a
/// simulated month, each figure recomputed by the test's own SQL over the same database.
@Suite struct TrustDialCommandTests {
  static let since = TrustMonth.end.adding(seconds: -30 * 86_400)
  static let judgementKinds = ActionKind.allCases.filter(\.isJudgementCall).map(\.rawValue)

  /// The policy in force as SQL: each threshold's value (the segment's own first) and whether a
  /// kind is supervised, with the catalogue's defaults for keys the book never set.
  static var policySQL: String {
    let defaults = PolicyKey.catalogue.filter { $0.name.hasPrefix("threshold.") }
      .map { "('\($0.name)', \($0.defaultValue))" }.joined(separator: ", ")
    let judgement = judgementKinds.map { "'\($0)'" }.joined(separator: ", ")
    return """
      WITH base(key, value) AS (VALUES \(defaults)),
      facts AS (
        SELECT a.id, a.kind, a.amount_minor, a.trace, c.segment,
          coalesce(
            (SELECT CAST(value AS INTEGER) FROM policy_setting
              WHERE key = 'segment.' || c.segment || '.threshold.' || a.kind),
            (SELECT CAST(value AS INTEGER) FROM policy_setting
              WHERE key = 'threshold.' || a.kind),
            (SELECT value FROM base WHERE key = 'threshold.' || a.kind)) AS threshold,
          coalesce((SELECT value FROM policy_setting WHERE key = 'supervised.' || a.kind),
            CASE WHEN a.kind IN (\(judgement)) THEN 'on' ELSE 'off' END) = 'on' AS supervised,
          EXISTS (SELECT 1 FROM policy_setting
            WHERE key = 'segment.' || c.segment || '.threshold.' || a.kind) AS own
        FROM agent_action a JOIN customer c ON c.id = a.customer_id
        WHERE a.unattended = 1 AND a.at >= ?1
          AND a.kind IN (\(ActionKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))))

      """
  }

  /// The balance the agent read before a reminder: the open invoices in its trace.
  static func balance(_ traceJSON: String) throws -> Int64 {
    let trace = try JSONDecoder().decode(Trace.self, from: Data(traceJSON.utf8))
    let read = try #require(trace.read.first { $0.subject.hasPrefix("open_invoices.") })
    return try read.value.split(separator: ",").reduce(0) { sum, entry in
      let amount = try #require(entry.split(separator: "=").last?.split(separator: " ").first)
      return sum + (try #require(Int64(amount)))
    }
  }

  struct Counts {
    var escalations = 0
    var decisions = 0
    var actions = 0
    var actionsEscalatingNow = 0
  }

  func counts(_ connection: Connection) throws -> Counts {
    var counts = Counts()
    counts.escalations = Int(
      try connection.scalar("SELECT count(*) FROM escalation WHERE raised_at >= ?", [Self.since]))
    counts.decisions = Int(
      try connection.scalar(
        """
        SELECT count(*) FROM escalation e WHERE e.raised_at >= ?
          AND (SELECT d.verdict FROM decision d WHERE d.escalation_id = e.id
              AND d.verdict != 'reassign' ORDER BY d.id DESC LIMIT 1)
            IN ('approve', 'reject', 'defer')
          AND NOT (e.status = 'open' AND (SELECT d.verdict FROM decision d
              WHERE d.escalation_id = e.id AND d.verdict != 'reassign'
              ORDER BY d.id DESC LIMIT 1) = 'approve')
        """, [Self.since]))
    counts.actions = Int(
      try connection.scalar(Self.policySQL + "SELECT count(*) FROM facts", [Self.since]))
    counts.actionsEscalatingNow = Int(
      try connection.scalar(
        Self.policySQL + "SELECT count(*) FROM facts WHERE supervised OR amount_minor > threshold",
        [Self.since]))
    return counts
  }

  @Test func whatIfCountsMatchTheRecordedMonthRecomputedBySQL() throws {
    let month = try TrustMonth()
    let connection = try month.connection()
    let counts = try counts(connection)
    #expect(counts.escalations > 20 && counts.decisions >= 5 && counts.actions > 10)
    #expect(counts.decisions < counts.escalations)

    // Every unattended reminder was gated on the balance the agent read.
    let reminders = try connection.rows(
      Self.policySQL
        + """
        SELECT amount_minor, trace, own, supervised, threshold FROM facts
        WHERE kind = 'reminder'
        """,
      [Self.since]
    ) { ($0.int(0), $0.text(1), $0.bool(2), $0.bool(3), $0.int(4)) }
    #expect(!reminders.isEmpty)
    for reminder in reminders { #expect(reminder.0 == (try Self.balance(reminder.1))) }

    let ceiling =
      try connection.row(
        "SELECT value FROM policy_setting WHERE key = 'tone.ceiling'"
      ) { $0.text(0) } ?? "firm"
    // Tones above the ceiling, as an SQL list ('' keeps it from being empty).
    let above =
      (Tone.allCases.filter { $0.rank > (Tone(rawValue: ceiling)?.rank ?? 2) }
      .map { "'\($0.rawValue)'" } + ["''"]).joined(separator: ", ")
    for value: Int64 in [1_000_00, 400_000_00] {
      let result = try month.json(
        ["policy", "whatif", "threshold.reminder", String(value), "--days", "30"])
      #expect(result["decisions_replayed"] as? Int == counts.decisions)
      #expect(result["escalations_replayed"] as? Int == counts.escalations)
      #expect(result["unattended_actions_replayed"] as? Int == counts.actions)
      #expect(result["items_replayed"] as? Int == counts.escalations + counts.actions)
      let before = counts.escalations + counts.actionsEscalatingNow
      #expect(result["would_escalate_before"] as? Int == before)

      // Escalations the book-wide threshold stopped that the value lets through.
      let fewer = Int(
        try connection.scalar(
          """
          SELECT count(*) FROM escalation e JOIN customer c ON c.id = e.customer_id
          WHERE e.raised_at >= ? AND e.kind = 'reminder' AND e.rule = 'threshold.reminder'
            AND e.amount_minor <= ?
            AND coalesce(json_extract(e.parameters, '$.tone'), '') NOT IN (\(above))
            AND NOT EXISTS (SELECT 1 FROM policy_setting
              WHERE key = 'segment.' || c.segment || '.threshold.reminder')
          """, [Self.since, value]))
      // Unattended reminders under the book-wide threshold whose balance is above the value.
      let more = try reminders.filter { reminder in
        let balance = try Self.balance(reminder.1)
        return !reminder.2 && !reminder.3 && reminder.0 <= reminder.4 && balance > value
      }.count
      #expect(result["fewer_escalations"] as? Int == fewer)
      #expect(result["more_escalations"] as? Int == more)
      #expect(result["would_escalate_after"] as? Int == before - fewer + more)
    }
    let smaller = try month.json(["policy", "whatif", "threshold.reminder", "100000"])
    let larger = try month.json(["policy", "whatif", "threshold.reminder", "40000000"])
    #expect((smaller["more_escalations"] as? Int ?? 0) > 0)
    #expect((larger["fewer_escalations"] as? Int ?? 0) > 0)

    // A never boundary holds every reminder, proposed or sent.
    let never = try month.json(["policy", "whatif", "boundary.reminder", "never"])
    let proposed = Int(
      try connection.scalar(
        "SELECT count(*) FROM escalation WHERE raised_at >= ? AND kind = 'reminder'",
        [Self.since]))
    #expect(never["newly_held"] as? Int == proposed + reminders.count)
    let escalatingReminders = reminders.filter { $0.3 || $0.0 > $0.4 }.count
    #expect(
      never["would_escalate_after"] as? Int
        == counts.escalations + counts.actionsEscalatingNow - proposed - escalatingReminders)
    #expect(try connection.scalar("SELECT count(*) FROM audit WHERE kind = 'policy.whatif'") == 0)
  }

  @Test func reportFiguresMatchIndependentSQLThroughTheCommandLine() throws {
    let month = try TrustMonth()
    let connection = try month.connection()
    let report = try month.json(["report"])
    let today = TrustMonth.end.day
    let currency = try #require(report["currency"] as? String)

    func open(_ condition: String) throws -> Int64 {
      try connection.scalar(
        """
        SELECT coalesce(sum(open_minor), 0) FROM invoice
        WHERE status IN ('open', 'partially_paid') AND open_minor > 0 AND currency = ?1
          AND \(condition)
        """, [currency, today])
    }
    let aging = try #require(report["aging"] as? [String: Any])
    let buckets: [(String, String)] = [
      ("current", "due >= ?2"),
      ("1_30", "due < ?2 AND julianday(?2) - julianday(due) <= 30"),
      ("31_60", "julianday(?2) - julianday(due) > 30 AND julianday(?2) - julianday(due) <= 60"),
      ("61_90", "julianday(?2) - julianday(due) > 60 AND julianday(?2) - julianday(due) <= 90"),
      ("over_90", "julianday(?2) - julianday(due) > 90"),
    ]
    for (bucket, condition) in buckets {
      #expect((aging[bucket] as? NSNumber)?.int64Value == (try open(condition)), "\(bucket)")
    }

    // DSO: what is open, in days of the average credit sales of the last 90 days.
    let openTotal = try open("?2 = ?2")
    let sales = try connection.scalar(
      """
      SELECT sum(amount_minor) FROM invoice
      WHERE currency = ?1 AND julianday(issued) > julianday(?2) - 90 AND issued <= ?2
      """, [currency, today])
    let dailySales = Double(sales) / 90
    let dso = try #require((report["dso_days"] as? NSNumber)?.doubleValue)
    #expect(abs(dso - Double(openTotal) / dailySales) < 0.1)

    let since = TrustMonth.end.adding(seconds: -30 * 86_400)
    let unattended = try connection.scalar(
      """
      SELECT count(*) FROM agent_action WHERE unattended = 1 AND at >= ?
        AND kind NOT IN ('draft_reminder', 'record_promise', 'promise_kept', 'promise_broken')
      """, [since])
    let raised = try connection.scalar(
      "SELECT count(*) FROM escalation WHERE raised_at >= ?", [since])
    #expect(unattended > 0 && raised > 0)
    #expect((report["unattended_actions"] as? NSNumber)?.int64Value == unattended)
    #expect((report["escalations_raised"] as? NSNumber)?.int64Value == raised)
    let share = try #require((report["autonomy_share"] as? NSNumber)?.doubleValue)
    #expect(abs(share - Double(unattended) / Double(unattended + raised)) < 0.0001)
    #expect(
      (report["open_escalations"] as? NSNumber)?.int64Value
        == (try connection.scalar("SELECT count(*) FROM escalation WHERE status = 'open'")))
  }

  @Test func aReversedApplicationReopensTheInvoiceAndCountsInTheTrackRecord() throws {
    let month = try TrustMonth()
    let connection = try month.connection()
    let found = try connection.row(
      """
      SELECT p.id, p.invoice_id, p.amount_minor, i.open_minor, p.bank_line_id
      FROM application p JOIN agent_action a ON a.subject = p.bank_line_id
        JOIN invoice i ON i.id = p.invoice_id
      WHERE a.kind = 'apply_payment' AND a.unattended = 1 AND p.short_pay_minor IS NULL
        AND (SELECT count(*) FROM application q WHERE q.bank_line_id = p.bank_line_id) = 1
      ORDER BY p.id LIMIT 1
      """
    ) { ($0.text(0), $0.text(1), $0.int(2), $0.int(3), $0.text(4)) }
    let application = try #require(found)
    let before = try month.json(["report"])
    let unappliedBefore = try #require(before["unapplied_cash_minor"] as? Int)

    #expect(month.rein(["reverse", application.0]).code == 2)
    let reversed = month.rein(["reverse", application.0, "--reason", "paid by the parent"])
    #expect(reversed.code == 0, "\(reversed.output)")
    #expect(reversed.output.contains("stays on account"))

    let invoice = try connection.row(
      "SELECT open_minor, status FROM invoice WHERE id = ?",
      [
        application.1
      ]
    ) { ($0.int(0), $0.text(1)) }
    #expect(invoice?.0 == application.3 + application.2)
    #expect(invoice?.1 == "open" || invoice?.1 == "partially_paid")
    #expect(
      try connection.row("SELECT status FROM bank_line WHERE id = ?", [application.4]) {
        $0.text(0)
      } == "unapplied")
    let audit = try connection.row(
      "SELECT actor, reason, before, after FROM audit WHERE kind = 'application.reversed'"
    ) { [$0.text(0), $0.text(1), $0.text(2), $0.text(3)] }
    #expect(audit?[0] == Operator.current)
    #expect(audit?[1] == "paid by the parent")
    #expect(audit?[2].contains(#""invoice_open_minor":"\#(application.3)""#) == true)
    #expect(audit?[3].contains(#""application":"reversed""#) == true)

    let after = try month.json(["report"])
    #expect(after["unapplied_cash_minor"] as? Int == unappliedBefore + Int(application.2))
    let records = try #require(after["track_record"] as? [[String: Any]])
    let reversals = records.compactMap {
      ($0["unattended"] as? [String: Any])?["applications_reversed"] as? Int
    }.reduce(0, +)
    #expect(reversals == 1)

    // Once is all: a second reversal is refused and changes nothing.
    #expect(month.rein(["reverse", application.0, "--reason", "again"]).code == 1)
    #expect(month.rein(["audit", "verify"]).code == 0)
  }
}
